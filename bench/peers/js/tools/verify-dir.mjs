// The peer on every .json of a directory, in name order (as `rxrules verify DIR` answers them):
//   node tools/verify-dir.mjs DIR OUT.jsonl   (then node ../agree.mjs OUT.jsonl ENGINE.jsonl)
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verify } from '../checks.mjs';
const dir = process.argv[2];
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const now = Date.now();
const lines = files.map((f) => {
  const q = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  const r = verify(q);
  return JSON.stringify({ id: r.id, decision: r.decision, findings: r.findings.map((x) => x.rule).sort(), severities: Object.fromEntries(r.findings.map((x) => [x.rule, x.severity])), problems: r.problems.map(p=>p.path) });
});
writeFileSync(process.argv[3], lines.join('\n') + '\n');
