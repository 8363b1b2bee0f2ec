import { SweepflowError } from '../sweepflowError.js';
import { describeIssues } from './dag.js';
import type { Study } from './study.js';

/** A study's profile with a user's overrides (a config file) merged in and validated: one line per problem. */
export function resolveConfig<Config>(study: Study<Config>, profile: string = study.defaultProfile, overrides: unknown = {}): Config {
  const base = study.profiles[profile];
  if (base === undefined) {
    throw new SweepflowError(`study '${study.id}' has no profile '${profile}' (profiles: ${Object.keys(study.profiles).join(', ')})`);
  }
  const parsed = study.config.safeParse(mergeDeep(base, overrides));
  if (!parsed.success) throw new SweepflowError(`invalid study config: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** Objects merge key by key; anything else (a list, a number) replaces what the profile had. */
export function mergeDeep(base: unknown, overrides: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(overrides)) return overrides === undefined ? base : overrides;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) merged[key] = mergeDeep(base[key], value);
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
