/** A CSV cell as a number: null when empty (or only spaces: missing, as pandas reads it), undefined when it is not a finite number. */
export function cellNumber(text: string): number | null | undefined {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}
