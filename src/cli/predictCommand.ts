import { readMovieTable } from '../data/readMovieTable.js';
import { runKeys } from '../engine/runLayout.js';
import { predictionDesign } from '../models/predictionDesign.js';
import { assertSavedModelName, SAVED_MODEL_FILES, savedModelPredictor } from '../models/savedModels.js';
import { assertSafeId } from '../store/objectStore.js';
import { CliError } from './cliError.js';
import { cliStore } from './cliEnvironment.js';

export interface PredictOptions {
  readonly run: string;
  readonly model: string;
  readonly data: string;
}

/**
 * `sweepflow predict`: a run's saved model applied to a movie CSV. Prints `row,prediction`
 * (row = the record's line in the CSV) on stdout; rows it cannot use go to stderr.
 */
export async function predictCommand(options: PredictOptions): Promise<number> {
  assertSafeId(options.run, 'run id');
  const name = options.model;
  assertSavedModelName(name);
  const store = cliStore();
  const key = runKeys.model(options.run, SAVED_MODEL_FILES[name]);
  const saved = await store.getJson<unknown>(key);
  if (saved === null) throw new CliError(`run '${options.run}' has no saved model ${key} in ${store.description} (has it completed?)`);
  const predict = savedModelPredictor(name, saved);

  const { records } = await readMovieTable(options.data);
  const design = predictionDesign(records);
  for (const { line, reason } of design.skipped) console.error(`${options.data}:${line}: skipped, ${reason}`);
  if (design.X.rows === 0) throw new CliError(`${options.data}: no row has budget > 0 and all six numeric predictors`);
  const predictions = predict(design.X);
  const lines = design.lines.map((line, i) => `${line},${predictions[i]}`);
  // Wait for the write: the CLI exits right after, and stdout may be a pipe.
  await new Promise<void>((resolve, reject) =>
    process.stdout.write(`row,prediction\n${lines.join('\n')}\n`, (error) => (error ? reject(error) : resolve())),
  );
  if (design.skipped.length > 0) console.error(`predicted ${design.X.rows} rows, skipped ${design.skipped.length}`);
  return 0;
}
