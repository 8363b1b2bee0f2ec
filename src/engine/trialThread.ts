import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store/openStore.js';
import type { ObjectStore } from '../store/objectStore.js';
import { errorLine, isRetryable } from '../sweepflowError.js';
import { ENGINE_DEFAULTS } from './engineDefaults.js';
import { importStudies } from './importStudy.js';
import { runTrial } from './runTrial.js';
import type { Study } from './study.js';
import type { ThreadMessage } from './threadPool.js';
import type { TrialPayload } from './trialPayload.js';

/** What a trial thread is started with: the study modules it serves and the folder store's root. */
export interface TrialThreadData {
  readonly studyModules: readonly string[];
  readonly storeFolder: string;
}

const { studyModules, storeFolder } = workerData as TrialThreadData;
// Loaded as the thread starts, before its first trial arrives; a failure is reported by each trial.
const studies: Promise<Map<string, Study>> = importStudies(studyModules);
studies.catch(() => undefined);
let store: ObjectStore | undefined;

const port = parentPort!;
port.on('message', async (payload: TrialPayload) => {
  const send = (message: ThreadMessage) => port.postMessage(message);
  try {
    store ??= openStore(process.env, { folder: storeFolder });
    // A trial may report every epoch; a few updates a second are plenty for bull-board, and each costs a Redis write.
    let reported = -Infinity;
    const onProgress = (progress: number | object) => {
      if (performance.now() - reported < ENGINE_DEFAULTS.progressIntervalMs) return;
      reported = performance.now();
      send({ type: 'progress', value: progress });
    };
    const value = await runTrial(store, await studies, payload, onProgress);
    send({ type: 'done', value });
  } catch (error) {
    send({ type: 'error', message: errorLine(error), retryable: isRetryable(error) });
  }
});
