import { SEED_CONFIG } from '../../studies/recipe/recipeStages.js';
import { describe, expect, it } from 'vitest';
import type { RunManifest, StageOutput } from '../../src/engine/runManifest.js';
import { plotlyBundle, REPORT_TRACE_TYPES } from '../../src/report/plotlyBundle.js';
import { renderReport } from '../../studies/recipe/report/renderReport.js';
import { reportFigures } from '../../studies/recipe/report/reportFigures.js';
import type { ReportInput } from '../../studies/recipe/report/reportInput.js';
import { MOVIE_REPORT } from '../../studies/movies/report/movieReport.js';
import { resultsSchema, type StudyResults } from '../../studies/movies/report/resultsSchema.js';

const FEATURES = ['log_budget', 'runtime'];
const HOSTILE = '</script><script>alert(1)</script>';

function olsFit(terms: string[]) {
  return {
    nobs: 100,
    dfModel: terms.length - 1,
    dfResid: 100 - terms.length,
    r2: 0.25,
    adjR2: 0.24,
    fStatistic: 12.5,
    fPValue: 1e-20,
    logLikelihood: -150,
    aic: 306,
    bic: 312,
    coefficients: terms.map((term, i) => ({ term, coef: i + 0.5, stdErr: 0.1, t: 5, p: 1e-6, ciLow: i + 0.3, ciHigh: i + 0.7 })),
  };
}

const results: StudyResults = resultsSchema.parse({
  schemaVersion: 1,
  runId: 'r1',
  dataset: { sha256: 'a'.repeat(64), rows: 12, rowsBudgetPositive: 10, rowsNumeric: 8, rowsCategorical: 7 },
  ols: { full: olsFit(['const', 'log_budget', 'genre_<b>Drama</b>']), numeric: olsFit(['const', ...FEATURES]), reduced: olsFit(['const', 'runtime']) },
  knn: {
    validationCurve: [{ k: 1, validRmse: 1.2 }, { k: 2, validRmse: 1.1 }],
    simpleBest: { k: 2, trainRmse: 0.9, validRmse: 1.1 },
    grid: [
      { k: 1, weights: 'uniform', metric: 'euclidean', cvRmse: 1.3 },
      { k: 2, weights: 'distance', metric: 'manhattan', cvRmse: 1.0 },
    ],
    best: { k: 2, weights: 'distance', metric: 'manhattan', cvRmse: 1.0 },
    final: { trainRmse: 0.1, validRmse: 0.95 },
    tunedCurve: [{ k: 1, validRmse: 1.15 }, { k: 2, validRmse: 0.95 }],
    importance: FEATURES.map((feature, i) => ({ feature, mean: 0.1 * (i + 1), std: 0.01 })),
  },
  kmeans: {
    base: { k: 2, inertia: 10, sizes: [4, 4] },
    scan: [{ k: 2, inertia: 10, silhouette: 0.4 }, { k: 3, inertia: 7, silhouette: 0.3 }],
    tuned: {
      k: 2,
      inertia: 9,
      sizes: [5, 3],
      profiles: [0, 1].map((cluster) => ({ cluster, means: { vote_average: 6 + cluster, log_budget: 15, runtime: 100 } })),
    },
    onPca: { k: 2, components: 3, silhouette: 0.3, adjustedRand: 0.8, changeRate: 0.1 },
  },
  pca: { explainedVarianceRatio: [0.6, 0.25, 0.15], loadings: { log_budget: [0.7, 0.7, 0.1], runtime: [0.7, -0.7, 0.1] } },
  mlp: {
    baseline: { hidden: [8], alpha: 0.0001, trainRmse: 0.9, validRmse: 0.92, epochs: 3, lossCurve: [3, 2, 1] },
    grid: [{ hidden: [8], alpha: 0.001, trainRmse: 0.88, validRmse: 0.9, epochs: 3 }],
    best: { hidden: [8], alpha: 0.001 },
    final: { hidden: [8], alpha: 0.001, trainRmse: 0.88, validRmse: 0.9, epochs: 3, lossCurve: [3, 2, 1] },
    importance: FEATURES.map((feature) => ({ feature, mean: 0.2, std: 0.02 })),
  },
  comparison: {
    split: { testSize: 0.25, randomState: 3001 },
    models: [
      { model: 'knn', validRmse: 0.95 },
      { model: 'mlp', validRmse: 0.9 },
    ],
    best: 'mlp',
  },
  timings: { preprocess: 1, knn: 2, mlp: 3, kmeans: 4, pca: 5, ols: 6, compare: 7, total: 8 },
});

const manifest: RunManifest = {
  runId: 'r1',
  study: 'movies',
  profile: 'seed',
  config: { ...SEED_CONFIG, note: HOSTILE },
  dataset: { sha256: 'a'.repeat(64), file: 'movies & more.csv', key: `datasets/${'a'.repeat(64)}.csv` },
  codeVersions: { mlp: 'v1', pca: 'v2' },
  created: '2026-01-01T00:00:00.000Z',
  status: 'failed',
  dag: {
    study: 'movies',
    stages: [
      { name: 'mlp', kind: 'mlp', trials: [{ a: 1 }, { a: 2 }], settings: {}, needs: [] },
      { name: 'pca', kind: 'pca', trials: [{}], settings: {}, needs: [] },
    ],
  },
};

const rows = 8;
function input(stages: StageOutput[]): ReportInput {
  return {
    results,
    facts: MOVIE_REPORT.facts(results, SEED_CONFIG),
    manifest,
    config: SEED_CONFIG,
    stages,
    trials: [],
    projections: {
      pcaScores3: Float64Array.from({ length: rows * 3 }, (_, i) => i / 7),
      target: Float64Array.from({ length: rows }, (_, i) => 5 + i / 4),
      tunedLabels: Int32Array.from({ length: rows }, (_, i) => i % 2),
      baseLabels: Int32Array.from({ length: rows }, (_, i) => (i + 1) % 2),
      pcaKmeansLabels: Int32Array.from({ length: rows }, (_, i) => (i < 4 ? 0 : 1)),
    },
    knnCorrelations: [{ feature: HOSTILE, correlation: 0.5 }],
    baseProfiles: results.kmeans.tuned.profiles,
  };
}

const failedStage: StageOutput = {
  stage: 'mlp',
  trials: [{ params: { a: 1 }, key: 'k1', cached: false, ms: 1500 }],
  failed: [{ params: { a: 2 }, jobId: 'r1.mlp.2', reason: 'boom <img src=x onerror=alert(1)>' }],
  ms: 2500,
  finished: '2026-01-01T00:01:00.000Z',
};

/** The JSON the page's driver script parses. */
function embeddedData(html: string): { columns: Record<string, number[]>; figures: { name: string }[] } {
  const match = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  if (match === null) throw new Error('no report data in the page');
  return JSON.parse(match[1]);
}

describe('renderReport', () => {
  const html = renderReport(input([failedStage]));

  it('has one figure element per figure spec, each name once', () => {
    const names = [...html.matchAll(/<div class="figure" data-figure="([^"]+)">/g)].map((m) => m[1]);
    const specs = reportFigures(input([]));
    expect(names).toEqual(specs.map((f) => f.name));
    expect(new Set(names).size).toBe(names.length);
    expect(embeddedData(html).figures.map((f) => f.name)).toEqual(names);
    expect(names).toHaveLength(26);
  });

  it('adds the sweep plots of the trials table: the grid and the best so far of a stage with an objective', () => {
    const objective = { metric: 'validRmse', goal: 'min' as const };
    const swept = { ...manifest, dag: { ...manifest.dag, stages: manifest.dag.stages.map((s) => (s.name === 'mlp' ? { ...s, objective } : s)) } };
    const trial = (a: number, validRmse: number, finished: string) => ({
      jobId: `r1.mlp.a=${a}`, stage: 'mlp', kind: 'mlp', params: { a }, state: 'completed' as const, metrics: { validRmse }, finished,
    });
    const trials = [trial(1, 0.9, '2026-01-01T00:00:10.000Z'), trial(2, 0.7, '2026-01-01T00:00:20.000Z')];
    const figures = embeddedData(renderReport({ ...input([]), manifest: swept, trials })).figures as unknown as { name: string; traces: { x: unknown[]; y: unknown[] }[] }[];
    const grid = figures.find((f) => f.name === 'sweep-mlp-grid')!;
    expect([grid.traces[0].x, grid.traces[0].y]).toEqual([['1', '2'], [0.9, 0.7]]);
    const best = figures.find((f) => f.name === 'sweep-mlp-best')!;
    expect([best.traces[1].x, best.traces[1].y]).toEqual([[10, 20], [0.9, 0.7]]);
  });

  it('leaves out the correlation and base profile figures when their data is missing', () => {
    const names = reportFigures({ ...input([]), knnCorrelations: undefined, baseProfiles: undefined }).map((f) => f.name);
    expect(names).not.toContain('knn-correlations');
    expect(names).not.toContain('kmeans-base-profiles');
    expect(names).toHaveLength(24);
  });

  it('escapes text from the run and cannot be broken out of its data script', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('boom &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('genre_&lt;b&gt;Drama&lt;/b&gt;');
    expect(html).toContain('movies &amp; more.csv');
    // The hostile feature name survives as data, intact once parsed.
    expect(JSON.stringify(embeddedData(html))).toContain(HOSTILE);
    // Only the three scripts the page is made of.
    expect(html.match(/<script/g)).toHaveLength(3);
  });

  it('draws only trace types the inlined plotly bundle holds', () => {
    const types = new Set(embeddedData(html).figures.flatMap((f) => (f as unknown as { traces: { type: string }[] }).traces.map((t) => t.type)));
    expect([...types].filter((type) => !(REPORT_TRACE_TYPES as readonly string[]).includes(type))).toEqual([]);
    expect(types.size).toBeGreaterThan(3);
  });

  it('inlines plotly and needs nothing from the network', () => {
    expect(html).toContain(plotlyBundle());
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="(https?:)?\/\//);
  });

  it('embeds the per-movie columns once, rounded for drawing', () => {
    const { columns } = embeddedData(html);
    expect(columns.pc1).toHaveLength(rows);
    expect(columns.pc1[1]).toBe(Math.round((3 / 7) * 1e4) / 1e4);
    expect(columns.tuned).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
    expect(html.split('"$column":"pc1"').length - 1).toBe(7);
  });

  it('lists failed trials, per-stage timings and unsettled stages', () => {
    expect(html).toContain('<td>mlp[a=2]</td><td>failed</td>');
    expect(html).not.toContain('class="failed-none"');
    expect(html).toMatch(/<td>pca<\/td><td class="num">1<\/td><td>—<\/td>.*not settled/);
    expect(html).toContain('<td class="num">2.5000</td>');
    expect(renderReport(input([]))).toContain('<p class="failed-none">none</p>');
  });

  it('names the best model and shows the OLS statistics', () => {
    expect(html).toContain('Best model: <strong>mlp</strong>');
    expect(html.match(/<div class="ols"/g)).toHaveLength(3);
    expect(html).toContain('<th>P&gt;|t|</th>');
    expect(html).toContain('<td class="num">1.000e-20</td>');
  });

  it("shows a rank-deficient OLS fit's warning, and none for full-rank fits", () => {
    expect(html).not.toContain('class="ols-warning"');
    const deficient = { ...results.ols.reduced, rank: 2, warning: 'rank-deficient design: rank 2 of 3 columns' };
    const page = renderReport({ ...input([]), facts: { ...input([]).facts, olsFits: [{ design: 'reduced', fit: deficient }] } });
    expect(page).toContain('<p class="ols-warning">Warning: rank-deficient design: rank 2 of 3 columns</p>');
  });

  it('draws a table of one predictor: the missing components at 0', () => {
    const one = input([]);
    const page = renderReport({ ...one, projections: { ...one.projections, pcaScores3: Float64Array.from({ length: rows }, (_, i) => i) } });
    const { columns } = embeddedData(page);
    expect(columns.pc1).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(columns.pc2).toEqual(new Array(rows).fill(0));
    expect(columns.pc3).toEqual(new Array(rows).fill(0));
  });

  it('refuses projections whose lengths disagree', () => {
    const bad = input([]);
    expect(() => renderReport({ ...bad, projections: { ...bad.projections, tunedLabels: new Int32Array(3) } })).toThrow(
      'tunedLabels has 3 values, target has 8',
    );
    expect(() => renderReport({ ...bad, projections: { ...bad.projections, pcaScores3: new Float64Array(5) } })).toThrow(
      'pcaScores3 has 5 values, expected 8 rows × 3 (or fewer components)',
    );
  });
});
