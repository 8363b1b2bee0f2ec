import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// One left-to-right pass: comments and strings are consumed whole, so an `import` inside
// either is never followed; only a string literal right after `from`, `import` or
// `import(` (closed by `)`, so `import('./a' + x)` is skipped) is a specifier.
// Regex literals are not recognised: a quote or `/*` inside one can hide an import.
const TOKEN = new RegExp(
  [
    String.raw`\/\*[\s\S]*?\*\/`,
    String.raw`\/\/[^\n]*`,
    String.raw`\x60(?:\\[\s\S]|[^\\\x60])*\x60`,
    String.raw`(?<![\w$.])(?:from|import)\s*(['"])([^'"\\\n]+)\1`,
    String.raw`(?<![\w$.])import\s*\(\s*(['"])([^'"\\\n]+)\3\s*\)`,
    String.raw`'(?:\\.|[^\\'\n])*'`,
    String.raw`"(?:\\.|[^\\"\n])*"`,
  ].join('|'),
  'g',
);

interface ModuleGraph {
  files: Map<string, Buffer>;
  packages: Set<string>;
}

const toPath = (entry: string | URL): string =>
  resolve(entry instanceof URL || entry.startsWith('file:') ? fileURLToPath(entry) : entry);

function walkGraph(entry: string | URL): ModuleGraph {
  const graph: ModuleGraph = { files: new Map(), packages: new Set() };
  const pending = [toPath(entry)];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (graph.files.has(file)) continue;
    const bytes = readFileSync(file);
    graph.files.set(file, bytes);
    if (!/\.([cm]?js|ts)$/.test(file)) continue; // e.g. an imported .json: hashed, not scanned
    for (const match of bytes.toString('utf8').matchAll(TOKEN)) {
      const specifier = match[2] ?? match[4];
      if (specifier === undefined) continue;
      if (specifier.startsWith('.')) {
        pending.push(importedFile(file, specifier));
      } else if (!/^[/#]|:/.test(specifier)) {
        const parts = specifier.split('/');
        const name = parts.slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
        if (!builtinModules.includes(name)) graph.packages.add(packageVersion(file, name));
      }
    }
  }
  return graph;
}

/** The file a relative import loads; under a TypeScript loader (vitest, tsx) './x.js' is the source './x.ts'. */
function importedFile(from: string, specifier: string): string {
  const target = resolve(dirname(from), specifier);
  const isFile = (path: string) => statSync(path, { throwIfNoEntry: false })?.isFile() === true;
  if (isFile(target)) return target;
  const source = target.replace(/\.js$/, '.ts');
  if (from.endsWith('.ts') && isFile(source)) return source;
  throw new Error(`${from} imports '${specifier}', which is not a file`);
}

/** The nearest `dir/.../relativePath` at or above `dir`, if any. */
function findUp(dir: string, relativePath: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, relativePath))) return join(at, relativePath);
    if (dirname(at) === at) return undefined;
  }
}

function packageVersion(importer: string, name: string): string {
  const own = findUp(dirname(importer), 'package.json');
  const ownManifest = own && (JSON.parse(readFileSync(own, 'utf8')) as { name?: string; version?: string });
  // A study module importing 'sweepflow' from inside this package: a self-reference.
  if (ownManifest && ownManifest.name === name) return `${name}@${ownManifest.version ?? 'unresolved'}`;
  let manifest: string | undefined;
  try {
    manifest = createRequire(importer).resolve(`${name}/package.json`);
  } catch {
    // The package's `exports` may not expose package.json; node_modules is still there.
    manifest = findUp(dirname(importer), join('node_modules', name, 'package.json'));
  }
  const version: unknown = manifest && JSON.parse(readFileSync(manifest, 'utf8')).version;
  return `${name}@${typeof version === 'string' ? version : 'unresolved'}`;
}

/**
 * The compiled module `entry` and every module it reaches by relative static (or literal
 * dynamic) imports, as sorted absolute paths (the code a job really runs), and the
 * `name@version` of each package it imports.
 */
export function moduleGraph(entry: string | URL): { files: string[]; packages: string[] } {
  const { files, packages } = walkGraph(entry);
  return { files: [...files.keys()].sort(), packages: [...packages].sort() };
}

/**
 * {@link moduleCodeVersion} without the memo: hashes each graph file's path (relative to
 * the entry's package root, so the checkout's location does not matter) and bytes, and the
 * `name@version` of each package imported, so a change elsewhere leaves the version alone.
 */
export function computeModuleCodeVersion(entry: string | URL): string {
  const { files, packages } = walkGraph(entry);
  const paths = [...files.keys()].sort();
  const manifest = findUp(dirname(toPath(entry)), 'package.json');
  const root = manifest ? dirname(manifest) : commonDir(paths);
  const hash = createHash('sha256');
  for (const path of paths) {
    const bytes = files.get(path)!;
    hash.update(`${relative(root, path)}\0${bytes.length}\0`).update(bytes);
  }
  for (const pkg of [...packages].sort()) hash.update(`${pkg}\0`);
  return hash.digest('hex').slice(0, 16);
}

function commonDir(paths: string[]): string {
  return paths.map(dirname).reduce((common, dir) => {
    const outside = () => relative(common, dir) === '..' || relative(common, dir).startsWith(`..${sep}`);
    while (outside()) common = dirname(common);
    return common;
  });
}

const memo = new Map<string, string>();

/**
 * A code version for the results `entry` computes, for cache content keys: editing a model
 * re-runs the trials of the kinds that import it and nothing else. Memoized per process, as the code
 * a process has loaded does not change under it.
 */
export function moduleCodeVersion(entry: string | URL): string {
  const path = toPath(entry);
  let version = memo.get(path);
  if (version === undefined) memo.set(path, (version = computeModuleCodeVersion(path)));
  return version;
}
