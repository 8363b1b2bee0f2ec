/**
 * libstdc++'s std::nth_element (GCC 12 bits/stl_algo.h, bits/stl_heap.h),
 * step for step, on an index array ordered by one column of a row-major
 * table with ties broken by index: the comparator scikit-learn's KD-tree
 * partitions nodes with. The arrangement it leaves inside each half decides
 * the order in which the tree later visits equally distant points, so only
 * a faithful port reproduces scikit-learn's neighbours when distances tie.
 */
export function nthElementByColumn(
  indices: Int32Array,
  first: number,
  nth: number,
  last: number,
  data: Float64Array,
  width: number,
  column: number,
): void {
  if (first === last || nth === last) return;
  const less = (a: number, b: number): boolean => {
    const va = data[a * width + column];
    const vb = data[b * width + column];
    return va === vb ? a < b : va < vb;
  };
  introselect(indices, first, nth, last, 2 * floorLog2(last - first), less);
}

type Less = (a: number, b: number) => boolean;

function floorLog2(n: number): number {
  return 31 - Math.clz32(n);
}

function swap(arr: Int32Array, i: number, j: number): void {
  const tmp = arr[i];
  arr[i] = arr[j];
  arr[j] = tmp;
}

function introselect(arr: Int32Array, first: number, nth: number, last: number, depthLimit: number, less: Less): void {
  while (last - first > 3) {
    if (depthLimit === 0) {
      heapSelect(arr, first, nth + 1, last, less);
      swap(arr, first, nth);
      return;
    }
    depthLimit--;
    const cut = unguardedPartitionPivot(arr, first, last, less);
    if (cut <= nth) first = cut;
    else last = cut;
  }
  insertionSort(arr, first, last, less);
}

function unguardedPartitionPivot(arr: Int32Array, first: number, last: number, less: Less): number {
  const mid = first + Math.floor((last - first) / 2);
  moveMedianToFirst(arr, first, first + 1, mid, last - 1, less);
  return unguardedPartition(arr, first + 1, last, first, less);
}

function moveMedianToFirst(arr: Int32Array, result: number, a: number, b: number, c: number, less: Less): void {
  if (less(arr[a], arr[b])) {
    if (less(arr[b], arr[c])) swap(arr, result, b);
    else if (less(arr[a], arr[c])) swap(arr, result, c);
    else swap(arr, result, a);
  } else if (less(arr[a], arr[c])) swap(arr, result, a);
  else if (less(arr[b], arr[c])) swap(arr, result, c);
  else swap(arr, result, b);
}

function unguardedPartition(arr: Int32Array, first: number, last: number, pivot: number, less: Less): number {
  for (;;) {
    while (less(arr[first], arr[pivot])) first++;
    last--;
    while (less(arr[pivot], arr[last])) last--;
    if (!(first < last)) return first;
    swap(arr, first, last);
    first++;
  }
}

function insertionSort(arr: Int32Array, first: number, last: number, less: Less): void {
  if (first === last) return;
  for (let i = first + 1; i !== last; i++) {
    const val = arr[i];
    if (less(val, arr[first])) {
      arr.copyWithin(first + 1, first, i);
      arr[first] = val;
    } else {
      let hole = i;
      while (less(val, arr[hole - 1])) {
        arr[hole] = arr[hole - 1];
        hole--;
      }
      arr[hole] = val;
    }
  }
}

function heapSelect(arr: Int32Array, first: number, middle: number, last: number, less: Less): void {
  makeHeap(arr, first, middle, less);
  for (let i = middle; i < last; i++) {
    if (less(arr[i], arr[first])) popHeap(arr, first, middle, i, less);
  }
}

function makeHeap(arr: Int32Array, first: number, last: number, less: Less): void {
  const len = last - first;
  if (len < 2) return;
  for (let parent = Math.floor((len - 2) / 2); ; parent--) {
    adjustHeap(arr, first, parent, len, arr[first + parent], less);
    if (parent === 0) return;
  }
}

function popHeap(arr: Int32Array, first: number, last: number, result: number, less: Less): void {
  const value = arr[result];
  arr[result] = arr[first];
  adjustHeap(arr, first, 0, last - first, value, less);
}

function adjustHeap(arr: Int32Array, first: number, holeIndex: number, len: number, value: number, less: Less): void {
  const topIndex = holeIndex;
  let secondChild = holeIndex;
  while (secondChild < Math.floor((len - 1) / 2)) {
    secondChild = 2 * (secondChild + 1);
    if (less(arr[first + secondChild], arr[first + secondChild - 1])) secondChild--;
    arr[first + holeIndex] = arr[first + secondChild];
    holeIndex = secondChild;
  }
  if ((len & 1) === 0 && secondChild === Math.floor((len - 2) / 2)) {
    secondChild = 2 * (secondChild + 1);
    arr[first + holeIndex] = arr[first + secondChild - 1];
    holeIndex = secondChild - 1;
  }
  // __push_heap
  let parent = Math.floor((holeIndex - 1) / 2);
  while (holeIndex > topIndex && less(arr[first + parent], value)) {
    arr[first + holeIndex] = arr[first + parent];
    holeIndex = parent;
    parent = Math.floor((holeIndex - 1) / 2);
  }
  arr[first + holeIndex] = value;
}
