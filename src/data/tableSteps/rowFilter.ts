import { SweepflowError } from '../../sweepflowError.js';

/** One comparison of a row filter: `column op value`. */
export interface RowCondition {
  readonly column: string;
  readonly op: '>' | '>=' | '<' | '<=' | '==' | '!=';
  readonly value: number | string;
}

/**
 * Parses a row filter: comparisons joined by `and`, each `column op value` where column is a name
 * of letters, digits and `_` (or any name in backquotes, as pandas' query writes it), op one of
 * > >= < <= == !=, and value a number or a quoted string (== and != only). No eval: anything
 * else is refused with what was expected where.
 */
export function parseRowFilter(text: string): RowCondition[] {
  const tokens = tokenize(text);
  const conditions: RowCondition[] = [];
  let at = 0;
  function expect(what: string): never {
    const token = tokens[at];
    throw new SweepflowError(`filter '${text}': expected ${what} ${token === undefined ? 'at the end' : `at '${token.text}' (character ${token.start + 1})`}`);
  }
  for (;;) {
    const column = tokens[at];
    if (column?.kind !== 'name') expect('a column name');
    const op = tokens[++at];
    if (op?.kind !== 'op') expect('a comparison (> >= < <= == !=)');
    const value = tokens[++at];
    if (value?.kind !== 'number' && value?.kind !== 'string') expect('a number or a quoted string');
    if (value.kind === 'string' && op.text !== '==' && op.text !== '!=') {
      throw new SweepflowError(`filter '${text}': a quoted string compares with == or != only, not '${op.text}'`);
    }
    conditions.push({ column: column.text, op: op.text as RowCondition['op'], value: value.kind === 'number' ? Number(value.text) : value.text });
    const next = tokens[++at];
    if (next === undefined) return conditions;
    if (next.kind !== 'and') expect("'and' or the end");
    at++;
  }
}

interface Token {
  readonly kind: 'name' | 'op' | 'number' | 'string' | 'and';
  readonly text: string;
  readonly start: number;
}

const TOKEN = /\s*(?:(>=|<=|==|!=|>|<)|([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?![\w.])|'([^']*)'|"([^"]*)"|`([^`]+)`|([A-Za-z_]\w*))/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length && text.slice(TOKEN.lastIndex).trim() !== '') {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (match === null) {
      const at = start + (text.slice(start).length - text.slice(start).trimStart().length);
      throw new SweepflowError(`filter '${text}': unexpected '${text[at]}' (character ${at + 1})`);
    }
    const [, op, number, single, double, quoted, name] = match;
    const begin = match.index + match[0].length - match[0].trimStart().length;
    if (op !== undefined) tokens.push({ kind: 'op', text: op, start: begin });
    else if (number !== undefined) tokens.push({ kind: 'number', text: number, start: begin });
    else if (single !== undefined || double !== undefined) tokens.push({ kind: 'string', text: single ?? double, start: begin });
    else if (quoted !== undefined) tokens.push({ kind: 'name', text: quoted, start: begin });
    else tokens.push({ kind: name === 'and' ? 'and' : 'name', text: name, start: begin });
  }
  return tokens;
}
