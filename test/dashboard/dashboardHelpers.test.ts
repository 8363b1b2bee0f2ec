import { describe, expect, it } from 'vitest';
import { credentialsFromEnv, parseBasicAuth } from '../../src/dashboard/basicAuth.js';
import { trimJobData } from '../../src/dashboard/jobDataFormatter.js';
import { runListPage } from '../../src/dashboard/runListPage.js';

describe('parseBasicAuth', () => {
  it('splits at the first colon, so passwords may hold colons', () => {
    const header = `Basic ${Buffer.from('ann:pa:ss').toString('base64')}`;
    expect(parseBasicAuth(header)).toEqual({ user: 'ann', password: 'pa:ss' });
  });

  it('rejects other schemes and credentials without a colon', () => {
    expect(parseBasicAuth(undefined)).toBeUndefined();
    expect(parseBasicAuth('Bearer abc')).toBeUndefined();
    expect(parseBasicAuth(`Basic ${Buffer.from('nocolon').toString('base64')}`)).toBeUndefined();
  });
});

describe('credentialsFromEnv', () => {
  it('needs both the user and the password', () => {
    expect(credentialsFromEnv({ DASHBOARD_USER: 'a', DASHBOARD_PASSWORD: 'b' })).toEqual({ user: 'a', password: 'b' });
    expect(credentialsFromEnv({})).toBeUndefined();
    expect(() => credentialsFromEnv({ DASHBOARD_USER: 'a' })).toThrow(/^DASHBOARD_USER is set but DASHBOARD_PASSWORD is not: set both for basic auth, or neither$/);
    expect(() => credentialsFromEnv({ DASHBOARD_USER: '', DASHBOARD_PASSWORD: 'b' })).toThrow(/^DASHBOARD_PASSWORD is set but DASHBOARD_USER is not/);
  });
});

describe('trimJobData', () => {
  it('shortens long strings and arrays and stops at depth', () => {
    const trimmed = trimJobData({ key: 'k'.repeat(64), table: 'x'.repeat(500), list: Array.from({ length: 30 }, (_, i) => i), deep: { a: { b: { c: { d: 1 } } } } }) as any;
    expect(trimmed.key).toBe('k'.repeat(64));
    expect(trimmed.table).toBe(`${'x'.repeat(200)}… (500 characters)`);
    expect(trimmed.list).toEqual([...Array.from({ length: 20 }, (_, i) => i), '… 10 more items']);
    expect(trimmed.deep).toEqual({ a: { b: { c: '{…}' } } });
  });

  it('leaves small payloads as they are', () => {
    const payload = { runId: 'r1', stage: 'mlp', params: { hidden: [8], alpha: 0.001 }, force: false };
    expect(trimJobData(payload)).toEqual(payload);
  });
});

describe('runListPage', () => {
  it('escapes run fields and links only the files a run has', () => {
    const html = runListPage(
      [
        { runId: 'r1', status: 'completed', created: '2026', doneTrials: 40, totalTrials: 40, failedTrials: 0, hasReport: true, hasResults: true },
        { runId: 'r2', status: 'unreadable', created: '', doneTrials: 0, totalTrials: 0, failedTrials: 0, hasReport: false, hasResults: false, problem: '<b>bad</b>' },
      ],
      { readOnly: true },
    );
    expect(html).toContain('<a href="runs/r1/report.html">report.html</a>');
    expect(html).not.toContain('runs/r2/report.html');
    expect(html).toContain('unreadable: &lt;b&gt;bad&lt;/b&gt;');
    expect(html).toContain('(read-only)');
    expect(runListPage([], { readOnly: false })).toContain('No runs in the store yet.');
  });
});
