/** An error the CLI reports as one line, without a stack, exiting with status 2. */
export class CliError extends Error {
  override readonly name = 'CliError';
}
