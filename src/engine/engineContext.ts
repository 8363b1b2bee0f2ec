import { FlowProducer, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ObjectStore } from '../store/objectStore.js';
import { redisConnection, type EngineConfig } from './engineConfig.js';

/** One process's handles on Redis and the store, shared by everything that drives runs. */
export class EngineContext {
  readonly connection: Redis;
  readonly flows: FlowProducer;
  private readonly queues = new Map<string, Queue>();

  constructor(
    readonly config: EngineConfig,
    readonly store: ObjectStore,
  ) {
    this.connection = redisConnection(config);
    this.flows = new FlowProducer({ connection: this.connection, prefix: config.prefix });
  }

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (queue === undefined) {
      queue = new Queue(name, { connection: this.connection, prefix: this.config.prefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** A Redis key of this deployment for engine bookkeeping beside BullMQ's own. */
  key(...parts: string[]): string {
    return [this.config.prefix, 'sweepflow', ...parts].join(':');
  }

  /** Redis's clock, in ms since the epoch: the one clock all hosts of a deployment share, so timings taken on different hosts agree. */
  async now(): Promise<number> {
    const [seconds, micros] = await this.connection.time();
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await this.flows.close();
    this.connection.disconnect();
  }
}
