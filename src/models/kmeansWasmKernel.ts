import { countedLoop, F64, I32, increment, locals, op, V128, wasmModule } from './wasmBytecode.js';

/** Row-major points with their squared norms (summed in column order), shared by every run of one fit. */
export interface PointSet {
  readonly data: Float64Array;
  readonly rows: number;
  readonly width: number;
  readonly squaredNorms: Float64Array;
}

/**
 * The k-means inner loops as WebAssembly SIMD (f64x2) functions, emitted here as bytes so that no
 * toolchain is needed, unrolled over the columns of the table they were built for. The two lanes
 * hold two neighbouring rows, so each lane runs the same IEEE float64 operations in the same order
 * as the plain scalar loop, and results are bit-identical to it; V8 does not vectorise that loop.
 *
 * assignAndSum(pairs, rowPairs, rows, centers, norms, k, labels, sums, counts) → changed:
 *   the Lloyd E-step fused with the M-step sums. Labels every row with argmin_c |c|² - 2 x·c (x·c
 *   summed in column order, the first minimum winning), adds it to its cluster's sum and count in
 *   row order, and returns 1 when any label differs from the one stored.
 * distancesFrom(pairs, rowPairs, rows, from, fromNorm, rowNorms, closest, out) → potential:
 *   the k-means++ distance pass. out[i] = min(closest[i], max(0, -2 x_i·y + |y|² + |x_i|²)) for
 *   the row y at `from`, as scikit-learn's euclidean_distances and np.minimum compute it, and
 *   returns the sum of out in row order.
 *
 * Pointers are byte offsets. `pairs` holds the rows two by two, column by column: the values of
 * rows 2p and 2p + 1 in column j are the f64x2 at pairs + (p · width + j) · 16. Per-row arrays
 * (rowNorms, closest, out) have an even length; the second lane of an odd last pair is padding.
 */
export class KMeansWorkspace {
  readonly rows: number;
  readonly width: number;
  readonly k: number;
  /** Current label of each row (then one of padding), -1 before the first assignment. */
  readonly labels: Int32Array;
  /** Cluster sizes of the last assignment. */
  readonly counts: Float64Array;
  /** Two k × width center buffers for Lloyd's iterations, swapped as they go. */
  readonly centerBuffers: readonly [Float64Array, Float64Array];
  /** Per-row buffers for the k-means++ distances. */
  readonly distanceBuffers: readonly [Float64Array, Float64Array, Float64Array];
  private readonly memory: WebAssembly.Memory;
  private readonly kernels: Kernels;
  private readonly pairs: number;
  private readonly rowPairs: number;
  private readonly rowNorms: Float64Array;
  private readonly centerNorms: Float64Array;
  private used = 0;

  constructor(points: PointSet, k: number) {
    const { data, rows, width, squaredNorms } = points;
    this.rows = rows;
    this.width = width;
    this.k = k;
    this.rowPairs = Math.ceil(rows / 2);
    const paddedRows = 2 * this.rowPairs;
    // Every buffer below, each starting 16-byte aligned.
    const bytes = [paddedRows * width, paddedRows, paddedRows, paddedRows, paddedRows, k * width, k * width, k, k]
      .reduce((sum, doubles) => sum + aligned(doubles * BYTES), aligned(paddedRows * 4));
    this.memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE)) });
    this.kernels = kernels(this.memory, width);

    const pairs = this.doubles(paddedRows * width);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < width; j++) pairs[((i >> 1) * width + j) * 2 + (i & 1)] = data[i * width + j];
    }
    this.pairs = pairs.byteOffset;
    this.rowNorms = this.doubles(paddedRows);
    this.rowNorms.set(squaredNorms);
    this.distanceBuffers = [this.doubles(paddedRows), this.doubles(paddedRows), this.doubles(paddedRows)];
    this.labels = new Int32Array(this.memory.buffer, this.reserve(paddedRows * 4), paddedRows);
    this.centerBuffers = [this.doubles(k * width), this.doubles(k * width)];
    this.centerNorms = this.doubles(k);
    this.counts = this.doubles(k);
  }

  /**
   * One E-step with the M-step sums (see the class comment) against `centers`, one of the center
   * buffers; the sums go to `sums`, the other one. Returns whether any label changed.
   */
  assignAndSum(centers: Float64Array, sums: Float64Array): boolean {
    const { k, width } = this;
    for (let c = 0; c < k; c++) {
      let norm = 0;
      for (let j = 0; j < width; j++) norm += centers[c * width + j] * centers[c * width + j];
      this.centerNorms[c] = norm;
    }
    sums.fill(0);
    this.counts.fill(0);
    return this.kernels.assignAndSum(
      this.pairs, this.rowPairs, this.rows, centers.byteOffset, this.centerNorms.byteOffset, k,
      this.labels.byteOffset, sums.byteOffset, this.counts.byteOffset,
    ) !== 0;
  }

  /**
   * The k-means++ distance pass from row `from` (see the class comment); `closest` and `out` are
   * distance buffers and may be the same one. Returns the sum of `out` over the rows.
   */
  distancesFrom(from: number, closest: Float64Array, out: Float64Array): number {
    const first = this.pairs + ((from >> 1) * this.width * 2 + (from & 1)) * BYTES;
    return this.kernels.distancesFrom(
      this.pairs, this.rowPairs, this.rows, first, this.rowNorms[from], this.rowNorms.byteOffset,
      closest.byteOffset, out.byteOffset,
    );
  }

  private reserve(bytes: number): number {
    const offset = this.used;
    this.used += aligned(bytes);
    return offset;
  }

  private doubles(length: number): Float64Array {
    return new Float64Array(this.memory.buffer, this.reserve(length * BYTES), length);
  }
}

const BYTES = Float64Array.BYTES_PER_ELEMENT;
const PAGE = 65536;
const aligned = (bytes: number) => Math.ceil(bytes / 16) * 16;

interface Kernels {
  assignAndSum(
    pairs: number, rowPairs: number, rows: number, centers: number, norms: number, k: number,
    labels: number, sums: number, counts: number,
  ): number;
  distancesFrom(
    pairs: number, rowPairs: number, rows: number, from: number, fromNorm: number,
    rowNorms: number, closest: number, out: number,
  ): number;
}

const compiled = new Map<number, WebAssembly.Module>();

/** The kernels for tables of `width` columns, working on `memory`; compiled once per width. */
function kernels(memory: WebAssembly.Memory, width: number): Kernels {
  let module = compiled.get(width);
  if (module === undefined) {
    module = new WebAssembly.Module(moduleBytes(width));
    compiled.set(width, module);
  }
  const { exports } = new WebAssembly.Instance(module, { env: { memory } });
  return exports as unknown as Kernels;
}

const columns = (width: number, body: (j: number) => number[]) => Array.from({ length: width }, (_, j) => body(j)).flat();

/** assignAndSum; parameters (i32): */
const PAIRS = 0, ROW_PAIRS = 1, ROWS = 2, CENTERS = 3, NORMS = 4, K = 5, LABELS = 6, SUMS = 7, COUNTS = 8;
// i32 locals
const PAIR = 9, PP = 10, C = 11, CP = 12, ROW = 13, LABEL = 14, CHANGED = 15, SP = 16;
// v128 locals; the row pair's columns from X0 on.
const DOT = 17, BEST = 18, BEST_LABEL = 19, DIST = 20, MASK = 21, X0 = 22;

function assignAndSumBody(width: number): number[] {
  // Labels, counts and sums the row of lane `lane` with the nearest center found.
  const settle = (lane: number) => [
    ...op.localGet(BEST_LABEL), ...op.i64x2ExtractLane(lane), ...op.i32WrapI64, ...op.localSet(LABEL),
    // if (labels[row] != label) { changed = 1; labels[row] = label }
    ...op.localGet(LABELS), ...op.localGet(ROW), ...op.i32Const(4), ...op.i32Mul, ...op.i32Add, ...op.localSet(SP),
    ...op.localGet(SP), ...op.i32Load(0), ...op.localGet(LABEL), ...op.i32Ne, ...op.if,
    ...op.i32Const(1), ...op.localSet(CHANGED),
    ...op.localGet(SP), ...op.localGet(LABEL), ...op.i32Store(0),
    ...op.end,
    // counts[label] += 1
    ...op.localGet(COUNTS), ...op.localGet(LABEL), ...op.i32Const(BYTES), ...op.i32Mul, ...op.i32Add, ...op.localSet(SP),
    ...op.localGet(SP), ...op.localGet(SP), ...op.f64Load(0), ...op.f64Const(1), ...op.f64Add, ...op.f64Store(0),
    // sums[label][j] += x[j]
    ...op.localGet(SUMS), ...op.localGet(LABEL), ...op.i32Const(width * BYTES), ...op.i32Mul, ...op.i32Add,
    ...op.localSet(SP),
    ...columns(width, (j) => [
      ...op.localGet(SP), ...op.localGet(SP), ...op.f64Load(j * BYTES),
      ...op.localGet(X0 + j), ...op.f64x2ExtractLane(lane), ...op.f64Add, ...op.f64Store(j * BYTES),
    ]),
  ];
  const centerLoop = countedLoop(C, K, [
    // dot = Σ_j x_j · c_j in column order
    ...op.localGet(X0), ...op.localGet(CP), ...op.v128Load64Splat(0), ...op.f64x2Mul, ...op.localSet(DOT),
    ...columns(width - 1, (j) => [
      ...op.localGet(DOT),
      ...op.localGet(X0 + j + 1), ...op.localGet(CP), ...op.v128Load64Splat((j + 1) * BYTES), ...op.f64x2Mul,
      ...op.f64x2Add, ...op.localSet(DOT),
    ]),
    // distance = |c|² - 2 dot; lanes where it is strictly lower take this center
    ...op.localGet(NORMS), ...op.localGet(C), ...op.i32Const(BYTES), ...op.i32Mul, ...op.i32Add,
    ...op.v128Load64Splat(0),
    ...op.localGet(DOT), ...op.localGet(DOT), ...op.f64x2Add, ...op.f64x2Sub, ...op.localSet(DIST),
    ...op.localGet(DIST), ...op.localGet(BEST), ...op.f64x2Lt, ...op.localSet(MASK),
    ...op.localGet(DIST), ...op.localGet(BEST), ...op.localGet(MASK), ...op.v128Bitselect, ...op.localSet(BEST),
    ...op.localGet(C), ...op.i64ExtendI32U, ...op.i64x2Splat,
    ...op.localGet(BEST_LABEL), ...op.localGet(MASK), ...op.v128Bitselect, ...op.localSet(BEST_LABEL),
    ...increment(CP, op.i32Const(width * BYTES)),
  ]);
  const pairLoop = countedLoop(PAIR, ROW_PAIRS, [
    ...columns(width, (j) => [...op.localGet(PP), ...op.v128Load(j * 16), ...op.localSet(X0 + j)]),
    ...op.v128Const(Infinity, Infinity), ...op.localSet(BEST),
    ...op.v128Const(0, 0), ...op.localSet(BEST_LABEL),
    ...op.localGet(CENTERS), ...op.localSet(CP),
    ...centerLoop,
    ...settle(0),
    ...increment(ROW, op.i32Const(1)),
    ...op.localGet(ROW), ...op.localGet(ROWS), ...op.i32LtU, ...op.if, ...settle(1), ...op.end,
    ...increment(ROW, op.i32Const(1)),
    ...increment(PP, op.i32Const(width * 16)),
  ]);
  return [
    ...locals([8, I32], [5 + width, V128]),
    ...op.i32Const(0), ...op.localSet(CHANGED),
    ...op.i32Const(0), ...op.localSet(ROW),
    ...op.localGet(PAIRS), ...op.localSet(PP),
    ...pairLoop,
    ...op.localGet(CHANGED),
    ...op.end,
  ];
}

/** distancesFrom; parameters: */
const D_PAIRS = 0, D_ROW_PAIRS = 1, D_ROWS = 2, FROM = 3, FROM_NORM = 4, ROW_NORMS = 5, CLOSEST = 6, OUT = 7;
// i32 locals
const D_PAIR = 8, D_PP = 9, D_ROW = 10, OFFSET = 11;
// f64 local
const SUM = 12;
// v128 locals; the `from` row's columns, each in both lanes, from Y0 on.
const D_DOT = 13, D = 14, FROM_NORMS = 15, Y0 = 16;

function distancesFromBody(width: number): number[] {
  const pairLoop = countedLoop(D_PAIR, D_ROW_PAIRS, [
    // dot = Σ_j y_j · x_j in column order
    ...op.localGet(Y0), ...op.localGet(D_PP), ...op.v128Load(0), ...op.f64x2Mul, ...op.localSet(D_DOT),
    ...columns(width - 1, (j) => [
      ...op.localGet(D_DOT),
      ...op.localGet(Y0 + j + 1), ...op.localGet(D_PP), ...op.v128Load((j + 1) * 16), ...op.f64x2Mul,
      ...op.f64x2Add, ...op.localSet(D_DOT),
    ]),
    // d = min(closest, max(0, -2 dot + |y|² + |x|²))
    ...op.v128Const(0, 0),
    ...op.v128Const(-2, -2), ...op.localGet(D_DOT), ...op.f64x2Mul, ...op.localGet(FROM_NORMS), ...op.f64x2Add,
    ...op.localGet(ROW_NORMS), ...op.localGet(OFFSET), ...op.i32Add, ...op.v128Load(0), ...op.f64x2Add,
    ...op.f64x2Pmax, ...op.localSet(D),
    ...op.localGet(CLOSEST), ...op.localGet(OFFSET), ...op.i32Add, ...op.v128Load(0),
    ...op.localGet(D), ...op.f64x2Pmin, ...op.localSet(D),
    ...op.localGet(OUT), ...op.localGet(OFFSET), ...op.i32Add, ...op.localGet(D), ...op.v128Store(0),
    // sum += d of each real row, in row order
    ...op.localGet(SUM), ...op.localGet(D), ...op.f64x2ExtractLane(0), ...op.f64Add, ...op.localSet(SUM),
    ...increment(D_ROW, op.i32Const(1)),
    ...op.localGet(D_ROW), ...op.localGet(D_ROWS), ...op.i32LtU, ...op.if,
    ...op.localGet(SUM), ...op.localGet(D), ...op.f64x2ExtractLane(1), ...op.f64Add, ...op.localSet(SUM),
    ...op.end,
    ...increment(D_ROW, op.i32Const(1)),
    ...increment(OFFSET, op.i32Const(16)),
    ...increment(D_PP, op.i32Const(width * 16)),
  ]);
  return [
    ...locals([4, I32], [1, F64], [3 + width, V128]),
    ...columns(width, (j) => [...op.localGet(FROM), ...op.v128Load64Splat(j * 16), ...op.localSet(Y0 + j)]),
    ...op.localGet(FROM_NORM), ...op.f64x2Splat, ...op.localSet(FROM_NORMS),
    ...op.f64Const(0), ...op.localSet(SUM),
    ...op.i32Const(0), ...op.localSet(D_ROW),
    ...op.i32Const(0), ...op.localSet(OFFSET),
    ...op.localGet(D_PAIRS), ...op.localSet(D_PP),
    ...pairLoop,
    ...op.localGet(SUM),
    ...op.end,
  ];
}

function moduleBytes(width: number): Uint8Array<ArrayBuffer> {
  return wasmModule([
    { name: 'assignAndSum', params: new Array<number>(9).fill(I32), results: [I32], body: assignAndSumBody(width) },
    { name: 'distancesFrom', params: [I32, I32, I32, I32, F64, I32, I32, I32], results: [F64], body: distancesFromBody(width) },
  ]);
}
