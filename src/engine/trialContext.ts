import type { ObjectStore } from '../store/objectStore.js';
import type { TrialParams } from './dag.js';
import type { RunManifest } from './runManifest.js';

/** One upstream trial's parameters and stored result. */
export interface UpstreamTrial<R = unknown> {
  readonly params: TrialParams;
  readonly result: R;
}

/** What a trial may do: read its declared inputs, report progress, write its run's files. */
export interface TrialContext<Params> {
  readonly runId: string;
  readonly stage: string;
  /** Validated by its kind's schema. */
  readonly params: Params;
  readonly store: ObjectStore;
  manifest(): Promise<RunManifest>;
  /** The run's input table, as the user gave it. */
  dataset(): Promise<Buffer>;
  /** Results of a stage this trial's stage needs (anything else is refused). */
  upstream<R>(stage: string): Promise<UpstreamTrial<R>[]>;
  progress(value: number | object): void;
}
