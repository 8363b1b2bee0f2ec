/**
 * The tfjs layers artefact of trained MLP weights, written without TensorFlow.js: the JSON that
 * `saveTfjsModel(await toTfjsModel(weights))` produces in a fresh process (topology, weight
 * manifest, float32 weights), key for key. Loading tfjs costs a trial about half a second;
 * test/models/mlp.test.ts checks this against tfjs's own save, so a tfjs upgrade that changes
 * the format fails there.
 */
import { layersToParameters, type MlpLayer } from './mlpParameters.js';
import type { TfjsModelArtefact } from './mlpTfjsModel.js';

/** What tfjs-layers writes as keras_version (the installed @tensorflow/tfjs-layers). */
export const TFJS_LAYERS_VERSION = 'tfjs-layers 4.22.0';
/** tfjs names a process's first Sequential model so; the name plays no part in loading. */
const MODEL_NAME = 'sequential_1';

export function mlpTfjsArtefact(weights: readonly MlpLayer[]): TfjsModelArtefact {
  const { units, kernels, biases } = layersToParameters(weights);
  const layers = kernels.map((_, l) => {
    const isOutput = l + 2 === units.length;
    return {
      class_name: 'Dense',
      config: {
        units: units[l + 1],
        activation: isOutput ? 'linear' : 'relu',
        use_bias: true,
        kernel_initializer: { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'normal', seed: null } },
        bias_initializer: { class_name: 'Zeros', config: {} },
        kernel_regularizer: null,
        bias_regularizer: null,
        activity_regularizer: null,
        kernel_constraint: null,
        bias_constraint: null,
        name: layerName(l, isOutput),
        trainable: true,
        ...(l === 0 ? { batch_input_shape: [null, units[0]], dtype: 'float32' } : {}),
      },
    };
  });
  const weightSpecs = kernels.flatMap((_, l) => {
    const name = layerName(l, l + 2 === units.length);
    return [
      { name: `${name}/kernel`, shape: [units[l], units[l + 1]], dtype: 'float32' as const },
      { name: `${name}/bias`, shape: [units[l + 1]], dtype: 'float32' as const },
    ];
  });
  const values = kernels.flatMap((kernel, l) => [kernel, biases[l]]);
  const data = new Float32Array(values.reduce((n, v) => n + v.length, 0));
  let at = 0;
  for (const v of values) {
    data.set(v, at);
    at += v.length;
  }
  return {
    format: 'tfjs-layers-model',
    modelTopology: { class_name: 'Sequential', config: { name: MODEL_NAME, layers }, keras_version: TFJS_LAYERS_VERSION, backend: 'tensor_flow.js' },
    weightSpecs,
    weightDataBase64: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64'),
  };
}

function layerName(layer: number, isOutput: boolean): string {
  return isOutput ? 'output' : `hidden_${layer + 1}`;
}
