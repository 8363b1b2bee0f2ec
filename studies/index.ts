/** The studies that come with sweepflow, by id: `--study <id>` picks one, and every worker serves them. */
export const BUILT_IN_STUDIES: Readonly<Record<string, string>> = {
  movies: new URL('./movies/study.js', import.meta.url).href,
  table: new URL('./table/study.js', import.meta.url).href,
};

/** The study `sweepflow run` runs when no `--study` is given. */
export const DEFAULT_STUDY = 'movies';
