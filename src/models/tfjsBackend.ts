/**
 * TensorFlow.js backend selection: the native binding (@tensorflow/tfjs-node, an
 * optional dependency that may be absent) when importable, else WebAssembly (SIMD in
 * Node 20), else the pure-JS cpu backend. tfjs keeps one global backend, so every
 * tfjs entry point calls `useTfjsBackend` before creating tensors.
 */
import * as tf from '@tensorflow/tfjs';

export type TfjsBackendName = 'tensorflow' | 'wasm' | 'cpu';

/** Fastest first. */
const PREFERENCE: readonly TfjsBackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** Held in a variable so that the compiler does not require the optional package. */
const TFJS_NODE_PACKAGE = '@tensorflow/tfjs-node';

const registration = new Map<TfjsBackendName, Promise<boolean>>();
let fastest: Promise<TfjsBackendName> | undefined;

/** Makes the given backend (default: the fastest available) current and returns its name. */
export async function useTfjsBackend(name?: TfjsBackendName): Promise<TfjsBackendName> {
  const wanted = name ?? (await fastestTfjsBackend());
  if (!(await register(wanted))) throw new Error(`tfjs backend '${wanted}' is not available`);
  if (tf.getBackend() !== wanted && !(await tf.setBackend(wanted))) {
    throw new Error(`tfjs backend '${wanted}' failed to initialise`);
  }
  await tf.ready();
  return wanted;
}

/** The first backend in preference order that registers and initialises; decided once per process. */
export function fastestTfjsBackend(): Promise<TfjsBackendName> {
  fastest ??= (async () => {
    for (const name of PREFERENCE) {
      if ((await register(name)) && (await tf.setBackend(name))) return name;
    }
    throw new Error('no tfjs backend could be initialised');
  })();
  return fastest;
}

/** Whether the backend's package is loaded and its factory registered with this copy of tfjs-core. */
function register(name: TfjsBackendName): Promise<boolean> {
  let pending = registration.get(name);
  if (pending === undefined) {
    pending = importBackend(name).then(
      () => Boolean(tf.findBackendFactory(name)),
      () => false,
    );
    registration.set(name, pending);
  }
  return pending;
}

async function importBackend(name: TfjsBackendName): Promise<void> {
  if (name === 'tensorflow') await import(TFJS_NODE_PACKAGE);
  else if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  // The cpu backend ships inside @tensorflow/tfjs.
}
