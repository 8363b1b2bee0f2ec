/**
 * Bit-exact port of numpy's legacy `numpy.random.RandomState(seed)` for an
 * integer seed, so that shuffles and splits made here select the same rows as
 * the Python reference study (numpy/random/_mt19937.pyx, mtrand.pyx,
 * src/mt19937/mt19937.c, src/distributions/distributions.c, src/legacy/).
 */

/** Plain arrays and typed arrays alike can be shuffled in place. */
export interface MutableArrayLike<T> {
  readonly length: number;
  [index: number]: T;
}

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const MAX_SEED = 0xffffffff;

/** Smallest all-ones bit mask >= max (numpy's `gen_mask`), for max < 2**32. */
function maskFor(max: number): number {
  let mask = max;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  return mask >>> 0;
}

export class NumpyRandomState {
  private readonly key = new Uint32Array(N);
  private pos = N;
  /** Polar Box–Muller yields normals in pairs; numpy caches the second one. */
  private gauss: number | null = null;

  /**
   * numpy's `_legacy_seeding` sends a scalar integer seed to `mt19937_seed`
   * (the reference `init_genrand` recurrence), not to `init_by_array`, and
   * rejects seeds outside [0, 2**32 - 1].
   */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
      throw new RangeError(`Seed must be an integer between 0 and 2**32 - 1, got ${seed}`);
    }
    let s = seed >>> 0;
    for (let i = 0; i < N; i++) {
      this.key[i] = s;
      // Math.imul keeps the 32-bit wrap-around that C's uint32 arithmetic has.
      s = (Math.imul(1812433253, (s ^ (s >>> 30)) >>> 0) + i + 1) >>> 0;
    }
    this.pos = N;
  }

  /** Next raw 32-bit output (numpy `mt19937_next32`), in [0, 2**32). */
  randomUint32(): number {
    if (this.pos === N) this.twist();
    let y = this.key[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Uniform double in [0, 1) from two draws, 53 bits (numpy `mt19937_next_double`). */
  randomDouble(): number {
    const a = this.randomUint32() >>> 5;
    const b = this.randomUint32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /** `RandomState.random_sample(size)` / `rand(size)`. */
  randomSample(size: number): Float64Array {
    assertCount(size, 'size');
    const out = new Float64Array(size);
    for (let i = 0; i < size; i++) out[i] = this.randomDouble();
    return out;
  }

  /**
   * `RandomState.randint(low, high)` for the default int64 dtype: numpy draws
   * low + masked rejection sample in [0, high - 1 - low]. Only ranges that fit
   * the 32-bit path are supported; wider ones would draw 64-bit words.
   */
  randint(low: number, high: number): number {
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high)) {
      throw new RangeError(`randint bounds must be safe integers, got ${low}, ${high}`);
    }
    if (high <= low) throw new RangeError(`randint requires low < high, got ${low} >= ${high}`);
    if (high - low > 2 ** 32) throw new RangeError('randint ranges wider than 2**32 are not supported');
    return low + this.boundedUint32(high - 1 - low);
  }

  /** One standard-normal draw, `RandomState.standard_normal()` (legacy polar method). */
  standardNormal(): number {
    if (this.gauss !== null) {
      const cached = this.gauss;
      this.gauss = null;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2.0 * this.randomDouble() - 1.0;
      x2 = 2.0 * this.randomDouble() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt((-2.0 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    return f * x2;
  }

  /**
   * In-place shuffle, numpy's legacy `_shuffle_raw`: Fisher–Yates from the
   * end, `for i in reversed(range(1, n)): j = random_interval(i)`.
   */
  shuffle<T>(a: MutableArrayLike<T>): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.boundedUint32(i);
      const tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
  }

  /** `RandomState.permutation(n)`: shuffle of `arange(n)`. */
  permutation(n: number): number[] {
    assertCount(n, 'n');
    const perm = Array.from({ length: n }, (_, i) => i);
    this.shuffle(perm);
    return perm;
  }

  /**
   * Uniform integer in [0, max] by masked rejection (numpy `random_interval`
   * and the masked 32-bit `randint` path), for max < 2**32.
   */
  private boundedUint32(max: number): number {
    if (max === 0) return 0;
    const mask = maskFor(max);
    let value: number;
    do {
      value = (this.randomUint32() & mask) >>> 0;
    } while (value > max);
    return value;
  }

  /**
   * Regenerate the whole state block (numpy `mt19937_gen`), in its three index ranges so that
   * no index wraps, and with MATRIX_A masked in rather than chosen by an unpredictable branch.
   */
  private twist(): void {
    const key = this.key;
    const mix = (i: number, next: number, far: number) => {
      const y = (key[i] & UPPER_MASK) | (key[next] & LOWER_MASK);
      key[i] = key[far] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    };
    let i = 0;
    for (; i < N - M; i++) mix(i, i + 1, i + M);
    for (; i < N - 1; i++) mix(i, i + 1, i + M - N);
    mix(N - 1, 0, M - 1);
    this.pos = 0;
  }
}

function assertCount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}
