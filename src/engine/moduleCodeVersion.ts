import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A compiled module's static imports: `from '…'`, `import '…'`, `import('…')` with a literal. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"\n]+)\1/g;
const COMMENT = /\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm;
const BUILTINS = new Set(builtinModules);

/** The modules a compiled module reaches through relative imports (itself included), and the packages it names. */
export interface ModuleGraph {
  readonly files: readonly string[];
  readonly packages: readonly string[];
}

/** Walks a compiled ESM module's static import graph: every relative import is followed, bare ones are packages. */
export function moduleGraph(entry: string | URL): ModuleGraph {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8').replace(COMMENT, '');
    for (const [, , specifier] of source.matchAll(SPECIFIER)) {
      if (specifier.startsWith('.')) {
        visit(importedFile(file, specifier));
      } else if (!specifier.startsWith('node:') && !BUILTINS.has(specifier)) {
        packages.add(packageName(specifier));
      }
    }
  };
  visit(toPath(entry));
  return { files: [...files].sort(), packages: [...packages].sort() };
}

/**
 * The version of the code a module runs: sha256 of every file of its import graph (by its path
 * from the package root) and of each package's name and installed version. Editing a model
 * changes the version of the job kinds that import it and of nothing else.
 */
export function computeModuleCodeVersion(entry: string | URL): string {
  const path = toPath(entry);
  const root = packageRoot(path);
  const { files, packages } = moduleGraph(path);
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${relative(root, file)}\n`).update(readFileSync(file));
  for (const name of packages) hash.update(`${name}@${installedVersion(name, path)}\n`);
  return hash.digest('hex').slice(0, 16);
}

const versions = new Map<string, string>();

/** computeModuleCodeVersion, once per module per process: a process's code does not change under it. */
export function moduleCodeVersion(entry: string | URL): string {
  const path = toPath(entry);
  let version = versions.get(path);
  if (version === undefined) versions.set(path, (version = computeModuleCodeVersion(path)));
  return version;
}

/** The file a relative import loads; under a TypeScript loader (vitest, tsx) './x.js' is the source './x.ts'. */
function importedFile(from: string, specifier: string): string {
  const target = resolve(dirname(from), specifier);
  if (existsSync(target)) return target;
  const source = target.replace(/\.js$/, '.ts');
  if (from.endsWith('.ts') && existsSync(source)) return source;
  throw new Error(`${from} imports '${specifier}', which does not exist`);
}

function toPath(entry: string | URL): string {
  return entry instanceof URL || entry.startsWith('file:') ? fileURLToPath(entry) : resolve(entry);
}

/** 'zod/v4' → 'zod', '@scope/pkg/sub' → '@scope/pkg'. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The nearest folder above `file` with a package.json. */
function packageRoot(file: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return dirname(file);
  }
}

/** The version of `name` that `from` would load: the package itself (a self-reference), or node_modules folders upwards, as Node resolves. */
function installedVersion(name: string, from: string): string {
  const own = join(packageRoot(from), 'package.json');
  if (existsSync(own)) {
    const manifest = JSON.parse(readFileSync(own, 'utf8')) as { name?: string; version?: string };
    if (manifest.name === name) return manifest.version ?? 'unversioned';
  }
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version ?? 'unversioned';
    if (dirname(dir) === dir) return 'unresolved';
  }
}
