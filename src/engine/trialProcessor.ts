import type { ObjectStore } from '../store/objectStore.js';
import type { TrialParams } from './dag.js';
import type { RunManifest } from './runManifest.js';

/** One upstream trial's parameters and stored result. */
export interface UpstreamTrial<R = unknown> {
  readonly params: TrialParams;
  readonly result: R;
}

/** What a processor may do: read its inputs, report progress, write run files. */
export interface TrialContext<P extends TrialParams = TrialParams> {
  readonly runId: string;
  readonly stage: string;
  readonly params: P;
  readonly store: ObjectStore;
  manifest(): Promise<RunManifest>;
  dataset(): Promise<Buffer>;
  upstream<R>(stage: string): Promise<UpstreamTrial<R>[]>;
  progress(value: number | object): void;
}

/** A job kind's computation; its JSON result is cached under the trial's content key. */
export type TrialProcessor = (context: TrialContext<any>) => Promise<unknown>;

export type ProcessorRegistry = Readonly<Record<string, TrialProcessor>>;

/**
 * An error in the data or parameters a trial was given: retrying cannot help, so the
 * job fails at once with this one-line message.
 */
export class TrialInputError extends Error {
  override readonly name = 'TrialInputError';
}
