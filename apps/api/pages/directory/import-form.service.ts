import busboy from 'busboy';
import type { Request } from 'express';
import {
  CSV_FILE_NAMES,
  type CsvFile,
} from '../../../../libs/directory/import/directory-csv.service';
import { MAX_CSV_CHARS } from '../../../../libs/directory/import/directory-import.use-case';

/** The import page's form as read: its text fields, each CSV file's text, and files too large. */
export interface ImportForm {
  fields: Record<string, string>;
  files: Record<string, { fileName: string; text: string }>;
  tooLarge: string[];
}

/**
 * Reads the import page's multipart form in memory: at most three CSV files of 1 MB each (the
 * directory's files are small), and the confirm step's hidden fields, which carry the same files'
 * text back (so large fields are allowed here, unlike the urlencoded forms). A body that is not
 * multipart reads as an empty form.
 */
export async function readImportForm(req: Request): Promise<ImportForm> {
  const form: ImportForm = { fields: {}, files: {}, tooLarge: [] };
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      limits: {
        fileSize: MAX_CSV_CHARS,
        files: 3,
        fields: 10,
        fieldSize: 3 * MAX_CSV_CHARS,
        parts: 20,
      },
    });
  } catch {
    req.resume();
    return form;
  }
  const ends: Promise<void>[] = [];
  await new Promise<void>((resolve, reject) => {
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) form.tooLarge.push(name);
      else form.fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      let truncated = false;
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        truncated = true;
      });
      ends.push(
        new Promise<void>((done) =>
          stream.on('end', () => {
            if (!info.filename) return done(); // a file input left empty
            if (truncated) form.tooLarge.push(name);
            else
              form.files[name] = {
                fileName: info.filename,
                text: Buffer.concat(chunks).toString('utf8'),
              };
            done();
          }),
        ),
      );
    });
    parser.on('close', () => resolve());
    parser.on('error', reject);
    req.on('aborted', () => reject(new Error('upload aborted')));
    req.pipe(parser);
  });
  await Promise.all(ends);
  return form;
}

/**
 * The CSV files' text the form carries, by file: a file chosen, else the confirm step's hidden
 * field of that name; a blank one is left out.
 */
export function chosenFiles(form: ImportForm): Partial<Record<CsvFile, string>> {
  const files: Partial<Record<CsvFile, string>> = {};
  for (const f of CSV_FILE_NAMES) {
    const text = form.files[f]?.text ?? form.fields[f];
    if (text?.trim()) files[f] = text;
  }
  return files;
}
