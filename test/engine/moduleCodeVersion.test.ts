import { appendFile, cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentKey, inputHash } from '../../src/engine/contentKey.js';
import { trialParams, type StageDef } from '../../src/engine/dag.js';
import { computeModuleCodeVersion, moduleGraph } from '../../src/engine/moduleCodeVersion.js';
import { SEED_CONFIG } from '../../studies/recipe/recipeStages.js';
import { NUMERIC_FEATURES } from '../../studies/movies/data/movieFeatures.js';
import movieStudy, { movieStages } from '../../studies/movies/study.js';

/** The compiled tree the test command builds: kinds are versioned from their compiled modules. */
const DIST = resolve('dist');
/** A kind's module in dist/ (vitest loads the TypeScript sources). */
const compiledPath = (module: string) => relative(resolve('.'), fileURLToPath(module)).replace(/\.ts$/, '.js');

/**
 * Each stage's trial keys as advanceRun derives them, with every stage's upstream keys
 * standing in for results: a changed code version shows in its kind's keys and downstream.
 */
function stageKeys(stages: readonly StageDef[], versions: Record<string, string>): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const stage of stages) {
    const inputs = inputHash('d'.repeat(64), Object.fromEntries(stage.needs.map((need) => [need, keys.get(need)!])));
    keys.set(stage.name, stage.trials.map((t) => contentKey(stage.kind, trialParams(stage, t), inputs, versions[stage.kind])));
  }
  return keys;
}

describe('code versions follow the modules each job kind imports (a temp copy of dist/)', () => {
  let copy: string;
  const stages = movieStages(SEED_CONFIG);
  const versionsIn = (root: string) =>
    Object.fromEntries(movieStudy.kinds.map((kind) => [kind.name, computeModuleCodeVersion(join(root, compiledPath(kind.module)))]));
  const changedStages = (before: Map<string, string[]>, after: Map<string, string[]>) =>
    [...before].filter(([stage, keys]) => keys.some((key, i) => key !== after.get(stage)![i])).map(([stage]) => stage);

  beforeAll(async () => {
    copy = await mkdtemp(join(tmpdir(), 'sweepflow-codeversion-'));
    await cp(DIST, join(copy, 'dist'), { recursive: true });
    await cp('package.json', join(copy, 'package.json'));
    await symlink(resolve('node_modules'), join(copy, 'node_modules'));
  });
  afterAll(async () => {
    await rm(copy, { recursive: true, force: true });
  });

  it('hashes a kind module with the models it imports, not the rest of the tree', () => {
    const mlp = moduleGraph(join(DIST, 'studies/recipe/kinds/mlp.js')).files.map((f) => relative(DIST, f));
    expect(mlp).toContain('src/models/mlpFusedTrainer.js');
    expect(mlp).toContain('src/models/importanceRows.js');
    expect(mlp.some((f) => f.includes('knn') || f.includes('kmeans'))).toBe(false);
    expect(moduleGraph(join(DIST, 'studies/recipe/kinds/mlp.js')).packages.some((p) => p.startsWith('zod@'))).toBe(true);
  });

  it('editing the MLP trainer changes the keys of the MLP stages and what reads them, nothing else', async () => {
    const root = join(copy, 'dist');
    const before = versionsIn(root);
    await appendFile(join(root, 'src/models/mlpStopping.js'), '\n// edited\n');
    const after = versionsIn(root);
    expect(Object.keys(before).filter((kind) => before[kind] !== after[kind])).toEqual(['mlp', 'mlp-final']);
    expect(changedStages(stageKeys(stages, before), stageKeys(stages, after))).toEqual(['mlp', 'mlp-final', 'compare']);
  });

  it('editing the importance rows (which feed MLP results) changes the MLP kinds and compare', async () => {
    const root = join(copy, 'dist');
    const before = versionsIn(root);
    await appendFile(join(root, 'src/models/importanceRows.js'), '\n// edited\n');
    const after = versionsIn(root);
    expect(Object.keys(before).filter((kind) => before[kind] !== after[kind])).toEqual(['mlp', 'mlp-final', 'compare']);
  });

  it('editing a KNN model leaves every MLP, KMeans, PCA and OLS key as it was', async () => {
    const root = join(copy, 'dist');
    const before = stageKeys(stages, versionsIn(root));
    await appendFile(join(root, 'src/models/knnNeighbourTable.js'), '\n// edited\n');
    const changed = changedStages(before, stageKeys(stages, versionsIn(root)));
    expect(changed).toContain('knn-cell');
    for (const stage of ['preprocess', 'ols', 'mlp', 'mlp-final', 'kmeans', 'pca', 'kmeans-pca']) expect(changed).not.toContain(stage);
  });
});
