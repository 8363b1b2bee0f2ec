/**
 * Just enough of the WebAssembly binary format to emit the SIMD kernels (MLP, KMeans,
 * silhouette, KD-tree search, Householder QR) at run time, so no toolchain is needed: value
 * types, LEB128 immediates, the instructions the kernels use (by their text names), a counted
 * loop and a pointer loop, and the module layout of exported functions over one imported memory.
 */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

export function uleb(value: number): number[] {
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

export function sleb(value: number): number[] {
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
const f64Bytes = (x: number) => [...new Uint8Array(new Float64Array([x]).buffer)];

/** The instructions used; memory offsets in bytes, memarg alignment hints as log2. */
export const op = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  i32Const: (n: number) => [0x41, ...sleb(n)],
  f64Const: (x: number) => [0x44, ...f64Bytes(x)],
  i32Load: (offset: number) => [0x28, 2, ...uleb(offset)],
  i32Store: (offset: number) => [0x36, 2, ...uleb(offset)],
  i32Load8U: (offset: number) => [0x2d, 0, ...uleb(offset)],
  f64Load: (offset: number) => [0x2b, 3, ...uleb(offset)],
  f64Store: (offset: number) => [0x39, 3, ...uleb(offset)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32And: [0x71],
  i32ShrU: [0x76],
  i32Eqz: [0x45],
  i32LtS: [0x48],
  i32Shl: [0x74],
  i32Ne: [0x47],
  i32GeS: [0x4e],
  i32Xor: [0x73],
  i32LtU: [0x49],
  i32GeU: [0x4f],
  f64Add: [0xa0],
  f64Sub: [0xa1],
  f64Mul: [0xa2],
  f64Div: [0xa3],
  f64Neg: [0x9a],
  f64Lt: [0x63],
  f64Gt: [0x64],
  f64Le: [0x65],
  f64Ge: [0x66],
  i32WrapI64: [0xa7],
  i64ExtendI32U: [0xad],
  f64ConvertI32U: [0xb8],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  /** An if whose arms each leave an f64. */
  ifF64: [0x04, F64],
  else: [0x05],
  end: [0x0b],
  return: [0x0f],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  /** Calls the module's function number `index` (the order given to wasmModule). */
  call: (index: number) => [0x10, ...uleb(index)],
  v128Load: (offset: number) => simd(0x00, 4, ...uleb(offset)),
  v128Load64Splat: (offset: number) => simd(0x0a, 3, ...uleb(offset)),
  v128Store: (offset: number) => simd(0x0b, 4, ...uleb(offset)),
  v128Const: (lane0: number, lane1: number) => simd(0x0c, ...f64Bytes(lane0), ...f64Bytes(lane1)),
  i64x2Splat: simd(0x12),
  f64x2Splat: simd(0x14),
  i64x2ExtractLane: (lane: number) => simd(0x1d, lane),
  f64x2ExtractLane: (lane: number) => simd(0x21, lane),
  f64x2ReplaceLane: (lane: number) => simd(0x22, lane),
  f64x2Lt: simd(0x49),
  f64x2Gt: simd(0x4a),
  v128And: simd(0x4e),
  v128AnyTrue: simd(0x53),
  v128Bitselect: simd(0x52),
  f64x2Abs: simd(0xec),
  f64x2Sqrt: simd(0xef),
  f64x2Add: simd(0xf0),
  f64x2Sub: simd(0xf1),
  f64x2Mul: simd(0xf2),
  f64x2Div: simd(0xf3),
  f64x2Pmin: simd(0xf6),
  f64x2Pmax: simd(0xf7),
};

export const increment = (local: number, by: number[]) => [...op.localGet(local), ...by, ...op.i32Add, ...op.localSet(local)];

/** `while (pointer < limit) body` (unsigned), as block { loop { br_if exit; body; br loop } }; the body advances the pointer. */
export const whileBelow = (pointer: number, limit: number, body: number[]) => [
  ...op.block, ...op.loop,
  ...op.localGet(pointer), ...op.localGet(limit), ...op.i32GeU, ...op.brIf(1),
  ...body,
  ...op.br(0),
  ...op.end, ...op.end,
];

/** `for (counter = 0; counter < limit; counter++) body`. */
export const countedLoop = (counter: number, limit: number, body: number[]) => [
  ...op.i32Const(0), ...op.localSet(counter),
  ...whileBelow(counter, limit, [...body, ...increment(counter, op.i32Const(1))]),
];

/** One exported function: its parameter and result types and its body (locals declaration first). */
export interface WasmFunction {
  readonly name: string;
  readonly params: readonly number[];
  readonly results: readonly number[];
  readonly body: readonly number[];
}

/** A module importing `env.memory` and exporting the functions, in order. */
export function wasmModule(functions: readonly WasmFunction[]): Uint8Array<ArrayBuffer> {
  const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];
  const vector = (items: number[][]) => [...uleb(items.length), ...items.flat()];
  const name = (text: string) => [...uleb(text.length), ...new TextEncoder().encode(text)];
  const types = (list: readonly number[]) => vector(list.map((t) => [t]));
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(functions.map((f) => [0x60, ...types(f.params), ...types(f.results)]))),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vector(functions.map((_, i) => uleb(i)))),
    ...section(7, vector(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vector(functions.map((f) => [...uleb(f.body.length), ...f.body]))),
  ]);
}

/** A body's locals declaration: runs of [count, type]. */
export function locals(...runs: ReadonlyArray<readonly [number, number]>): number[] {
  return [...uleb(runs.length), ...runs.flatMap(([count, type]) => [...uleb(count), type])];
}
