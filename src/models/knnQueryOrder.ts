/**
 * The order in which a neighbour table runs its queries: grouped by the KD-tree leaf each query
 * reaches first (ascending leaf, then ascending row). A query's neighbours do not depend on the
 * order, but consecutive queries of one group walk nearly the same nodes and leaf rows, which
 * then stay in cache; in the rows' own (e.g. permuted) order every query starts cold.
 */
export function queriesByLeaf(leafOf: Int32Array, nodes: number): Int32Array {
  const starts = new Int32Array(nodes + 1);
  for (let q = 0; q < leafOf.length; q++) starts[leafOf[q] + 1]++;
  for (let node = 0; node < nodes; node++) starts[node + 1] += starts[node];
  const order = new Int32Array(leafOf.length);
  for (let q = 0; q < leafOf.length; q++) order[starts[leafOf[q]]++] = q;
  return order;
}
