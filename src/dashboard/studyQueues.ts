import { movieStudy, SEED_CONFIG } from '../../dag/movie-study.js';
import { GATHER_QUEUE } from '../engine/engineConfig.js';

/** Every queue the movie study uses: one per job kind, then the stages' gather queue. */
export function studyQueueNames(): string[] {
  const kinds = movieStudy(SEED_CONFIG).stages.map((stage) => stage.kind);
  return [...new Set([...kinds, GATHER_QUEUE])];
}
