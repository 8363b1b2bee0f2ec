/**
 * Bad input found while reading or checking a table or config.
 * The message is one line naming the file, and the line and column where known.
 */
export class DataError extends Error {
  override readonly name = 'DataError';
  constructor(message: string) {
    super(message.replace(/\s*\n\s*/g, ' '));
  }
}

export function locate(file: string, line?: number, column?: string): string {
  const at = line === undefined ? file : `${file}:${line}`;
  return column === undefined ? at : `${at}: column '${column}'`;
}
