/**
 * sweepflow's benchmark report: `npm run bench [-- models|study|table|load|report|scale|cluster ...] [--repeat N] [--workers N] [--rows a,b,...] [--no-python]`.
 * - models: each model, ours against scikit-learn on the same data (minutes);
 * - study: the seed study with 1 and 2 worker processes, and the notebook's computation in Python
 *   (about 5 minutes per repetition on a shared 2-core machine; each run once unless --repeat N);
 * - table: the table study on sklearn's diabetes table with 1 and 2 workers, and the same
 *   computation in Python (scripts/bench/table_study.py), ratios printed;
 * - load: a 1,000-trial KNN grid, Redis memory and per-job orchestration overhead (each knn-cell
 *   trial reads five k = 500 neighbour tables: about half an hour with 2 workers on 2 busy cores);
 * - report: the quick study's report.html in headless Chromium: size, time to open, every figure drawn;
 * - scale: the seed study on jittered resamples of the movie table at 9k, 36k and 90k rows (or
 *   `--rows a,b,...`) against the notebook in Python up to 36k (about an hour here; asked for only);
 * - cluster: the load section's grid across 3 worker hosts in network namespaces, with a data host
 *   and a CLI host: overhead per trial, trials/s, trials per host, S3 requests (root; asked for only).
 * Default: every section but scale and cluster. Figures are medians and ratios; nothing here is a test.
 */
import { cpus, totalmem } from 'node:os';
import { redisAnswers } from '../src/cli/redisEndpoint.js';
import { REDIS_URL } from '../test/support/redisPrefix.js';
import { clusterSection } from './clusterSection.js';
import { loadSection } from './loadSection.js';
import { modelsSection } from './modelsSection.js';
import { formatLoad } from './reportFormat.js';
import { reportSection } from './reportSection.js';
import { SCALE_ROWS, scaleSection } from './scaleSection.js';
import { studySection } from './studySection.js';
import { tableSection } from './tableSection.js';

const SECTIONS = ['models', 'study', 'table', 'load', 'report', 'scale', 'cluster'] as const;
const DEFAULT_SECTIONS: readonly Section[] = ['models', 'study', 'table', 'load', 'report'];
type Section = (typeof SECTIONS)[number];

interface BenchArgs {
  sections: Section[];
  repeat: number;
  workers: number;
  /** Table sizes of the scale section. */
  rows: number[];
  /** Whether the scale section runs the notebook in Python too. */
  python: boolean;
}

function parseArgs(argv: string[]): BenchArgs {
  const sections: Section[] = [];
  let repeat = 1;
  let workers = 2;
  let rows: number[] = [...SCALE_ROWS];
  let python = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--no-python') {
      python = false;
    } else if (arg === '--rows') {
      rows = (argv[++i] ?? '').split(',').map(Number);
      if (rows.some((n) => !Number.isInteger(n) || n < 100)) throw new Error(`--rows needs integers ≥ 100 separated by commas, got '${argv[i]}'`);
    } else if (arg === '--repeat' || arg === '--workers') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${arg} needs an integer ≥ 1, got '${argv[i]}'`);
      if (arg === '--repeat') repeat = value;
      else workers = value;
    } else if ((SECTIONS as readonly string[]).includes(arg)) {
      sections.push(arg as Section);
    } else {
      throw new Error(`unknown argument '${arg}': expected ${SECTIONS.join(', ')}, --repeat N, --workers N or --rows a,b,... or --no-python`);
    }
  }
  return { sections: sections.length === 0 ? [...DEFAULT_SECTIONS] : sections, repeat, workers, rows, python };
}

async function main(): Promise<void> {
  let args: BenchArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${(error as Error).message}`);
    process.exit(2);
  }
  const cpu = cpus();
  console.log(`sweepflow bench — ${new Date().toISOString()}, node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB`);
  console.log(`sections: ${args.sections.join(', ')}; ${formatLoad()}`);
  console.log('the machine may be shared: figures are medians, compare ratios measured in the same run');

  // The cluster section brings its own Redis, on a host of its cluster.
  const needsRedis = args.sections.filter((s) => s !== 'models' && s !== 'cluster');
  const redisUp = needsRedis.length === 0 || (await redisAnswers(REDIS_URL));
  for (const section of args.sections) {
    try {
      if (section === 'models') await modelsSection();
      else if (section === 'cluster') await clusterSection();
      else if (!redisUp) console.log(`\n== ${section}: skipped, no Redis answers at ${REDIS_URL} ==`);
      else if (section === 'study') await studySection(args.repeat);
      else if (section === 'table') await tableSection(args.repeat);
      else if (section === 'report') await reportSection(args.repeat);
      else if (section === 'scale') await scaleSection(args.rows, args.python);
      else await loadSection(args.workers);
    } catch (error) {
      // One broken section must not hide the others' figures.
      process.exitCode = 1;
      console.log(`\n  ${section} section failed: ${(error as Error).message}`);
    }
  }
  console.log(`\ndone; ${formatLoad()}`);
}

await main();
