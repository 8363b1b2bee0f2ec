/** Where bad input sits, for one-line errors: `file:line: column 'name'`. */
export function locate(file: string, line?: number, column?: string): string {
  const at = line === undefined ? file : `${file}:${line}`;
  return column === undefined ? at : `${at}: column '${column}'`;
}
