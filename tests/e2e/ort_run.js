#!/usr/bin/env node
'use strict';
// Runs an ONNX model with ONNX Runtime (CPU, onnxruntime-node) on .npy inputs.
//
//   node ort_run.js MODEL.onnx IN.npy [IN2.npy ...] --out-dir DIR [--threads N] [--bench N] [--warmup K]
//
// Inputs map to the model's inputs in order. Each output i is written as
// DIR/output_<i>.npy (.npy v1.0; float32 for float outputs). With --bench N,
// after K warm-up runs (default 3) N timed runs are made and
// `median_ms=<x> min_ms=<y>` is printed; --out-dir is then optional.
// onnxruntime-node is installed into tests/e2e/node_modules by
// scripts/reference/install.sh.

const fs = require('fs');
const path = require('path');
const { readNpy, writeNpy } = require('./npy');

function usage(msg) {
  if (msg) console.error(`ort_run.js: ${msg}`);
  console.error('usage: node ort_run.js MODEL.onnx IN.npy [IN2.npy ...] --out-dir DIR [--threads N] [--bench N] [--warmup K]');
  process.exit(2);
}

function parseArgs(argv) {
  const a = { positional: [], outDir: null, threads: 1, bench: 0, warmup: 3 };
  const intArg = (name, v, min) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) usage(`${name} needs an integer >= ${min}, got '${v}'`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const s = argv[i];
    const next = () => { if (i + 1 >= argv.length) usage(`${s} needs a value`); return argv[++i]; };
    if (s === '--out-dir') a.outDir = next();
    else if (s === '--threads') a.threads = intArg(s, next(), 1);
    else if (s === '--bench') a.bench = intArg(s, next(), 1);
    else if (s === '--warmup') a.warmup = intArg(s, next(), 0);
    else if (s === '-h' || s === '--help') usage();
    else if (s.startsWith('--')) usage(`unknown option ${s}`);
    else a.positional.push(s);
  }
  if (a.positional.length < 2) usage('need a model and at least one input');
  if (!a.outDir && !a.bench) usage('need --out-dir (or --bench)');
  return a;
}

function loadOrt() {
  try {
    return require('onnxruntime-node');
  } catch (e) {
    console.error('ort_run.js: cannot load onnxruntime-node; run scripts/reference/install.sh\n' + e.message);
    process.exit(1);
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const ort = loadOrt();
  const [modelPath, ...inputPaths] = args.positional;

  const session = await ort.InferenceSession.create(modelPath, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    intraOpNumThreads: args.threads,
    interOpNumThreads: 1,
  });
  if (inputPaths.length !== session.inputNames.length) {
    throw new Error(`${modelPath} has ${session.inputNames.length} input(s) ` +
      `(${session.inputNames.join(', ')}) but ${inputPaths.length} .npy file(s) were given`);
  }
  const feeds = {};
  inputPaths.forEach((p, i) => {
    const a = readNpy(p);
    feeds[session.inputNames[i]] = new ort.Tensor(a.dtype, a.data, a.shape);
  });

  let results = await session.run(feeds);

  if (args.bench) {
    for (let i = 0; i < args.warmup; i++) results = await session.run(feeds);
    const times = [];
    for (let i = 0; i < args.bench; i++) {
      const t0 = process.hrtime.bigint();
      results = await session.run(feeds);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((x, y) => x - y);
    const n = times.length;
    const median = n % 2 ? times[(n - 1) / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
    console.log(`median_ms=${median.toFixed(3)} min_ms=${times[0].toFixed(3)}`);
  }

  if (args.outDir) {
    fs.mkdirSync(args.outDir, { recursive: true });
    session.outputNames.forEach((name, i) => {
      const t = results[name];
      let { type, data } = t;
      if (type === 'float16' || type === 'float64') { data = Float32Array.from(data, Number); type = 'float32'; }
      writeNpy(path.join(args.outDir, `output_${i}.npy`), type, t.dims.map(Number), data);
    });
  }
  if (typeof session.release === 'function') await session.release();
}

main().catch((e) => {
  console.error(`ort_run.js: ${e && e.message ? e.message : e}`);
  process.exit(1);
});
