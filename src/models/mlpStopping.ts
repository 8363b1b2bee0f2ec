/**
 * sklearn's stopping rule on the training loss (`_update_no_improvement_count`
 * without early stopping): an epoch counts as no improvement when its loss is above
 * best_loss_ - tol; training stops once more than nIterNoChange such epochs follow
 * one another.
 */
export class MlpNoImprovementStopper {
  private bestLoss = Infinity;
  private noImprovementCount = 0;

  constructor(
    private readonly tol: number,
    private readonly nIterNoChange: number,
  ) {}

  /** Records one epoch's loss; true when training should stop. */
  shouldStop(loss: number): boolean {
    if (loss > this.bestLoss - this.tol) this.noImprovementCount += 1;
    else this.noImprovementCount = 0;
    if (loss < this.bestLoss) this.bestLoss = loss;
    return this.noImprovementCount > this.nIterNoChange;
  }
}
