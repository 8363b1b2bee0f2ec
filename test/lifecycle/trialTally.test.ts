import { describe, expect, it } from 'vitest';
import type { StageOutput } from '../../src/engine/runManifest.js';
import { describeUnsettled, tallyTrials, trialName, unsettledLines, unsettledTrials } from '../../src/engine/trialTally.js';

const outputs: StageOutput[] = [
  {
    stage: 'fit',
    trials: [{ params: { k: 1 }, key: 'a', cached: true, ms: 0 }, { params: { k: 2 }, key: 'b', cached: false, ms: 40 }],
    failed: [{ params: { k: 3 }, jobId: 'r.fit.k=3', reason: 'boom' }],
    ms: 50,
    finished: '2026',
  },
  {
    stage: 'explain',
    trials: [],
    failed: [1, 2, 3].map((f) => ({ params: { f }, jobId: `r.explain.f=${f}`, reason: "not run: stage 'fit' it needs has no result", state: 'upstream-failed' as const, upstream: 'fit' })),
    ms: 0,
    finished: '2026',
  },
  { stage: 'best', trials: [], failed: [{ params: {}, jobId: 'r.best.x', reason: 'cancelled before it finished', state: 'cancelled' }], ms: 0, finished: '2026' },
];

describe('trial states', () => {
  it('counts each state apart; a stage output written before states existed counts as failed', () => {
    expect(tallyTrials(7, outputs)).toEqual({ total: 7, computed: 1, cached: 1, failed: 1, upstreamFailed: 3, cancelled: 1 });
    expect(describeUnsettled(tallyTrials(7, outputs))).toBe('1 failed, 3 upstream-failed (not run), 1 cancelled');
  });

  it('names trials by stage and grid point, and groups those not run by stage', () => {
    expect(trialName('fit', { k: 3 })).toBe('fit[k=3]');
    expect(trialName('best', {})).toBe('best');
    expect(unsettledLines(unsettledTrials(outputs))).toEqual([
      'failed fit[k=3]: boom',
      "upstream-failed explain (3 trials): not run: stage 'fit' it needs has no result",
      'cancelled best: cancelled before it finished',
    ]);
  });
});
