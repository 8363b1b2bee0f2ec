import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * A hash of the code that computes results (data, models, workers), part of every
 * content key: changing a model invalidates its cached results, nothing else does.
 */
export function codeVersion(): string {
  const hash = createHash('sha256');
  for (const dir of ['src/data', 'src/models', 'workers', 'dag']) {
    for (const file of listFiles(join(packageRoot, dir))) {
      hash.update(file.slice(packageRoot.length));
      hash.update(readFileSync(file));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

function listFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listFiles(path);
    return /\.(js|ts)$/.test(path) && !path.endsWith('.d.ts') ? [path] : [];
  });
}
