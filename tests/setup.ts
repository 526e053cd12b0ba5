// Tests run in Node: register tfjs gradients and the wasm backend (see src/platform/node.ts).
import '../src/platform/node';
