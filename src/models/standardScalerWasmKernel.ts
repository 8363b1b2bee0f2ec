import { countedLoop, F64, I32, increment, locals, op, wasmModule, whileBelow } from './wasmBytecode.js';

/**
 * StandardScaler's passes as WebAssembly functions, emitted as bytes: numpy's pairwise sums down
 * a column and the scaling, each the scalar loops' IEEE float64 operations in their order, so
 * bit-identical to them. A trial's thread runs them once per design, cold, where the JavaScript
 * loops ran interpreted (~20 ms on a 36k × 6 design, against ~1.5 ms warm).
 *
 * sum(first, n, stride, shift) and sumSquares(…) return numpy's pairwise_sum_DOUBLE of the n
 * terms x − shift, or (x − shift)², for the f64s x at first, first + stride, … (byte pointer and
 * step): under 8 terms in order; up to 128, eight accumulators combined in numpy's tree, then the
 * rest in order; above, the sums of halves cut at a multiple of 8.
 *
 * scale(data, count, width, means, scales, out) stores (x − means[j]) / scales[j] for each of the
 * count f64s x at data (row-major, j its column of width) at out.
 */
export interface ScalerKernels {
  sum: (first: number, n: number, stride: number, shift: number) => number;
  sumSquares: (first: number, n: number, stride: number, shift: number) => number;
  scale: (data: number, count: number, width: number, means: number, scales: number, out: number) => void;
}

/** The thread's one memory, grown to the largest table so far, and its kernels (compiled once). */
let workspace: { readonly memory: WebAssembly.Memory; readonly kernels: ScalerKernels } | undefined;

/** The kernels and their memory's buffer, at least `bytes` long. */
export function scalerKernels(bytes: number): { readonly buffer: ArrayBuffer; readonly kernels: ScalerKernels } {
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  if (workspace === undefined) {
    const memory = new WebAssembly.Memory({ initial: pages });
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes()), { env: { memory } });
    workspace = { memory, kernels: exports as unknown as ScalerKernels };
  }
  const { memory, kernels } = workspace;
  if (memory.buffer.byteLength < pages * PAGE) memory.grow(pages - memory.buffer.byteLength / PAGE);
  return { buffer: memory.buffer, kernels };
}

const PAGE = 65536;

// sum's parameters, then its locals: the halves' size, the walking pointer, a counter and its
// limit, the eight accumulators, the sum and a deviation being squared.
const FIRST = 0, N = 1, STRIDE = 2, SHIFT = 3;
const HALF = 4, PTR = 5, I = 6, LIMIT = 7, R0 = 8, SUM = 16, DEVIATION = 17;

/** The body of sum (squared: sumSquares), function number `self` of the module (it recurses). */
function sumBody(self: number, squared: boolean): number[] {
  /** Leaves the term at PTR: x − shift, or its square. */
  const term = [
    ...op.localGet(PTR), ...op.f64Load(0), ...op.localGet(SHIFT), ...op.f64Sub,
    ...(squared ? [...op.localSet(DEVIATION), ...op.localGet(DEVIATION), ...op.localGet(DEVIATION), ...op.f64Mul] : []),
  ];
  const next = increment(PTR, op.localGet(STRIDE));
  const addTerm = (acc: number) => [...op.localGet(acc), ...term, ...op.f64Add, ...op.localSet(acc), ...next];
  const r = (j: number) => R0 + j;
  const get = (j: number) => op.localGet(r(j));
  const restInOrder = whileBelow(I, LIMIT, [...addTerm(SUM), ...increment(I, op.i32Const(1))]);
  return [
    ...locals([4, I32], [10, F64]),
    ...op.localGet(FIRST), ...op.localSet(PTR),
    // n < 8: in order from +0
    ...op.localGet(N), ...op.i32Const(8), ...op.i32LtS, ...op.if,
    ...op.f64Const(0), ...op.localSet(SUM), ...op.i32Const(0), ...op.localSet(I), ...op.localGet(N), ...op.localSet(LIMIT),
    ...restInOrder,
    ...op.localGet(SUM), ...op.return,
    ...op.end,
    // n ≤ 128: numpy's unrolled leaf
    ...op.localGet(N), ...op.i32Const(129), ...op.i32LtS, ...op.if,
    ...Array.from({ length: 8 }, (_, j) => [...term, ...op.localSet(r(j)), ...next]).flat(),
    ...op.i32Const(8), ...op.localSet(I),
    ...op.localGet(N), ...op.i32Const(-8), ...op.i32And, ...op.localSet(LIMIT),
    ...whileBelow(I, LIMIT, [...Array.from({ length: 8 }, (_, j) => addTerm(r(j))).flat(), ...increment(I, op.i32Const(8))]),
    // r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7))
    ...get(0), ...get(1), ...op.f64Add, ...get(2), ...get(3), ...op.f64Add, ...op.f64Add,
    ...get(4), ...get(5), ...op.f64Add, ...get(6), ...get(7), ...op.f64Add, ...op.f64Add, ...op.f64Add,
    ...op.localSet(SUM),
    ...op.localGet(N), ...op.localSet(LIMIT),
    ...restInOrder,
    ...op.localGet(SUM), ...op.return,
    ...op.end,
    // the halves: half = ⌊n / 2⌋ less its remainder modulo 8
    ...op.localGet(N), ...op.i32Const(1), ...op.i32ShrU, ...op.i32Const(-8), ...op.i32And, ...op.localSet(HALF),
    ...op.localGet(FIRST), ...op.localGet(HALF), ...op.localGet(STRIDE), ...op.localGet(SHIFT), ...op.call(self),
    ...op.localGet(FIRST), ...op.localGet(HALF), ...op.localGet(STRIDE), ...op.i32Mul, ...op.i32Add,
    ...op.localGet(N), ...op.localGet(HALF), ...op.i32Sub, ...op.localGet(STRIDE), ...op.localGet(SHIFT), ...op.call(self),
    ...op.f64Add,
    ...op.end,
  ];
}

// scale's parameters, then its locals: the walking pointers, the data's end and the column.
const S_DATA = 0, S_COUNT = 1, S_WIDTH = 2, S_MEANS = 3, S_SCALES = 4, S_OUT = 5;
const S_END = 6, S_COLUMN = 7, S_OFFSET = 8;

const scaleBody = [
  ...locals([3, I32]),
  ...op.localGet(S_DATA), ...op.localGet(S_COUNT), ...op.i32Const(3), ...op.i32Shl, ...op.i32Add, ...op.localSet(S_END),
  ...whileBelow(S_DATA, S_END, [
    ...countedLoop(S_COLUMN, S_WIDTH, [
      ...op.localGet(S_COLUMN), ...op.i32Const(3), ...op.i32Shl, ...op.localSet(S_OFFSET),
      ...op.localGet(S_OUT),
      ...op.localGet(S_DATA), ...op.f64Load(0),
      ...op.localGet(S_MEANS), ...op.localGet(S_OFFSET), ...op.i32Add, ...op.f64Load(0), ...op.f64Sub,
      ...op.localGet(S_SCALES), ...op.localGet(S_OFFSET), ...op.i32Add, ...op.f64Load(0), ...op.f64Div,
      ...op.f64Store(0),
      ...increment(S_DATA, op.i32Const(8)), ...increment(S_OUT, op.i32Const(8)),
    ]),
  ]),
  ...op.end,
];

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const params = [I32, I32, I32, F64];
  return wasmModule([
    { name: 'sum', params, results: [F64], body: sumBody(0, false) },
    { name: 'sumSquares', params, results: [F64], body: sumBody(1, true) },
    { name: 'scale', params: [I32, I32, I32, I32, I32, I32], results: [], body: scaleBody },
  ]);
}
