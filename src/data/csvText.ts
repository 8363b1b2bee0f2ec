import { isUtf8 } from 'node:buffer';

/**
 * The text a CSV is scanned in, and the strings of its spans.
 *
 * Valid UTF-8 is read as latin1, one char per byte, and only a span holding a non-ASCII byte is
 * decoded as UTF-8: the delimiters are ASCII, which never occurs inside a UTF-8 sequence, so they
 * stand where they would in the decoded text and a span decodes as its part of the whole would.
 * This is four times faster than decoding the whole, and the fields are one-byte strings (a few
 * non-Latin-1 chars would make every field of a decoded text two-byte, which V8 hashes, compares
 * and stores several times slower). Other bytes are decoded whole, bad sequences as U+FFFD.
 */
export class CsvText {
  /** Where the first record may start: past a byte-order mark. */
  readonly start: number;
  /** With bytes read as latin1: the next non-ASCII byte at or after highFrom, the last position searched from. */
  private nextHigh = -1;
  private highFrom = 0;
  /** The bytes' aligned middle as 32-bit words, four bytes tested for a high bit at once, from byte wordsFrom. */
  private readonly words: Uint32Array;
  private readonly wordsFrom: number;

  private constructor(
    readonly text: string,
    private readonly bytes?: Buffer,
  ) {
    this.start = bytes === undefined ? (text.charCodeAt(0) === 0xfeff ? 1 : 0) : hasBom(bytes) ? 3 : 0;
    const skip = bytes === undefined ? 0 : (4 - (bytes.byteOffset % 4)) % 4;
    const count = bytes === undefined || bytes.length <= skip ? 0 : (bytes.length - skip) >> 2;
    this.wordsFrom = count > 0 ? skip : (bytes?.length ?? 0);
    this.words = count > 0 ? new Uint32Array(bytes!.buffer, bytes!.byteOffset + skip, count) : new Uint32Array(0);
  }

  static ofString(text: string): CsvText {
    return new CsvText(text);
  }

  static ofBytes(bytes: Buffer): CsvText {
    return isUtf8(bytes) ? new CsvText(bytes.toString('latin1'), bytes) : new CsvText(bytes.toString('utf8'));
  }

  /** The string of the chars in [start, end). */
  span(start: number, end: number): string {
    if (this.bytes === undefined) return this.text.slice(start, end);
    if (start < this.highFrom || this.nextHigh < start) {
      this.highFrom = start;
      this.nextHigh = this.highByteFrom(start);
    }
    return this.nextHigh < end ? this.bytes.toString('utf8', start, end) : this.text.slice(start, end);
  }

  /** How many bytes of UTF-8 the chars in [start, end) are. */
  byteLength(start: number, end: number): number {
    return this.bytes === undefined ? Buffer.byteLength(this.text.slice(start, end)) : end - start;
  }

  private highByteFrom(from: number): number {
    const bytes = this.bytes!;
    const { words } = this;
    // Byte by byte up to a word boundary, a word at a time, then byte by byte in the word that has one (or past the last word).
    const firstWord = from <= this.wordsFrom ? 0 : Math.ceil((from - this.wordsFrom) / 4);
    const head = Math.min(bytes.length, this.wordsFrom + firstWord * 4);
    for (let at = from; at < head; at++) if (bytes[at] >= 0x80) return at;
    let word = firstWord;
    while (word < words.length && (words[word] & 0x80808080) === 0) word++;
    for (let at = Math.max(head, this.wordsFrom + word * 4); at < bytes.length; at++) if (bytes[at] >= 0x80) return at;
    return bytes.length;
  }
}

function hasBom(bytes: Buffer): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}
