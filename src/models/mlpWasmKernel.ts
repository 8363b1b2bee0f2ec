/**
 * The MLP's inner loops as WebAssembly SIMD (f64x2) functions, emitted here as bytes so
 * that no toolchain is needed. Lanes are IEEE float64 operations in the same order as
 * the scalar loops they replace, so results are bit-identical to those, about 3-5 times
 * faster than scalar JavaScript in V8 (which does not vectorise).
 *
 * product2x4 is the 2 × 4 register block of a matrix product, each pair of neighbouring
 * columns in one f64x2:
 * product2x4(a, aRow, aStep, b, bStep, steps, bias, out, outRow, rowPairs, colQuads, relu),
 * pointers and strides in bytes, computes for every row pair i and column quad j
 *   out[2i + u][4j + v] = act(Σ_{s < steps} a[2i + u][s] · b[s][4j + v] + bias[4j + v])
 * where a[row][s] lives at a + row·aRow + s·aStep, b[s][col] at b + s·bStep + col·8,
 * out[row][col] at out + row·outRow + col·8, and act is relu when relu ≠ 0.
 *
 * matrixVector(a, aRow, w, steps, bias, out, rowQuads) is the product with one output column
 * (the output layer), four rows at a time, two per f64x2:
 *   out[r] = Σ_{s < steps} a[r][s] · w[s] + bias[0]   for r < 4 · rowQuads,
 * a[r][s] at a + r·aRow + s·8, w[s] at w + s·8, out[r] at out + r·8.
 *
 * reluGate(delta, hidden, pairs) zeroes delta[i] where hidden[i] is not > 0, for
 * i < 2 · pairs (sklearn's relu derivative `delta[Z == 0] = 0`), without branches.
 */

import { countedLoop, I32, increment, locals, op, V128, wasmModule } from './wasmBytecode.js';

export type ProductKernel = (
  a: number, aRow: number, aStep: number,
  b: number, bStep: number, steps: number,
  bias: number, out: number, outRow: number,
  rowPairs: number, colQuads: number, relu: number,
) => void;

export type MatrixVectorKernel = (a: number, aRow: number, w: number, steps: number, bias: number, out: number, rowQuads: number) => void;

export type ReluGate = (delta: number, hidden: number, pairs: number) => void;

export interface MlpKernels {
  product2x4: ProductKernel;
  matrixVector: MatrixVectorKernel;
  reluGate: ReluGate;
}

let compiled: WebAssembly.Module | undefined;

/** The kernels working on `memory`; the module is compiled once per process. */
export function mlpKernels(memory: WebAssembly.Memory): MlpKernels {
  compiled ??= new WebAssembly.Module(moduleBytes());
  const { exports } = new WebAssembly.Instance(compiled, { env: { memory } });
  return {
    product2x4: exports.product2x4 as ProductKernel,
    matrixVector: exports.matrixVector as MatrixVectorKernel,
    reluGate: exports.reluGate as ReluGate,
  };
}

// product2x4 parameters (i32).
const A = 0, A_ROW = 1, A_STEP = 2, B = 3, B_STEP = 4, STEPS = 5, BIAS = 6, OUT = 7, OUT_ROW = 8,
  ROW_PAIRS = 9, COL_QUADS = 10, RELU = 11;
// i32 locals: loop counters and moving pointers.
const ROW_PAIR = 12, COL_QUAD = 13, STEP = 14, A0 = 15, A1 = 16, BP = 17, OUT0 = 18, OUTP = 19;
// v128 locals: accumulators (row u, column pair v) and operands.
const C00 = 20, C01 = 21, C10 = 22, C11 = 23, X0 = 24, X1 = 25, W01 = 26, W23 = 27, Z = 28, HALF = 29;

const add = (a: number[], b: number[]) => [...a, ...b, ...op.i32Add];
/** c += x · w */
const multiplyAdd = (c: number, x: number, w: number) => [
  ...op.localGet(c), ...op.localGet(x), ...op.localGet(w), ...op.f64x2Mul, ...op.f64x2Add, ...op.localSet(c),
];
/** Stores act(c + bias pair) at pointer + offset; relu as (z + |z|) / 2, like the scalar code. */
const storeActivated = (c: number, biasPair: number, pointer: number, offset: number) => [
  ...op.localGet(c), ...op.localGet(biasPair), ...op.f64x2Add, ...op.localSet(Z),
  ...op.localGet(RELU), ...op.if,
  ...op.localGet(Z), ...op.localGet(Z), ...op.f64x2Abs, ...op.f64x2Add, ...op.localGet(HALF), ...op.f64x2Mul, ...op.localSet(Z),
  ...op.end,
  ...op.localGet(pointer), ...op.localGet(Z), ...op.v128Store(offset),
];
/** byte offset of column quad COL_QUAD: COL_QUAD · 32 */
const quadOffset = [...op.localGet(COL_QUAD), ...op.i32Const(5), ...op.i32Shl];

const stepLoop = countedLoop(STEP, STEPS, [
  ...op.localGet(A0), ...op.v128Load64Splat(0), ...op.localSet(X0),
  ...op.localGet(A1), ...op.v128Load64Splat(0), ...op.localSet(X1),
  ...op.localGet(BP), ...op.v128Load(0), ...op.localSet(W01),
  ...op.localGet(BP), ...op.v128Load(16), ...op.localSet(W23),
  ...multiplyAdd(C00, X0, W01), ...multiplyAdd(C01, X0, W23),
  ...multiplyAdd(C10, X1, W01), ...multiplyAdd(C11, X1, W23),
  ...increment(A0, op.localGet(A_STEP)),
  ...increment(A1, op.localGet(A_STEP)),
  ...increment(BP, op.localGet(B_STEP)),
]);

const columnLoop = countedLoop(COL_QUAD, COL_QUADS, [
  ...op.v128Const(0, 0), ...op.localSet(C00), ...op.v128Const(0, 0), ...op.localSet(C01),
  ...op.v128Const(0, 0), ...op.localSet(C10), ...op.v128Const(0, 0), ...op.localSet(C11),
  // A0 = a + rowPair · 2 · aRow, A1 = A0 + aRow, BP = b + colQuad · 32
  ...op.localGet(A), ...op.localGet(ROW_PAIR), ...op.localGet(A_ROW), ...op.i32Mul, ...op.i32Const(1), ...op.i32Shl, ...op.i32Add,
  ...op.localSet(A0),
  ...add(op.localGet(A0), op.localGet(A_ROW)), ...op.localSet(A1),
  ...add(op.localGet(B), quadOffset), ...op.localSet(BP),
  ...stepLoop,
  // Epilogue: the bias pairs go to W01/W23, OUTP walks the two output rows.
  ...add(op.localGet(BIAS), quadOffset), ...op.localSet(BP),
  ...op.localGet(BP), ...op.v128Load(0), ...op.localSet(W01),
  ...op.localGet(BP), ...op.v128Load(16), ...op.localSet(W23),
  ...add(op.localGet(OUT0), quadOffset), ...op.localSet(OUTP),
  ...storeActivated(C00, W01, OUTP, 0), ...storeActivated(C01, W23, OUTP, 16),
  ...increment(OUTP, op.localGet(OUT_ROW)),
  ...storeActivated(C10, W01, OUTP, 0), ...storeActivated(C11, W23, OUTP, 16),
]);

const rowLoop = countedLoop(ROW_PAIR, ROW_PAIRS, [
  // OUT0 = out + rowPair · 2 · outRow
  ...op.localGet(OUT), ...op.localGet(ROW_PAIR), ...op.localGet(OUT_ROW), ...op.i32Mul, ...op.i32Const(1), ...op.i32Shl, ...op.i32Add,
  ...op.localSet(OUT0),
  ...columnLoop,
]);

// matrixVector parameters (i32), its i32 locals (counters, the four rows' pointers, w's) and v128 locals.
const MV_A = 0, MV_A_ROW = 1, MV_W = 2, MV_STEPS = 3, MV_BIAS = 4, MV_OUT = 5, MV_QUADS = 6;
const MV_QUAD = 7, MV_STEP = 8, R0 = 9, R1 = 10, R2 = 11, R3 = 12, WP = 13, MV_OUTP = 14;
const S0 = 15, S1 = 16, Y0 = 17, Y1 = 18, WS = 19, BS = 20;

/** y = [row a's value, row b's value] at the current step. */
const rowPair = (y: number, a: number, b: number) => [
  ...op.localGet(a), ...op.f64Load(0), ...op.f64x2Splat,
  ...op.localGet(b), ...op.f64Load(0), ...op.f64x2ReplaceLane(1),
  ...op.localSet(y),
];

const vectorStepLoop = countedLoop(MV_STEP, MV_STEPS, [
  ...op.localGet(WP), ...op.v128Load64Splat(0), ...op.localSet(WS),
  ...rowPair(Y0, R0, R1), ...rowPair(Y1, R2, R3),
  ...multiplyAdd(S0, Y0, WS), ...multiplyAdd(S1, Y1, WS),
  ...increment(R0, op.i32Const(8)), ...increment(R1, op.i32Const(8)),
  ...increment(R2, op.i32Const(8)), ...increment(R3, op.i32Const(8)),
  ...increment(WP, op.i32Const(8)),
]);

const rowQuadLoop = countedLoop(MV_QUAD, MV_QUADS, [
  // R0 = a + quad · 4 · aRow, R1..R3 the next rows
  ...op.localGet(MV_A), ...op.localGet(MV_QUAD), ...op.localGet(MV_A_ROW), ...op.i32Mul, ...op.i32Const(2), ...op.i32Shl, ...op.i32Add,
  ...op.localSet(R0),
  ...add(op.localGet(R0), op.localGet(MV_A_ROW)), ...op.localSet(R1),
  ...add(op.localGet(R1), op.localGet(MV_A_ROW)), ...op.localSet(R2),
  ...add(op.localGet(R2), op.localGet(MV_A_ROW)), ...op.localSet(R3),
  ...op.v128Const(0, 0), ...op.localSet(S0), ...op.v128Const(0, 0), ...op.localSet(S1),
  ...op.localGet(MV_W), ...op.localSet(WP),
  ...vectorStepLoop,
  ...op.localGet(MV_OUTP), ...op.localGet(S0), ...op.localGet(BS), ...op.f64x2Add, ...op.v128Store(0),
  ...op.localGet(MV_OUTP), ...op.localGet(S1), ...op.localGet(BS), ...op.f64x2Add, ...op.v128Store(16),
  ...increment(MV_OUTP, op.i32Const(32)),
]);

// reluGate parameters (i32) and its counter.
const DELTA = 0, HIDDEN = 1, PAIRS = 2, PAIR = 3;

const gateLoop = countedLoop(PAIR, PAIRS, [
  // delta pair &= (hidden pair > 0), as all-ones or all-zeros lanes
  ...op.localGet(DELTA),
  ...op.localGet(DELTA), ...op.v128Load(0),
  ...op.localGet(HIDDEN), ...op.v128Load(0), ...op.v128Const(0, 0), ...op.f64x2Gt,
  ...op.v128And,
  ...op.v128Store(0),
  ...increment(DELTA, op.i32Const(16)),
  ...increment(HIDDEN, op.i32Const(16)),
]);

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const product = [
    ...locals([8, I32], [10, V128]),
    ...op.f64Const(0.5), ...op.f64x2Splat, ...op.localSet(HALF),
    ...rowLoop,
    ...op.end,
  ];
  const vector = [
    ...locals([8, I32], [6, V128]),
    ...op.localGet(MV_BIAS), ...op.f64Load(0), ...op.f64x2Splat, ...op.localSet(BS),
    ...op.localGet(MV_OUT), ...op.localSet(MV_OUTP),
    ...rowQuadLoop,
    ...op.end,
  ];
  const gate = [...locals([1, I32]), ...gateLoop, ...op.end];
  return wasmModule([
    { name: 'product2x4', params: new Array<number>(12).fill(I32), results: [], body: product },
    { name: 'matrixVector', params: new Array<number>(7).fill(I32), results: [], body: vector },
    { name: 'reluGate', params: [I32, I32, I32], results: [], body: gate },
  ]);
}
