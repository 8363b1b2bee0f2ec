/**
 * Dense row-major float64 matrix products for the MLP. The bulk (pairs of rows × quads of
 * columns) runs in the WebAssembly SIMD kernel (mlpWasmKernel) on buffers that live in
 * the arena's memory; the leftover rows and columns run here in register-blocked scalar
 * code. Every entry is summed from 0 in ascending order of the shared index, as a plain
 * triple loop would, so results do not depend on which part computed them. Products with
 * one row or one column (the output layer's) are turned into the kernels' shapes: a
 * one-column product runs in matrixVector, a one-column transposed product as the one-row
 * product dᵀ · a, and column sums as 1ᵀ · d (1 · x is x exactly).
 */
import { mlpKernels, type MlpKernels } from './mlpWasmKernel.js';

const BYTES = Float64Array.BYTES_PER_ELEMENT;
const PAGE = 65536;

/** Float64 buffers in one WebAssembly memory, and the products that work on them. */
export class MatrixArena {
  private readonly memory: WebAssembly.Memory;
  private readonly kernels: MlpKernels;
  /** The bias of products that have none. */
  private readonly zeros: Float64Array;
  /** The left operand of column sums. */
  private readonly ones: Float64Array;
  /** The two output rows of a one-row product (the kernel computes rows in pairs; the second repeats the first). */
  private readonly rowPair: Float64Array;
  private used = 0;

  /**
   * Room for buffers of the given lengths, each 16-byte aligned, products up to `widest`
   * columns, and column sums over up to `longest` rows.
   */
  constructor(lengths: readonly number[], widest: number, longest = 0) {
    const doubles = [...lengths, widest, longest, 2 * widest].reduce((sum, n) => sum + n + (n % 2), 0);
    this.memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil((doubles * BYTES) / PAGE)) });
    this.kernels = mlpKernels(this.memory);
    this.zeros = this.alloc(widest);
    this.ones = this.alloc(longest).fill(1);
    this.rowPair = this.alloc(2 * widest);
  }

  /** A zero-filled buffer in the arena; the memory never grows, so views stay valid. */
  alloc(length: number): Float64Array {
    if ((this.used + length) * BYTES > this.memory.buffer.byteLength) throw new Error(`matrix arena is full: ${length} more values do not fit`);
    const view = new Float64Array(this.memory.buffer, this.used * BYTES, length);
    this.used += length + (length % 2);
    return view;
  }

  /**
   * out (m×q) = a (m×p) · w (p×q) + bias, with relu applied when `relu` is set: the
   * product first, then the bias, as numpy's dot followed by +=.
   */
  affine(a: Float64Array, w: Float64Array, bias: Float64Array, out: Float64Array, m: number, p: number, q: number, relu: boolean): void {
    if (q === 1 && !relu) return this.matrixVector(a, w, bias, out, m, p);
    const q4 = q - (q % 4);
    if (q4 > 0) {
      this.blockProduct(this.pointer(a), p * BYTES, BYTES, this.pointer(w), q * BYTES, p, this.pointer(bias), this.pointer(out), q * BYTES, m, q4 / 4, relu);
    }
    affineRemainder(a, w, bias, out, m, p, q, relu);
  }

  /** out (m×q) = a (m×p) · b (p×q) (a zero bias is added, which can only turn −0 into +0). */
  multiply(a: Float64Array, b: Float64Array, out: Float64Array, m: number, p: number, q: number): void {
    this.affine(a, b, this.zeros, out, m, p, q, false);
  }

  /**
   * The kernels' part of a product with `rows` output rows: blocks of four rows, then one pair
   * if two or three are left (an odd last row is the caller's). Pointers and strides in bytes.
   */
  private blockProduct(
    a: number, aRow: number, aStep: number, b: number, bStep: number, steps: number,
    bias: number, out: number, outRow: number, rows: number, colQuads: number, relu: boolean,
  ): void {
    const quads = rows >> 2;
    if (quads > 0) this.kernels.product4x4(a, aRow, aStep, b, bStep, steps, bias, out, outRow, quads, colQuads, relu ? 1 : 0);
    if ((rows & 3) >= 2) {
      const done = 4 * quads;
      this.kernels.product2x4(a + done * aRow, aRow, aStep, b, bStep, steps, bias, out + done * outRow, outRow, 1, colQuads, relu ? 1 : 0);
    }
  }

  /** out (m×1) = a (m×p) · w (p×1) + bias, four rows at a time in the kernel, the last m % 4 here. */
  private matrixVector(a: Float64Array, w: Float64Array, bias: Float64Array, out: Float64Array, m: number, p: number): void {
    const m4 = m - (m % 4);
    if (m4 > 0) this.kernels.matrixVector(this.pointer(a), p * BYTES, this.pointer(w), p, this.pointer(bias), this.pointer(out), m4 / 4);
    for (let r = m4; r < m; r++) out[r] = dot(a, r * p, 1, w, 0, 1, p) + bias[0];
  }

  /** g (p×q) = aᵀ · d for a (m×p) and d (m×q): g[k][j] = Σ_r a[r][k] · d[r][j]. */
  multiplyTransposed(a: Float64Array, d: Float64Array, g: Float64Array, m: number, p: number, q: number): void {
    if (q === 1) return this.rowProduct(d, 1, a, g, m, p);
    const q4 = q - (q % 4);
    if (q4 > 0) {
      // Rows of g are columns of a: the next row is the next element, the next step the next row of a.
      this.blockProduct(this.pointer(a), BYTES, p * BYTES, this.pointer(d), q * BYTES, m, this.pointer(this.zeros), this.pointer(g), q * BYTES, p, q4 / 4, false);
    }
    multiplyTransposedRemainder(a, d, g, m, p, q);
  }

  /** out (q) = column sums of d (m×q), each summed over rows in order; m at most the arena's `longest`. */
  columnSums(d: Float64Array, out: Float64Array, m: number, q: number): void {
    if (m > this.ones.length) throw new Error(`column sums over ${m} rows: the arena was made for at most ${this.ones.length}`);
    this.rowProduct(this.ones, 1, d, out, m, q);
  }

  /**
   * out (q) = xᵀ · b for b (m×q) and x[r] at x[r · xStride]: out[j] = Σ_r x[r] · b[r][j], the
   * column quads in the kernel as a pair of equal rows (the bias it adds is +0, and these sums,
   * starting at +0, are never −0), the columns past the last quad here.
   */
  private rowProduct(x: Float64Array, xStride: number, b: Float64Array, out: Float64Array, m: number, q: number): void {
    const q4 = q - (q % 4);
    if (q4 > 0) {
      this.kernels.product2x4(
        this.pointer(x), 0, xStride * BYTES, this.pointer(b), q * BYTES, m,
        this.pointer(this.zeros), this.pointer(this.rowPair), q * BYTES, 1, q4 / 4, 0,
      );
      out.set(this.rowPair.subarray(0, q4));
    }
    for (let j = q4; j < q; j++) out[j] = dot(x, 0, xStride, b, j, q, m);
  }

  /** A zero-filled int32 buffer in the arena, in the room of ⌈length / 2⌉ float64 buffer values. */
  allocInt32(length: number): Int32Array {
    const room = this.alloc(Math.ceil(length / 2));
    return new Int32Array(room.buffer, room.byteOffset, length);
  }

  /** dst's row r = src's row rows[r] (rows of `width` values), and yDst[r] = ySrc[rows[r]], for r < rows.length. */
  gatherRows(src: Float64Array, ySrc: Float64Array, rows: Int32Array, width: number, dst: Float64Array, yDst: Float64Array): void {
    if (rows.buffer !== this.memory.buffer) throw new Error('row indices are not in this arena');
    this.kernels.gatherRows(this.pointer(src), this.pointer(ySrc), rows.byteOffset, rows.length, width * BYTES, this.pointer(dst), this.pointer(yDst));
  }

  /**
   * One Adam step on `value` from its gradient and moments (buffers of the same length), in the
   * kernel two at a time: an odd length's last pair takes in its buffers' padding, which nothing reads.
   */
  adam(value: Float64Array, grad: Float64Array, m: Float64Array, v: Float64Array, stepSize: number): void {
    const pairs = Math.ceil(value.length / 2);
    this.kernels.adam(this.pointer(value), this.pointer(grad), this.pointer(m), this.pointer(v), pairs, stepSize);
  }

  /** delta[i] = 0 where hidden[i] is not > 0, for i < count: the relu derivative. */
  reluGate(delta: Float64Array, hidden: Float64Array, count: number): void {
    const pairs = count >> 1;
    this.kernels.reluGate(this.pointer(delta), this.pointer(hidden), pairs);
    if (count % 2 === 1 && !(hidden[count - 1] > 0)) delta[count - 1] = 0;
  }

  private pointer(view: Float64Array): number {
    if (view.buffer !== this.memory.buffer) throw new Error('matrix product operand is not in this arena');
    return view.byteOffset;
  }
}

/** The part of `affine` outside the kernel's blocks: an odd last row, and columns past the last quad. */
function affineRemainder(
  a: Float64Array,
  w: Float64Array,
  bias: Float64Array,
  out: Float64Array,
  m: number,
  p: number,
  q: number,
  relu: boolean,
): void {
  const q4 = q - (q % 4);
  if (m % 2 === 1) {
    const r = m - 1;
    for (let j = 0; j < q4; j++) out[r * q + j] = activate(dot(a, r * p, 1, w, j, q, p) + bias[j], relu);
  }
  // Columns left over from the quads (all of them for a single output): 4 rows at a time.
  for (let j = q4; j < q; j++) {
    const bj = bias[j];
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      const a0 = i * p;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0; k < p; k++) {
        const wk = w[k * q + j];
        s0 += a[a0 + k] * wk;
        s1 += a[a0 + p + k] * wk;
        s2 += a[a0 + 2 * p + k] * wk;
        s3 += a[a0 + 3 * p + k] * wk;
      }
      out[i * q + j] = activate(s0 + bj, relu);
      out[(i + 1) * q + j] = activate(s1 + bj, relu);
      out[(i + 2) * q + j] = activate(s2 + bj, relu);
      out[(i + 3) * q + j] = activate(s3 + bj, relu);
    }
    for (; i < m; i++) out[i * q + j] = activate(dot(a, i * p, 1, w, j, q, p) + bj, relu);
  }
}

/** The part of `multiplyTransposed` outside the kernel's blocks: an odd last row of g, and columns past the last quad. */
function multiplyTransposedRemainder(a: Float64Array, d: Float64Array, g: Float64Array, m: number, p: number, q: number): void {
  const q4 = q - (q % 4);
  if (p % 2 === 1) {
    const k = p - 1;
    for (let j = 0; j < q4; j++) g[k * q + j] = dot(a, k, p, d, j, q, m);
  }
  // Columns left over from the quads: 4 rows of g at a time.
  for (let j = q4; j < q; j++) {
    let i = 0;
    for (; i + 4 <= p; i += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let r = 0; r < m; r++) {
        const dr = d[r * q + j];
        const at = r * p + i;
        s0 += a[at] * dr;
        s1 += a[at + 1] * dr;
        s2 += a[at + 2] * dr;
        s3 += a[at + 3] * dr;
      }
      g[i * q + j] = s0;
      g[(i + 1) * q + j] = s1;
      g[(i + 2) * q + j] = s2;
      g[(i + 3) * q + j] = s3;
    }
    for (; i < p; i++) g[i * q + j] = dot(a, i, p, d, j, q, m);
  }
}

/** out (q×p) = the transpose of w (p×q). */
export function transpose(w: Float64Array, out: Float64Array, p: number, q: number): void {
  for (let k = 0; k < p; k++) for (let j = 0; j < q; j++) out[j * p + k] = w[k * q + j];
}

/** Σ_i x[xStart + i·xStride] · y[yStart + i·yStride] for i < length, in order. */
function dot(x: Float64Array, xStart: number, xStride: number, y: Float64Array, yStart: number, yStride: number, length: number): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += x[xStart + i * xStride] * y[yStart + i * yStride];
  return sum;
}

/**
 * relu without a branch: hidden units switch unpredictably, and mispredicted branches
 * cost more than the arithmetic. (z + |z|) / 2 equals max(z, 0) exactly for finite z
 * below 2**1023 in magnitude.
 */
function activate(z: number, relu: boolean): number {
  return relu ? (z + Math.abs(z)) * 0.5 : z;
}
