/**
 * scikit-learn's fixed-size neighbour max-heap (utils/_heap.pyx heap_push)
 * and the quicksort that orders it on return (utils/_sorting.pyx
 * simultaneous_sort), ported literally. Which of several equally distant
 * points survive, and in which order they come out, is decided by exactly
 * these steps, so they are reproduced rather than replaced by a stable sort.
 */

/**
 * Push (value, index) into the heap held in values/indices[offset, offset + size),
 * which starts filled with +Infinity. Returns whether the pair entered the heap.
 */
export function heapPush(
  values: Float64Array,
  indices: Int32Array,
  offset: number,
  size: number,
  value: number,
  index: number,
): boolean {
  if (value >= values[offset]) return false;
  let current = 0;
  for (;;) {
    const left = 2 * current + 1;
    const right = left + 1;
    let swapWith: number;
    if (left >= size) break;
    else if (right >= size) {
      if (values[offset + left] > value) swapWith = left;
      else break;
    } else if (values[offset + left] >= values[offset + right]) {
      if (value < values[offset + left]) swapWith = left;
      else break;
    } else if (value < values[offset + right]) swapWith = right;
    else break;
    values[offset + current] = values[offset + swapWith];
    indices[offset + current] = indices[offset + swapWith];
    current = swapWith;
  }
  values[offset + current] = value;
  indices[offset + current] = index;
  return true;
}

/** Sort values ascending over [offset, offset + size), permuting indices alike. */
export function simultaneousSort(values: Float64Array, indices: Int32Array, offset: number, size: number): void {
  if (size <= 1) return;
  if (size === 2) {
    if (values[offset] > values[offset + 1]) dualSwap(values, indices, offset, offset + 1);
    return;
  }
  if (size === 3) {
    if (values[offset] > values[offset + 1]) dualSwap(values, indices, offset, offset + 1);
    if (values[offset + 1] > values[offset + 2]) {
      dualSwap(values, indices, offset + 1, offset + 2);
      if (values[offset] > values[offset + 1]) dualSwap(values, indices, offset, offset + 1);
    }
    return;
  }
  // Median of three: smallest to the front, median (the pivot) to the end.
  const last = offset + size - 1;
  const mid = offset + Math.floor(size / 2);
  if (values[offset] > values[last]) dualSwap(values, indices, offset, last);
  if (values[last] > values[mid]) {
    dualSwap(values, indices, last, mid);
    if (values[offset] > values[last]) dualSwap(values, indices, offset, last);
  }
  const pivot = values[last];
  let store = offset;
  for (let i = offset; i < last; i++) {
    if (values[i] < pivot) {
      dualSwap(values, indices, i, store);
      store++;
    }
  }
  dualSwap(values, indices, store, last);
  const pivotAt = store - offset;
  if (pivotAt > 1) simultaneousSort(values, indices, offset, pivotAt);
  if (pivotAt + 2 < size) simultaneousSort(values, indices, store + 1, size - pivotAt - 1);
}

function dualSwap(values: Float64Array, indices: Int32Array, a: number, b: number): void {
  const v = values[a];
  values[a] = values[b];
  values[b] = v;
  const i = indices[a];
  indices[a] = indices[b];
  indices[b] = i;
}
