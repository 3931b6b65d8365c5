/**
 * `npm run definitions:generate`: writes the definition of every registered template version that
 * has none yet (libs/workflows/<template>/definitions/v<N>.definition.json) and prints its hash,
 * the line released-templates.spec.ts records for it. A released version's definition never
 * changes: it is generated once, at release. `--again <template>@<version>` generates one afresh,
 * for a version not yet released only.
 */
import { existsSync } from 'node:fs';
import { definitionHash, templateDefinition } from '../libs/workflows/template-definition.service';
import { listTemplates } from '../libs/workflows/template.registry';
import { sourcePath, writeJson } from './write-json';

async function main(args: string[]): Promise<number> {
  const again = new Set(args.flatMap((a, i) => (args[i - 1] === '--again' ? [a] : [])));
  for (const t of listTemplates()) {
    const key = `${t.id}@${t.version}`;
    const path = sourcePath(
      'libs',
      'workflows',
      t.id,
      'definitions',
      `v${t.version}.definition.json`,
    );
    if (existsSync(path) && !again.has(key)) continue;
    await writeJson(path, templateDefinition(t));
    console.log(`'${key}': '${definitionHash(t)}',  → ${path}`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
