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
 * reluGate(delta, hidden, pairs) zeroes delta[i] where hidden[i] is not > 0, for
 * i < 2 · pairs (sklearn's relu derivative `delta[Z == 0] = 0`), without branches.
 */

export type ProductKernel = (
  a: number, aRow: number, aStep: number,
  b: number, bStep: number, steps: number,
  bias: number, out: number, outRow: number,
  rowPairs: number, colQuads: number, relu: number,
) => void;

export type ReluGate = (delta: number, hidden: number, pairs: number) => void;

export interface MlpKernels {
  product2x4: ProductKernel;
  reluGate: ReluGate;
}

let compiled: WebAssembly.Module | undefined;

/** The kernels working on `memory`; the module is compiled once per process. */
export function mlpKernels(memory: WebAssembly.Memory): MlpKernels {
  compiled ??= new WebAssembly.Module(moduleBytes());
  const { exports } = new WebAssembly.Instance(compiled, { env: { memory } });
  return { product2x4: exports.product2x4 as ProductKernel, reluGate: exports.reluGate as ReluGate };
}

const I32 = 0x7f;
const V128 = 0x7b;

function uleb(value: number): number[] {
  const out: number[] = [];
  let n = value >>> 0;
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  let n = value | 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const simd = (opcode: number, ...immediates: number[]) => [0xfd, ...uleb(opcode), ...immediates];

/** The instructions used, by their WebAssembly text names. */
const op = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  i32Const: (n: number) => [0x41, ...sleb(n)],
  f64Const: (x: number) => [0x44, ...new Uint8Array(new Float64Array([x]).buffer)],
  i32Add: [0x6a],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  i32GeU: [0x4f],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  // memarg: log2 alignment hint, offset.
  v128Load: (offset: number) => simd(0x00, 4, ...uleb(offset)),
  v128Load64Splat: simd(0x0a, 3, 0),
  v128Store: (offset: number) => simd(0x0b, 4, ...uleb(offset)),
  v128Zero: simd(0x0c, ...new Array<number>(16).fill(0)),
  f64x2Splat: simd(0x14),
  f64x2Gt: simd(0x4a),
  v128And: simd(0x4e),
  f64x2Abs: simd(0xec),
  f64x2Add: simd(0xf0),
  f64x2Mul: simd(0xf2),
};

// product2x4 parameters (i32).
const A = 0, A_ROW = 1, A_STEP = 2, B = 3, B_STEP = 4, STEPS = 5, BIAS = 6, OUT = 7, OUT_ROW = 8,
  ROW_PAIRS = 9, COL_QUADS = 10, RELU = 11;
// i32 locals: loop counters and moving pointers.
const ROW_PAIR = 12, COL_QUAD = 13, STEP = 14, A0 = 15, A1 = 16, BP = 17, OUT0 = 18, OUTP = 19;
// v128 locals: accumulators (row u, column pair v) and operands.
const C00 = 20, C01 = 21, C10 = 22, C11 = 23, X0 = 24, X1 = 25, W01 = 26, W23 = 27, Z = 28, HALF = 29;

const add = (a: number[], b: number[]) => [...a, ...b, ...op.i32Add];
const increment = (local: number, by: number[]) => [...add(op.localGet(local), by), ...op.localSet(local)];
/** `for (counter = 0; counter < limit; counter++) body`, as block { loop { br_if exit; body; br loop } }. */
const countedLoop = (counter: number, limit: number, body: number[]) => [
  ...op.i32Const(0), ...op.localSet(counter),
  ...op.block, ...op.loop,
  ...op.localGet(counter), ...op.localGet(limit), ...op.i32GeU, ...op.brIf(1),
  ...body,
  ...increment(counter, op.i32Const(1)),
  ...op.br(0),
  ...op.end, ...op.end,
];
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
  ...op.localGet(A0), ...op.v128Load64Splat, ...op.localSet(X0),
  ...op.localGet(A1), ...op.v128Load64Splat, ...op.localSet(X1),
  ...op.localGet(BP), ...op.v128Load(0), ...op.localSet(W01),
  ...op.localGet(BP), ...op.v128Load(16), ...op.localSet(W23),
  ...multiplyAdd(C00, X0, W01), ...multiplyAdd(C01, X0, W23),
  ...multiplyAdd(C10, X1, W01), ...multiplyAdd(C11, X1, W23),
  ...increment(A0, op.localGet(A_STEP)),
  ...increment(A1, op.localGet(A_STEP)),
  ...increment(BP, op.localGet(B_STEP)),
]);

const columnLoop = countedLoop(COL_QUAD, COL_QUADS, [
  ...op.v128Zero, ...op.localSet(C00), ...op.v128Zero, ...op.localSet(C01),
  ...op.v128Zero, ...op.localSet(C10), ...op.v128Zero, ...op.localSet(C11),
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

// reluGate parameters (i32) and its counter.
const DELTA = 0, HIDDEN = 1, PAIRS = 2, PAIR = 3;

const gateLoop = countedLoop(PAIR, PAIRS, [
  // delta pair &= (hidden pair > 0), as all-ones or all-zeros lanes
  ...op.localGet(DELTA),
  ...op.localGet(DELTA), ...op.v128Load(0),
  ...op.localGet(HIDDEN), ...op.v128Load(0), ...op.v128Zero, ...op.f64x2Gt,
  ...op.v128And,
  ...op.v128Store(0),
  ...increment(DELTA, op.i32Const(16)),
  ...increment(HIDDEN, op.i32Const(16)),
]);

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];
  const vector = (items: number[][]) => [...uleb(items.length), ...items.flat()];
  const name = (text: string) => [...uleb(text.length), ...new TextEncoder().encode(text)];
  const i32Params = (count: number) => [0x60, ...vector(new Array<number[]>(count).fill([I32])), 0x00];
  const product = [
    // locals: 8 i32, then 10 v128
    ...vector([[...uleb(8), I32], [...uleb(10), V128]]),
    ...op.f64Const(0.5), ...op.f64x2Splat, ...op.localSet(HALF),
    ...rowLoop,
    ...op.end,
  ];
  const gate = [...vector([[...uleb(1), I32]]), ...gateLoop, ...op.end];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector([i32Params(12), i32Params(3)])),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vector([[0x00], [0x01]])),
    ...section(7, vector([[...name('product2x4'), 0x00, 0x00], [...name('reluGate'), 0x00, 0x01]])),
    ...section(10, vector([[...uleb(product.length), ...product], [...uleb(gate.length), ...gate]])),
  ]);
}
