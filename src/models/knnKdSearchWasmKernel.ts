import type { KdTree } from './knnKdTree.js';
import { F64, I32, increment, locals, op, V128, wasmModule, whileBelow } from './wasmBytecode.js';

/**
 * One query's whole depth-first KD-tree search (_query_single_depthfirst) as a WebAssembly SIMD
 * function, emitted as bytes and unrolled over the columns, as kmeansWasmKernel.ts does: the walk,
 * both children's lower bounds (left child in lane 0, right in lane 1), the leaves' distances two
 * rows at a time and scikit-learn's heap push. Every lane does the scalar code's IEEE operations in
 * its order, so bounds and distances are bit-identical, the walk takes the same turns and the heap
 * sees the same (distance, row) pushes in the same order. One call per query replaces the
 * JavaScript walk's calls per node and per leaf.
 *
 * Memory, from 0: the other regions' addresses (i32s, which the kernel reads, so a call passes
 * only k, log and the root's bound); the rows in tree order two by two, column by column (pairs);
 * per internal node, its children's per-column [lower | upper] bounds as f64x2 (left, right); per
 * node its [start, end, isLeaf, 0] i32s; idxArray; the query row; the heap; the entrant log; the
 * stack of farther children and their bounds.
 */
export class KdSearchKernel {
  /** The query row's columns: set before `search`. */
  readonly query: Float64Array;
  /** The k-slot max-heap that `search` fills: set to +Infinity / 0 before. */
  readonly heapValues: Float64Array;
  readonly heapIndices: Int32Array;
  /** With `log`, the (reduced distance, training row) pairs that entered the heap, in order. */
  readonly entrantValues: Float64Array;
  readonly entrantIndices: Int32Array;
  private readonly run: (k: number, log: number, rootBound: number) => number;

  constructor(tree: KdTree, squared: boolean) {
    const { data, rows, width, idxArray, nodes, idxStart, idxEnd, isLeaf, lower, upper } = tree;
    const levels = Math.log2(nodes + 1);
    const sizes = [
      REGIONS * 4, // the header: the addresses of the regions below
      Math.ceil(rows / 2) * 2 * width * BYTES, // pairs
      nodes * width * 4 * BYTES, // children's bounds
      nodes * 4 * 4, // node info
      rows * 4, // idxArray
      width * BYTES, // query
      rows * BYTES, rows * 4, // heap (k <= rows)
      rows * BYTES, rows * 4, // entrant log (a row enters at most once per query)
      levels * 4, levels * BYTES, // stack
    ];
    const offsets: number[] = [];
    let total = 0;
    for (const size of sizes) {
      offsets.push(total);
      total += aligned(size);
    }
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(total / PAGE)) });
    const f64 = (region: number, length: number) => new Float64Array(memory.buffer, offsets[region], length);
    const i32 = (region: number, length: number) => new Int32Array(memory.buffer, offsets[region], length);

    i32(0, REGIONS).set(offsets.slice(1));
    const pairs = f64(1, sizes[1] / BYTES);
    for (let i = 0; i < rows; i++) {
      const row = idxArray[i] * width;
      for (let j = 0; j < width; j++) pairs[((i >> 1) * width + j) * 2 + (i & 1)] = data[row + j];
    }
    const bounds = f64(2, nodes * width * 4);
    for (let node = 0; 2 * node + 2 < nodes; node++) {
      const left = (2 * node + 1) * width;
      const right = left + width;
      for (let j = 0; j < width; j++) {
        const at = (node * width + j) * 4;
        bounds[at] = lower[left + j];
        bounds[at + 1] = lower[right + j];
        bounds[at + 2] = upper[left + j];
        bounds[at + 3] = upper[right + j];
      }
    }
    const info = i32(3, nodes * 4);
    for (let node = 0; node < nodes; node++) {
      info[node * 4] = idxStart[node];
      info[node * 4 + 1] = idxEnd[node];
      info[node * 4 + 2] = isLeaf[node];
    }
    i32(4, rows).set(idxArray);
    this.query = f64(5, width);
    this.heapValues = f64(6, rows);
    this.heapIndices = i32(7, rows);
    this.entrantValues = f64(8, rows);
    this.entrantIndices = i32(9, rows);

    const key = `${width}/${squared}`;
    let module = compiled.get(key);
    if (module === undefined) {
      module = new WebAssembly.Module(moduleBytes(width, squared));
      compiled.set(key, module);
    }
    const { exports } = new WebAssembly.Instance(module, { env: { memory } });
    this.run = exports.search as KdSearchKernel['run'];
  }

  /**
   * Searches the k nearest rows of `query` into the heap, from the root's lower bound; returns how
   * many entrants it logged (none unless `log`).
   */
  search(k: number, log: boolean, rootBound: number): number {
    return this.run(k, log ? 1 : 0, rootBound);
  }
}

const BYTES = Float64Array.BYTES_PER_ELEMENT;
const PAGE = 65536;
const aligned = (bytes: number) => Math.ceil(bytes / 16) * 16;
const compiled = new Map<string, WebAssembly.Module>();

/** search's parameters: k, log (i32), the root's bound (f64); then the regions' addresses (i32 locals, from the header). */
const K = 0, LOG = 1, ROOT_BOUND = 2;
const REGIONS = 11;
const PAIRS = 3, BOUNDS = 4, INFO = 5, IDX = 6, QUERY = 7, HEAP_V = 8, HEAP_I = 9, ENT_V = 10, ENT_I = 11, STACK_N = 12, STACK_B = 13;
// i32 locals
const NODE = 14, DEPTH = 15, INFO_P = 16, PP = 17, PEND = 18, POS = 19, START = 20, STOP = 21, COUNT = 22, LEFT = 23, BP = 24, ROW = 25;
// f64 locals
const LB = 26, LB_LEFT = 27, LB_RIGHT = 28, DIST = 29;
// v128 locals; the query's columns, each in both lanes, from Q0 on.
const ACC = 30, T = 31, Q0 = 32;

/** heapPush's function index, its parameters and locals. */
const PUSH = 1;
const H_VALUES = 0, H_INDICES = 1, H_SIZE = 2, H_VALUE = 3, H_INDEX = 4, H_CURRENT = 5, H_LEFT = 6, H_SWAP = 7;

const addressOf = (base: number, index: number[], bytes: number) => [...op.localGet(base), ...index, ...op.i32Const(bytes), ...op.i32Mul, ...op.i32Add];
const set = (local: number, value: number[]) => [...value, ...op.localSet(local)];

function searchBody(width: number, squared: boolean): number[] {
  const columns = (body: (j: number) => number[]) => Array.from({ length: width }, (_, j) => body(j)).flat();
  const pairBytes = width * 2 * BYTES;
  const heapTop = [...op.localGet(HEAP_V), ...op.f64Load(0)];
  // (q_j - x_j)² or |q_j - x_j|, both rows of the pair at PP.
  const term = (j: number) => [
    ...op.localGet(Q0 + j), ...op.localGet(PP), ...op.v128Load(j * 16), ...op.f64x2Sub,
    ...(squared ? [...op.localSet(T), ...op.localGet(T), ...op.localGet(T), ...op.f64x2Mul] : op.f64x2Abs),
  ];
  // x + |x| of the vector on the stack.
  const plusAbs = [...op.localSet(T), ...op.localGet(T), ...op.localGet(T), ...op.f64x2Abs, ...op.f64x2Add];
  // minReducedDistance's column term for both children: half = 0.5 (lo + |lo| + (hi + |hi|)).
  const boundTerm = (j: number) => [
    ...op.localGet(BP), ...op.v128Load(j * 32), ...op.localGet(Q0 + j), ...op.f64x2Sub, ...plusAbs,
    ...op.localGet(Q0 + j), ...op.localGet(BP), ...op.v128Load(j * 32 + 16), ...op.f64x2Sub, ...plusAbs,
    ...op.f64x2Add, ...op.v128Const(0.5, 0.5), ...op.f64x2Mul,
    ...(squared ? [...op.localSet(T), ...op.localGet(T), ...op.localGet(T), ...op.f64x2Mul] : []),
    ...op.localGet(ACC), ...op.f64x2Add, ...op.localSet(ACC),
  ];
  // The pair's row in `lane` enters the heap if it lies in [START, STOP) and is nearer than the top.
  const candidate = (lane: number, inLeaf: number[]) => [
    ...op.localGet(ACC), ...op.f64x2ExtractLane(lane), ...op.localSet(DIST),
    ...op.localGet(DIST), ...heapTop, ...op.f64Lt, ...inLeaf, ...op.i32And, ...op.if,
    ...set(ROW, [...addressOf(IDX, op.localGet(POS), 4), ...op.i32Load(lane * 4)]),
    ...op.localGet(HEAP_V), ...op.localGet(HEAP_I), ...op.localGet(K), ...op.localGet(DIST), ...op.localGet(ROW), ...op.call(PUSH),
    ...op.localGet(LOG), ...op.if,
    ...addressOf(ENT_V, op.localGet(COUNT), BYTES), ...op.localGet(DIST), ...op.f64Store(0),
    ...addressOf(ENT_I, op.localGet(COUNT), 4), ...op.localGet(ROW), ...op.i32Store(0),
    ...increment(COUNT, op.i32Const(1)),
    ...op.end,
    ...op.end,
  ];
  const leaf = [
    ...set(START, [...op.localGet(INFO_P), ...op.i32Load(0)]),
    ...set(STOP, [...op.localGet(INFO_P), ...op.i32Load(4)]),
    ...set(POS, [...op.localGet(START), ...op.i32Const(-2), ...op.i32And]),
    ...set(PP, addressOf(PAIRS, op.localGet(POS), pairBytes / 2)),
    ...set(PEND, addressOf(PAIRS, [...op.localGet(STOP), ...op.i32Const(1), ...op.i32Add, ...op.i32Const(1), ...op.i32ShrU], pairBytes)),
    ...whileBelow(PP, PEND, [
      ...term(0), ...op.localSet(ACC),
      ...columns((j) => (j === 0 ? [] : [...op.localGet(ACC), ...term(j), ...op.f64x2Add, ...op.localSet(ACC)])),
      // Most pairs have neither row nearer than the top: one test for both.
      ...op.localGet(ACC), ...heapTop, ...op.f64x2Splat, ...op.f64x2Lt, ...op.v128AnyTrue, ...op.if,
      ...candidate(0, [...op.localGet(POS), ...op.localGet(START), ...op.i32GeS]),
      ...candidate(1, [...op.localGet(POS), ...op.i32Const(1), ...op.i32Add, ...op.localGet(STOP), ...op.i32LtS]),
      ...op.end,
      ...increment(PP, op.i32Const(pairBytes)),
      ...increment(POS, op.i32Const(2)),
    ]),
  ];
  // Stack the farther child with its bound, go on to the nearer one.
  const descend = (near: number[], nearBound: number, far: number[], farBound: number) => [
    ...addressOf(STACK_N, op.localGet(DEPTH), 4), ...far, ...op.i32Store(0),
    ...addressOf(STACK_B, op.localGet(DEPTH), BYTES), ...op.localGet(farBound), ...op.f64Store(0),
    ...set(NODE, near), ...set(LB, op.localGet(nearBound)),
  ];
  const leftNode = op.localGet(LEFT);
  const rightNode = [...op.localGet(LEFT), ...op.i32Const(1), ...op.i32Add];
  const inner = [
    ...set(BP, addressOf(BOUNDS, op.localGet(NODE), width * 4 * BYTES)),
    ...op.v128Const(0, 0), ...op.localSet(ACC),
    ...columns(boundTerm),
    ...set(LB_LEFT, [...op.localGet(ACC), ...op.f64x2ExtractLane(0)]),
    ...set(LB_RIGHT, [...op.localGet(ACC), ...op.f64x2ExtractLane(1)]),
    ...set(LEFT, [...op.localGet(NODE), ...op.i32Const(2), ...op.i32Mul, ...op.i32Const(1), ...op.i32Add]),
    ...op.localGet(LB_LEFT), ...op.localGet(LB_RIGHT), ...op.f64Le, ...op.if,
    ...descend(leftNode, LB_LEFT, rightNode, LB_RIGHT),
    ...op.else,
    ...descend(rightNode, LB_RIGHT, leftNode, LB_LEFT),
    ...op.end,
    ...increment(DEPTH, op.i32Const(1)),
  ];
  return [
    ...locals([REGIONS + 12, I32], [4, F64], [2 + width, V128]),
    ...Array.from({ length: REGIONS }, (_, r) => [...op.i32Const(0), ...op.i32Load(r * 4), ...op.localSet(PAIRS + r)]).flat(),
    ...columns((j) => [...op.localGet(QUERY), ...op.v128Load64Splat(j * BYTES), ...op.localSet(Q0 + j)]),
    ...set(NODE, op.i32Const(0)), ...set(DEPTH, op.i32Const(0)), ...set(COUNT, op.i32Const(0)),
    ...set(LB, op.localGet(ROOT_BOUND)),
    ...op.block, ...op.loop,
    // A node whose bound reaches the top holds no row nearer than the top: skip it.
    ...op.block,
    ...op.localGet(LB), ...heapTop, ...op.f64Lt, ...op.i32Eqz, ...op.brIf(0),
    ...set(INFO_P, addressOf(INFO, op.localGet(NODE), 16)),
    ...op.localGet(INFO_P), ...op.i32Load(8), ...op.if, ...leaf, ...op.br(1), ...op.end,
    ...inner,
    ...op.br(1),
    ...op.end,
    // Back to the last stacked node, or done.
    ...op.localGet(DEPTH), ...op.i32Eqz, ...op.brIf(1),
    ...set(DEPTH, [...op.localGet(DEPTH), ...op.i32Const(1), ...op.i32Sub]),
    ...set(NODE, [...addressOf(STACK_N, op.localGet(DEPTH), 4), ...op.i32Load(0)]),
    ...set(LB, [...addressOf(STACK_B, op.localGet(DEPTH), BYTES), ...op.f64Load(0)]),
    ...op.br(0),
    ...op.end, ...op.end,
    ...op.localGet(COUNT),
    ...op.end,
  ];
}

/** knnNeighbourHeap.ts's heapPush, for a value already below the top. */
function heapPushBody(): number[] {
  const valueAt = (index: number[]) => [...addressOf(H_VALUES, index, BYTES), ...op.f64Load(0)];
  const left = op.localGet(H_LEFT);
  const right = [...op.localGet(H_LEFT), ...op.i32Const(1), ...op.i32Add];
  // Depths of the enclosing block, from inside the ifs below.
  const swapOrExit = (condition: number[], swapWith: number[], exitDepth: number) => [
    ...condition, ...op.if, ...set(H_SWAP, swapWith), ...op.else, ...op.br(exitDepth), ...op.end,
  ];
  return [
    ...locals([3, I32]),
    ...set(H_CURRENT, op.i32Const(0)),
    ...op.block, ...op.loop,
    ...set(H_LEFT, [...op.localGet(H_CURRENT), ...op.i32Const(2), ...op.i32Mul, ...op.i32Const(1), ...op.i32Add]),
    ...op.localGet(H_LEFT), ...op.localGet(H_SIZE), ...op.i32GeS, ...op.brIf(1),
    ...right, ...op.localGet(H_SIZE), ...op.i32GeS, ...op.if,
    ...swapOrExit([...valueAt(left), ...op.localGet(H_VALUE), ...op.f64Gt], left, 3),
    ...op.else,
    ...valueAt(left), ...valueAt(right), ...op.f64Ge, ...op.if,
    ...swapOrExit([...op.localGet(H_VALUE), ...valueAt(left), ...op.f64Lt], left, 4),
    ...op.else,
    ...swapOrExit([...op.localGet(H_VALUE), ...valueAt(right), ...op.f64Lt], right, 4),
    ...op.end,
    ...op.end,
    ...addressOf(H_VALUES, op.localGet(H_CURRENT), BYTES), ...valueAt(op.localGet(H_SWAP)), ...op.f64Store(0),
    ...addressOf(H_INDICES, op.localGet(H_CURRENT), 4), ...addressOf(H_INDICES, op.localGet(H_SWAP), 4), ...op.i32Load(0), ...op.i32Store(0),
    ...set(H_CURRENT, op.localGet(H_SWAP)),
    ...op.br(0),
    ...op.end, ...op.end,
    ...addressOf(H_VALUES, op.localGet(H_CURRENT), BYTES), ...op.localGet(H_VALUE), ...op.f64Store(0),
    ...addressOf(H_INDICES, op.localGet(H_CURRENT), 4), ...op.localGet(H_INDEX), ...op.i32Store(0),
    ...op.end,
  ];
}

function moduleBytes(width: number, squared: boolean): Uint8Array<ArrayBuffer> {
  return wasmModule([
    { name: 'search', params: [I32, I32, F64], results: [I32], body: searchBody(width, squared) },
    { name: 'heapPush', params: [I32, I32, I32, F64, I32], results: [], body: heapPushBody() },
  ]);
}
