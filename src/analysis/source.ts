// Turns the bytes of a file into text an analyzer can read, or a clear reason why it cannot.

import { isUtf8 } from 'node:buffer';

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

/** What to say of a file over the size limit. */
export const tooLargeMessage = (bytes: number, maxBytes: number): string => `skipped: ${bytes} bytes is over the ${maxBytes}-byte limit for one file`;

/** Thrown by a loader that saw a file is too large before reading it (see InputFile.load); the engine reports its message. */
export class FileTooLarge extends Error {
  constructor(bytes: number, maxBytes: number) {
    super(tooLargeMessage(bytes, maxBytes));
    this.name = 'FileTooLarge';
  }
}

/** What to say of a file its loader could not read (a FileTooLarge says it itself). */
export const unreadableMessage = (err: unknown): string =>
  (err instanceof FileTooLarge ? err.message : `could not read the file: ${(err as Error).message}`);

export type Decoded = { ok: true; text: string } | { ok: false; message: string };

const CODING_COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/** Python codec names that are not WHATWG encoding labels, mapped to the label TextDecoder knows. */
const PYTHON_CODECS: Record<string, string> = {
  'latin-1': 'latin1', 'latin_1': 'latin1', 'iso8859-1': 'iso-8859-1', 'iso8859-15': 'iso-8859-15',
  utf8: 'utf-8', cp1252: 'windows-1252', cp1251: 'windows-1251', cp1250: 'windows-1250', euc_jp: 'euc-jp', shift_jis: 'shift_jis',
};

function encodingLabel(codec: string): string {
  const name = codec.toLowerCase();
  if (PYTHON_CODECS[name]) return PYTHON_CODECS[name]!;
  if (name.startsWith('utf-8') || name.startsWith('utf8')) return 'utf-8';
  return name.replace(/_/g, '-');
}

/**
 * Decodes a file as UTF-8 (dropping a BOM). A NUL byte means binary. Python files may declare another
 * encoding with a PEP 263 cookie on line 1 or 2, which is honoured when the runtime knows it.
 */
export function decodeSource(bytes: Uint8Array, opts: { maxBytes?: number } = {}): Decoded {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (bytes.length > maxBytes) {
    return { ok: false, message: tooLargeMessage(bytes.length, maxBytes) };
  }
  if (bytes.includes(0)) return { ok: false, message: 'skipped: binary file (it contains NUL bytes)' };
  // The usual case, checked and decoded natively (a TextDecoder per file cost more than the reading).
  if (isUtf8(bytes)) {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  }
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 400)).split(/\r?\n/).slice(0, 2);
  for (const line of head) {
    const m = CODING_COOKIE.exec(line);
    if (!m) continue;
    try {
      return { ok: true, text: new TextDecoder(encodingLabel(m[1]!), { fatal: true }).decode(bytes) };
    } catch {
      return { ok: false, message: `skipped: not valid ${m[1]} text although its coding cookie says so` };
    }
  }
  return { ok: false, message: 'skipped: not valid UTF-8 text and no PEP 263 coding cookie names another encoding' };
}
