import { countedLoop, F64, I32, increment, locals, op, V128, wasmModule, whileBelow } from './wasmBytecode.js';

/**
 * The passes of householderQr.ts's left-looking Householder QR as WebAssembly SIMD (f64x2)
 * functions, emitted as bytes for a block width (an even number of columns). They work on a
 * block stored row by row (row i's columns side by side, two to an f64x2), so each lane is one
 * column and runs the scalar loops' IEEE float64 operations in their order (sums over the rows in
 * row order, no fused multiply-add): every value is bit-identical to the plain loops'. They all
 * work on one memory per process (householderKernels).
 *
 * pass(from, fused, end, v, vStep, vtv, w, wStep, dots): byte pointers to rows of the block
 * (from ≤ fused ≤ end; a row is width · 8 bytes), to a Householder vector's entries at row `from`
 * (v, the next at v + vStep, …) and at row `fused` (w, then w + wStep, …), and to `width` f64s (dots):
 *   the update passes, with s = (2 · dots) / vtv per column (dots as the last pass left them):
 *     every column x of the rows [from, end) becomes x − s · v, each row's v read before the row changes;
 *   then every pass: dots = the sum over the rows [fused, end), in row order, of w · x (the `Vector`
 *     passes, w read before the row changes) or x · x (the `Self` passes: squared norms), x as updated.
 * The dot-only passes ignore from, v, vStep and vtv; the `Self` passes ignore w and wStep.
 *
 * column(from, end, to) copies one column of the block (the f64s at from, from + a row, … below end)
 * to contiguous f64s at `to`.
 *
 * place(from, end, step, count, table, to) and placeBytes(…) copy rows of `count` values (float64s,
 * or bytes 0/1 read as float64) from `from`, from + step, … below end, value k of each to the byte
 * offset table[k] (i32s at `table`) from its block row, the rows from `to` on; fillColumn(from,
 * end, value) sets one column of the block (the f64s at from, from + a row, … below end) to value,
 * and setColumn(from, end, source) copies contiguous f64s at `source` into one.
 *
 * combine(values, valueStep, indicators, indicatorStep, table, count, shift, weights, out, outStep, rows,
 * start) stores at `out`, out + outStep, … each row's start + Σ_k (x_k − shift[k]) · weights[k]
 * (scalar, summed in k's order; shift and weights count f64s each): x_k is the row's
 * float64 value table[k] (from `values`, rows valueStep bytes apart) when table[k] ≥ 0, else its
 * byte ~table[k] (from `indicators`, rows indicatorStep bytes apart) as a float64.
 *
 * sums(from, end, to) stores at `to` each column's sum over the rows [from, end), in row order from
 * +0; shift(from, end, by) subtracts the width f64s at `by` from every row of [from, end): centering
 * a block as the scalar loops would (sum, then x − mean).
 *
 * total(x, rows) returns Σ x[i] over the f64s at x, in order from +0; deviations(x, about,
 * aboutStep, rows) returns Σ (x[i] − a_i)², a_i the f64 at about + i · aboutStep (a step of 0: one
 * value for every row), in order from +0: OLS's sums of squares, which a trial's thread runs cold.
 */
export type HouseholderPass = (
  from: number, fused: number, end: number,
  v: number, vStep: number, vtv: number,
  w: number, wStep: number, dots: number,
) => void;

export interface HouseholderKernels {
  dotVector: HouseholderPass;
  dotSelf: HouseholderPass;
  updateDotVector: HouseholderPass;
  updateDotSelf: HouseholderPass;
  column: (from: number, end: number, to: number) => void;
  place: (from: number, end: number, step: number, count: number, table: number, to: number) => void;
  placeBytes: (from: number, end: number, step: number, count: number, table: number, to: number) => void;
  fillColumn: (from: number, end: number, value: number) => void;
  setColumn: (from: number, end: number, source: number) => void;
  combine: (
    values: number, valueStep: number, indicators: number, indicatorStep: number, table: number, count: number,
    shift: number, weights: number, out: number, outStep: number, rows: number, start: number,
  ) => void;
  sums: (from: number, end: number, to: number) => void;
  shift: (from: number, end: number, by: number) => void;
  total: (x: number, rows: number) => number;
  deviations: (x: number, about: number, aboutStep: number, rows: number) => number;
}

/**
 * The process's (thread's) one memory, grown to the largest problem so far, and its kernels per
 * block width (each module compiled once). Fresh pages cost a fault each (10 ms on a 36k × 41
 * matrix); a memory used again does not pay that, nor the garbage collections that each new
 * memory's external size brings on.
 */
let workspace: { readonly memory: WebAssembly.Memory; readonly kernels: Map<number, HouseholderKernels> } | undefined;

/** The kernels for blocks `width` columns wide (even), and their memory's buffer: at least `bytes` long, holding what earlier calls left. */
export function householderKernels(bytes: number, width: number): { readonly buffer: ArrayBuffer; readonly kernels: HouseholderKernels } {
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  workspace ??= { memory: new WebAssembly.Memory({ initial: pages }), kernels: new Map() };
  const { memory } = workspace;
  if (memory.buffer.byteLength < pages * PAGE) memory.grow(pages - memory.buffer.byteLength / PAGE);
  let kernels = workspace.kernels.get(width);
  if (kernels === undefined) {
    const module = new WebAssembly.Module(moduleBytes(width));
    kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as HouseholderKernels;
    workspace.kernels.set(width, kernels);
  }
  return { buffer: memory.buffer, kernels };
}

const PAGE = 65536;

// Pass parameters: i32 byte pointers and steps, but vtv (f64).
const FROM = 0, FUSED = 1, END = 2, V = 3, V_STEP = 4, VTV = 5, W = 6, W_STEP = 7, DOTS = 8;
// i32 local: the row pointer; v128 locals: v and w splatted, a pair of columns, then per pair its scale and its sum.
const ROW = 9, VS = 10, WS = 11, X = 12, SCALE = 13;

/** `body` for each pair of columns g (0 … width/2 − 1), concatenated. */
const eachPair = (width: number, body: (g: number) => number[]) => Array.from({ length: width / 2 }, (_, g) => body(g)).flat();

function passBody(width: number, update: boolean, self: boolean): number[] {
  const sum = (g: number) => SCALE + width / 2 + g;
  const nextRow = increment(ROW, op.i32Const(width * 8));
  const loadV = [...op.localGet(V), ...op.v128Load64Splat(0), ...op.localSet(VS), ...increment(V, op.localGet(V_STEP))];
  const loadW = self ? [] : [...op.localGet(W), ...op.v128Load64Splat(0), ...op.localSet(WS), ...increment(W, op.localGet(W_STEP))];
  /** X = pair g of the row minus its scale times v, stored back. */
  const updatePair = (g: number) => [
    ...op.localGet(ROW),
    ...op.localGet(ROW), ...op.v128Load(16 * g), ...op.localGet(SCALE + g), ...op.localGet(VS), ...op.f64x2Mul, ...op.f64x2Sub,
    ...op.localSet(X), ...op.localGet(X), ...op.v128Store(16 * g),
  ];
  const loadPair = (g: number) => [...op.localGet(ROW), ...op.v128Load(16 * g), ...op.localSet(X)];
  const accumulate = (g: number) => [
    ...op.localGet(sum(g)), ...op.localGet(X), ...op.localGet(self ? X : WS), ...op.f64x2Mul, ...op.f64x2Add, ...op.localSet(sum(g)),
  ];
  const updateRows = [
    // scale = (2 · dot) / vtv, per column
    ...eachPair(width, (g) => [
      ...op.f64Const(2), ...op.f64x2Splat, ...op.localGet(DOTS), ...op.v128Load(16 * g), ...op.f64x2Mul,
      ...op.localGet(VTV), ...op.f64x2Splat, ...op.f64x2Div, ...op.localSet(SCALE + g),
    ]),
    ...op.localGet(FROM), ...op.localSet(ROW),
    ...whileBelow(ROW, FUSED, [...loadV, ...eachPair(width, updatePair), ...nextRow]),
  ];
  return [
    ...locals([1, I32], [4 + width, V128]),
    ...(update ? updateRows : [...op.localGet(FUSED), ...op.localSet(ROW)]),
    ...eachPair(width, (g) => [...op.v128Const(0, 0), ...op.localSet(sum(g))]),
    ...whileBelow(ROW, END, [
      ...(update ? loadV : []),
      ...loadW,
      ...eachPair(width, (g) => [...(update ? updatePair(g) : loadPair(g)), ...accumulate(g)]),
      ...nextRow,
    ]),
    ...eachPair(width, (g) => [...op.localGet(DOTS), ...op.localGet(sum(g)), ...op.v128Store(16 * g)]),
    ...op.end,
  ];
}

/** The byte address pointer + index · 2^log2Bytes (2: i32s, 3: f64s). */
const indexed = (pointer: number, index: number, log2Bytes: number) => [...op.localGet(pointer), ...op.localGet(index), ...op.i32Const(log2Bytes), ...op.i32Shl, ...op.i32Add];

// The one-column passes' parameters: FROM walks the block column's rows below END; OTHER is the
// contiguous f64s read into (column) or written from (setColumn), or the value (fillColumn, f64).
const COLUMN_FROM = 0, COLUMN_END = 1, COLUMN_OTHER = 2;

/** column: block column → contiguous; setColumn: contiguous → block column; fillColumn: a value → block column. */
const columnBody = (width: number, pass: 'column' | 'setColumn' | 'fillColumn') => [
  ...locals(),
  ...whileBelow(COLUMN_FROM, COLUMN_END, [
    ...(pass === 'column'
      ? [...op.localGet(COLUMN_OTHER), ...op.localGet(COLUMN_FROM), ...op.f64Load(0)]
      : [...op.localGet(COLUMN_FROM), ...op.localGet(COLUMN_OTHER), ...(pass === 'setColumn' ? op.f64Load(0) : [])]),
    ...op.f64Store(0),
    ...increment(COLUMN_FROM, op.i32Const(width * 8)),
    ...(pass === 'fillColumn' ? [] : increment(COLUMN_OTHER, op.i32Const(8))),
  ]),
  ...op.end,
];

// place's parameters (i32 byte pointers, the step between rows read and the count of values per row); FROM and TO walk the rows.
const PLACE_FROM = 0, PLACE_END = 1, PLACE_STEP = 2, PLACE_COUNT = 3, PLACE_TABLE = 4, PLACE_TO = 5, PLACE_K = 6;

/** Value k of a row: a float64 at from + 8k, or (bytes) the byte at from + k as a float64. */
const placeBody = (width: number, bytes: boolean) => [
  ...locals([1, I32]),
  ...whileBelow(PLACE_FROM, PLACE_END, [
    ...countedLoop(PLACE_K, PLACE_COUNT, [
      ...op.localGet(PLACE_TO), ...indexed(PLACE_TABLE, PLACE_K, 2), ...op.i32Load(0), ...op.i32Add,
      ...(bytes ? [...op.localGet(PLACE_FROM), ...op.localGet(PLACE_K), ...op.i32Add, ...op.i32Load8U(0), ...op.f64ConvertI32U] : [...indexed(PLACE_FROM, PLACE_K, 3), ...op.f64Load(0)]),
      ...op.f64Store(0),
    ]),
    ...increment(PLACE_FROM, op.localGet(PLACE_STEP)), ...increment(PLACE_TO, op.i32Const(width * 8)),
  ]),
  ...op.end,
];

// sums' and shift's parameters (i32 byte pointers); FROM walks the rows.
const ROWS_FROM = 0, ROWS_END = 1, VECTOR = 2, PAIR = 3;

const sumsBody = (width: number) => [
  ...locals([width / 2, V128]),
  ...whileBelow(ROWS_FROM, ROWS_END, [
    ...eachPair(width, (g) => [...op.localGet(PAIR + g), ...op.localGet(ROWS_FROM), ...op.v128Load(16 * g), ...op.f64x2Add, ...op.localSet(PAIR + g)]),
    ...increment(ROWS_FROM, op.i32Const(width * 8)),
  ]),
  ...eachPair(width, (g) => [...op.localGet(VECTOR), ...op.localGet(PAIR + g), ...op.v128Store(16 * g)]),
  ...op.end,
];

const shiftBody = (width: number) => [
  ...locals([width / 2, V128]),
  ...eachPair(width, (g) => [...op.localGet(VECTOR), ...op.v128Load(16 * g), ...op.localSet(PAIR + g)]),
  ...whileBelow(ROWS_FROM, ROWS_END, [
    ...eachPair(width, (g) => [
      ...op.localGet(ROWS_FROM), ...op.localGet(ROWS_FROM), ...op.v128Load(16 * g), ...op.localGet(PAIR + g), ...op.f64x2Sub, ...op.v128Store(16 * g),
    ]),
    ...increment(ROWS_FROM, op.i32Const(width * 8)),
  ]),
  ...op.end,
];

// combine's parameters (i32 byte pointers, steps and counts; start f64), then its locals.
const F_VALUES = 0, F_VALUE_STEP = 1, F_INDICATORS = 2, F_INDICATOR_STEP = 3, F_TABLE = 4, F_COUNT = 5, F_SHIFT = 6, F_WEIGHTS = 7, F_OUT = 8, F_OUT_STEP = 9, F_ROWS = 10, F_START = 11;
const F_K = 12, F_ENTRY = 13, F_END = 14, F_SUM = 15;

/** f64 k of the vector at `pointer`. */
const vectorEntry = (pointer: number) => [...indexed(pointer, F_K, 3), ...op.f64Load(0)];

const combineBody = [
  ...locals([3, I32], [1, F64]),
  ...op.localGet(F_OUT), ...op.localGet(F_ROWS), ...op.localGet(F_OUT_STEP), ...op.i32Mul, ...op.i32Add, ...op.localSet(F_END),
  ...whileBelow(F_OUT, F_END, [
    ...op.localGet(F_START), ...op.localSet(F_SUM),
    ...countedLoop(F_K, F_COUNT, [
      ...indexed(F_TABLE, F_K, 2), ...op.i32Load(0), ...op.localSet(F_ENTRY),
      ...op.localGet(F_SUM),
      ...op.localGet(F_ENTRY), ...op.i32Const(0), ...op.i32GeS, ...op.ifF64,
      ...indexed(F_VALUES, F_ENTRY, 3), ...op.f64Load(0),
      ...op.else,
      ...op.localGet(F_INDICATORS), ...op.localGet(F_ENTRY), ...op.i32Const(-1), ...op.i32Xor, ...op.i32Add, ...op.i32Load8U(0), ...op.f64ConvertI32U,
      ...op.end,
      ...vectorEntry(F_SHIFT), ...op.f64Sub, ...vectorEntry(F_WEIGHTS), ...op.f64Mul,
      ...op.f64Add, ...op.localSet(F_SUM),
    ]),
    ...op.localGet(F_OUT), ...op.localGet(F_SUM), ...op.f64Store(0),
    ...increment(F_OUT, op.localGet(F_OUT_STEP)), ...increment(F_VALUES, op.localGet(F_VALUE_STEP)), ...increment(F_INDICATORS, op.localGet(F_INDICATOR_STEP)),
  ]),
  ...op.end,
];

// total's and deviations' parameters (i32 byte pointers, step and count), then their locals.
const S_X = 0, S_ROWS = 1, D_ABOUT = 1, D_ABOUT_STEP = 2, D_ROWS = 3;

/** The loop over the f64s from x below x + rows · 8, adding `term` (which leaves an f64) to the sum in `sum`. */
const sumLoop = (rows: number, end: number, sum: number, term: number[], advance: number[]) => [
  ...op.localGet(S_X), ...op.localGet(rows), ...op.i32Const(3), ...op.i32Shl, ...op.i32Add, ...op.localSet(end),
  ...op.f64Const(0), ...op.localSet(sum),
  ...whileBelow(S_X, end, [
    ...op.localGet(sum), ...term, ...op.f64Add, ...op.localSet(sum),
    ...increment(S_X, op.i32Const(8)), ...advance,
  ]),
  ...op.localGet(sum),
  ...op.end,
];

const totalBody = [...locals([1, I32], [1, F64]), ...sumLoop(S_ROWS, 2, 3, [...op.localGet(S_X), ...op.f64Load(0)], [])];

// deviations' locals: the end pointer, the sum, the deviation.
const D_END = 4, D_SUM = 5, D_DEVIATION = 6;
const deviationsBody = [
  ...locals([1, I32], [2, F64]),
  ...sumLoop(D_ROWS, D_END, D_SUM, [
    ...op.localGet(S_X), ...op.f64Load(0), ...op.localGet(D_ABOUT), ...op.f64Load(0), ...op.f64Sub, ...op.localSet(D_DEVIATION),
    ...op.localGet(D_DEVIATION), ...op.localGet(D_DEVIATION), ...op.f64Mul,
  ], increment(D_ABOUT, op.localGet(D_ABOUT_STEP))),
];

function moduleBytes(width: number): Uint8Array<ArrayBuffer> {
  const params = [I32, I32, I32, I32, I32, F64, I32, I32, I32];
  return wasmModule([
    { name: 'dotVector', params, results: [], body: passBody(width, false, false) },
    { name: 'dotSelf', params, results: [], body: passBody(width, false, true) },
    { name: 'updateDotVector', params, results: [], body: passBody(width, true, false) },
    { name: 'updateDotSelf', params, results: [], body: passBody(width, true, true) },
    { name: 'column', params: [I32, I32, I32], results: [], body: columnBody(width, 'column') },
    { name: 'place', params: [I32, I32, I32, I32, I32, I32], results: [], body: placeBody(width, false) },
    { name: 'placeBytes', params: [I32, I32, I32, I32, I32, I32], results: [], body: placeBody(width, true) },
    { name: 'fillColumn', params: [I32, I32, F64], results: [], body: columnBody(width, 'fillColumn') },
    { name: 'setColumn', params: [I32, I32, I32], results: [], body: columnBody(width, 'setColumn') },
    { name: 'combine', params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, F64], results: [], body: combineBody },
    { name: 'sums', params: [I32, I32, I32], results: [], body: sumsBody(width) },
    { name: 'shift', params: [I32, I32, I32], results: [], body: shiftBody(width) },
    { name: 'total', params: [I32, I32], results: [F64], body: totalBody },
    { name: 'deviations', params: [I32, I32, I32, I32], results: [F64], body: deviationsBody },
  ]);
}
