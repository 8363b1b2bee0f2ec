import { F64, I32, locals, op, V128, wasmModule } from './wasmBytecode.js';

/**
 * A KD-tree leaf's reduced distances as a WebAssembly SIMD (f64x2) function, emitted as bytes and
 * unrolled over the columns, as kmeansWasmKernel.ts does. The tree's rows sit in tree order, two
 * by two, column by column; each lane sums |q_j - x_j| (manhattan) or (q_j - x_j)² (squared
 * euclidean) in column order, the scalar loop's IEEE operations, so every distance is
 * bit-identical and the search's heap sees the same values in the same order.
 *
 * leafDistances(pairs, pairFrom, pairTo, query, out) → least: out[2 (p - pairFrom) + lane] for the
 * row pairs p in [pairFrom, pairTo), and the least of them; the query row's columns are the f64s
 * at `query`.
 */
export class KdLeafDistances {
  /** Distances of the last `distances` call: the row at tree position i is at i - 2 · pairFrom. */
  readonly out: Float64Array;
  private readonly query: Float64Array;
  /** The least distance of the last `distances` call (over its pairs: a lower bound for the range's rows). */
  least = Infinity;
  private readonly kernel: (pairs: number, pairFrom: number, pairTo: number, query: number, out: number) => number;
  private readonly pairs: number;

  /** `treeOrdered`: rows × width, row-major in tree order; `largestLeaf`: most rows of one leaf. */
  constructor(treeOrdered: Float64Array, rows: number, width: number, largestLeaf: number, squared: boolean) {
    const rowPairs = Math.ceil(rows / 2);
    const pairBytes = aligned(rowPairs * 2 * width * BYTES);
    const queryBytes = aligned(width * BYTES);
    const outLength = largestLeaf + 2;
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil((pairBytes + queryBytes + outLength * BYTES) / PAGE)) });
    const pairs = new Float64Array(memory.buffer, 0, rowPairs * 2 * width);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < width; j++) pairs[((i >> 1) * width + j) * 2 + (i & 1)] = treeOrdered[i * width + j];
    }
    this.pairs = 0;
    this.query = new Float64Array(memory.buffer, pairBytes, width);
    this.out = new Float64Array(memory.buffer, pairBytes + queryBytes, outLength);
    const key = `${width}/${squared}`;
    let module = compiled.get(key);
    if (module === undefined) {
      module = new WebAssembly.Module(moduleBytes(width, squared));
      compiled.set(key, module);
    }
    const { exports } = new WebAssembly.Instance(module, { env: { memory } });
    this.kernel = exports.leafDistances as KdLeafDistances['kernel'];
  }

  setQuery(query: Float64Array, offset: number): void {
    this.query.set(query.subarray(offset, offset + this.query.length));
  }

  /** Distances of the query to the rows at tree positions [start, end); returns the offset of position 0 in `out`. */
  distances(start: number, end: number): number {
    const pairFrom = start >> 1;
    this.least = this.kernel(this.pairs, pairFrom, (end + 1) >> 1, this.query.byteOffset, this.out.byteOffset);
    return -2 * pairFrom;
  }
}

const BYTES = Float64Array.BYTES_PER_ELEMENT;
const PAGE = 65536;
const aligned = (bytes: number) => Math.ceil(bytes / 16) * 16;
const compiled = new Map<string, WebAssembly.Module>();

/** Parameters (i32). */
const PAIRS = 0, PAIR_FROM = 1, PAIR_TO = 2, QUERY = 3, OUT = 4;
// i32 locals
const PP = 5, END = 6, OP = 7;
// v128 locals; the query's columns, each in both lanes, from Q0 on.
const D = 8, LEAST = 9, Q0 = 10;

function leafDistancesBody(width: number, squared: boolean): number[] {
  const columns = (body: (j: number) => number[]) => Array.from({ length: width }, (_, j) => body(j)).flat();
  const term = (j: number) => [
    ...op.localGet(Q0 + j), ...op.localGet(PP), ...op.v128Load(j * 16), ...op.f64x2Sub,
    ...(squared ? [...op.localSet(Q0 + width), ...op.localGet(Q0 + width), ...op.localGet(Q0 + width), ...op.f64x2Mul] : op.f64x2Abs),
  ];
  const pairBytes = width * 16;
  return [
    ...locals([3, I32], [3 + width, V128]),
    ...op.v128Const(Infinity, Infinity), ...op.localSet(LEAST),
    ...columns((j) => [...op.localGet(QUERY), ...op.v128Load64Splat(j * BYTES), ...op.localSet(Q0 + j)]),
    // pp = pairs + pairFrom · pairBytes; end = pairs + pairTo · pairBytes
    ...op.localGet(PAIRS), ...op.localGet(PAIR_FROM), ...op.i32Const(pairBytes), ...op.i32Mul, ...op.i32Add, ...op.localSet(PP),
    ...op.localGet(PAIRS), ...op.localGet(PAIR_TO), ...op.i32Const(pairBytes), ...op.i32Mul, ...op.i32Add, ...op.localSet(END),
    ...op.localGet(OUT), ...op.localSet(OP),
    ...op.block, ...op.loop,
    ...op.localGet(PP), ...op.localGet(END), ...op.i32GeU, ...op.brIf(1),
    ...term(0), ...op.localSet(D),
    ...columns((j) => (j === 0 ? [] : [...op.localGet(D), ...term(j), ...op.f64x2Add, ...op.localSet(D)])),
    ...op.localGet(OP), ...op.localGet(D), ...op.v128Store(0),
    ...op.localGet(D), ...op.localGet(LEAST), ...op.f64x2Pmin, ...op.localSet(LEAST),
    ...op.localGet(PP), ...op.i32Const(pairBytes), ...op.i32Add, ...op.localSet(PP),
    ...op.localGet(OP), ...op.i32Const(16), ...op.i32Add, ...op.localSet(OP),
    ...op.br(0),
    ...op.end, ...op.end,
    ...op.localGet(LEAST), ...op.f64x2ExtractLane(0), ...op.localGet(LEAST), ...op.f64x2ExtractLane(1), ...op.f64Min,
    ...op.end,
  ];
}

function moduleBytes(width: number, squared: boolean): Uint8Array<ArrayBuffer> {
  return wasmModule([{ name: 'leafDistances', params: [I32, I32, I32, I32, I32], results: [F64], body: leafDistancesBody(width, squared) }]);
}
