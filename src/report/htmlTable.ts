import { escapeHtml } from './escapeHtml.js';

/** A cell: text (escaped) or a number shown with `formatNumber`. */
export type Cell = string | number;

export interface TableOptions {
  readonly caption?: string;
  readonly className?: string;
  /** Rows to mark (e.g. the best model), by index. */
  readonly highlight?: ReadonlySet<number>;
}

/** An HTML table whose every header and cell is escaped; numbers are right-aligned. */
export function htmlTable(headers: readonly string[], rows: readonly (readonly Cell[])[], options: TableOptions = {}): string {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((row, i) => {
      const cells = row.map((cell) =>
        typeof cell === 'number' ? `<td class="num">${escapeHtml(formatNumber(cell))}</td>` : `<td>${escapeHtml(cell)}</td>`,
      );
      return `<tr${options.highlight?.has(i) ? ' class="highlight"' : ''}>${cells.join('')}</tr>`;
    })
    .join('\n');
  const caption = options.caption === undefined ? '' : `<caption>${escapeHtml(options.caption)}</caption>`;
  const className = options.className === undefined ? '' : ` class="${escapeHtml(options.className)}"`;
  return `<table${className}>${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** Four decimals for ordinary values; tiny or huge ones in exponent form so no digit is lost to 0.0000. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e7)) return value.toExponential(3);
  return value.toFixed(4);
}
