import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';

/** A type a document may have, as its bytes show it. */
export interface SniffedType {
  mediaType: string;
  /** What people call it ("PDF", "Word document"). */
  label: string;
  /** Shown in the browser (PDF and images); anything else is downloaded. */
  inline: boolean;
}

const PDF: SniffedType = { mediaType: 'application/pdf', label: 'PDF', inline: true };
const PNG: SniffedType = { mediaType: 'image/png', label: 'PNG image', inline: true };
const JPEG: SniffedType = { mediaType: 'image/jpeg', label: 'JPEG image', inline: true };
const DOCX: SniffedType = {
  mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  label: 'Word document',
  inline: false,
};
const XLSX: SniffedType = {
  mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  label: 'Excel spreadsheet',
  inline: false,
};
const ODT: SniffedType = {
  mediaType: 'application/vnd.oasis.opendocument.text',
  label: 'OpenDocument text',
  inline: false,
};
const CSV: SniffedType = { mediaType: 'text/csv', label: 'CSV file', inline: false };
const TXT: SniffedType = { mediaType: 'text/plain', label: 'text file', inline: false };

/** The types allowed, in people's words, for refusals and hints. */
export const ALLOWED_TYPES_IN_WORDS =
  'PDF, PNG, JPEG, Word (DOCX), Excel (XLSX), OpenDocument text (ODT), CSV or plain text';

/** The inline/download choice for a stored media type. */
export function isInline(mediaType: string): boolean {
  return [PDF, PNG, JPEG].some((t) => t.mediaType === mediaType);
}

const startsWith = (head: Buffer, bytes: number[] | string) =>
  head.subarray(0, bytes.length).equals(Buffer.from(bytes as never));

/**
 * What a file is by its content (magic bytes, a ZIP's own directory, or text that decodes),
 * never by its name or the browser's word: null for anything not allowed, executables included.
 * `fileName` only tells CSV from plain text, both of which are text either way.
 */
export async function sniffFile(path: string, fileName: string): Promise<SniffedType | null> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    if (size === 0) return null;
    const head = Buffer.alloc(Math.min(size, 4096));
    await fh.read(head, 0, head.length, 0);
    if (startsWith(head, '%PDF-')) return PDF;
    if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
    if (startsWith(head, [0xff, 0xd8, 0xff])) return JPEG;
    if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return zipType(fh, head, size);
  } finally {
    await fh.close();
  }
  if (await isText(path)) return /\.csv$/i.test(fileName) ? CSV : TXT;
  return null;
}

/** An ODT says so in its first, stored entry; DOCX and XLSX by the parts their directory lists. */
async function zipType(
  fh: Awaited<ReturnType<typeof open>>,
  head: Buffer,
  size: number,
): Promise<SniffedType | null> {
  const odtMime = 'application/vnd.oasis.opendocument.text';
  if (
    head.subarray(30, 38).toString('latin1') === 'mimetype' &&
    head.subarray(38, 38 + odtMime.length).toString('latin1') === odtMime
  )
    return ODT;
  const names = await zipEntryNames(fh, size);
  if (!names.has('[Content_Types].xml')) return null;
  if (names.has('word/document.xml')) return DOCX;
  if (names.has('xl/workbook.xml')) return XLSX;
  return null;
}

/** The entry names of a ZIP's central directory (found through its end record), or none. */
async function zipEntryNames(
  fh: Awaited<ReturnType<typeof open>>,
  size: number,
): Promise<Set<string>> {
  const names = new Set<string>();
  const tailLength = Math.min(size, 22 + 65535);
  const tail = Buffer.alloc(tailLength);
  await fh.read(tail, 0, tailLength, size - tailLength);
  let eocd = -1;
  for (let i = tailLength - 22; i >= 0; i--)
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) return names;
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset + cdSize > size || cdSize > 16 * 1024 * 1024) return names;
  const cd = Buffer.alloc(cdSize);
  await fh.read(cd, 0, cdSize, cdOffset);
  for (let p = 0; p + 46 <= cd.length && cd.readUInt32LE(p) === 0x02014b50;) {
    const nameLength = cd.readUInt16LE(p + 28);
    const extra = cd.readUInt16LE(p + 30);
    const comment = cd.readUInt16LE(p + 32);
    names.add(cd.subarray(p + 46, p + 46 + nameLength).toString('utf8'));
    p += 46 + nameLength + extra + comment;
  }
  return names;
}

/** UTF-8 throughout, with no control characters but tab and line ends. */
async function isText(path: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      if (/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(decoder.decode(chunk, { stream: true })))
        return false;
    }
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}
