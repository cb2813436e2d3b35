// GoRules ZEN peer for the rxrules throughput comparison (issue 18).
// node run.mjs --corpus FILE.jsonl [--rounds N] [--decisions OUT.jsonl] [--concurrency C] [--model JDM]
//
// Loads inotuzumab.jdm.json once (createDecision) and keeps each request as
// JSON text. Timed per request: JSON.parse, await decision.evaluate,
// JSON.stringify of the result (text in, text out, as the engine's CLI and
// C ABI are). One untimed warm-up round, then N timed rounds.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { ZenEngine } from '@gorules/zen-engine';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const corpusPath = opt('--corpus');
if (!corpusPath) {
  console.error('usage: node run.mjs --corpus FILE.jsonl [--rounds N] [--decisions OUT.jsonl] [--concurrency C] [--model JDM]');
  process.exit(2);
}
const rounds = Number(opt('--rounds', '5'));
const decisionsPath = opt('--decisions');
const concurrency = Number(opt('--concurrency', '64'));

const require = createRequire(import.meta.url);
const zenVersion = require('@gorules/zen-engine/package.json').version;
const engine = new ZenEngine();
const decision = engine.createDecision(readFileSync(opt('--model', new URL('./inotuzumab.jdm.json', import.meta.url))));
const requests = readFileSync(corpusPath, 'utf8').split('\n').filter((l) => l.trim() !== '');

// One request, text in, text out: what is timed.
// A request ZEN rejects (the input node's JSON Schema, or a time date()
// cannot read) has a problem: rxrules blocks such a request, so it is
// answered {"decision":"block","findings":[],"problem":...}.
async function verify(text) {
  try {
    const response = await decision.evaluate(JSON.parse(text));
    return JSON.stringify(response.result);
  } catch (error) {
    return JSON.stringify({ decision: 'block', findings: [], problem: String(error?.message ?? error).split('\n')[0] });
  }
}

// Warm-up (untimed), and the decisions of the corpus.
const outputs = [];
for (const text of requests) outputs.push(await verify(text));
if (decisionsPath) {
  const lines = outputs.map((out, i) => {
    const { decision: verdict, findings, problem } = JSON.parse(out);
    const sorted = [...findings].sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
    return JSON.stringify({
      id: JSON.parse(requests[i]).id,
      decision: verdict,
      findings: sorted.map((f) => f.rule),
      severities: sorted.map((f) => f.severity),
      ...(problem ? { problem } : {}),
    });
  });
  writeFileSync(decisionsPath, lines.join('\n') + '\n');
}

// Sequential: await each request before the next (one caller, one thread of
// requests: the fair comparison with the engine's single-threaded verify).
const samples = new Float64Array(rounds * requests.length);
let sink = 0;
const t0 = process.hrtime.bigint();
for (let r = 0, k = 0; r < rounds; r++) {
  for (const text of requests) {
    const start = process.hrtime.bigint();
    const out = await verify(text);
    sink += out.length;
    samples[k++] = Number(process.hrtime.bigint() - start) / 1000;
  }
}
const sequentialNs = Number(process.hrtime.bigint() - t0);

// Concurrent: C requests in flight. ZEN's Node binding runs evaluate on a
// pool of native worker threads (one per core), so this uses more than one
// core; reported for information only.
const t1 = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) {
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const out = await verify(requests[next++]);
      sink += out.length;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
}
const concurrentNs = Number(process.hrtime.bigint() - t1);

const sorted = Array.from(samples).sort((a, b) => a - b);
const quantile = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
const round1 = (x) => Math.round(x * 10) / 10;
console.log(JSON.stringify({
  peer: 'gorules-zen',
  zen: zenVersion,
  node: process.version,
  requests: requests.length,
  rounds,
  p50_us: round1(quantile(0.5)),
  p99_us: round1(quantile(0.99)),
  mean_us: round1(mean),
  requests_per_s: Math.round((rounds * requests.length) / (sequentialNs / 1e9)),
  sequential_requests_per_s: Math.round((rounds * requests.length) / (sequentialNs / 1e9)),
  concurrent_requests_per_s: Math.round((rounds * requests.length) / (concurrentNs / 1e9)),
  concurrency,
  cores: availableParallelism(),
  checksum: sink % 1000003,
}));
