import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The engine knows no study: the words of the movie study live in studies/movies/ only. */
const STUDY_WORDS = /movie|vote_average|tmdb|movielens|knn|mlp|kmeans|pca\b|notebook|genre|popularity/i;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('src/cli, src/engine, src/store, src/dashboard and src/api hold no study words', () => {
  const files = ['src/cli', 'src/engine', 'src/store', 'src/dashboard', 'src/api'].flatMap(sources);

  it('finds the files it checks', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it.each(files)('%s', (file) => {
    const hits = readFileSync(file, 'utf8')
      .split('\n')
      .map((line, i) => ({ line: i + 1, text: line }))
      .filter(({ text }) => STUDY_WORDS.test(text));
    expect(hits).toEqual([]);
  });
});
