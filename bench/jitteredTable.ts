/**
 * A bigger copy of a CSV table for the scale bench: rows drawn with replacement, seeded, and every
 * listed numeric column multiplied by a factor in [1 - jitter, 1 + jitter], so that copies of a
 * row are near, not equal (equal rows would make KNN ties and empty KMeans moves that real data
 * does not have). Pure: text in, text out.
 */
import { parseCsvText } from '../src/data/parseCsvText.js';
import { NumpyRandomState } from '../src/data/numpyRandomState.js';

export interface JitterOptions {
  readonly rows: number;
  readonly seed: number;
  /** Columns jittered; an empty field stays empty, a zero stays zero (so filters like budget > 0 keep their meaning). */
  readonly columns: readonly string[];
  /** Relative half-width of the factor. */
  readonly jitter: number;
  /** Columns never above this after the jitter (a rating's scale). */
  readonly maxima?: Readonly<Record<string, number>>;
  /** A column renumbered 1..rows so every row keeps a distinct id. */
  readonly idColumn?: string;
}

export function jitteredTable(csv: string, options: JitterOptions): string {
  const [header, ...records] = parseCsvText(csv, 'the table').map((record) => record.fields);
  if (records.length === 0) throw new Error('the table has no rows to resample');
  const index = (name: string) => {
    const at = header.indexOf(name);
    if (at < 0) throw new Error(`the table has no column '${name}'`);
    return at;
  };
  const jittered = options.columns.map((name) => ({ at: index(name), max: options.maxima?.[name] ?? Infinity }));
  const id = options.idColumn === undefined ? -1 : index(options.idColumn);
  const random = new NumpyRandomState(options.seed);
  const lines = [header.map(csvField).join(',')];
  for (let r = 0; r < options.rows; r++) {
    const row = [...records[random.randint(0, records.length)]];
    for (const { at, max } of jittered) {
      const value = Number(row[at]);
      const factor = 1 + options.jitter * (2 * random.randomDouble() - 1);
      if (row[at] !== '' && Number.isFinite(value) && value !== 0) row[at] = String(Math.min(max, value * factor));
    }
    if (id >= 0) row[id] = String(r + 1);
    lines.push(row.map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
