/** Longest string shown whole in the dashboard's job views. */
const MAX_STRING = 200;
/** Most array items shown. */
const MAX_ITEMS = 20;
/** Deepest nesting shown. */
const MAX_DEPTH = 4;

/**
 * A job's data or return value cut down for display: long strings (base64 tables), long arrays
 * and deep nesting are replaced by a note of what was left out, so a page of jobs stays light.
 */
export function trimJobData(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    return value.length <= MAX_STRING ? value : `${value.slice(0, MAX_STRING)}… (${value.length} characters)`;
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? `[${value.length} items]` : '{…}';
  if (Array.isArray(value)) {
    const shown = value.slice(0, MAX_ITEMS).map((item) => trimJobData(item, depth + 1));
    return value.length <= MAX_ITEMS ? shown : [...shown, `… ${value.length - MAX_ITEMS} more items`];
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, trimJobData(item, depth + 1)]));
}
