import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with the plain line CI reads, "tests: N passed, N failed[, N skipped]",
 * whatever reporter prints above it.
 */
export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
    }
    const line = `tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
    // At exit, after the default reporter's summary: the line must close the output.
    process.once('exit', () => console.log(line));
  }
}
