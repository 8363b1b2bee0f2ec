import { F64, I32, increment, locals, op, V128, wasmModule, whileBelow } from './wasmBytecode.js';

/**
 * The passes of householderQr.ts's left-looking Householder QR as WebAssembly SIMD (f64x2)
 * functions, emitted as bytes. They work on a block of BLOCK_COLUMNS columns stored row by row
 * (row i's columns side by side, two to an f64x2), so each lane is one column and runs the scalar
 * loops' IEEE float64 operations in their order (sums over the rows in row order, no fused
 * multiply-add): every value is bit-identical to the plain loops'.
 *
 * pass(from, fused, end, v, vtv, w, dots): byte pointers to rows of the block (from ≤ fused ≤ end;
 * a row is BLOCK_COLUMNS · 8 bytes), to entries of Householder vectors stored contiguously (v, w),
 * and to BLOCK_COLUMNS f64s (dots):
 *   the update passes, with s = (2 · dots) / vtv per column (dots as the last pass left them):
 *     every column x of the rows [from, end) becomes x − s · v, v advancing with the rows;
 *   then every pass: dots = the sum over the rows [fused, end), in row order, of w · x (the `Vector`
 *     passes, w advancing with the rows) or x · x (the `Self` passes: squared norms), x as updated.
 * The dot-only passes ignore from, v and vtv; the `Self` passes ignore w.
 *
 * column(from, end, to) copies one column of the block (the f64s at from, from + a row, … below end)
 * to contiguous f64s at `to`.
 */
export type HouseholderPass = (from: number, fused: number, end: number, v: number, vtv: number, w: number, dots: number) => void;

export interface HouseholderKernels {
  dotVector: HouseholderPass;
  dotSelf: HouseholderPass;
  updateDotVector: HouseholderPass;
  updateDotSelf: HouseholderPass;
  column: (from: number, end: number, to: number) => void;
}

/** Columns in a block: two to an f64x2; every pass runs their sums side by side. */
export const BLOCK_COLUMNS = 6;
const PAIRS = BLOCK_COLUMNS / 2;
const ROW_BYTES = BLOCK_COLUMNS * 8;

let compiled: WebAssembly.Module | undefined;

/** The kernels working on `memory` (the module's exports, by these names); the module is compiled once per process. */
export function householderKernels(memory: WebAssembly.Memory): HouseholderKernels {
  compiled ??= new WebAssembly.Module(moduleBytes());
  return new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as HouseholderKernels;
}

// Pass parameters: i32 byte pointers, but vtv (f64).
const FROM = 0, FUSED = 1, END = 2, V = 3, VTV = 4, W = 5, DOTS = 6;
// i32 local: the row pointer; v128 locals: v and w splatted, a pair of columns, then per pair its scale and its sum.
const ROW = 7, VS = 8, WS = 9, X = 10, SCALE = 11, SUM = SCALE + PAIRS;

const pairs = (body: (g: number) => number[]) => Array.from({ length: PAIRS }, (_, g) => body(g)).flat();
const nextRow = increment(ROW, op.i32Const(ROW_BYTES));

/** X = pair g of the row minus its scale times v, stored back. */
const updatePair = (g: number) => [
  ...op.localGet(ROW),
  ...op.localGet(ROW), ...op.v128Load(16 * g), ...op.localGet(SCALE + g), ...op.localGet(VS), ...op.f64x2Mul, ...op.f64x2Sub,
  ...op.localSet(X), ...op.localGet(X), ...op.v128Store(16 * g),
];
const loadPair = (g: number) => [...op.localGet(ROW), ...op.v128Load(16 * g), ...op.localSet(X)];

function passBody(update: boolean, self: boolean): number[] {
  const loadV = [...op.localGet(V), ...op.v128Load64Splat(0), ...op.localSet(VS), ...increment(V, op.i32Const(8))];
  const loadW = self ? [] : [...op.localGet(W), ...op.v128Load64Splat(0), ...op.localSet(WS), ...increment(W, op.i32Const(8))];
  const accumulate = (g: number) => [
    ...op.localGet(SUM + g), ...op.localGet(X), ...op.localGet(self ? X : WS), ...op.f64x2Mul, ...op.f64x2Add, ...op.localSet(SUM + g),
  ];
  const updateRows = [
    // scale = (2 · dot) / vtv, per column
    ...pairs((g) => [
      ...op.f64Const(2), ...op.f64x2Splat, ...op.localGet(DOTS), ...op.v128Load(16 * g), ...op.f64x2Mul,
      ...op.localGet(VTV), ...op.f64x2Splat, ...op.f64x2Div, ...op.localSet(SCALE + g),
    ]),
    ...op.localGet(FROM), ...op.localSet(ROW),
    ...whileBelow(ROW, FUSED, [...loadV, ...pairs(updatePair), ...nextRow]),
  ];
  return [
    ...locals([1, I32], [3 + 2 * PAIRS, V128]),
    ...(update ? updateRows : [...op.localGet(FUSED), ...op.localSet(ROW)]),
    ...pairs((g) => [...op.v128Const(0, 0), ...op.localSet(SUM + g)]),
    ...whileBelow(ROW, END, [
      ...(update ? loadV : []),
      ...loadW,
      ...pairs((g) => [...(update ? updatePair(g) : loadPair(g)), ...accumulate(g)]),
      ...nextRow,
    ]),
    ...pairs((g) => [...op.localGet(DOTS), ...op.localGet(SUM + g), ...op.v128Store(16 * g)]),
    ...op.end,
  ];
}

// column's parameters (i32 byte pointers); FROM walks the rows.
const COLUMN_FROM = 0, COLUMN_END = 1, COLUMN_TO = 2;

const columnBody = [
  ...locals(),
  ...whileBelow(COLUMN_FROM, COLUMN_END, [
    ...op.localGet(COLUMN_TO), ...op.localGet(COLUMN_FROM), ...op.f64Load(0), ...op.f64Store(0),
    ...increment(COLUMN_FROM, op.i32Const(ROW_BYTES)), ...increment(COLUMN_TO, op.i32Const(8)),
  ]),
  ...op.end,
];

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const params = [I32, I32, I32, I32, F64, I32, I32];
  return wasmModule([
    { name: 'dotVector', params, results: [], body: passBody(false, false) },
    { name: 'dotSelf', params, results: [], body: passBody(false, true) },
    { name: 'updateDotVector', params, results: [], body: passBody(true, false) },
    { name: 'updateDotSelf', params, results: [], body: passBody(true, true) },
    { name: 'column', params: [I32, I32, I32], results: [], body: columnBody },
  ]);
}
