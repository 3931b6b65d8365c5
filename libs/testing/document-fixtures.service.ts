import { onePagePdf } from '../documents/one-page-pdf.service';

/** Small real files of each kind the upload accepts or must refuse, made in code for tests. */

/** A minimal valid one-page PDF saying `text` (libs/documents/one-page-pdf.service.ts). */
export function pdfFile(text = 'Better Care Fund plan 2021/22'): Buffer {
  return onePagePdf(text);
}

/** The start of a Windows executable (MZ header, PE signature), to be named as if it were a PDF. */
export function executableFile(): Buffer {
  const b = Buffer.alloc(1024);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
}
