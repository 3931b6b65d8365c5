import type { Response } from 'express';
import type { ExportRequest } from '../../../libs/export/export-runner.service';

type Started = Pick<ExportRequest, 'out' | 'gzip' | 'onStart'>;

/** ratify-records-2026-12-04.tar.gz: what the download is called, by London's day. */
export function archiveName(what: 'records' | 'person', now: Date): string {
  const day = now.toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
  return `ratify-${what}-${day}.tar.gz`;
}

/**
 * An export streamed as the response: the headers only once the export is recorded and its first
 * byte is coming, so a refusal before then (a person not in the directory) is an ordinary
 * problem+json or page. A failure part way breaks the download rather than ending it short.
 */
export async function sendArchive(
  res: Response,
  fileName: string,
  run: (req: Started) => Promise<unknown>,
): Promise<void> {
  try {
    await run({
      out: res,
      gzip: true,
      onStart: () => {
        res.status(200);
        res.setHeader('Content-Type', 'application/gzip');
        res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
        res.setHeader('Cache-Control', 'no-store');
      },
    });
  } catch (e) {
    if (!res.headersSent) throw e;
    res.destroy(e instanceof Error ? e : new Error(String(e)));
  }
}
