import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store/openStore.js';
import type { ObjectStore } from '../store/objectStore.js';
import { DataError } from '../data/dataError.js';
import { runTrial } from './runTrial.js';
import { TrialInputError, type ProcessorRegistry } from './trialProcessor.js';
import type { ThreadMessage } from './threadPool.js';
import type { TrialPayload } from './trialPayload.js';

/** What a trial thread is started with: where its processors live and the folder store's root. */
export interface TrialThreadData {
  readonly registryModule: string;
  readonly storeFolder: string;
}

const { registryModule, storeFolder } = workerData as TrialThreadData;
// Loaded as the thread starts, before its first trial arrives; a failure is reported by each trial.
const processors: Promise<ProcessorRegistry> = import(registryModule).then((m: { processors: ProcessorRegistry }) => m.processors);
processors.catch(() => undefined);
let store: ObjectStore | undefined;
const PROGRESS_INTERVAL_MS = 250;

const port = parentPort!;
port.on('message', async (payload: TrialPayload) => {
  const send = (message: ThreadMessage) => port.postMessage(message);
  try {
    store ??= openStore(process.env, { folder: storeFolder });
    // An MLP reports every epoch; a few updates a second are plenty for bull-board, and each costs a Redis write.
    let reported = -Infinity;
    const onProgress = (progress: number | object) => {
      if (performance.now() - reported < PROGRESS_INTERVAL_MS) return;
      reported = performance.now();
      send({ type: 'progress', value: progress });
    };
    const value = await runTrial(store, await processors, payload, onProgress);
    send({ type: 'done', value });
  } catch (error) {
    const inputError = error instanceof DataError || error instanceof TrialInputError;
    const message = error instanceof Error ? error.message : String(error);
    send({ type: 'error', message: message.split('\n')[0], inputError });
  }
});
