import { readManifest } from '../engine/runStore.js';
import { assertSafeId } from '../store/objectStore.js';
import { SweepflowError } from '../sweepflowError.js';
import { cliStore } from './cliEnvironment.js';
import { studyOfRun } from '../api/studyModules.js';

export interface PredictOptions {
  readonly run: string;
  readonly model: string;
  readonly data: string;
  readonly id?: string;
}

/**
 * `sweepflow predict`: a run's saved model applied to a CSV of new cases, by the run's study.
 * Prints `row,prediction` (or `<id column>,prediction`) on stdout; rows it cannot use go to stderr.
 */
export async function predictCommand(options: PredictOptions): Promise<number> {
  assertSafeId(options.run, 'run id');
  const store = cliStore();
  const manifest = await readManifest(store, options.run);
  const { study } = await studyOfRun(manifest);
  const predictors = study.predictors;
  if (predictors === undefined) throw new SweepflowError(`study '${study.id}' saves no models to predict with`);
  if (!predictors.models.includes(options.model)) {
    throw new SweepflowError(`unknown model '${options.model}': expected one of ${predictors.models.join(', ')}`);
  }
  const predictions = await predictors.predict({ store, manifest, model: options.model, file: options.data, idColumn: options.id });
  for (const { line, reason } of predictions.skipped) console.error(`${options.data}:${line}: skipped, ${reason}`);
  const lines = predictions.rows.map((row) => `${csvField(row.id)},${row.prediction}`);
  // Wait for the write: the CLI exits right after, and stdout may be a pipe.
  await new Promise<void>((resolve, reject) =>
    process.stdout.write(`${csvField(options.id ?? 'row')},prediction\n${lines.join('\n')}\n`, (error) => (error ? reject(error) : resolve())),
  );
  if (predictions.skipped.length > 0) console.error(`predicted ${predictions.rows.length} rows, skipped ${predictions.skipped.length}`);
  return 0;
}

/** A field as CSV writes it: quoted when it holds a comma, a quote or a line break. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
