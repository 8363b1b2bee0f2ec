import { numericTable } from '../../src/data/numericTable.js';
import { readCsvTable, type CsvTable } from '../../src/data/readCsvTable.js';
import { rowIds } from '../../src/data/rowIds.js';
import type { StudyPredictors } from '../../src/engine/study.js';
import { SAVED_MODEL_NAMES } from '../../src/models/savedModels.js';
import { SweepflowError } from '../../src/sweepflowError.js';
import { runPredictor } from '../recipe/runPredictor.js';
import { applyStep } from './data/applyPrepareSteps.js';
import { predictorDerivation } from './data/predictorDerivation.js';
import { tableSpecSchema } from './tableConfig.js';

/**
 * A run's saved KNN, MLP or OLS applied to a CSV of new rows: it needs the run's numeric
 * predictors only, or for a study file's derived ones the columns they are made from (any other
 * column, the target included, may be absent); a row with one of them missing or not a number
 * is skipped and named.
 */
export const tablePredictors: StudyPredictors = {
  models: SAVED_MODEL_NAMES,
  async predict(request) {
    const { manifest, file } = request;
    // The predictors the run resolved, as its preprocess stage recorded them.
    const preprocess = manifest.dag.stages.find((stage) => stage.name === 'preprocess');
    const spec = tableSpecSchema.safeParse(preprocess?.settings).data;
    const features = spec?.features;
    if (features === undefined) throw new SweepflowError(`run '${manifest.runId}' records no predictors in its preprocess stage`);
    const derivation = predictorDerivation(spec!, features);
    const predict = await runPredictor(request, request.model);
    const read = await readCsvTable(file, derivation.sources);
    const skipped: { line: number; reason: string }[] = [];
    // Row by row, so that a row the steps cannot take (a source that is not a number) is skipped, not fatal.
    const derivedRows = read.rows.flatMap((row) => {
      try {
        return derivation.steps.reduce<CsvTable>(applyStep, { ...read, rows: [row] }).rows;
      } catch (error) {
        if (!(error instanceof SweepflowError)) throw error;
        skipped.push({ line: row.line, reason: error.message });
        return [];
      }
    });
    const table = { ...read, header: derivation.steps.reduce<CsvTable>(applyStep, { ...read, rows: [] }).header, rows: derivedRows };
    const ids = rowIds(read, request.idColumn);
    const columns = features.map((name) => table.header.indexOf(name));
    const values: number[] = [];
    const lines: number[] = [];
    for (const row of table.rows) {
      const texts = columns.map((j) => row.fields[j].trim());
      const missing = features.filter((_, m) => texts[m] === '');
      const notNumber = columns.findIndex((_, m) => texts[m] !== '' && !Number.isFinite(Number(texts[m])));
      if (missing.length > 0) skipped.push({ line: row.line, reason: `missing ${missing.join(', ')}` });
      else if (notNumber >= 0) skipped.push({ line: row.line, reason: `column '${features[notNumber]}': '${texts[notNumber]}' is not a number` });
      else {
        values.push(...texts.map(Number));
        lines.push(row.line);
      }
    }
    if (lines.length === 0) throw new SweepflowError(`${file}: no row has every predictor (${features.join(', ')})`);
    const predictions = predict(numericTable(features, Float64Array.from(values)));
    return { rows: lines.map((line, i) => ({ id: ids.get(line)!, prediction: predictions[i] })), skipped: skipped.sort((a, b) => a.line - b.line) };
  },
};
