import { SweepflowError } from '../sweepflowError.js';
import { CsvText } from './csvText.js';
import { locate } from './locate.js';

/** One record of a CSV text: the line it starts on and its fields. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

/** One record longer than this is not a table row: refuse it rather than keep it. */
export const MAX_RECORD_BYTES = 1 << 20;

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits CSV text (RFC 4180: ',' between fields, '"' around a field that holds them, '""'
 * for a quote inside one) into records, skipping empty lines and a leading BOM. The file's
 * line end is the first one met outside quotes (LF, CRLF or CR).
 * Malformed text is a one-line SweepflowError naming `file` and the line its record began on.
 */
export function parseCsvText(text: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  scanCsv(CsvText.ofString(text), file, { wanted: null, record: (line, fields) => void records.push({ line, fields }) });
  return records;
}

/** Where scanCsv hands each record as it is read. */
export interface CsvRecordReader {
  /**
   * The fields the reader reads, 1 at a field's index: the others are handed as '', every check
   * still made on them, without making their strings. Null: every field. Looked at for each record.
   */
  readonly wanted: Uint8Array | null;
  record(line: number, fields: string[]): void;
}

/**
 * parseCsvText's records handed to `reader` as they are read, so that a reader may keep
 * what it makes of them rather than every field (an error still stops the scan where it is).
 */
export function scanCsv(text: CsvText, file: string, reader: CsvRecordReader): void {
  new CsvScanner(text, file, reader).run();
}

/** The position-keeping state of one parse; run() runs it once. */
class CsvScanner {
  private readonly text: string;
  private pos: number;
  private line = 1;
  /** How many fields the last record had. */
  private width = 0;
  /** The record delimiter once discovered: '\n', '\r\n' or '\r'. */
  private lineEnd: string | undefined;
  /** The next comma, quote, LF and CR at or after where each was last looked for (the text's length if none). */
  private nextComma = -1;
  private nextQuote = -1;
  private nextLf = -1;
  private nextCr = -1;
  /** The same for the file's line end, once discovered. */
  private nextLineEnd = -1;

  constructor(
    private readonly source: CsvText,
    private readonly file: string,
    private readonly reader: CsvRecordReader,
  ) {
    this.text = source.text;
    this.pos = source.start;
  }

  run(): void {
    const { text } = this;
    while (this.pos < text.length) {
      const skipped = this.lineEndAt(this.pos);
      if (skipped > 0) {
        this.pos += skipped;
        this.line++;
        continue;
      }
      this.record();
    }
  }

  /** Reads one record from the start of a non-empty line up to and past its line end, and hands it on. */
  private record(): void {
    if (this.lineEnd !== undefined) {
      if (this.nextLineEnd < this.pos) this.nextLineEnd = this.indexOf(this.lineEnd, this.pos);
      if (this.nextQuote < this.pos) this.nextQuote = this.indexOf('"', this.pos);
      // Both are the text's length when there is neither.
      if (this.nextQuote >= this.nextLineEnd) return this.unquotedRecord(this.nextLineEnd);
    }
    this.anyRecord();
  }

  /**
   * A record with no quote before its line end at `end` (most are): its fields are what lies
   * between its commas, each found with one search, and no field needs checking.
   */
  private unquotedRecord(end: number): void {
    const { text, line } = this;
    const start = this.pos;
    const { wanted } = this.reader;
    const fields = new Array<string>(this.width);
    let count = 0;
    for (let from = start; ; count++) {
      if (this.nextComma < from) this.nextComma = this.indexOf(',', from);
      const stop = this.nextComma < end ? this.nextComma : end;
      fields[count] = wanted === null || wanted[count] === 1 ? this.source.span(from, stop) : '';
      if (stop === end) break;
      from = stop + 1;
    }
    this.pos = end < text.length ? end + this.lineEnd!.length : end;
    this.checkLength(line, start, this.pos);
    if (end < text.length) this.line++;
    this.handOn(line, fields, count + 1);
  }

  /** record() for any record: quoted fields, line ends inside them, and the first record, which finds the file's line end. */
  private anyRecord(): void {
    const { text } = this;
    const line = this.line;
    const start = this.pos;
    const { wanted } = this.reader;
    // Sized as the last record was, likely this one's width: one allocation, not a growing array's several.
    const fields = new Array<string>(this.width);
    let count = 0;
    for (;;) {
      const keep = wanted === null || wanted[count] === 1;
      fields[count] = text.charCodeAt(this.pos) === QUOTE ? this.quotedField(line, start, count + 1, keep) : this.plainField(count + 1, keep);
      count++;
      if (this.pos >= text.length) break;
      if (text.charCodeAt(this.pos) === COMMA) {
        this.pos++;
        if (this.pos >= text.length) {
          fields[count++] = '';
          break;
        }
        continue;
      }
      // plainField and quotedField stop only at a comma, a line end or the end of the text.
      this.pos += this.lineEndAt(this.pos);
      this.checkLength(line, start, this.pos);
      this.line++;
      this.handOn(line, fields, count);
      return;
    }
    this.checkLength(line, start, this.pos);
    this.handOn(line, fields, count);
  }

  private handOn(line: number, fields: string[], count: number): void {
    if (fields.length !== count) fields.length = count;
    this.width = count;
    this.reader.record(line, fields);
  }

  /** An unquoted field: up to a comma, a line end or the end; a quote inside it is an error. Its text if `keep`, else ''. */
  private plainField(column: number, keep: boolean): string {
    const { text } = this;
    const start = this.pos;
    // Each next-position is remembered until passed, so every character is scanned once per
    // kind, by indexOf at memchr speed (a loop over the chars is twice as slow). Only the first of
    // them after the field's start is looked at, so a line end is never taken from inside a quoted
    // field further on, which would make it the file's line end.
    for (let from = start; ; ) {
      if (this.nextComma < from) this.nextComma = this.indexOf(',', from);
      if (this.nextQuote < from) this.nextQuote = this.indexOf('"', from);
      if (this.nextLf < from) this.nextLf = this.indexOf('\n', from);
      if (this.nextCr < from) this.nextCr = this.indexOf('\r', from);
      const end = Math.min(this.nextComma, this.nextQuote, this.nextLf, this.nextCr);
      if (end === this.nextQuote && end < text.length) {
        throw new SweepflowError(`${locate(this.file, this.line)}: stray quote in field ${column}: a field with quotes must be quoted whole, with each quote inside doubled`);
      }
      // A LF or CR that is not the file's line end is text.
      if (end === this.nextComma || end === text.length || this.lineEndAt(end) > 0) {
        this.pos = end;
        return keep ? this.source.span(start, end) : '';
      }
      from = end + 1;
    }
  }

  /** The first `char` at or after `from`, or the text's length. */
  private indexOf(char: string, from: number): number {
    const found = this.text.indexOf(char, from);
    return found < 0 ? this.text.length : found;
  }

  /** A quoted field from its opening quote to its closing one, '""' read as '"'; counts the line ends inside it. Its text if `keep`, else ''. */
  private quotedField(recordLine: number, recordStart: number, column: number, keep: boolean): string {
    const { text } = this;
    let value = '';
    let from = this.pos + 1;
    for (;;) {
      const close = text.indexOf('"', from);
      if (close < 0) {
        this.checkLength(recordLine, recordStart, text.length);
        throw new SweepflowError(`${locate(this.file, recordLine)}: unterminated quoted field`);
      }
      this.countLineEnds(from, close);
      const next = close + 1;
      if (text.charCodeAt(next) === QUOTE) {
        if (keep) value += this.source.span(from, next);
        from = next + 1;
        continue;
      }
      if (next < text.length && text.charCodeAt(next) !== COMMA && this.lineEndAt(next) === 0) {
        throw new SweepflowError(`${locate(this.file, this.line)}: stray quote in field ${column}: a closing quote must be followed by a comma or a line end`);
      }
      this.pos = next;
      return keep ? value + this.source.span(from, close) : '';
    }
  }

  /** Advances the line count over the line ends inside a quoted span (each of LF, CRLF and CR counts once). */
  private countLineEnds(from: number, to: number): void {
    const { text } = this;
    for (let at = from; at < to; at++) {
      const c = text.charCodeAt(at);
      if (c === LF) this.line++;
      else if (c === CR) {
        this.line++;
        if (text.charCodeAt(at + 1) === LF) at++;
      }
    }
  }

  /** The length of the record delimiter at `at` (0 if none), discovering the file's line end on first sight. */
  private lineEndAt(at: number): number {
    const { text } = this;
    const c = text.charCodeAt(at);
    if (c !== LF && c !== CR) return 0;
    if (this.lineEnd === undefined) this.lineEnd = c === LF ? '\n' : text.charCodeAt(at + 1) === LF ? '\r\n' : '\r';
    return text.startsWith(this.lineEnd, at) ? this.lineEnd.length : 0;
  }

  private checkLength(line: number, start: number, end: number): void {
    // UTF-8 takes at least a byte per UTF-16 unit, so only a long span needs counting.
    if (end - start > MAX_RECORD_BYTES / 3 && this.source.byteLength(start, end) > MAX_RECORD_BYTES) {
      throw new SweepflowError(`${locate(this.file, line)}: record longer than ${MAX_RECORD_BYTES} bytes`);
    }
  }
}
