import { valuesOnly, type ColumnSources } from '../data/splitColumns.js';
import { householderKernels, type HouseholderKernels } from './householderWasmKernel.js';

/**
 * The thin QR of a tall rows × cols row-major matrix by Householder reflections (no pivoting):
 * R and Qᵀb, never Q. X and R share their singular values and right singular vectors, so a
 * tall least-squares fit or PCA needs the SVD of the small R only.
 */
export interface ThinQr {
  readonly cols: number;
  /** cols × cols, row-major, upper triangular. */
  readonly R: Float64Array;
  /** The first cols entries of Qᵀb: what the fit reads of the right-hand side. */
  readonly qtb: Float64Array;
  /** With `centerColumns`: each column's mean, which was subtracted before the factorisation. */
  readonly columnMeans?: Float64Array;
}

export interface QrOptions {
  /** The matrix is a column of ones, then X (whose rows then hold cols − 1 values): OLS's constant, without copying X to add it. */
  readonly constantFirst?: boolean;
  /**
   * Factor X with each column's mean subtracted (PCA's centering): the mean summed over the rows
   * in order, divided by rows, then x − mean, as the scalar loops would, without a centered copy.
   */
  readonly centerColumns?: boolean;
}

/** A matrix as householderQr takes it: dense row-major, or its columns as an encoded design stores them. */
export type QrMatrix = Float64Array | ColumnSources;

/**
 * Column k's reflection is v = x − alpha·e_k, x its column from the diagonal down once reflections
 * 0..k−1 are applied, alpha = −sign(x_k)·‖x‖ (‖x‖² summed over rows k.. in order); it takes every
 * later column, and b, to t − v·((2 vᵀt) / vᵀv), vᵀt summed over rows k.. in order. A column zero
 * from its diagonal down has no reflection (R's diagonal 0).
 *
 * The columns, b one more, are taken a block at a time, left-looking: a block receives the earlier
 * blocks' reflections in order, then its own columns' in turn, through householderWasmKernel.ts's
 * passes. Each column so meets exactly the operations of the right-looking loop, in its order
 * (bit-identical), while the block stays in cache and only the Householder vectors stream; each
 * pass applies one reflection while it sums the next one's dot products (or the next column's
 * squared norm).
 */
export function householderQr(
  X: QrMatrix,
  rows: number,
  cols: number,
  b: Float64Array = new Float64Array(rows),
  options: QrOptions = {},
): ThinQr {
  const lead = options.constantFirst === true ? 1 : 0;
  const source = sourcesOf(X, rows, cols - lead);
  if (b.length !== rows) throw new Error(`right-hand side has ${b.length} values, matrix has ${rows} rows`);
  if (rows < cols) throw new Error(`${rows} rows cannot determine ${cols} coefficients`);
  if (lead === 1 && options.centerColumns === true) throw new Error('a constant column cannot be centered (it would be zero)');
  const width = BLOCK;
  const blocks = Math.ceil((cols + 1) / width);
  const rowBytes = width * BYTES;
  const blockLength = rows * width;
  const blockBytes = blockLength * BYTES;
  // Memory: the blocks (rows × width each, row-major), a spare region of that size, a pass's dots;
  // anything there from an earlier call is overwritten before it is read.
  let spare = blocks * blockBytes;
  const dotsOffset = spare + blockBytes;
  const tableOffset = dotsOffset + rowBytes;
  const { buffer, kernels } = householderKernels(tableOffset + cols * Int32Array.BYTES_PER_ELEMENT, width);
  const m = new Float64Array(buffer, 0, blocks * blockLength);
  const dots = new Float64Array(buffer, dotsOffset, width);

  loadBlocks({ source, lead, b, rows, cols, width, buffer, spare, tableOffset, kernels });
  const columnMeans = options.centerColumns === true ? centerBlocks(rows, cols, width, buffer, dotsOffset, kernels) : undefined;
  const lastBlock = (blocks - 1) * blockLength;
  const bLane = cols - (blocks - 1) * width;

  const R = new Float64Array(cols * cols);
  const qtb = new Float64Array(cols);
  const vtv = new Float64Array(cols);
  const reflections: number[] = [];
  /**
   * Per finished block, the region holding its columns' Householder vectors, one after the other
   * (rows long): the spare region while the block was worked on, after which its own region is spare.
   */
  const vectorRegions: number[] = [];
  for (let block = 0; block < blocks; block++) {
    const base = block * blockBytes;
    const end = base + blockBytes;
    const first = block * width;
    const at = (c: number, i: number) => block * blockLength + i * width + (c - first);
    /** Where reflection k's vector is at row i, and the bytes to its next row: the block's own columns are read in place. */
    const vector = (k: number, i: number): [number, number] =>
      k >= first ? [at(k, i) * BYTES, rowBytes] : [vectorRegions[Math.floor(k / width)] + ((k % width) * rows + i) * BYTES, BYTES];
    /** The reflection whose dot products the last pass left in `dots`, not applied yet (−1: none). */
    let pending = -1;
    /** Applies the pending reflection, summing from row `from` on the dots of reflection k (k < 0: the squared norms). */
    const pass = (from: number, k: number) => {
      const fused = base + from * rowBytes;
      const [w, wStep] = k < 0 ? [0, 0] : vector(k, from);
      if (pending < 0) {
        (k < 0 ? kernels.dotSelf : kernels.dotVector)(0, fused, end, 0, 0, 0, w, wStep, dotsOffset);
      } else {
        const [v, vStep] = vector(pending, pending);
        (k < 0 ? kernels.updateDotSelf : kernels.updateDotVector)(base + pending * rowBytes, fused, end, v, vStep, vtv[pending], w, wStep, dotsOffset);
      }
      pending = k;
    };
    for (const k of reflections) pass(k, k);
    for (let c = first; c < Math.min(first + width, cols); c++) {
      pass(c, -1);
      const norm = Math.sqrt(dots[c - first]);
      for (let i = 0; i < c; i++) R[i * cols + c] = m[at(c, i)];
      if (norm !== 0) {
        const diagonal = at(c, c);
        // Reflect onto −sign(x_c)·‖x‖ so x_c − alpha never cancels.
        const alpha = m[diagonal] > 0 ? -norm : norm;
        m[diagonal] -= alpha;
        vtv[c] = 2 * norm * (norm + Math.abs(m[diagonal] + alpha));
        R[c * cols + c] = alpha;
        // Later blocks read the vector from the spare region: its column here changes with its own reflection.
        if (block + 1 < blocks) kernels.column(diagonal * BYTES, end, spare + ((c - first) * rows + c) * BYTES);
        reflections.push(c);
        pass(c, c);
      }
    }
    if (pending >= 0) pass(rows, -1);
    vectorRegions.push(spare);
    spare = base;
  }
  for (let i = 0; i < cols; i++) qtb[i] = m[lastBlock + i * width + bLane];
  return { cols, R, qtb, ...(columnMeans === undefined ? {} : { columnMeans }) };
}

/** What combineColumns adds up: rows' start + Σ (x − shift) · weight. */
export interface CombineOptions {
  /** Each row's sum starts here (OLS: the constant's coefficient, 1·b₀ added to 0). @default 0 */
  readonly start?: number;
  /** Subtracted from each column before it is weighted (PCA: the means); none: x itself, as x − 0 is. */
  readonly shift?: Float64Array;
}

/**
 * For each weight vector w (a column's weight per matrix column), each row's start + Σ_k (x_k −
 * shift_k) · w_k, summed in column order: fitted values (OLS) or scores (PCA), rows × weights.length
 * row-major, bit-identical to the scalar loop. A scalar WASM pass over the matrix as householderQr
 * takes it, in the QR's memory: a trial's thread runs this once, cold, where JS loops are slow.
 */
export function combineColumns(X: QrMatrix, rows: number, width: number, weights: readonly Float64Array[], options: CombineOptions = {}): Float64Array {
  const source = sourcesOf(X, rows, width);
  if (weights.some((w) => w.length !== width)) throw new Error(`a weight vector has not ${width} entries`);
  if (options.shift !== undefined && options.shift.length !== width) throw new Error(`shift has ${options.shift.length} entries, matrix ${width} columns`);
  const indicatorsAt = source.values.byteLength;
  const tableAt = align8(indicatorsAt + source.indicators.byteLength);
  const shiftAt = tableAt + align8(width * 4);
  const weightsAt = shiftAt + width * BYTES;
  const outAt = weightsAt + weights.length * width * BYTES;
  const { buffer, kernels } = householderKernels(outAt + rows * weights.length * BYTES, BLOCK);
  new Float64Array(buffer, 0, source.values.length).set(source.values);
  new Uint8Array(buffer, indicatorsAt, source.indicators.length).set(source.indicators);
  const table = new Int32Array(buffer, tableAt, width);
  source.valueColumns.forEach((column, v) => (table[column] = v));
  source.indicatorColumns.forEach((column, d) => (table[column] = ~d));
  new Float64Array(buffer, shiftAt, width).set(options.shift ?? new Float64Array(width));
  weights.forEach((w, c) => new Float64Array(buffer, weightsAt + c * width * BYTES, width).set(w));
  weights.forEach((_, c) => kernels.combine(
    0, source.valueColumns.length * BYTES, indicatorsAt, source.indicatorColumns.length, tableAt, width,
    shiftAt, weightsAt + c * width * BYTES, outAt + c * BYTES, weights.length * BYTES, rows, options.start ?? 0,
  ));
  return new Float64Array(buffer, outAt, rows * weights.length).slice();
}

/**
 * Σ (x_i − about_i)² in row order, `about` one value per row or a single value for all (a
 * number: Σ (x_i − about)²), bit-identical to the plain loop; a scalar WASM pass in the QR's
 * memory, as combineColumns is, for the same reason.
 */
export function squaredDeviations(x: Float64Array, about: Float64Array | number): number {
  const rows = x.length;
  if (typeof about !== 'number' && about.length !== rows) throw new Error(`about has ${about.length} values, x ${rows}`);
  const aboutAt = rows * BYTES;
  const { buffer, kernels } = householderKernels(aboutAt + (typeof about === 'number' ? 1 : rows) * BYTES, BLOCK);
  new Float64Array(buffer, 0, rows).set(x);
  if (typeof about === 'number') new Float64Array(buffer, aboutAt, 1)[0] = about;
  else new Float64Array(buffer, aboutAt, rows).set(about);
  return kernels.deviations(0, aboutAt, typeof about === 'number' ? 0 : BYTES, rows);
}

/** Σ x_i in row order from +0, bit-identical to the plain loop (see squaredDeviations). */
export function total(x: Float64Array): number {
  const { buffer, kernels } = householderKernels(x.length * BYTES, BLOCK);
  new Float64Array(buffer, 0, x.length).set(x);
  return kernels.total(0, x.length);
}

const align8 = (bytes: number) => Math.ceil(bytes / 8) * 8;

/** Subtracts each of the cols matrix columns' mean from it, in the blocks (b's lane and the padding keep theirs); returns the means. */
function centerBlocks(rows: number, cols: number, width: number, buffer: ArrayBuffer, vectorOffset: number, kernels: HouseholderKernels): Float64Array {
  const means = new Float64Array(cols);
  const vector = new Float64Array(buffer, vectorOffset, width);
  const blockBytes = rows * width * BYTES;
  for (let first = 0; first < cols; first += width) {
    const base = (first / width) * blockBytes;
    kernels.sums(base, base + blockBytes, vectorOffset);
    for (let lane = 0; lane < width; lane++) {
      const c = first + lane;
      if (c < cols) means[c] = vector[lane] / rows;
      vector[lane] = c < cols ? means[c] : 0;
    }
    kernels.shift(base, base + blockBytes, vectorOffset);
  }
  return means;
}

/** A matrix's column sources (a dense one's, not copied), checked to hold rows × width values. */
function sourcesOf(X: QrMatrix, rows: number, width: number): ColumnSources {
  const source = X instanceof Float64Array ? valuesOnly(X, width) : X;
  const stored = source.values.length + source.indicators.length;
  if (stored !== rows * width) throw new Error(`matrix has ${stored} values, expected ${rows}×${width}`);
  return source;
}

interface BlockLoad {
  readonly source: ColumnSources;
  readonly lead: number;
  readonly b: Float64Array;
  readonly rows: number;
  readonly cols: number;
  readonly width: number;
  readonly buffer: ArrayBuffer;
  /** Byte offsets of the spare region (a block's size) and of cols i32s free for a table. */
  readonly spare: number;
  readonly tableOffset: number;
  readonly kernels: HouseholderKernels;
}

/**
 * `lead` columns of ones (0 or 1), the source's columns, then b, then zeros, into the blocks (rows ×
 * width f64s each, row-major, from byte 0 of `buffer`). Each source's rows go through the spare
 * region a regionful at a time, and from there to their columns' lanes of the blocks.
 */
function loadBlocks(load: BlockLoad): void {
  const { source, lead, b, rows, cols, width, buffer, spare, kernels } = load;
  const blockBytes = rows * width * BYTES;
  const columnAt = (c: number) => columnOffset(c, width, blockBytes);
  placeSource(load, source.values, source.valueColumns, BYTES, kernels.place);
  placeSource(load, source.indicators, source.indicatorColumns, 1, kernels.placeBytes);
  if (lead === 1) kernels.fillColumn(0, blockBytes, 1);
  new Float64Array(buffer, spare, rows).set(b);
  kernels.setColumn(columnAt(cols), columnAt(cols) + blockBytes, spare);
  for (let c = cols + 1; c % width !== 0; c++) kernels.fillColumn(columnAt(c), columnAt(c) + blockBytes, 0);
}

/** Rows of `count` = columns.length values (`bytes` each), staged in the spare region, then placed in their columns (shifted by lead). */
function placeSource(load: BlockLoad, values: Float64Array | Uint8Array, columns: Int32Array, bytes: number, place: HouseholderKernels['place']): void {
  const { lead, rows, width, buffer, spare, tableOffset } = load;
  const count = columns.length;
  if (count === 0) return;
  const rowBytes = width * BYTES;
  const blockBytes = rows * rowBytes;
  const table = new Int32Array(buffer, tableOffset, count);
  for (let k = 0; k < count; k++) table[k] = columnOffset(columns[k] + lead, width, blockBytes);
  const chunk = Math.max(1, Math.floor(blockBytes / (count * bytes)));
  const staged = new Uint8Array(buffer, spare, blockBytes);
  const all = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  for (let i = 0; i < rows; i += chunk) {
    const end = Math.min(rows, i + chunk);
    staged.set(all.subarray(i * count * bytes, end * count * bytes));
    place(spare, spare + (end - i) * count * bytes, count * bytes, count, tableOffset, i * rowBytes);
  }
}

/** Where matrix column c's entry of row 0 is in the blocks. */
function columnOffset(c: number, width: number, blockBytes: number): number {
  return Math.floor(c / width) * blockBytes + (c % width) * BYTES;
}

/**
 * Every matrix's blocks are BLOCK columns wide (b included; the fastest on 36k × 41): one kernel
 * module then serves every QR of a thread. A narrow matrix in one block of its own width was 0.4 ms
 * faster on 36k × 7, but each further width's module costs ~5 ms to emit and compile, cold.
 */
const BLOCK = 6;

const BYTES = Float64Array.BYTES_PER_ELEMENT;
