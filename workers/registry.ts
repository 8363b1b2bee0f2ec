import type { ProcessorRegistry } from '../src/engine/trialProcessor.js';
import { compare } from './compare.js';
import { kmeans } from './kmeans.js';
import { kmeansPca } from './kmeansPca.js';
import { knnCell } from './knnCell.js';
import { knnCurve } from './knnCurve.js';
import { knnFinal } from './knnFinal.js';
import { knnImportance } from './knnImportance.js';
import { knnTable } from './knnTable.js';
import { mlp } from './mlp.js';
import { mlpFinal } from './mlpFinal.js';
import { ols } from './ols.js';
import { pca } from './pca.js';
import { preprocess } from './preprocess.js';

/** One processor per job kind of the movie study; the kind names its trial jobs. */
export const processors: ProcessorRegistry = {
  preprocess,
  ols,
  'knn-curve': knnCurve,
  'knn-table': knnTable,
  'knn-cell': knnCell,
  'knn-final': knnFinal,
  'knn-importance': knnImportance,
  mlp,
  'mlp-final': mlpFinal,
  kmeans,
  pca,
  'kmeans-pca': kmeansPca,
  compare,
};
