import type { CsvSource } from '../../src/data/readCsvRows.js';
import type { TrialContext } from '../../src/engine/trialContext.js';

/** The run's dataset as the CSV reader takes it: its bytes, named in errors by the file the user gave. */
export async function runDataset(context: TrialContext<unknown>): Promise<CsvSource> {
  const [manifest, bytes] = await Promise.all([context.manifest(), context.dataset()]);
  return { name: manifest.dataset.file, bytes };
}
