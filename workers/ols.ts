import { decodeDesign } from '../src/data/designCodec.js';
import { TrialInputError, type TrialContext } from '../src/engine/trialProcessor.js';
import { fitOls, type OlsResult } from '../src/models/ols.js';
import { preprocessed } from './studyInputs.js';

const DESIGNS = ['full', 'numeric', 'reduced'] as const;
type OlsDesign = (typeof DESIGNS)[number];

/** One of the notebook's three statsmodels fits, on all rows of its design. */
export async function ols(context: TrialContext<{ design: OlsDesign }>): Promise<OlsResult> {
  const { design } = context.params;
  if (!DESIGNS.includes(design)) throw new TrialInputError(`unknown OLS design '${design}'`);
  const encoded = (await preprocessed(context))[design];
  const { X, y } = decodeDesign(encoded);
  return fitOls(X, y);
}
