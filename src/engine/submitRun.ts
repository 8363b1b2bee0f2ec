import { randomBytes } from 'node:crypto';
import { SweepflowError } from '../sweepflowError.js';
import { validateDag, type DagDef } from './dag.js';
import type { EngineContext } from './engineContext.js';
import { advanceRun } from './advanceRun.js';
import { moduleCodeVersion } from './moduleCodeVersion.js';
import { mergeDeep, resolveConfig } from './resolveConfig.js';
import { assertSafeId, runKeys } from './runLayout.js';
import type { RunManifest } from './runManifest.js';
import { saveRunStatus } from './runBeacon.js';
import type { DatasetFile, DatasetOptions, Study } from './study.js';
import { ensureStoreIdentity } from '../store/storeIdentity.js';

export interface RunRequest {
  readonly study: Study;
  /** The study's module when it is not built in (a file URL), recorded so rerun, report and predict find it. */
  readonly studyModule?: string;
  readonly profile?: string;
  /** Overrides of the profile (a config file's content). */
  readonly overrides?: unknown;
  /** Where the overrides came from (a file name), named first in config errors; default: the profile. */
  readonly configSource?: string;
  readonly dataset: DatasetFile;
  /** The command line's --target/--features/--categorical: they override the config file. */
  readonly datasetOptions?: DatasetOptions;
  readonly runId?: string;
  /** The folder the run's files are exported to (absolute), recorded so `rerun` writes there too. */
  readonly out?: string;
}

/** A checked request: everything a run's manifest records, before anything is stored or queued. */
export interface RunPlan {
  readonly request: RunRequest;
  readonly profile: string;
  readonly config: unknown;
  readonly dag: DagDef;
}

/** A new run id: sortable by time, unique enough for many users on one Redis. */
export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
}

/**
 * Checks the config, the table and the DAG without touching Redis or the store: bad input
 * throws a one-line SweepflowError before anything is queued.
 */
export async function planRun(request: RunRequest): Promise<RunPlan> {
  const { study } = request;
  const profile = request.profile ?? study.defaultProfile;
  const source = request.configSource ?? `profile ${profile}`;
  const overrides = mergeDeep(request.overrides ?? {}, datasetOverrides(study, request.datasetOptions));
  const config = namingSource(source, () => resolveConfig(study, profile, overrides));
  const info = await study.inspect(request.dataset, config);
  const dag: DagDef = { study: study.id, stages: namingSource(source, () => study.dag(config, info)) };
  validateDag(dag, study.kinds);
  if (request.runId !== undefined) assertSafeId(request.runId, 'run id');
  return { request, profile, config, dag };
}

function datasetOverrides(study: Study, options: DatasetOptions = {}): unknown {
  const given = Object.entries(options).filter(([, value]) => value !== undefined);
  if (given.length === 0) return {};
  if (study.configFromDatasetOptions === undefined) {
    throw new SweepflowError(`study '${study.id}' takes no ${given.map(([name]) => `--${name}`).join(', ')}: its table's columns are fixed`);
  }
  return study.configFromDatasetOptions(options);
}

/** A config's problems name the file (or profile) the config came from. */
function namingSource<T>(source: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof SweepflowError && !error.retryable) throw new SweepflowError(`${source}: ${error.message}`);
    throw error;
  }
}

async function storeOf(engine: EngineContext): Promise<RunManifest['store']> {
  const { id, description } = await ensureStoreIdentity(engine.store);
  return { id, description };
}

/** Stores the dataset and the run's manifest, then submits the stages that can start. */
export async function submitRun(engine: EngineContext, plan: RunPlan): Promise<RunManifest> {
  const { request } = plan;
  const runId = request.runId ?? newRunId();
  const datasetKey = runKeys.dataset(request.dataset.sha256);
  if (!(await engine.store.exists(datasetKey))) await engine.store.put(datasetKey, request.dataset.bytes, 'text/csv');
  const manifest: RunManifest = {
    runId,
    study: request.study.id,
    studyModule: request.studyModule,
    profile: plan.profile,
    config: plan.config,
    dataset: { sha256: request.dataset.sha256, file: request.dataset.file, key: datasetKey },
    codeVersions: Object.fromEntries(request.study.kinds.map((kind) => [kind.name, moduleCodeVersion(kind.module)])),
    created: new Date(await engine.now()).toISOString(),
    status: 'running',
    dag: plan.dag,
    store: await storeOf(engine),
    out: request.out,
  };
  await saveRunStatus(engine, manifest);
  return advanceRun(engine, runId);
}
