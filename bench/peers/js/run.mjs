// Times the JavaScript peer on a corpus (issue 18):
//   node run.mjs --corpus FILE.jsonl [--rounds N] [--decisions OUT.jsonl]
// Text in, text out, as the engine is timed: each timed call parses the
// request's JSON text, verifies it and serialises the result.
import { readFileSync, writeFileSync } from 'node:fs';
import { verify } from './checks.mjs';

function parseArgs(argv) {
  const args = { corpus: null, rounds: 20, decisions: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--corpus') args.corpus = argv[++i];
    else if (a === '--rounds') args.rounds = Number(argv[++i]);
    else if (a === '--decisions') args.decisions = argv[++i];
    else throw new Error(`unknown argument ${a}`);
  }
  if (!args.corpus) throw new Error('usage: node run.mjs --corpus FILE.jsonl [--rounds N] [--decisions OUT.jsonl]');
  if (!Number.isInteger(args.rounds) || args.rounds < 1) throw new Error('--rounds must be a positive whole number');
  return args;
}

const verifyText = (text) => JSON.stringify(verify(JSON.parse(text)));

const args = parseArgs(process.argv.slice(2));
const requests = readFileSync(args.corpus, 'utf8').split('\n').filter((line) => line.trim() !== '');
const n = requests.length;

// Warm-up round (JIT), its output kept for --decisions.
const outputs = new Array(n);
for (let i = 0; i < n; i++) outputs[i] = verifyText(requests[i]);

const times = new Float64Array(n * args.rounds); // microseconds per request
let sink = 0; // keeps the results alive so no call can be optimised away
const started = process.hrtime.bigint();
for (let round = 0; round < args.rounds; round++) {
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const out = verifyText(requests[i]);
    const t1 = process.hrtime.bigint();
    sink += out.length;
    times[round * n + i] = Number(t1 - t0) / 1e3;
  }
}
const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;

const sorted = times.slice().sort();
const quantile = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const mean = times.reduce((a, b) => a + b, 0) / times.length;
const round2 = (x) => Math.round(x * 100) / 100;
console.log(JSON.stringify({
  peer: 'javascript',
  node: process.version,
  requests: n,
  rounds: args.rounds,
  p50_us: round2(quantile(0.5)),
  p99_us: round2(quantile(0.99)),
  mean_us: round2(mean),
  requests_per_s: Math.round((n * args.rounds) / elapsedS),
}));
if (sink === 0) console.error('no output');

if (args.decisions) {
  const lines = outputs.map((text) => {
    const r = JSON.parse(text);
    return JSON.stringify({
      id: r.id,
      decision: r.decision,
      findings: r.findings.map((f) => f.rule).sort(),
      severities: Object.fromEntries(r.findings.map((f) => [f.rule, f.severity])),
    });
  });
  writeFileSync(args.decisions, lines.join('\n') + '\n');
}
