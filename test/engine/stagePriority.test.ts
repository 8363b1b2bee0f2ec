import { describe, expect, it } from 'vitest';
import type { DagDef } from '../../src/engine/dag.js';
import { downstreamDepth, stagePriority, upstreamDepth } from '../../src/engine/stagePriority.js';
import { movieStages } from '../../studies/movies/study.js';
import { SEED_CONFIG } from '../../studies/recipe/recipeStages.js';
import { NUMERIC_FEATURES } from '../../studies/movies/data/movieFeatures.js';

const study: DagDef = { study: 'movies', stages: movieStages(SEED_CONFIG) };
const priority = (stage: string) => stagePriority(study, stage);

describe('stagePriority on the movie study', () => {
  it('measures chains above and below a stage', () => {
    expect(upstreamDepth(study, 'preprocess')).toBe(0);
    expect(upstreamDepth(study, 'knn-importance')).toBe(4);
    expect(downstreamDepth(study, 'knn-importance')).toBe(1);
    expect(downstreamDepth(study, 'compare')).toBe(0);
  });

  it('serves the KNN chain, the longest, first, in its order', () => {
    const chain = ['preprocess', 'knn-table', 'knn-cell', 'knn-final', 'knn-importance', 'compare'];
    const priorities = chain.map(priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => a - b));
    expect(new Set(priorities).size).toBe(chain.length);
    expect(priority('knn-importance')).toBeLessThan(Math.min(...['mlp', 'kmeans', 'pca', 'ols', 'knn-curve'].map(priority)));
  });

  it('puts a stage with more stages behind it before one with fewer on an equally long chain', () => {
    expect(priority('mlp')).toBeLessThan(priority('mlp-final'));
    expect(priority('mlp')).toBe(priority('kmeans'));
    expect(priority('kmeans-pca')).toBeLessThan(priority('ols'));
    expect(Math.min(...study.stages.map((s) => priority(s.name)))).toBe(1);
  });
});
