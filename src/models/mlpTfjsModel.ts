/**
 * MLP weights as a TensorFlow.js layers model (dense relu layers and a linear output,
 * kernels fan_in × fan_out as in sklearn), saved to and loaded from a JSON-serialisable
 * artefact. tfjs computes in float32.
 */
import * as tf from '@tensorflow/tfjs';
import type { NumericTable } from '../data/numericTable.js';
import { layersToParameters, type MlpLayer } from './mlpParameters.js';
import { useTfjsBackend, type TfjsBackendName } from './tfjsBackend.js';

/** A tfjs layers model as plain JSON: topology and weight manifest, weights as base64 little-endian float32. */
export interface TfjsModelArtefact {
  format: 'tfjs-layers-model';
  modelTopology: unknown;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightDataBase64: string;
}

export async function toTfjsModel(weights: readonly MlpLayer[], backend?: TfjsBackendName): Promise<tf.Sequential> {
  const { units, kernels, biases } = layersToParameters(weights);
  await useTfjsBackend(backend);
  const model = tf.sequential();
  for (let l = 0; l + 1 < units.length; l++) {
    const isOutput = l + 2 === units.length;
    model.add(tf.layers.dense({
      name: isOutput ? 'output' : `hidden_${l + 1}`,
      units: units[l + 1],
      activation: isOutput ? 'linear' : 'relu',
      ...(l === 0 ? { inputShape: [units[0]] } : {}),
    }));
  }
  const values = kernels.flatMap((kernel, l) => [
    tf.tensor2d(Float32Array.from(kernel), [units[l], units[l + 1]]),
    tf.tensor1d(Float32Array.from(biases[l])),
  ]);
  model.setWeights(values);
  tf.dispose(values);
  return model;
}

export async function saveTfjsModel(model: tf.LayersModel): Promise<TfjsModelArtefact> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  if (saved?.modelTopology === undefined || saved.weightSpecs === undefined || saved.weightData === undefined) {
    throw new Error('tfjs did not hand over the model topology and weights');
  }
  const weightData = tf.io.CompositeArrayBuffer.join(saved.weightData);
  return {
    format: 'tfjs-layers-model',
    modelTopology: saved.modelTopology,
    weightSpecs: saved.weightSpecs,
    weightDataBase64: Buffer.from(weightData).toString('base64'),
  };
}

export async function loadTfjsModel(artefact: TfjsModelArtefact, backend?: TfjsBackendName): Promise<tf.LayersModel> {
  if (artefact.format !== 'tfjs-layers-model') throw new Error(`not a tfjs layers model artefact: format '${artefact.format}'`);
  await useTfjsBackend(backend);
  const bytes = Buffer.from(artefact.weightDataBase64, 'base64');
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: artefact.modelTopology as object,
    weightSpecs: artefact.weightSpecs,
    weightData,
  }));
}

/** Predictions of a tfjs model for every row of X (computed in float32). */
export function predictTfjs(model: tf.LayersModel, X: NumericTable): Float64Array {
  const inputs = model.inputs[0].shape[1];
  if (X.columns.length !== inputs) throw new Error(`the model takes ${inputs} input columns, X has ${X.columns.length}`);
  const output = tf.tidy(() => {
    const predicted = model.predict(tf.tensor2d(Float32Array.from(X.data), [X.rows, X.columns.length])) as tf.Tensor;
    return predicted.dataSync();
  });
  return Float64Array.from(output);
}
