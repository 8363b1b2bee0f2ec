/**
 * The MLP trained with TensorFlow.js ops (float32), to compare against the fused float64
 * trainer: the same initial weights, the same shuffled batches from the same numpy
 * RandomState, autodiff of sklearn's batch loss (squared error / 2 plus
 * (alpha / 2) · ΣW² / batch rows), and sklearn's form of Adam, which adds epsilon to
 * sqrt(v) before bias correction (tf.train.adam adds it after, so it is not used).
 */
import * as tf from '@tensorflow/tfjs';
import type { NumericTable } from '../data/numericTable.js';
import { NumpyRandomState } from '../data/numpyRandomState.js';
import type { MlpFit } from './mlp.js';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, checkTrainingData, resolveMlpOptions, type MlpOptions } from './mlpConfig.js';
import { MlpEpochOrder } from './mlpEpochOrder.js';
import { initialMlpParameters, parametersToLayers, type MlpParameters } from './mlpParameters.js';
import { MlpNoImprovementStopper } from './mlpStopping.js';
import { useTfjsBackend, type TfjsBackendName } from './tfjsBackend.js';

export interface MlpTfjsOptions extends MlpOptions {
  /** Default: the fastest available (see tfjsBackend). */
  backend?: TfjsBackendName;
}

export async function trainMlpTfjs(X: NumericTable, y: Float64Array, options: MlpTfjsOptions): Promise<MlpFit> {
  const config = resolveMlpOptions(options);
  checkTrainingData(X, y);
  await useTfjsBackend(options.backend);
  const rng = new NumpyRandomState(config.randomState);
  const units = [X.columns.length, ...config.hidden, 1];
  const initial = initialMlpParameters(units, rng);
  const order = new MlpEpochOrder(X.rows, config.batchSize, rng);
  const batches = order.batches();
  const stopper = new MlpNoImprovementStopper(config.tol, config.nIterNoChange);

  // tidy frees the initial-value tensors; the variables built from them survive it.
  const kernels = initial.kernels.map((k, l) => tf.tidy(() => tf.variable(tf.tensor2d(Float32Array.from(k), [units[l], units[l + 1]]))));
  const biases = initial.biases.map((b) => tf.tidy(() => tf.variable(tf.tensor1d(Float32Array.from(b)))));
  const params: tf.Variable[] = [...kernels, ...biases];
  const firstMoments = params.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
  const secondMoments = params.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
  const inputs = tf.tensor2d(Float32Array.from(X.data), [X.rows, X.columns.length]);
  const targets = tf.tensor2d(Float32Array.from(y), [X.rows, 1]);

  const half = tf.scalar(0.5);
  const batchLoss = (xb: tf.Tensor2D, yb: tf.Tensor2D, rows: number): tf.Scalar => {
    let activation: tf.Tensor2D = xb;
    for (let l = 0; l < kernels.length; l++) {
      activation = tf.add(tf.matMul(activation, kernels[l]), biases[l]);
      if (l + 1 < kernels.length) activation = tf.relu(activation);
    }
    const squared = tf.mul(tf.mean(tf.squaredDifference(yb, activation)), half);
    const penalty = tf.addN(kernels.map((k) => tf.sum(tf.square(k))));
    return tf.add(squared, tf.mul(penalty, tf.scalar((0.5 * config.alpha) / rows))) as tf.Scalar;
  };

  // Constant scalars made once: a JS number operand would upload a new tensor per op.
  const beta1 = tf.scalar(ADAM_BETA1);
  const oneMinusBeta1 = tf.scalar(1 - ADAM_BETA1);
  const beta2 = tf.scalar(ADAM_BETA2);
  const oneMinusBeta2 = tf.scalar(1 - ADAM_BETA2);
  const epsilon = tf.scalar(ADAM_EPSILON);
  let t = 0;
  const adamStep = (grads: tf.NamedTensorMap): void => {
    t += 1;
    const stepSize = tf.scalar((config.learningRate * Math.sqrt(1 - ADAM_BETA2 ** t)) / (1 - ADAM_BETA1 ** t));
    params.forEach((p, i) => {
      const g = grads[p.name];
      const m = tf.add(tf.mul(firstMoments[i], beta1), tf.mul(g, oneMinusBeta1));
      const v = tf.add(tf.mul(secondMoments[i], beta2), tf.mul(tf.square(g), oneMinusBeta2));
      firstMoments[i].assign(m);
      secondMoments[i].assign(v);
      p.assign(tf.sub(p, tf.div(tf.mul(m, stepSize), tf.add(tf.sqrt(v), epsilon))));
    });
  };

  const lossCurve: number[] = [];
  let converged = false;
  try {
    for (let epoch = 1; epoch <= config.maxIter; epoch++) {
      const rows = order.shuffle();
      const accumulated = tf.tidy(() => {
        const index = tf.tensor1d(Int32Array.from(rows), 'int32');
        const xs = tf.gather(inputs, index) as tf.Tensor2D;
        const ys = tf.gather(targets, index) as tf.Tensor2D;
        let sum: tf.Scalar = tf.scalar(0);
        for (const [start, stop] of batches) {
          const previous = sum;
          sum = tf.tidy(() => {
            const n = stop - start;
            const xb = tf.slice(xs, [start, 0], [n, -1]);
            const yb = tf.slice(ys, [start, 0], [n, -1]);
            const { value, grads } = tf.variableGrads(() => batchLoss(xb, yb, n), params);
            adamStep(grads);
            return tf.add(previous, tf.mul(value, n));
          });
          previous.dispose();
        }
        return sum;
      });
      const loss = (await accumulated.data())[0] / X.rows;
      accumulated.dispose();
      lossCurve.push(loss);
      config.onEpoch?.(epoch, loss);
      if (stopper.shouldStop(loss)) {
        converged = true;
        break;
      }
    }
    const trained: MlpParameters = {
      units,
      kernels: await Promise.all(kernels.map(async (k) => Float64Array.from(await k.data()))),
      biases: await Promise.all(biases.map(async (b) => Float64Array.from(await b.data()))),
    };
    return { weights: parametersToLayers(trained), lossCurve, epochs: lossCurve.length, converged };
  } finally {
    tf.dispose([...params, ...firstMoments, ...secondMoments, inputs, targets, half, beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon]);
  }
}
