import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeModuleCodeVersion, moduleCodeVersion, moduleGraph } from '../../src/engine/moduleCodeVersion.js';

const zodDir = dirname(createRequire(import.meta.url).resolve('zod/package.json'));

const tree: Record<string, string> = {
  'package.json': '{"name":"synthetic","type":"module"}',
  'kinds/a.js': [
    "import { m1 } from '../models/m1.js';",
    'import shared from "../models/shared.js";',
    "import { z } from 'zod/v4';",
    "import hidden from 'hidden-manifest';",
    "/* a block comment: import './nope.js' */",
    "// import './nope.js'",
    "const url = 'https://example.com/x'; // a URL string is not a comment",
    `const text = "import './nope.js'";`,
    "const name = 'm3';",
    'export const templated = () => import(`../models/${name}.js`);',
    "export const computed = () => import('../models/' + name + '.js');",
  ].join('\n'),
  'kinds/b.js': [
    'import {',
    '  m2,',
    '  m2b,',
    "} from '../models/m2.js';",
    "import '../models/side.js';",
    "export * from '../models/shared.js';",
    "export { helper } from '../util/helper.js';",
    "export const lazy = () => import('../models/lazy.js');",
    "import fs from 'node:fs'; import path from 'path';",
    "import { thing } from 'not-installed';",
  ].join('\n'),
  'models/m1.js': 'export const m1 = 1;',
  'models/m2.js': 'export const m2 = 2, m2b = 3;',
  'models/shared.js': 'export default 0;',
  'models/side.js': 'globalThis.side = true;',
  'models/lazy.js': 'export const lazy = 1;',
  'models/unrelated.js': 'export const unrelated = 1;',
  'util/helper.js': "export { deep as helper } from './deep.js';",
  'util/deep.js': 'export const deep = 1;',
  // A package whose `exports` hide package.json: found by walking node_modules.
  'node_modules/hidden-manifest/package.json': '{"name":"hidden-manifest","version":"1.0.0","exports":{".":"./index.js"}}',
  'node_modules/hidden-manifest/index.js': 'export default 1;',
};

let root: string;
let temps: string[];
const at = (path: string) => join(root, path);
const versions = () => [computeModuleCodeVersion(at('kinds/a.js')), computeModuleCodeVersion(at('kinds/b.js'))];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sweepflow-graph-'));
  temps = [root];
  for (const [path, text] of Object.entries(tree)) {
    mkdirSync(dirname(at(path)), { recursive: true });
    writeFileSync(at(path), text);
  }
  symlinkSync(zodDir, at('node_modules/zod'));
});

afterEach(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('moduleGraph', () => {
  it('follows relative static, re-export, side-effect and literal dynamic imports only', () => {
    expect(moduleGraph(at('kinds/a.js')).files).toEqual(['kinds/a.js', 'models/m1.js', 'models/shared.js'].map(at));
    expect(moduleGraph(pathToFileURL(at('kinds/b.js'))).files).toEqual(
      ['kinds/b.js', 'models/lazy.js', 'models/m2.js', 'models/shared.js', 'models/side.js', 'util/deep.js', 'util/helper.js'].map(at),
    );
  });

  it('throws one line naming the importer and the specifier of a missing relative import', () => {
    writeFileSync(at('kinds/broken.js'), "import '../models/m1.js';\nimport { gone } from './gone.js';");
    expect(() => moduleGraph(at('kinds/broken.js')).files).toThrow(/^\S*kinds\/broken\.js imports '\.\/gone\.js'[^\n]*$/);
  });
});

describe('computeModuleCodeVersion', () => {
  it('changes for the entries whose graph holds the edited file, and only those', () => {
    const [a0, b0] = versions();
    expect(a0).toMatch(/^[0-9a-f]{16}$/);
    expect(a0).not.toBe(b0);

    appendFileSync(at('models/m1.js'), '\n// tuned');
    const [a1, b1] = versions();
    expect(a1).not.toBe(a0);
    expect(b1).toBe(b0);

    appendFileSync(at('models/shared.js'), '\n// tuned');
    const [a2, b2] = versions();
    expect(a2).not.toBe(a1);
    expect(b2).not.toBe(b1);

    appendFileSync(at('models/unrelated.js'), '\n// tuned');
    appendFileSync(at('package.json'), '\n');
    expect(versions()).toEqual([a2, b2]);
  });

  it("changes with the version of an imported package whose exports hide its package.json", () => {
    const [a0, b0] = versions();
    writeFileSync(at('node_modules/hidden-manifest/package.json'), tree['node_modules/hidden-manifest/package.json'].replace('1.0.0', '1.0.1'));
    const [a1, b1] = versions();
    expect(a1).not.toBe(a0);
    expect(b1).toBe(b0);
  });

  it('does not depend on where the package is checked out', () => {
    const copy = mkdtempSync(join(tmpdir(), 'sweepflow-graph-'));
    temps.push(copy);
    cpSync(root, copy, { recursive: true });
    expect(computeModuleCodeVersion(join(copy, 'kinds/a.js'))).toBe(versions()[0]);
  });
});

describe('moduleCodeVersion', () => {
  it('is the computed version, memoized by path whether given a path or a file URL', () => {
    const a = at('kinds/a.js');
    const first = moduleCodeVersion(pathToFileURL(a));
    expect(first).toBe(computeModuleCodeVersion(a));
    appendFileSync(at('models/m1.js'), '\n// tuned');
    expect(moduleCodeVersion(a)).toBe(first);
  });
});
