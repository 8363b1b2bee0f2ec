/**
 * One `sweepflow run` of the compiled CLI in isolation: its own Redis prefix and a fresh folder
 * store in a temp dir, so nothing is served from an earlier run's cache. Everything is removed
 * afterwards (the prefix's Redis keys and the folder), after `inspect` has looked at the run.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StageOutput } from '../src/engine/runManifest.js';
import { deletePrefix, REDIS_URL } from '../test/support/redisPrefix.js';

/** The compiled CLI, seen from dist/bench/. */
const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
/** GNU time: its %M is the peak resident set in KiB. */
export const TIME = '/usr/bin/time';

export interface StudyRunOptions {
  readonly label: string;
  readonly profile: 'seed' | 'quick';
  readonly workers: number;
  /** Overrides written to a study.json and passed with --config. */
  readonly config?: object;
  readonly dataPath?: string;
  /** Options naming the study and its table, e.g. ['--study', 'table', '--target', 'target']; none: the movie study. */
  readonly studyArgs?: readonly string[];
  readonly timeoutMs?: number;
  /** Run the CLI under GNU time (/usr/bin/time) to get the peak resident set of its processes. */
  readonly peakRss?: boolean;
}

export interface StudyRun {
  readonly prefix: string;
  readonly redisUrl: string;
  readonly runId: string;
  /** From spawning the CLI to its exit (start-up, submission, workers, export included). */
  readonly wallMs: number;
  /** results.json `timings`: seconds per stage group. */
  readonly timings: Record<string, number>;
  readonly stages: readonly StageOutput[];
  /**
   * With `peakRss`: the largest peak resident set of one process (the CLI or a worker it
   * started and reaped, as wait4 reports it), bytes.
   */
  readonly peakRssBytes?: number;
  /** What `--out` wrote: results.json, report.html, models/. */
  readonly outDir: string;
}

/** Runs the study to completion, hands it to `inspect` while its Redis keys still exist, then cleans up. */
export async function withStudyRun<T>(options: StudyRunOptions, inspect: (run: StudyRun) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), `sweepflow-bench-${options.label}-`));
  const prefix = `sfbench-${options.label}-${randomBytes(4).toString('hex')}`;
  const storeDir = join(dir, 'store');
  const outDir = join(dir, 'out');
  try {
    const args = ['run', '--data', resolve(options.dataPath ?? 'data/movies.csv'), ...(options.studyArgs ?? []), '--profile', options.profile];
    if (options.config !== undefined) {
      const configPath = join(dir, 'study.json');
      await writeFile(configPath, JSON.stringify(options.config));
      args.push('--config', configPath);
    }
    args.push('--workers', String(options.workers), '--out', outDir);
    const env = { ...process.env, REDIS_URL, SWEEPFLOW_PREFIX: prefix, SWEEPFLOW_STORE_DIR: storeDir };

    const rssFile = join(dir, 'peak-rss');
    const command = options.peakRss === true ? [TIME, '-f', '%M', '-o', rssFile, process.execPath, CLI] : [process.execPath, CLI];
    const start = performance.now();
    const exit = await runCli([...command, ...args], env, options.timeoutMs ?? 3_600_000);
    const wallMs = performance.now() - start;
    if (exit.code !== 0) {
      const tail = exit.output.trim().split('\n').slice(-3).join(' | ');
      throw new Error(`sweepflow run (${options.label}) exited with ${exit.code}: ${tail}`);
    }

    const [runId] = await readdir(join(storeDir, 'runs'));
    const results = JSON.parse(await readFile(join(outDir, 'results.json'), 'utf8')) as { timings: Record<string, number> };
    const stageDir = join(storeDir, 'runs', runId, 'stages');
    const stages = await Promise.all(
      (await readdir(stageDir)).map(async (file) => JSON.parse(await readFile(join(stageDir, file), 'utf8')) as StageOutput),
    );
    const peakRssBytes = options.peakRss === true ? Number((await readFile(rssFile, 'utf8')).trim()) * 1024 : undefined;
    return await inspect({ prefix, redisUrl: REDIS_URL, runId, wallMs, timings: results.timings, stages, peakRssBytes, outDir });
  } finally {
    await deletePrefix(prefix);
    await rm(dir, { recursive: true, force: true });
  }
}

function runCli(command: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const [program, ...args] = command;
    const child = spawn(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    let timedOut = false;
    // SIGTERM lets the CLI stop its workers; the rejection waits for that, so cleanup follows it.
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new Error(`sweepflow run did not finish in ${timeoutMs / 60_000} min (workers killed from outside?)`));
      else resolvePromise({ code, output });
    });
  });
}
