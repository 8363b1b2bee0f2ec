/** Formatting shared by the bench report's sections. */
import { loadavg } from 'node:os';

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (Math.abs(ms) >= 60_000) return `${(ms / 60_000).toFixed(1)} min`;
  if (Math.abs(ms) >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (Math.abs(ms) >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function formatBytes(bytes: number): string {
  if (Math.abs(bytes) >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MiB`;
  if (Math.abs(bytes) >= 1 << 10) return `${(bytes / (1 << 10)).toFixed(1)} KiB`;
  return `${bytes} B`;
}

export function formatLoad(): string {
  return `load average ${loadavg().map((v) => v.toFixed(2)).join(' / ')} (1 / 5 / 15 min)`;
}

/** "met" / "NOT met" for a figure that must stay at or below its target. */
export function verdict(value: number, atMost: number): string {
  return value <= atMost ? 'target met' : 'target NOT met';
}

/** Label, then columns padded to a common width. */
export function row(label: string, ...cells: string[]): string {
  return `  ${label.padEnd(34)} ${cells.map((c) => c.padEnd(18)).join(' ').trimEnd()}`;
}
