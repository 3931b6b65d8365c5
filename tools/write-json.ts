import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { format, resolveConfig } from 'prettier';

/** A path in the source tree (the tools run from dist/tools). */
export function sourcePath(...parts: string[]): string {
  return join(__dirname, '..', '..', ...parts);
}

/** Writes a generated JSON file formatted as the repository formats its files (prettier). */
export async function writeJson(path: string, value: unknown): Promise<void> {
  const style = await resolveConfig(path);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, await format(JSON.stringify(value), { ...style, parser: 'json' }));
}
