// Runs an int8 model on the golden token ids with a plain ONNX Runtime for Node (native or WASM) and
// prints the cosine of each vector to the reference embedding: mean, lowest, texts at >= 0.999.
// See README.md beside this file. Not part of the product.
//
// node compare.js <onnxruntime module dir> <minilm|bge> <model.onnx> [all|extended|basic|disabled] [cpu|wasm]
// ORT_CONFIG='{"optimization":{"disable_specified_optimizers":"A;B"}}' adds session config entries.
const fs = require('fs');
const path = require('path');

const [, , moduleDir, family, modelFile, level = 'all', provider = 'cpu'] = process.argv;
const golden = process.env.GOLDEN || path.resolve(__dirname, '../../../shared/golden');
const families = {
  minilm: { tokens: 'all-minilm-l6-v2', reference: 'embeddings-all-minilm-l6-v2-q.jsonl', max: 256, cls: false },
  bge: { tokens: 'bge-small-zh-v1.5-lowercase', reference: 'embeddings-bge-small-zh-v1.5-lowercase-q.jsonl', max: 512, cls: true },
};
const model = families[family];
if (!model || !modelFile) {
  console.error('usage: node compare.js <onnxruntime module dir> <minilm|bge> <model.onnx> [level] [cpu|wasm]');
  process.exit(2);
}
const ort = require(path.resolve(moduleDir));
const version = require(path.resolve(moduleDir, 'package.json')).version;
const lines = file => fs.readFileSync(path.join(golden, file), 'utf8').split('\n').filter(Boolean).map(JSON.parse);
const int64 = values => BigInt64Array.from(values, BigInt);

(async () => {
  const texts = lines('tokens.jsonl');
  const reference = lines(model.reference);
  const options = { graphOptimizationLevel: level, intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' };
  if (provider === 'wasm') {
    options.executionProviders = ['wasm'];
    ort.env.wasm.numThreads = 1;
  }
  if (process.env.ORT_CONFIG) options.extra = JSON.parse(process.env.ORT_CONFIG);
  const session = await ort.InferenceSession.create(fs.readFileSync(modelFile), options);
  const output = session.outputNames.includes('last_hidden_state') ? 'last_hidden_state' : session.outputNames[0];
  const cosines = [];
  for (let i = 0; i < texts.length; i++) {
    let ids = texts[i][model.tokens];
    if (ids.length > model.max) ids = ids.slice(0, model.max - 1).concat(ids[ids.length - 1]);
    const n = ids.length;
    const feeds = {
      input_ids: new ort.Tensor('int64', int64(ids), [1, n]),
      attention_mask: new ort.Tensor('int64', int64(ids.map(() => 1)), [1, n]),
    };
    if (session.inputNames.includes('token_type_ids')) {
      feeds.token_type_ids = new ort.Tensor('int64', int64(ids.map(() => 0)), [1, n]);
    }
    const hidden = (await session.run(feeds))[output];
    const d = hidden.dims[2];
    const vector = new Float64Array(d);
    for (let t = 0; t < (model.cls ? 1 : n); t++) {
      for (let j = 0; j < d; j++) vector[j] += hidden.data[t * d + j];
    }
    const expected = reference[i].embedding;
    let dot = 0, vv = 0, ee = 0;
    for (let j = 0; j < d; j++) {
      dot += vector[j] * expected[j];
      vv += vector[j] * vector[j];
      ee += expected[j] * expected[j];
    }
    cosines.push(dot / Math.sqrt(vv * ee));
  }
  const mean = cosines.reduce((a, b) => a + b, 0) / cosines.length;
  const lowest = Math.min(...cosines);
  const at = cosines.filter(c => c >= 0.999).length;
  console.log(`${family} ${path.basename(moduleDir)} ${version} ${level} ${provider}: mean ${mean.toFixed(5)}, lowest ${lowest.toFixed(4)}, `
    + `${at}/${cosines.length} at >= 0.999 (lowest: text #${cosines.indexOf(lowest)})`);
})().catch(e => { console.error(e); process.exit(1); });
