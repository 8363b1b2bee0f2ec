import { LevelCoder } from '../../../src/data/codeLevels.js';
import type { CsvRowSink } from '../../../src/data/readCsvRows.js';
import { NUMERIC_WIDTH, type MovieFrame } from './movieFrame.js';
import { NUMERIC_COLUMNS, TEXT_COLUMNS } from './movieSchema.js';
import { parseNumber, parseText } from './parseMovieRecord.js';

/** A movie CSV's rows read into a frame, each value checked as parseMovieRecord checks it, in the same order. */
export function movieFrameSink(file: string, header: readonly string[]): CsvRowSink<MovieFrame> {
  return new MovieFrameSink(file, header);
}

const TEXT_WIDTH = TEXT_COLUMNS.length;

class MovieFrameSink implements CsvRowSink<MovieFrame> {
  private rows = 0;
  private numbers = new Float64Array(1024 * NUMERIC_WIDTH);
  private texts = new Int32Array(1024 * TEXT_WIDTH);
  /** Each column's index in the rows' fields (-1: the table lacks it, and its fields read as empty). */
  private readonly numberFields: Int32Array;
  private readonly textFields: Int32Array;
  readonly fieldsRead: readonly number[];
  private readonly coders = TEXT_COLUMNS.map(() => new LevelCoder());

  constructor(
    private readonly file: string,
    header: readonly string[],
  ) {
    this.numberFields = Int32Array.from(NUMERIC_COLUMNS, (name) => header.indexOf(name));
    this.textFields = Int32Array.from(TEXT_COLUMNS, (name) => header.indexOf(name));
    this.fieldsRead = [...this.numberFields, ...this.textFields].filter((field) => field >= 0);
  }

  add(line: number, fields: readonly string[]): void {
    if (this.rows * TEXT_WIDTH === this.texts.length) this.grow();
    const numbers = this.numbers;
    const at = this.rows * NUMERIC_WIDTH;
    for (let k = 0; k < NUMERIC_WIDTH; k++) numbers[at + k] = parseNumber(this.file, line, NUMERIC_COLUMNS[k], fields[this.numberFields[k]]) ?? NaN;
    const textAt = this.rows * TEXT_WIDTH;
    for (let k = 0; k < TEXT_WIDTH; k++) this.texts[textAt + k] = this.coders[k].code(parseText(fields[this.textFields[k]]));
    this.rows++;
  }

  result(): MovieFrame {
    const { rows, texts } = this;
    const column = (k: number) => {
      const codes = new Int32Array(rows);
      for (let i = 0; i < rows; i++) codes[i] = texts[i * TEXT_WIDTH + k];
      return { codes, levels: this.coders[k].levels };
    };
    return {
      rows,
      numbers: this.numbers.subarray(0, rows * NUMERIC_WIDTH),
      texts: { genres: column(0), original_language: column(1), lead_actor: column(2) },
    };
  }

  private grow(): void {
    const numbers = new Float64Array(this.numbers.length * 2);
    numbers.set(this.numbers);
    this.numbers = numbers;
    const texts = new Int32Array(this.texts.length * 2);
    texts.set(this.texts);
    this.texts = texts;
  }
}
