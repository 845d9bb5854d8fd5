// Proof (not product code): runs an int8 model with ONNX Runtime, but computes every LayerNorm in
// JavaScript with the arithmetic of ONNX Runtime 1.30's x86 AVX2/FMA kernel (mean summed in double over
// 4 lanes, centred variance summed in float over 8 lanes with fused multiply-add, output
// fma((x - mean) * inv, gamma, beta)); the graph between two LayerNorms runs as its own ORT session.
// Prints the cosine to the reference embeddings and ms per text against a plain session.
// See README.md beside this file.
//
// node layernorm130.js <onnxruntime module dir> <minilm|bge> <model.onnx>
// DUMP=<dir> also writes the parts (seg<k>.onnx), the LayerNorms (meta.txt) and the truncated token ids
// with the reference vectors (texts.txt) for LayerNorm130.java, the same in Java.
const fs = require('fs'), path = require('path');
const [, , modDir, which, modelFile] = process.argv;
const ort = require(path.resolve(modDir));
const golden = process.env.GOLDEN || path.resolve(__dirname, '../../../shared/golden');
const cfg = { minilm: { key: 'all-minilm-l6-v2', gold: 'embeddings-all-minilm-l6-v2-q.jsonl', max: 256, cls: false },
  bge: { key: 'bge-small-zh-v1.5-lowercase', gold: 'embeddings-bge-small-zh-v1.5-lowercase-q.jsonl', max: 512, cls: true } }[which];
// --- protobuf
function varint(b, p) { let r = 0n, s = 0n; for (;;) { const x = b[p++]; r |= BigInt(x & 127) << s; s += 7n; if (!(x & 128)) return [r, p]; } }
function fields(b, s, e) { const out = []; let p = s; while (p < e) { const st = p; let [k, q] = varint(b, p); p = q; const f = Number(k >> 3n), w = Number(k & 7n); let v;
  if (w === 0) { [v, p] = varint(b, p); } else if (w === 2) { let l; [l, p] = varint(b, p); v = [p, p + Number(l)]; p += Number(l); } else if (w === 5) { v = [p, p + 4]; p += 4; } else if (w === 1) { v = [p, p + 8]; p += 8; } else throw new Error('wt' + w);
  out.push({ f, w, v, raw: b.subarray(st, p) }); } return out; }
const enc = n => { const a = []; let x = BigInt(n); do { let c = Number(x & 127n); x >>= 7n; if (x) c |= 128; a.push(c); } while (x); return Buffer.from(a); };
const ld = (f, buf) => Buffer.concat([enc((f << 3) | 2), enc(buf.length), buf]);
const str = (b, v) => b.toString('utf8', v[0], v[1]);
const buf = fs.readFileSync(modelFile);
const model = fields(buf, 0, buf.length);
const graphF = model.find(x => x.f === 7);
const g = fields(buf, graphF.v[0], graphF.v[1]);
const nodes = g.filter(x => x.f === 1).map(x => { const fs2 = fields(buf, x.v[0], x.v[1]); return { raw: x.raw, ins: fs2.filter(y => y.f === 1).map(y => str(buf, y.v)), outs: fs2.filter(y => y.f === 2).map(y => str(buf, y.v)), op: str(buf, (fs2.find(y => y.f === 4) || { v: [0, 0] }).v), fs: fs2 }; });
const inits = new Map(); for (const x of g.filter(x => x.f === 5)) { const t = fields(buf, x.v[0], x.v[1]); inits.set(str(buf, t.find(y => y.f === 8).v), { raw: x.raw, t }); }
const gInputs = new Map(); for (const x of g.filter(x => x.f === 11)) { const t = fields(buf, x.v[0], x.v[1]); gInputs.set(str(buf, t.find(y => y.f === 1).v), x.raw); }
const gOutputs = g.filter(x => x.f === 12).map(x => str(buf, fields(buf, x.v[0], x.v[1]).find(y => y.f === 1).v));
const producer = new Map(); nodes.forEach(n => n.outs.forEach(o => producer.set(o, n)));
const consumers = new Map(); nodes.forEach(n => n.ins.forEach(i => { if (!consumers.has(i)) consumers.set(i, []); consumers.get(i).push(n); }));
function floats(name) { // initializer or Constant node value as Float32Array
  let t = inits.has(name) ? inits.get(name).t : null;
  if (!t) { const n = producer.get(name); const a = n.fs.find(y => y.f === 5); const af = fields(buf, a.v[0], a.v[1]); const tf = af.find(y => y.f === 5); t = fields(buf, tf.v[0], tf.v[1]); }
  const raw = t.find(y => y.f === 9); if (raw) { const r = buf.subarray(raw.v[0], raw.v[1]); return new Float32Array(r.buffer.slice(r.byteOffset, r.byteOffset + r.length)); }
  const fd = t.filter(y => y.f === 4); if (fd.length && fd[0].w === 2) { const r = buf.subarray(fd[0].v[0], fd[0].v[1]); return new Float32Array(r.buffer.slice(r.byteOffset, r.byteOffset + r.length)); }
  return Float32Array.from(fd.map(y => buf.readFloatLE(y.v[0])));
}
// --- find LayerNorm patterns
const only = (t, op) => { const c = consumers.get(t) || []; return c.filter(n => n.op === op); };
const lns = []; const lnNodes = new Set();
for (const r1 of nodes.filter(n => n.op === 'ReduceMean')) {
  const x = r1.ins[0]; const sub = (consumers.get(r1.outs[0]) || []).find(n => n.op === 'Sub' && n.ins[0] === x); if (!sub) continue;
  const pow = only(sub.outs[0], 'Pow')[0]; const div = only(sub.outs[0], 'Div')[0]; if (!pow || !div) continue;
  const r2 = only(pow.outs[0], 'ReduceMean')[0]; const addE = only(r2.outs[0], 'Add')[0]; const sq = only(addE.outs[0], 'Sqrt')[0];
  const mul = only(div.outs[0], 'Mul')[0]; const addB = only(mul.outs[0], 'Add')[0];
  const other = (n, t) => n.ins.find(i => i !== t);
  const ln = { x, y: addB.outs[0], eps: floats(other(addE, r2.outs[0]))[0], gamma: floats(other(mul, div.outs[0])), beta: floats(other(addB, mul.outs[0])) };
  [r1, sub, pow, r2, addE, sq, div, mul, addB].forEach(n => lnNodes.add(n));
  const pc = producer.get(other(pow, sub.outs[0])); if (pc && pc.op === 'Constant') lnNodes.add(pc);
  [other(addE, r2.outs[0]), other(mul, div.outs[0]), other(addB, mul.outs[0])].forEach(t => { const p = producer.get(t); if (p && p.op === 'Constant' && (consumers.get(t) || []).length === 1) lnNodes.add(p); });
  lns.push(ln);
}
// ONNX nodes are in topological order, so lns is too: part k ends at the input of LayerNorm k and may
// use the graph inputs and the output of any earlier LayerNorm.
const lnByY = new Map(lns.map((l, i) => [l.y, i]));
const order = nodes.filter(n => !lnNodes.has(n));
// segment k computes LN k's input x (k < lns.length) or the graph outputs (k == lns.length)
function segment(targets) {
  const need = new Set(), stack = [...targets], inputs = new Set();
  while (stack.length) { const t = stack.pop(); if (!t || need.has(t)) continue; need.add(t);
    if (lnByY.has(t) || gInputs.has(t)) { inputs.add(t); continue; } if (inits.has(t)) continue;
    const p = producer.get(t); if (lnNodes.has(p)) throw new Error('LN internal needed ' + t); p.ins.forEach(i => stack.push(i)); }
  const segNodes = order.filter(n => n.outs.some(o => need.has(o)));
  const usedInits = [...inits.keys()].filter(k => need.has(k));
  const valueInfo = name => { if (gInputs.has(name)) return gInputs.get(name);
    const tensorType = Buffer.concat([enc((1 << 3) | 0), enc(1)]); // elem_type float
    const typeProto = ld(1, tensorType); return ld(11, Buffer.concat([ld(1, Buffer.from(name)), ld(2, typeProto)])); };
  const outInfo = name => { const tensorType = Buffer.concat([enc((1 << 3) | 0), enc(1)]); return ld(12, Buffer.concat([ld(1, Buffer.from(name)), ld(2, ld(1, tensorType))])); };
  const graph = Buffer.concat([...segNodes.map(n => n.raw), ld(2, Buffer.from('seg')), ...usedInits.map(k => inits.get(k).raw), ...[...inputs].map(valueInfo), ...targets.map(outInfo)]);
  const m = Buffer.concat([...model.filter(x => x.f !== 7).map(x => x.raw), ld(7, graph)]);
  return { bytes: m, inputs: [...inputs], targets };
}
// --- the 1.30 AVX2 LayerNorm. fma(a, b, c) on floats: a * b is exact in double, so rounding the double
// sum to float is the fused result (but for double-rounding cases, rare enough not to show here).
const f = Math.fround;
function layerNorm(x, rows, n, ln) {
  const y = new Float32Array(x.length);
  for (let r = 0; r < rows; r++) {
    const o = r * n; const lanes4 = [0, 0, 0, 0]; let i = 0;
    for (; i + 4 <= n; i += 4) for (let l = 0; l < 4; l++) lanes4[l] += x[o + i + l];
    let dsum = (lanes4[0] + lanes4[2]) + (lanes4[1] + lanes4[3]); for (; i < n; i++) dsum += x[o + i];
    const mean = f(dsum / n);
    const acc = new Float64Array(8); i = 0;
    for (; i + 8 <= n; i += 8) for (let l = 0; l < 8; l++) { const d = f(x[o + i + l] - mean); acc[l] = f(d * d + acc[l]); }
    // horizontal: lo+hi (4), then [0]+[2],[1]+[3], then [0]+[1]
    const h = [f(acc[0] + acc[4]), f(acc[1] + acc[5]), f(acc[2] + acc[6]), f(acc[3] + acc[7])];
    const h2 = [f(h[0] + h[2]), f(h[1] + h[3])];
    let v = f(h2[0] + h2[1]); for (; i < n; i++) { const d = f(x[o + i] - mean); v = f(v + f(d * d)); }
    const inv = f(1 / f(Math.sqrt(f(f(v / n) + ln.eps))));
    for (let j = 0; j < n; j++) { const t = f(f(x[o + j] - mean) * inv); y[o + j] = f(t * ln.gamma[j] + ln.beta[j]); }
  }
  return y;
}
const lines = fl => fs.readFileSync(path.join(golden, fl), 'utf8').split('\n').filter(Boolean).map(JSON.parse);
(async () => {
  const segs = []; for (let k = 0; k <= lns.length; k++) segs.push(segment(k < lns.length ? [lns[k].x] : gOutputs.filter(o => !lnByY.has(o))));
  const last = gOutputs.find(o => lnByY.has(o));
  if (!last || segs[lns.length].targets.length) throw new Error('expected the last LayerNorm to give the output');
  if (process.env.DUMP) {
    const dir = process.env.DUMP;
    fs.mkdirSync(dir, { recursive: true });
    segs.slice(0, lns.length).forEach((sg, k) => fs.writeFileSync(path.join(dir, 'seg' + k + '.onnx'), sg.bytes));
    fs.writeFileSync(path.join(dir, 'meta.txt'), lns.map((l, k) => [l.x, l.y, l.eps, segs[k].inputs.join(','),
      Array.from(l.gamma).join(' '), Array.from(l.beta).join(' ')].join(';')).join('\n') + '\n');
    const reference = lines(cfg.gold);
    fs.writeFileSync(path.join(dir, 'texts.txt'), lines('tokens.jsonl').map((t, i) => {
      let ids = t[cfg.key]; if (ids.length > cfg.max) ids = ids.slice(0, cfg.max - 1).concat([ids[ids.length - 1]]);
      return ids.join(' ') + ';' + reference[i].embedding.join(' ');
    }).join('\n') + '\n');
  }
  const opts = { graphOptimizationLevel: 'all', intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' };
  const sessions = []; for (let k = 0; k < lns.length; k++) sessions.push(await ort.InferenceSession.create(segs[k].bytes, opts));
  const tokens = lines('tokens.jsonl'), gold = lines(cfg.gold); const cos = []; const t0 = Date.now();
  for (let i = 0; i < tokens.length; i++) {
    let ids = tokens[i][cfg.key]; if (ids.length > cfg.max) ids = ids.slice(0, cfg.max - 1).concat([ids[ids.length - 1]]); const n = ids.length;
    const big = a => BigInt64Array.from(a.map(BigInt));
    const env = { input_ids: new ort.Tensor('int64', big(ids), [1, n]), attention_mask: new ort.Tensor('int64', big(ids.map(() => 1)), [1, n]), token_type_ids: new ort.Tensor('int64', big(ids.map(() => 0)), [1, n]) };
    let h;
    for (let k = 0; k < lns.length; k++) {
      const feeds = {}; segs[k].inputs.forEach(name => feeds[name] = env[name]);
      const out = (await sessions[k].run(feeds))[lns[k].x];
      const d = out.dims[out.dims.length - 1];
      h = layerNorm(out.data, out.data.length / d, d, lns[k]);
      env[lns[k].y] = new ort.Tensor('float32', h, out.dims);
    }
    const d = cfg.cls ? 512 : 384; const v = new Float64Array(d);
    for (let t = 0; t < (cfg.cls ? 1 : n); t++) for (let j = 0; j < d; j++) v[j] += h[t * d + j];
    const gg = gold[i].embedding; let dot = 0, vv = 0, ee = 0; for (let j = 0; j < d; j++) { dot += v[j] * gg[j]; vv += v[j] * v[j]; ee += gg[j] * gg[j]; }
    cos.push(dot / Math.sqrt(vv * ee));
  }
  const splitMs = (Date.now() - t0) / cos.length;
  const plain = await ort.InferenceSession.create(buf, opts); const t1 = Date.now();
  for (let i = 0; i < tokens.length; i++) {
    let ids = tokens[i][cfg.key]; if (ids.length > cfg.max) ids = ids.slice(0, cfg.max - 1).concat([ids[ids.length - 1]]); const n = ids.length;
    const big = a => BigInt64Array.from(a.map(BigInt));
    const feeds = { input_ids: new ort.Tensor('int64', big(ids), [1, n]), attention_mask: new ort.Tensor('int64', big(ids.map(() => 1)), [1, n]) };
    if (plain.inputNames.includes('token_type_ids')) feeds.token_type_ids = new ort.Tensor('int64', big(ids.map(() => 0)), [1, n]);
    await plain.run(feeds);
  }
  const plainMs = (Date.now() - t1) / tokens.length;
  console.log('ms per text: split', splitMs.toFixed(2), 'plain', plainMs.toFixed(2), 'plain/split', (plainMs / splitMs).toFixed(2));
  const mean = cos.reduce((a, b) => a + b, 0) / cos.length;
  const version = require(path.resolve(modDir, 'package.json')).version;
  console.log(`${which} ${version} with the 1.30 LayerNorm in JS: mean ${mean.toFixed(5)}, lowest ${Math.min(...cos).toFixed(4)}, `
    + `${cos.filter(c => c >= 0.999).length}/${cos.length} at >= 0.999`);
})().catch(e => { console.error(e); process.exit(1); });
