import type { DagDef } from './dag.js';

/**
 * BullMQ priority of a stage's trials, 1 served first. Stages on the DAG's longest chain of
 * stages come first, and within a chain the one with more stages behind it: every worker then
 * spends its time on the critical path as soon as it can, and fills in with the rest.
 */
export function stagePriority(dag: DagDef, stage: string): number {
  const rank = (name: string) => ({ chain: upstreamDepth(dag, name) + downstreamDepth(dag, name), behind: downstreamDepth(dag, name) });
  const all = dag.stages.map((s) => rank(s.name));
  const longest = Math.max(...all.map((r) => r.chain));
  const deepest = Math.max(...all.map((r) => r.behind));
  const own = rank(stage);
  return 1 + (longest - own.chain) * (deepest + 1) + (deepest - own.behind);
}

/** The longest chain of stages this one reads from, directly or not. */
export function upstreamDepth(dag: DagDef, stage: string): number {
  const needs = dag.stages.find((s) => s.name === stage)?.needs ?? [];
  return needs.length === 0 ? 0 : 1 + Math.max(...needs.map((need) => upstreamDepth(dag, need)));
}

/** The longest chain of stages that read this one, directly or not. */
export function downstreamDepth(dag: DagDef, stage: string): number {
  const readers = dag.stages.filter((s) => s.needs.includes(stage));
  return readers.length === 0 ? 0 : 1 + Math.max(...readers.map((s) => downstreamDepth(dag, s.name)));
}
