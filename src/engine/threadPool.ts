import { SweepflowError } from '../sweepflowError.js';
import { Worker as Thread } from 'node:worker_threads';

/** A message from a trial thread: progress, then a result or an error. */
export type ThreadMessage =
  | { readonly type: 'progress'; readonly value: number | object }
  | { readonly type: 'done'; readonly value: unknown }
  | { readonly type: 'error'; readonly message: string; readonly retryable: boolean };

interface Slot {
  thread: Thread | null;
  busy: boolean;
}

/**
 * A fixed number of worker threads, one task each at a time: CPU-heavy trials run here so
 * the main thread stays free to renew BullMQ locks. Threads start at once, so they load their
 * code while the process connects; a thread that dies is replaced.
 */
export class ThreadPool {
  private readonly slots: Slot[];
  /** Tasks waiting for a thread, in arrival order. */
  private readonly waiting: Array<(slot: Slot) => void> = [];

  constructor(
    private readonly entry: URL,
    size: number,
    private readonly workerData: unknown,
  ) {
    this.slots = Array.from({ length: size }, () => ({ thread: null, busy: false }));
    for (const slot of this.slots) slot.thread = this.startThread(slot);
  }

  async run<T>(task: unknown, onProgress: (value: number | object) => void): Promise<T> {
    const slot = await this.acquire();
    try {
      return await this.runOn<T>(slot, task, onProgress);
    } finally {
      this.release(slot);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.thread?.terminate()));
  }

  private runOn<T>(slot: Slot, task: unknown, onProgress: (value: number | object) => void): Promise<T> {
    const thread = (slot.thread ??= this.startThread(slot));
    return new Promise<T>((resolve, reject) => {
      const cleanup = () => {
        thread.off('message', onMessage);
        thread.off('error', onError);
        thread.off('exit', onExit);
      };
      const onMessage = (message: ThreadMessage) => {
        if (message.type === 'progress') return onProgress(message.value);
        cleanup();
        if (message.type === 'done') resolve(message.value as T);
        else reject(new SweepflowError(message.message, { retryable: message.retryable }));
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new Error(`trial thread exited with code ${code}`));
      };
      thread.on('message', onMessage);
      thread.on('error', onError);
      thread.on('exit', onExit);
      thread.postMessage(task);
    });
  }

  private startThread(slot: Slot): Thread {
    const thread = new Thread(this.entry, { workerData: this.workerData });
    // Also while idle: a thread that dies is replaced at its slot's next task (a running task fails by its own listeners).
    thread.on('error', () => undefined);
    thread.on('exit', () => {
      if (slot.thread === thread) slot.thread = null;
    });
    return thread;
  }

  private acquire(): Promise<Slot> {
    const free = this.slots.find((slot) => !slot.busy);
    if (free !== undefined) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((take) => this.waiting.push(take));
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next !== undefined) next(slot);
    else slot.busy = false;
  }
}
