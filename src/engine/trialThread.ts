import { parentPort } from 'node:worker_threads';
import { openStore } from '../store/openStore.js';
import type { ObjectStore } from '../store/objectStore.js';
import { DataError } from '../data/dataError.js';
import { runTrial } from './runTrial.js';
import { TrialInputError, type ProcessorRegistry } from './trialProcessor.js';
import type { ThreadMessage } from './threadPool.js';
import type { TrialPayload } from './trialPayload.js';

/** What the worker host sends a trial thread: the job and where its processors live. */
export interface ThreadTask {
  readonly payload: TrialPayload;
  readonly registryModule: string;
  readonly storeFolder: string;
}

const registries = new Map<string, Promise<ProcessorRegistry>>();
const stores = new Map<string, ObjectStore>();

function registry(module: string): Promise<ProcessorRegistry> {
  let loaded = registries.get(module);
  if (loaded === undefined) {
    loaded = import(module).then((m: { processors: ProcessorRegistry }) => m.processors);
    registries.set(module, loaded);
  }
  return loaded;
}

const port = parentPort!;
port.on('message', async (task: ThreadTask) => {
  const send = (message: ThreadMessage) => port.postMessage(message);
  try {
    let store = stores.get(task.storeFolder);
    if (store === undefined) stores.set(task.storeFolder, (store = openStore(process.env, { folder: task.storeFolder })));
    const value = await runTrial(store, await registry(task.registryModule), task.payload, (progress) =>
      send({ type: 'progress', value: progress }),
    );
    send({ type: 'done', value });
  } catch (error) {
    const inputError = error instanceof DataError || error instanceof TrialInputError;
    const message = error instanceof Error ? error.message : String(error);
    send({ type: 'error', message: message.split('\n')[0], inputError });
  }
});
