#!/usr/bin/env node
import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import { BUILT_IN_STUDIES, DEFAULT_STUDY } from '../../studies/index.js';

function count(min: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}`);
    return n;
  };
}

/** Runs a command; errors become one line on stderr and exit status 2. */
function action<A extends unknown[]>(run: (...args: A) => Promise<number | void>) {
  return async (...args: A) => {
    try {
      const status = await run(...args);
      if (typeof status === 'number') process.exit(status);
    } catch (error) {
      console.error(`sweepflow: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      process.exit(2);
    }
  };
}

// Each command loads its own modules: a worker should not wait for tfjs or express to boot.
const program = new Command('sweepflow').description('hyperparameter sweeps of tabular ML studies as a workflow DAG on BullMQ');
// A usage error (unknown option, missing argument) is a refusal like any other: exit status 2.
program.exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));
const workersOption = () =>
  new Option('--workers <n>', 'worker processes to start (0: use workers started elsewhere)')
    .argParser(count(0))
    .default(availableParallelism());

program
  .command('run')
  .description('run a study on a table')
  .requiredOption('--data <csv>', 'the table')
  .option(
    '--study <name|module.js|file.json>',
    `a built-in study (${Object.keys(BUILT_IN_STUDIES).join(', ')}; default ${DEFAULT_STUDY}), the path of a study module, or a study file (sweepflow schema study)`,
  )
  .option('--config <study.json>', 'grid and seed overrides')
  .addOption(workersOption())
  .option('--out <dir>', 'also write results.json, report.html and models/ here')
  .option('--profile <name>', "one of the study's profiles (default: the study's own)")
  .option('--target <column>', 'the column to predict (studies that take any table)')
  .option('--features <a,b,...>', 'the numeric predictors (default: every numeric column but the target)')
  .option('--categorical <c,d,...>', 'columns that enter the OLS full design as dummies')
  .action(action(async (options) => (await import('./runCommand.js')).runCommand(options)));

program
  .command('worker')
  .description('serve the queues of every installed study; start as many as you like, anywhere')
  .addOption(new Option('--concurrency <n>', 'trials computed at once').argParser(count(1)).default(1))
  .option('--study <module.js...>', 'also serve the study in this module (repeatable)')
  .action(action(async (options) => (await import('./workerCommand.js')).workerCommand(options)));

program
  .command('status')
  .description("a run's state, its trials by state and what did not complete")
  .argument('<runId>')
  .option('--json', 'the same as one JSON object')
  .action(action(async (runId: string, options) => (await import('./statusCommand.js')).statusCommand(runId, options)));

program
  .command('runs')
  .description('every run in the store: id, study, status, created, duration, trials, best model')
  .option('--json', 'as a JSON array')
  .action(action(async (options) => (await import('./runsCommand.js')).runsCommand(options)));

program
  .command('cancel')
  .description('cancel a run: queued trials removed, running ones abandoned (or finished with --wait); rerun resumes it')
  .argument('<runId>')
  .option('--wait', 'let running trials finish and keep their results', false)
  .action(action(async (runId: string, options) => (await import('./cancelCommand.js')).cancelCommand(runId, options)));

program
  .command('trials')
  .description("a run's trials table: params, state, metrics, duration, worker")
  .argument('<runId>')
  .option('--format <csv|json>', 'output format', 'csv')
  .action(action(async (runId: string, options) => (await import('./trialsCommand.js')).trialsCommand(runId, options)));

program
  .command('compare')
  .description('two runs side by side: config differences and headline metrics')
  .argument('<runA>')
  .argument('<runB>')
  .option('--json', 'as JSON', false)
  .action(action(async (runA: string, runB: string, options) => (await import('./compareCommand.js')).compareCommand(runA, runB, options)));

program
  .command('rerun')
  .description('run again what failed, or one stage and what depends on it, and finish the run')
  .argument('<runId>')
  .option('--stage <name>', 'recompute this stage and its dependents')
  .addOption(workersOption())
  .option('--out <dir>', 'also write results.json, report.html and models/ here')
  .action(action(async (runId: string, options) => (await import('./rerunCommand.js')).rerunCommand(runId, options)));

program
  .command('report')
  .description("render a run's report.html (its study's figures, offline) into the store")
  .argument('<runId>')
  .option('--out <dir>', 'also write report.html here')
  .action(action(async (runId: string, options) => (await import('./reportCommand.js')).reportCommand(runId, options)));

program
  .command('predict')
  .description("predict the target for a CSV of new cases with a run's saved model; prints row,prediction")
  .requiredOption('--run <runId>', 'the run whose model to use')
  .requiredOption('--model <name>', "one of the models the run's study saves")
  .requiredOption('--data <csv>', 'the cases to predict: the predictors (or the columns they derive from), no target needed')
  .option('--id <column>', 'name each output row by this column (default: its CSV line)')
  .action(action(async (options) => (await import('./predictCommand.js')).predictCommand(options)));

program
  .command('schema')
  .description('print the JSON Schema of a study file (`run --study my.study.json`)')
  .argument('<what>', "'study'")
  .option('--study <name|module.js>', 'only the study files of this study')
  .action(action(async (what: string, options) => (await import('./schemaCommand.js')).schemaCommand(what, options)));

program
  .command('dashboard')
  .description('serve the run list and the queues (bull-board); basic auth with DASHBOARD_USER and DASHBOARD_PASSWORD')
  .addOption(new Option('--port <n>', 'port to listen on (0: any free port)').argParser(count(0)).default(3000))
  .option('--host <address>', 'address to bind', '127.0.0.1')
  .option('--read-only', 'no retry, clean, pause or delete in the queues view', false)
  .action(action(async (options) => (await import('./dashboardCommand.js')).dashboardCommand(options)));

await program.parseAsync();
