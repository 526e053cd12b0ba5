// Decodes the digits asset that scripts/build-digits.mjs writes (src/data/build/digits.bin):
// 14 x 14 uint8 MNIST digits split into training and held-out sets, and the weights of the
// small classifier trained on the training split. Pure: the page fetches the bytes, Node
// reads them from disk (src/platform/digitsNode.ts), both hand them here.

export const DIGITS_MAGIC = 'GPDIGIT1';
export const DIGIT_CLASSES = 10;
/** The classifier's outputs: the ten digits, then 'not a digit' (trained on noise and blends of two digits). */
export const CLASSIFIER_OUTPUTS = DIGIT_CLASSES + 1;
export const NOT_A_DIGIT = DIGIT_CLASSES;

export interface DigitSet {
  /** Row-major uint8 images, count x side². */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface ClassifierWeights {
  hidden: number;
  /** side² x hidden, row-major. */
  W1: Float32Array;
  b1: Float32Array;
  /** hidden x 11 (the ten digits, then 'not a digit'). */
  W2: Float32Array;
  b2: Float32Array;
  /** Held-out accuracy measured when the asset was built. */
  builtAccuracy: number;
}

export interface DigitsData {
  side: number;
  /** Pixels per digit (side²): the data dimension. */
  pixels: number;
  train: DigitSet;
  heldOut: DigitSet;
  classifier: ClassifierWeights;
}

export function decodeDigits(buffer: ArrayBuffer | Uint8Array): DigitsData {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  const fail = (why: string): never => {
    throw new Error(`the digits asset is not valid (${why}); rebuild it with node scripts/build-digits.mjs --force`);
  };
  if (bytes.length < 28) fail('too short');
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (magic !== DIGITS_MAGIC) fail(`magic '${magic}'`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [side, nTrain, nHeldOut, hidden] = [0, 1, 2, 3].map((i) => view.getUint32(8 + 4 * i, true));
  const builtAccuracy = view.getFloat32(24, true);
  const pixels = side * side;
  let o = 28;
  const take = (n: number): Uint8Array => {
    if (o + n > bytes.length) fail('truncated');
    const out = bytes.slice(o, o + n);
    o += n;
    return out;
  };
  const trainLabels = take(nTrain);
  const heldOutLabels = take(nHeldOut);
  const trainImages = take(nTrain * pixels);
  const heldOutImages = take(nHeldOut * pixels);
  o = Math.ceil(o / 4) * 4;
  const floats = (n: number): Float32Array => {
    if (o + 4 * n > bytes.length) fail('truncated weights');
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = view.getFloat32(o + 4 * i, true);
    o += 4 * n;
    return out;
  };
  const classifier: ClassifierWeights = {
    hidden,
    W1: floats(pixels * hidden),
    b1: floats(hidden),
    W2: floats(hidden * CLASSIFIER_OUTPUTS),
    b2: floats(CLASSIFIER_OUTPUTS),
    builtAccuracy,
  };
  if (o !== bytes.length) fail(`${bytes.length - o} bytes left over`);
  for (const l of [trainLabels, heldOutLabels]) if (l.some((v) => v >= DIGIT_CLASSES)) fail('a label past 9');
  return {
    side,
    pixels,
    train: { images: trainImages, labels: trainLabels, count: nTrain },
    heldOut: { images: heldOutImages, labels: heldOutLabels, count: nHeldOut },
    classifier,
  };
}

/** Digit i of a set as floats in [0, 1] (the generator's pixel space). */
export function digitPixels(set: DigitSet, pixels: number, i: number, out = new Float32Array(pixels)): Float32Array {
  const base = i * pixels;
  for (let p = 0; p < pixels; p++) out[p] = set.images[base + p] / 255;
  return out;
}
