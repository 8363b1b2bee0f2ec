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
 *
 * gatherRows(src, ySrc, rows, count, rowBytes, dst, yDst) copies, for r < count and
 * i = rows[r] (an i32 at rows + 4r), the rowBytes (a multiple of 8) at src + i·rowBytes to
 * dst + r·rowBytes and the f64 at ySrc + 8i to yDst + 8r: an epoch's rows in its order. In
 * JavaScript the per-row loop over a row's few values costs twice as much as the copies.
 *
 * adam(value, grad, m, v, pairs, stepSize) is sklearn's AdamOptimizer update for 2 · pairs
 * parameters, each lane as the scalar loop: m = β1·m + (1 − β1)·g, v = β2·v + (1 − β2)·(g·g),
 * value += (−stepSize · m) / (√v + ε), with β1, β2 and ε mlpConfig's.
 */

import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from './mlpConfig.js';
import { countedLoop, F64, I32, increment, locals, op, V128, wasmModule, whileBelow } from './wasmBytecode.js';

export type ProductKernel = (
  a: number, aRow: number, aStep: number,
  b: number, bStep: number, steps: number,
  bias: number, out: number, outRow: number,
  rowPairs: number, colQuads: number, relu: number,
) => void;

export type MatrixVectorKernel = (a: number, aRow: number, w: number, steps: number, bias: number, out: number, rowQuads: number) => void;

export type ReluGate = (delta: number, hidden: number, pairs: number) => void;

export type AdamUpdate = (value: number, grad: number, m: number, v: number, pairs: number, stepSize: number) => void;

export type RowGather = (src: number, ySrc: number, rows: number, count: number, rowBytes: number, dst: number, yDst: number) => void;

export interface MlpKernels {
  product2x4: ProductKernel;
  /** product2x4 on blocks of four rows (its rowPairs argument counts row quads): fewer loads per product. */
  product4x4: ProductKernel;
  matrixVector: MatrixVectorKernel;
  reluGate: ReluGate;
  gatherRows: RowGather;
  adam: AdamUpdate;
}

let compiled: WebAssembly.Module | undefined;

/** The kernels working on `memory`; the module is compiled once per process. */
export function mlpKernels(memory: WebAssembly.Memory): MlpKernels {
  compiled ??= new WebAssembly.Module(moduleBytes());
  const { exports } = new WebAssembly.Instance(compiled, { env: { memory } });
  return {
    product2x4: exports.product2x4 as ProductKernel,
    product4x4: exports.product4x4 as ProductKernel,
    matrixVector: exports.matrixVector as MatrixVectorKernel,
    reluGate: exports.reluGate as ReluGate,
    gatherRows: exports.gatherRows as RowGather,
    adam: exports.adam as AdamUpdate,
  };
}

// product parameters (i32), the same for both block heights.
const A = 0, A_ROW = 1, A_STEP = 2, B = 3, B_STEP = 4, STEPS = 5, BIAS = 6, OUT = 7, OUT_ROW = 8,
  ROW_BLOCKS = 9, COL_QUADS = 10, RELU = 11;
// i32 locals: loop counters and moving pointers (one per row of the block, from A_PTRS on).
const ROW_BLOCK = 12, COL_QUAD = 13, STEP = 14, BP = 15, OUT0 = 16, OUTP = 17, A_PTRS = 18;

const add = (a: number[], b: number[]) => [...a, ...b, ...op.i32Add];
/** c += x · w */
const multiplyAdd = (c: number, x: number, w: number) => [
  ...op.localGet(c), ...op.localGet(x), ...op.localGet(w), ...op.f64x2Mul, ...op.f64x2Add, ...op.localSet(c),
];
/** byte offset of column quad COL_QUAD: COL_QUAD · 32 */
const quadOffset = [...op.localGet(COL_QUAD), ...op.i32Const(5), ...op.i32Shl];

/**
 * The body of the `rows` × 4 block product (rows 2 or 4): per block, accumulators C[u][v] for
 * row u and column pair v, summed over the steps in order, then bias and activation.
 */
function productBody(rows: 2 | 4): number[] {
  const aPtr = (u: number) => A_PTRS + u;
  const v128Base = A_PTRS + rows;
  const acc = (u: number, v: number) => v128Base + 2 * u + v;
  const X = (u: number) => v128Base + 2 * rows + u;
  const W01 = v128Base + 3 * rows, W23 = W01 + 1, Z = W01 + 2, HALF = W01 + 3;
  const each = (body: (u: number) => number[]) => Array.from({ length: rows }, (_, u) => body(u)).flat();
  const log2Rows = rows === 2 ? 1 : 2;

  /** Stores act(c + bias pair) at pointer + offset; relu as (z + |z|) / 2, like the scalar code. */
  const storeActivated = (c: number, biasPair: number, offset: number) => [
    ...op.localGet(c), ...op.localGet(biasPair), ...op.f64x2Add, ...op.localSet(Z),
    ...op.localGet(RELU), ...op.if,
    ...op.localGet(Z), ...op.localGet(Z), ...op.f64x2Abs, ...op.f64x2Add, ...op.localGet(HALF), ...op.f64x2Mul, ...op.localSet(Z),
    ...op.end,
    ...op.localGet(OUTP), ...op.localGet(Z), ...op.v128Store(offset),
  ];

  const stepLoop = countedLoop(STEP, STEPS, [
    ...each((u) => [...op.localGet(aPtr(u)), ...op.v128Load64Splat(0), ...op.localSet(X(u))]),
    ...op.localGet(BP), ...op.v128Load(0), ...op.localSet(W01),
    ...op.localGet(BP), ...op.v128Load(16), ...op.localSet(W23),
    ...each((u) => [...multiplyAdd(acc(u, 0), X(u), W01), ...multiplyAdd(acc(u, 1), X(u), W23)]),
    ...each((u) => increment(aPtr(u), op.localGet(A_STEP))),
    ...increment(BP, op.localGet(B_STEP)),
  ]);

  const columnLoop = countedLoop(COL_QUAD, COL_QUADS, [
    ...each((u) => [...op.v128Const(0, 0), ...op.localSet(acc(u, 0)), ...op.v128Const(0, 0), ...op.localSet(acc(u, 1))]),
    // A_0 = a + rowBlock · rows · aRow, A_u = A_(u-1) + aRow, BP = b + colQuad · 32
    ...op.localGet(A), ...op.localGet(ROW_BLOCK), ...op.localGet(A_ROW), ...op.i32Mul, ...op.i32Const(log2Rows), ...op.i32Shl, ...op.i32Add,
    ...op.localSet(aPtr(0)),
    ...Array.from({ length: rows - 1 }, (_, u) => [...add(op.localGet(aPtr(u)), op.localGet(A_ROW)), ...op.localSet(aPtr(u + 1))]).flat(),
    ...add(op.localGet(B), quadOffset), ...op.localSet(BP),
    ...stepLoop,
    // Epilogue: the bias pairs go to W01/W23, OUTP walks the output rows.
    ...add(op.localGet(BIAS), quadOffset), ...op.localSet(BP),
    ...op.localGet(BP), ...op.v128Load(0), ...op.localSet(W01),
    ...op.localGet(BP), ...op.v128Load(16), ...op.localSet(W23),
    ...add(op.localGet(OUT0), quadOffset), ...op.localSet(OUTP),
    ...each((u) => [
      ...(u > 0 ? increment(OUTP, op.localGet(OUT_ROW)) : []),
      ...storeActivated(acc(u, 0), W01, 0), ...storeActivated(acc(u, 1), W23, 16),
    ]),
  ]);

  const rowLoop = countedLoop(ROW_BLOCK, ROW_BLOCKS, [
    // OUT0 = out + rowBlock · rows · outRow
    ...op.localGet(OUT), ...op.localGet(ROW_BLOCK), ...op.localGet(OUT_ROW), ...op.i32Mul, ...op.i32Const(log2Rows), ...op.i32Shl, ...op.i32Add,
    ...op.localSet(OUT0),
    ...columnLoop,
  ]);

  return [
    ...locals([6 + rows, I32], [3 * rows + 4, V128]),
    ...op.f64Const(0.5), ...op.f64x2Splat, ...op.localSet(HALF),
    ...rowLoop,
    ...op.end,
  ];
}

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

// gatherRows parameters (i32) and locals: counter, pointers into rows, the source row (to its end,
// and to the last pair's start), the destination row and y.
const G_SRC = 0, G_Y_SRC = 1, G_ROWS = 2, G_COUNT = 3, G_ROW_BYTES = 4, G_DST = 5, G_Y_DST = 6;
const G_ROW = 7, G_ROWS_PTR = 8, G_FROM = 9, G_END = 10, G_LAST_PAIR = 11, G_TO = 12, G_Y_TO = 13, G_INDEX = 14;

const gatherLoop = countedLoop(G_ROW, G_COUNT, [
  ...op.localGet(G_ROWS_PTR), ...op.i32Load(0), ...op.localSet(G_INDEX),
  ...increment(G_ROWS_PTR, op.i32Const(4)),
  // y: yDst[r] = ySrc[i]
  ...op.localGet(G_Y_TO),
  ...add(op.localGet(G_Y_SRC), [...op.localGet(G_INDEX), ...op.i32Const(3), ...op.i32Shl]), ...op.f64Load(0),
  ...op.f64Store(0),
  ...increment(G_Y_TO, op.i32Const(8)),
  // the row, 16 bytes at a time, then its last 8 if rowBytes is odd in doubles
  ...add(op.localGet(G_SRC), [...op.localGet(G_INDEX), ...op.localGet(G_ROW_BYTES), ...op.i32Mul]), ...op.localSet(G_FROM),
  ...add(op.localGet(G_FROM), op.localGet(G_ROW_BYTES)), ...op.localSet(G_END),
  ...add(op.localGet(G_END), op.i32Const(-8)), ...op.localSet(G_LAST_PAIR),
  ...whileBelow(G_FROM, G_LAST_PAIR, [
    ...op.localGet(G_TO), ...op.localGet(G_FROM), ...op.v128Load(0), ...op.v128Store(0),
    ...increment(G_FROM, op.i32Const(16)), ...increment(G_TO, op.i32Const(16)),
  ]),
  ...whileBelow(G_FROM, G_END, [
    ...op.localGet(G_TO), ...op.localGet(G_FROM), ...op.f64Load(0), ...op.f64Store(0),
    ...increment(G_FROM, op.i32Const(8)), ...increment(G_TO, op.i32Const(8)),
  ]),
]);

// adam's parameters (i32 byte pointers and count, f64 step size), its counter and v128 locals.
const AD_VALUE = 0, AD_GRAD = 1, AD_M = 2, AD_V = 3, AD_PAIRS = 4, AD_STEP_SIZE = 5;
const AD_PAIR = 6, AD_G = 7, AD_NEW_M = 8, AD_NEW_V = 9, AD_NEG_STEP = 10;

const splatConst = (x: number) => [...op.f64Const(x), ...op.f64x2Splat];
const adamLoop = countedLoop(AD_PAIR, AD_PAIRS, [
  ...op.localGet(AD_GRAD), ...op.v128Load(0), ...op.localSet(AD_G),
  // m = β1·m + (1 − β1)·g
  ...splatConst(ADAM_BETA1), ...op.localGet(AD_M), ...op.v128Load(0), ...op.f64x2Mul,
  ...splatConst(1 - ADAM_BETA1), ...op.localGet(AD_G), ...op.f64x2Mul, ...op.f64x2Add, ...op.localSet(AD_NEW_M),
  ...op.localGet(AD_M), ...op.localGet(AD_NEW_M), ...op.v128Store(0),
  // v = β2·v + (1 − β2)·(g·g)
  ...splatConst(ADAM_BETA2), ...op.localGet(AD_V), ...op.v128Load(0), ...op.f64x2Mul,
  ...splatConst(1 - ADAM_BETA2), ...op.localGet(AD_G), ...op.localGet(AD_G), ...op.f64x2Mul, ...op.f64x2Mul, ...op.f64x2Add, ...op.localSet(AD_NEW_V),
  ...op.localGet(AD_V), ...op.localGet(AD_NEW_V), ...op.v128Store(0),
  // value += (−stepSize · m) / (√v + ε)
  ...op.localGet(AD_VALUE),
  ...op.localGet(AD_VALUE), ...op.v128Load(0),
  ...op.localGet(AD_NEG_STEP), ...op.localGet(AD_NEW_M), ...op.f64x2Mul,
  ...op.localGet(AD_NEW_V), ...op.f64x2Sqrt, ...splatConst(ADAM_EPSILON), ...op.f64x2Add,
  ...op.f64x2Div, ...op.f64x2Add,
  ...op.v128Store(0),
  ...[AD_VALUE, AD_GRAD, AD_M, AD_V].flatMap((pointer) => increment(pointer, op.i32Const(16))),
]);

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const vector = [
    ...locals([8, I32], [6, V128]),
    ...op.localGet(MV_BIAS), ...op.f64Load(0), ...op.f64x2Splat, ...op.localSet(BS),
    ...op.localGet(MV_OUT), ...op.localSet(MV_OUTP),
    ...rowQuadLoop,
    ...op.end,
  ];
  const gate = [...locals([1, I32]), ...gateLoop, ...op.end];
  const adam = [
    ...locals([1, I32], [4, V128]),
    ...op.localGet(AD_STEP_SIZE), ...op.f64Neg, ...op.f64x2Splat, ...op.localSet(AD_NEG_STEP),
    ...adamLoop,
    ...op.end,
  ];
  const gather = [
    ...locals([8, I32]),
    ...op.localGet(G_ROWS), ...op.localSet(G_ROWS_PTR),
    ...op.localGet(G_DST), ...op.localSet(G_TO),
    ...op.localGet(G_Y_DST), ...op.localSet(G_Y_TO),
    ...gatherLoop,
    ...op.end,
  ];
  return wasmModule([
    { name: 'product2x4', params: new Array<number>(12).fill(I32), results: [], body: productBody(2) },
    { name: 'product4x4', params: new Array<number>(12).fill(I32), results: [], body: productBody(4) },
    { name: 'matrixVector', params: new Array<number>(7).fill(I32), results: [], body: vector },
    { name: 'reluGate', params: [I32, I32, I32], results: [], body: gate },
    { name: 'gatherRows', params: new Array<number>(7).fill(I32), results: [], body: gather },
    { name: 'adam', params: [I32, I32, I32, I32, I32, F64], results: [], body: adam },
  ]);
}
