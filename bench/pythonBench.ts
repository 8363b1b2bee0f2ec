/**
 * Runs a timing script of scripts/bench/ with Debian's /usr/bin/python3 (the interpreter with
 * scikit-learn) and parses the one JSON object it prints. Benchmarks only: nothing else runs Python.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PYTHON = '/usr/bin/python3';
export const SKLEARN_MISSING = 'scikit-learn not available: ratio skipped';

/** scripts/bench/, seen from the compiled dist/bench/ (the bench runs compiled). */
const SCRIPTS = fileURLToPath(new URL('../../scripts/bench/', import.meta.url));

let available: boolean | undefined;

/** Whether /usr/bin/python3 exists and imports scikit-learn (checked once). */
export function sklearnAvailable(): boolean {
  available ??= existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;
  return available;
}

/**
 * One thread for OpenMP and BLAS: single-threaded Python, the reference Σ trial time compares with.
 * (On a shared machine, OpenMP's spinning threads also made KMeans up to 60× slower.)
 */
export const SINGLE_THREADED = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

/** The script's JSON output, or null (with the reason on stderr) when it fails. */
export function runPythonBench<T>(script: string, args: string[] = [], env: Record<string, string> = {}): Promise<T | null> {
  if (!sklearnAvailable()) return Promise.resolve(null);
  return new Promise((resolve) => {
    const child = spawn(PYTHON, [SCRIPTS + script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => {
      console.error(`  ${script}: ${error.message}`);
      resolve(null);
    });
    child.on('close', (code) => {
      if (code !== 0) {
        console.error(`  ${script} exited with ${code}: ${stderr.trim().split('\n').slice(-1)[0] ?? ''}`);
        return resolve(null);
      }
      try {
        resolve(JSON.parse(stdout.trim().split('\n').slice(-1)[0]) as T);
      } catch {
        console.error(`  ${script} printed no JSON`);
        resolve(null);
      }
    });
  });
}
