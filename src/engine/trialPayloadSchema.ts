import { z } from 'zod';
import { isSafeSegment } from '../store/objectStore.js';
import type { TrialPayload } from './trialPayload.js';

const safeId = z.string().refine(isSafeSegment, { message: "must be letters, digits, '.', '_' or '-'" });
const param = z.union([z.string(), z.number().finite(), z.boolean(), z.null(), z.array(z.number().finite())]);

/** A trial job's data as it arrives from Redis, where anyone with access could have put anything. */
export const trialPayloadSchema = z.strictObject({
  runId: safeId,
  stage: safeId,
  kind: safeId,
  params: z.record(z.string(), param),
  key: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest'),
  force: z.boolean(),
});

/** The payload, or a one-line description of what is wrong with it. */
export function parseTrialPayload(data: unknown): TrialPayload | string {
  const parsed = trialPayloadSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  return `invalid trial payload: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`;
}
