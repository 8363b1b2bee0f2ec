import { I32, locals, op, V128, wasmModule } from './wasmBytecode.js';

/**
 * The silhouette's pair loop as a WebAssembly SIMD (f64x2) function, emitted as bytes and unrolled
 * over the columns, as kmeansWasmKernel.ts does. The two lanes hold two neighbouring rows a, a + 1
 * of one cluster; each lane runs the plain scalar loop's IEEE float64 operations in its order
 * (differences, squares summed in column order, square root), so every distance is bit-identical.
 *
 * rowPairSums(rowA, acc, from, to, scatter):
 *   for each row m of the rows at byte offsets [from, to) in order, with d the distances of rows
 *   a and a + 1 (at rowA and the next row) to m: the f64x2 at `acc` += d, and the f64 at
 *   scatter + 8·(m - first) += d(a), then += d(a + 1).
 */
export class SilhouetteWorkspace {
  /** Rows, row-major, in the order the caller put them (clusters contiguous). */
  readonly rows: Float64Array;
  /** Per cluster c, per row position p: the sum of distances from p to cluster c's rows. */
  readonly sums: Float64Array;
  private readonly kernel: (rowA: number, acc: number, from: number, to: number, scatter: number) => void;
  private readonly rowBytes: number;

  constructor(rowCount: number, width: number, clusters: number) {
    const rowsBytes = aligned(rowCount * width * BYTES);
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil((rowsBytes + clusters * rowCount * BYTES) / PAGE)) });
    this.rows = new Float64Array(memory.buffer, 0, rowCount * width);
    this.sums = new Float64Array(memory.buffer, rowsBytes, clusters * rowCount);
    this.rowBytes = width * BYTES;
    let module = compiled.get(width);
    if (module === undefined) {
      module = new WebAssembly.Module(moduleBytes(width));
      compiled.set(width, module);
    }
    const { exports } = new WebAssembly.Instance(module, { env: { memory } });
    this.kernel = exports.rowPairSums as SilhouetteWorkspace['kernel'];
  }

  /**
   * Rows a and a + 1 against rows [from, to): their sums for cluster `toCluster` (the rows'
   * cluster) grow by the distances, and so do the sums of each row m for cluster `ownCluster`.
   */
  rowPairSums(a: number, from: number, to: number, toCluster: number, ownCluster: number, rowCount: number): void {
    if (from >= to) return;
    const sums = this.sums.byteOffset;
    this.kernel(
      a * this.rowBytes,
      sums + (toCluster * rowCount + a) * BYTES,
      from * this.rowBytes,
      to * this.rowBytes,
      sums + (ownCluster * rowCount + from) * BYTES,
    );
  }
}

const BYTES = Float64Array.BYTES_PER_ELEMENT;
const PAGE = 65536;
const aligned = (bytes: number) => Math.ceil(bytes / 16) * 16;
const compiled = new Map<number, WebAssembly.Module>();

/** Parameters (i32 byte offsets). */
const ROW_A = 0, ACC = 1, FROM = 2, TO = 3, SCATTER = 4;
// i32 locals
const MP = 5, SP = 6;
// v128 locals; rows a and a + 1 column by column from X0 on.
const SUM = 7, D = 8, DIFF = 9, X0 = 10;

function rowPairSumsBody(width: number): number[] {
  const columns = (body: (j: number) => number[]) => Array.from({ length: width }, (_, j) => body(j)).flat();
  const difference = (j: number) => [...op.localGet(X0 + j), ...op.localGet(MP), ...op.v128Load64Splat(j * BYTES), ...op.f64x2Sub];
  return [
    ...locals([2, I32], [3 + width, V128]),
    ...columns((j) => [
      ...op.localGet(ROW_A), ...op.f64Load(j * BYTES), ...op.f64x2Splat,
      ...op.localGet(ROW_A), ...op.f64Load((width + j) * BYTES), ...op.f64x2ReplaceLane(1),
      ...op.localSet(X0 + j),
    ]),
    ...op.localGet(ACC), ...op.v128Load(0), ...op.localSet(SUM),
    ...op.localGet(FROM), ...op.localSet(MP),
    ...op.localGet(SCATTER), ...op.localSet(SP),
    ...op.block, ...op.loop,
    ...op.localGet(MP), ...op.localGet(TO), ...op.i32GeU, ...op.brIf(1),
    // d = sqrt(Σ_j (x_j - m_j)²), summed in column order
    ...difference(0), ...op.localSet(DIFF), ...op.localGet(DIFF), ...op.localGet(DIFF), ...op.f64x2Mul, ...op.localSet(D),
    ...columns((j) => (j === 0 ? [] : [
      ...difference(j), ...op.localSet(DIFF),
      ...op.localGet(D), ...op.localGet(DIFF), ...op.localGet(DIFF), ...op.f64x2Mul, ...op.f64x2Add, ...op.localSet(D),
    ])),
    ...op.localGet(D), ...op.f64x2Sqrt, ...op.localSet(D),
    ...op.localGet(SUM), ...op.localGet(D), ...op.f64x2Add, ...op.localSet(SUM),
    // the row's own sum: row a's distance first, then row a + 1's
    ...op.localGet(SP),
    ...op.localGet(SP), ...op.f64Load(0), ...op.localGet(D), ...op.f64x2ExtractLane(0), ...op.f64Add,
    ...op.localGet(D), ...op.f64x2ExtractLane(1), ...op.f64Add,
    ...op.f64Store(0),
    ...op.localGet(MP), ...op.i32Const(width * BYTES), ...op.i32Add, ...op.localSet(MP),
    ...op.localGet(SP), ...op.i32Const(BYTES), ...op.i32Add, ...op.localSet(SP),
    ...op.br(0),
    ...op.end, ...op.end,
    ...op.localGet(ACC), ...op.localGet(SUM), ...op.v128Store(0),
    ...op.end,
  ];
}

function moduleBytes(width: number): Uint8Array<ArrayBuffer> {
  return wasmModule([{ name: 'rowPairSums', params: [I32, I32, I32, I32, I32], results: [], body: rowPairSumsBody(width) }]);
}
