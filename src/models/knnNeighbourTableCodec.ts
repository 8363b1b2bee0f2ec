import { KNN_METRICS, assertMetric } from './knnMetric.js';
import type { KnnNeighbourTable } from './knnNeighbourTable.js';

/**
 * Binary form of a neighbour table for the object store, little-endian: a
 * 28-byte header ('KNNT', format version, metric code, kMax, queryRows,
 * trainRows, tie-log length as uint32), then distances (float64), indices
 * (int32), tie-log offsets (int32), tie-log reduced distances (float64) and
 * tie-log indices (int32). Exact: decoding gives bit-identical arrays.
 */
const MAGIC = 0x544e4e4b; // 'KNNT' read as a little-endian uint32
const VERSION = 1;
const HEADER_BYTES = 28;

function byteLength(cells: number, queryRows: number, logLength: number): number {
  return HEADER_BYTES + cells * 12 + (queryRows + 1) * 4 + logLength * 12;
}

export function encodeNeighbourTable(table: KnnNeighbourTable): Buffer {
  assertMetric(table.metric);
  const cells = table.queryRows * table.kMax;
  const logLength = table.tieLogReduced.length;
  if (table.distances.length !== cells || table.indices.length !== cells) {
    throw new Error(`neighbour table arrays must hold queryRows × kMax = ${cells} entries`);
  }
  if (table.tieLogOffsets.length !== table.queryRows + 1 || table.tieLogIndices.length !== logLength) {
    throw new Error('neighbour table tie log arrays have inconsistent lengths');
  }
  const out = Buffer.alloc(byteLength(cells, table.queryRows, logLength));
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const header = [MAGIC, VERSION, KNN_METRICS.indexOf(table.metric), table.kMax, table.queryRows, table.trainRows, logLength];
  header.forEach((value, i) => view.setUint32(i * 4, value, true));
  let offset = HEADER_BYTES;
  for (const v of table.distances) (view.setFloat64(offset, v, true), (offset += 8));
  for (const v of table.indices) (view.setInt32(offset, v, true), (offset += 4));
  for (const v of table.tieLogOffsets) (view.setInt32(offset, v, true), (offset += 4));
  for (const v of table.tieLogReduced) (view.setFloat64(offset, v, true), (offset += 8));
  for (const v of table.tieLogIndices) (view.setInt32(offset, v, true), (offset += 4));
  return out;
}

export function decodeNeighbourTable(bytes: Uint8Array): KnnNeighbourTable {
  if (bytes.byteLength < HEADER_BYTES) throw new Error('not a neighbour table: shorter than its header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new Error('not a neighbour table: bad magic bytes');
  const version = view.getUint32(4, true);
  if (version !== VERSION) throw new Error(`unsupported neighbour table format version ${version}`);
  const metric = KNN_METRICS[view.getUint32(8, true)];
  if (metric === undefined) throw new Error('neighbour table has an unknown metric code');
  const kMax = view.getUint32(12, true);
  const queryRows = view.getUint32(16, true);
  const trainRows = view.getUint32(20, true);
  const logLength = view.getUint32(24, true);
  const cells = queryRows * kMax;
  const expected = byteLength(cells, queryRows, logLength);
  if (bytes.byteLength !== expected) {
    throw new Error(`neighbour table is ${bytes.byteLength} bytes, its header implies ${expected}`);
  }
  let offset = HEADER_BYTES;
  const floats = (n: number): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++, offset += 8) out[i] = view.getFloat64(offset, true);
    return out;
  };
  const ints = (n: number): Int32Array => {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++, offset += 4) out[i] = view.getInt32(offset, true);
    return out;
  };
  const distances = floats(cells);
  const indices = ints(cells);
  const tieLogOffsets = ints(queryRows + 1);
  const tieLogReduced = floats(logLength);
  const tieLogIndices = ints(logLength);
  return { metric, kMax, queryRows, trainRows, distances, indices, tieLogOffsets, tieLogReduced, tieLogIndices };
}
