import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deletePrefix, REDIS_URL, uniquePrefix } from './redisPrefix.js';
import { runCli } from './sweepflowCli.js';

export const MOVIES_CSV = fileURLToPath(new URL('../../data/movies.csv', import.meta.url));

/** A completed quick-profile study in its own folder store and Redis prefix. */
export interface QuickStudy {
  readonly dir: string;
  readonly storeDir: string;
  readonly prefix: string;
  readonly runId: string;
  /** The environment the CLI needs to find this study's Redis prefix and store. */
  readonly env: NodeJS.ProcessEnv;
  /** Deletes the prefix's Redis keys and the folder. */
  cleanup(): Promise<void>;
}

/** Runs `sweepflow run --profile quick` to completion (the compiled CLI, as the test command builds it). */
export async function runQuickStudy(label: string): Promise<QuickStudy> {
  const dir = await mkdtemp(join(tmpdir(), `sweepflow-${label}-`));
  const prefix = uniquePrefix(label);
  const storeDir = join(dir, 'runs');
  const env = { REDIS_URL, SWEEPFLOW_PREFIX: prefix, SWEEPFLOW_STORE_DIR: storeDir };
  const cleanup = async () => {
    await deletePrefix(prefix);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const result = await runCli(['run', '--data', MOVIES_CSV, '--profile', 'quick', '--workers', '2'], {
      cwd: dir,
      env,
      timeoutMs: 300_000,
    });
    if (result.code !== 0) throw new Error(`quick study failed (exit ${result.code})\n${result.stdout}\n${result.stderr}`);
    const runs = await readdir(join(storeDir, 'runs'));
    if (runs.length !== 1) throw new Error(`expected one run in ${storeDir}, found ${runs.join(', ')}`);
    return { dir, storeDir, prefix, runId: runs[0], env, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
