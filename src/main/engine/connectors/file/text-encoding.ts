import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import type { FileEncoding } from '../../../../shared/model';
import { quoteValue } from '../../../../shared/bounded-text';
import { ConnectorError } from '../types';

/** How the bytes are turned into text once the byte-order mark (if any) is known. */
type Decoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'latin1';

const DECODING_LABELS: Record<Decoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  'windows-1252': 'Windows-1252',
  latin1: 'Latin-1',
};

const BOMS: { bytes: number[]; decoding: Decoding }[] = [
  { bytes: [0xef, 0xbb, 0xbf], decoding: 'utf-8' },
  { bytes: [0xff, 0xfe], decoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], decoding: 'utf-16be' },
];

/** Bytes looked at before decoding starts: enough for a BOM and for the UTF-16 NUL pattern. */
const SNIFF_BYTES = 64;

function decodingFor(encoding: FileEncoding): Decoding {
  return encoding === 'utf-8-bom' ? 'utf-8' : encoding;
}

/**
 * A header in UTF-16 without a BOM read as UTF-8 or a single-byte encoding is half NUL bytes,
 * all at even (big-endian) or all at odd (little-endian) offsets. Text files hold no NULs, so a
 * quarter of the pairs is plenty to be sure.
 */
function utf16Without(head: Buffer): Decoding | null {
  let even = 0;
  let odd = 0;
  const pairs = Math.floor(head.length / 2);
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0 && head[i + 1] !== 0) even += 1;
    if (head[i + 1] === 0 && head[i] !== 0) odd += 1;
  }
  if (pairs === 0) return null;
  if (odd * 4 >= pairs && odd > even) return 'utf-16le';
  if (even * 4 >= pairs && even > odd) return 'utf-16be';
  return null;
}

/** Bytes at the end of `bytes` that start a character the next chunk completes. */
function incompleteTail(bytes: Buffer, decoding: Decoding): number {
  if (decoding === 'utf-16le' || decoding === 'utf-16be') {
    const odd = bytes.length % 2;
    const even = bytes.length - odd;
    if (even < 2) return odd;
    const unit = decoding === 'utf-16le' ? bytes.readUInt16LE(even - 2) : bytes.readUInt16BE(even - 2);
    return unit >= 0xd800 && unit <= 0xdbff ? odd + 2 : odd;
  }
  if (decoding !== 'utf-8') return 0;
  for (let back = 1; back <= Math.min(4, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? back : 0;
  }
  return 0;
}

function countLineBreaks(text: string | Buffer): number {
  // A Buffer searched for "\n" looks for the byte 0x0a, without decoding anything.
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}

/**
 * Decodes a file's bytes to text for the CSV parser, failing (never substituting U+FFFD) on bytes
 * the encoding cannot hold. Each chunk is decoded whole, its incomplete last character carried to
 * the next, so the check costs one decode and a line count, and an error can name its line.
 */
export class DecodingStream extends Transform {
  private decoding: Decoding | null = null;
  private decoder: InstanceType<typeof TextDecoder> | null = null;
  private pending: Buffer = Buffer.alloc(0);
  private linesBefore = 1;

  constructor(
    private readonly path: string,
    private readonly encoding: FileEncoding,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
      if (this.decoding === null && !this.start(false)) return callback();
      const decoding = this.decoding as Decoding;
      const keep = incompleteTail(this.pending, decoding);
      const complete = this.pending.subarray(0, this.pending.length - keep);
      this.pending = Buffer.from(this.pending.subarray(this.pending.length - keep));
      this.pushDecoded(complete);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      if (this.decoding === null) this.start(true);
      if (this.pending.length) this.pushDecoded(this.pending);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  /** Chooses the decoding from the BOM (or the setting) once enough bytes have arrived. */
  private start(atEnd: boolean): boolean {
    if (this.pending.length < SNIFF_BYTES && !atEnd) return false;
    const head = this.pending.subarray(0, SNIFF_BYTES);
    const bom = BOMS.find((b) => b.bytes.every((byte, i) => head[i] === byte));
    if (bom) {
      this.decoding = bom.decoding;
      this.pending = this.pending.subarray(bom.bytes.length);
    } else {
      this.decoding = decodingFor(this.encoding);
      const utf16 = this.decoding === 'utf-16le' || this.decoding === 'utf-16be' ? null : utf16Without(head);
      if (utf16) {
        throw new ConnectorError(
          `The file ${this.path} looks like ${DECODING_LABELS[utf16]} without a byte-order mark (every other byte is NUL), but the connected system's encoding is ${DECODING_LABELS[this.decoding]}: set the encoding to ${utf16}. Nothing was changed.`,
          'encoding',
        );
      }
    }
    if (this.decoding === 'utf-16le' || this.decoding === 'utf-16be') {
      this.decoder = new TextDecoder(this.decoding, { fatal: true, ignoreBOM: true });
    }
    return true;
  }

  /** Hands the parser UTF-8 bytes: valid UTF-8 input passes through as is, after a check that allocates nothing. */
  private pushDecoded(bytes: Buffer): void {
    if (bytes.length === 0) return;
    let utf8: Buffer;
    if (this.decoding === 'utf-8') {
      if (!isUtf8(bytes)) throw this.invalidBytes(bytes);
      utf8 = bytes;
    } else if (this.decoding === 'latin1') {
      // Latin-1 is every byte as the code point of the same number: it cannot fail.
      utf8 = Buffer.from(bytes.toString('latin1'), 'utf8');
    } else if (this.decoding === 'windows-1252') {
      utf8 = Buffer.from(decodeWindows1252(bytes), 'utf8');
    } else if (this.decoder) {
      let text: string;
      try {
        text = this.decoder.decode(bytes);
      } catch {
        throw this.invalidBytes(bytes);
      }
      utf8 = Buffer.from(text, 'utf8');
    } else {
      throw new Error(`No decoder for ${this.decoding ?? 'an unknown encoding'}`);
    }
    this.linesBefore += countLineBreaks(utf8);
    this.push(utf8);
  }

  /** Replays the chunk a byte at a time to find the line holding the first byte the encoding rejects. */
  private invalidBytes(bytes: Buffer): ConnectorError {
    const decoding = this.decoding as Decoding;
    const probe = new TextDecoder(decoding, { fatal: true, ignoreBOM: true });
    let decoded = '';
    let at = 0;
    try {
      for (; at < bytes.length; at += 1) decoded += probe.decode(bytes.subarray(at, at + 1), { stream: true });
      probe.decode();
    } catch {
      // `at` is the byte the decoder stopped at.
    }
    const line = this.linesBefore + countLineBreaks(decoded);
    const lineStart = decoded.lastIndexOf('\n') + 1;
    const before = decoded.slice(lineStart);
    const badBytes = [...bytes.subarray(at, at + 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const hint =
      decoding === 'utf-8'
        ? 'If the file was saved by Excel or another Windows program, set the connected system\'s encoding to windows-1252 (or latin1); if it is UTF-16, to utf-16le or utf-16be.'
        : 'Check the connected system\'s encoding setting.';
    return new ConnectorError(
      `The file ${this.path} is not valid ${DECODING_LABELS[decoding]}: line ${line} holds bytes (${badBytes}) that are not ${DECODING_LABELS[decoding]}, after ${quoteValue(before.slice(-60))}. Nothing was changed. ${hint}`,
      'encoding',
    );
  }
}

/** Bytes written at the start of an exported file in this encoding. */
export function byteOrderMark(encoding: FileEncoding): Buffer {
  switch (encoding) {
    case 'utf-8-bom':
      return Buffer.from([0xef, 0xbb, 0xbf]);
    case 'utf-16le':
      return Buffer.from([0xff, 0xfe]);
    case 'utf-16be':
      return Buffer.from([0xfe, 0xff]);
    default:
      return Buffer.alloc(0);
  }
}

/**
 * Windows-1252 bytes 0x80-0x9f (WHATWG index-windows-1252); every other byte is its Latin-1 code
 * point. Written out because Node 20's TextDecoder('windows-1252') decodes these as Latin-1
 * controls (0x80 becomes U+0080, not €), which would change the data without a word.
 */
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Buffer): string {
  return bytes
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80] ?? c.charCodeAt(0)));
}

const WINDOWS_1252_BYTES = new Map(WINDOWS_1252_HIGH.map((code, i) => [code, 0x80 + i]));

function singleByte(text: string, encoding: 'windows-1252' | 'latin1'): Buffer {
  const windows = encoding === 'windows-1252';
  const out = Buffer.alloc(text.length);
  let length = 0;
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    const sameAsLatin1 = code < 0x80 || (code >= 0xa0 && code < 0x100) || (!windows && code < 0x100);
    const byte = sameAsLatin1 ? code : windows ? WINDOWS_1252_BYTES.get(code) : undefined;
    if (byte === undefined) {
      // Writing "?" instead would change the data without a word.
      const line = text.slice(0, text.indexOf(character)).split('\n').at(-1) ?? '';
      throw new ConnectorError(
        `The character ${quoteValue(character)} (U+${code.toString(16).toUpperCase().padStart(4, '0')}) cannot be written in ${DECODING_LABELS[encoding]} (it follows ${quoteValue(line.slice(-60))}): set the connected system's encoding to utf-8`,
        'encoding',
      );
    }
    out[length++] = byte;
  }
  return out.subarray(0, length);
}

/** Text as bytes in this encoding, never silently replacing a character the encoding lacks. */
export function encodeText(text: string, encoding: FileEncoding): Buffer {
  switch (encoding) {
    case 'utf-8':
    case 'utf-8-bom':
      return Buffer.from(text, 'utf8');
    case 'utf-16le':
      return Buffer.from(text, 'utf16le');
    case 'utf-16be':
      return Buffer.from(text, 'utf16le').swap16();
    default:
      return singleByte(text, encoding);
  }
}
