// node overhead.mjs --corpus FILE.jsonl [--rounds N] [--model JDM]
// Where a ZEN call's time goes, per request (sequential, awaited), in us:
//   parse       JSON.parse of the request text
//   empty_call  evaluate of an input->output graph with an empty context
//               (the binding's promise and native worker-thread hop)
//   passthrough evaluate of the input->output graph with the request (adds
//               JS -> native conversion of the request and back)
//   model       evaluate of inotuzumab.jdm.json (text in, text out as run.mjs)
//   zen_reported the model's own `performance` figure (graph evaluation
//               inside ZEN, no conversion), and per node with tracing on
import { readFileSync } from 'node:fs';
import { ZenEngine } from '@gorules/zen-engine';

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const corpusPath = opt('--corpus');
if (!corpusPath) {
  console.error('usage: node overhead.mjs --corpus FILE.jsonl [--rounds N]');
  process.exit(2);
}
const rounds = Number(opt('--rounds', '2'));
const texts = readFileSync(corpusPath, 'utf8').split('\n').filter((l) => l.trim() !== '');
const engine = new ZenEngine();
const model = engine.createDecision(readFileSync(opt('--model', new URL('./inotuzumab.jdm.json', import.meta.url))));
const empty = engine.createDecision({
  nodes: [{ id: 'in', name: 'in', type: 'inputNode', content: {} }, { id: 'out', name: 'out', type: 'outputNode', content: {} }],
  edges: [{ id: 'e', sourceId: 'in', targetId: 'out', type: 'edge' }],
});
const us = (s) => (s.endsWith('ns') ? parseFloat(s) / 1000 : s.endsWith('µs') ? parseFloat(s) : s.endsWith('ms') ? parseFloat(s) * 1000 : parseFloat(s) * 1e6);

async function perRequest(fn) {
  for (const t of texts) await fn(t); // warm-up
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const t of texts) await fn(t);
  return Number(process.hrtime.bigint() - start) / 1000 / (rounds * texts.length);
}
const result = {};
let sink = 0;
result.parse_us = await perRequest(async (t) => { sink += JSON.parse(t) ? 1 : 0; });
result.empty_call_us = await perRequest(async () => { sink += (await empty.evaluate({})).result ? 1 : 0; });
result.passthrough_us = await perRequest(async (t) => { sink += JSON.stringify((await empty.evaluate(JSON.parse(t))).result).length; });
result.model_us = await perRequest(async (t) => { sink += JSON.stringify((await model.evaluate(JSON.parse(t))).result).length; });
let reported = 0;
const nodes = {};
for (const t of texts) {
  reported += us((await model.evaluate(JSON.parse(t))).performance);
  const traced = await model.evaluate(JSON.parse(t), { trace: true });
  for (const n of Object.values(traced.trace)) nodes[n.name] = (nodes[n.name] ?? 0) + us(n.performance ?? '0');
}
result.zen_reported_us = reported / texts.length;
result.traced_node_us = Object.fromEntries(Object.entries(nodes).map(([k, v]) => [k, Math.round((10 * v) / texts.length) / 10]));
for (const k of Object.keys(result)) if (typeof result[k] === 'number') result[k] = Math.round(result[k] * 10) / 10;
console.log(JSON.stringify({ requests: texts.length, rounds, ...result, sink: sink % 7 }));
