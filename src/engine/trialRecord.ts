import { z } from 'zod';
import type { ObjectStore } from '../store/objectStore.js';
import { runKeys } from './runLayout.js';

/**
 * runs/<runId>/trials/<jobId>.json: one trial as it settled, written by the worker that ran it
 * the moment it finished (or failed for good), so the trials table fills while the run goes on.
 */
export const trialRecordSchema = z.object({
  jobId: z.string(),
  stage: z.string(),
  kind: z.string(),
  state: z.enum(['completed', 'cached', 'failed']),
  metrics: z.record(z.string(), z.number()),
  /** The one-line error of a failed trial. */
  error: z.string().optional(),
  started: z.string(),
  finished: z.string(),
  ms: z.number(),
  /** The worker process (host.pid) that ran its last attempt. */
  worker: z.string(),
  attempts: z.number().int(),
});
export type TrialRecord = z.infer<typeof trialRecordSchema>;

export function writeTrialRecord(store: ObjectStore, runId: string, record: TrialRecord): Promise<void> {
  return store.putJson(runKeys.trial(runId, record.jobId), record);
}

/**
 * The run's trial records of the job ids in `of` that exist (none asked for: nothing is listed),
 * by job id; a record that does not parse is left out and named in `unreadable`.
 */
export async function readTrialRecords(store: ObjectStore, runId: string, of: ReadonlySet<string>): Promise<{ records: Map<string, TrialRecord>; unreadable: string[] }> {
  const wanted = new Set([...of].map((jobId) => runKeys.trial(runId, jobId)));
  const keys = wanted.size === 0 ? [] : (await store.list(runKeys.trialsPrefix(runId))).filter((key) => wanted.has(key));
  const read = await Promise.all(keys.map(async (key) => ({ key, parsed: trialRecordSchema.safeParse(await store.getJson(key)) })));
  const records = new Map<string, TrialRecord>();
  const unreadable: string[] = [];
  for (const { key, parsed } of read) {
    if (parsed.success) records.set(parsed.data.jobId, parsed.data);
    else unreadable.push(key);
  }
  return { records, unreadable };
}
