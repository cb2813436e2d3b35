// node agree.mjs DECISIONS.jsonl RESPONSES.jsonl [--all]
// Agreement of a peer's decisions (js/run.mjs or zen/run.mjs --decisions)
// with the rxrules responses of the same corpus, line by line: the decision
// (verdict), the exact set of fired rule ids and each one's severity
// (`severities`: in the order of `findings`, or keyed by rule id). Lists the first disagreements (all
// of them with --all). Exit status 1 when anything disagrees.
import { readFileSync } from 'node:fs';

const [decisionsPath, responsesPath] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!decisionsPath || !responsesPath) {
  console.error('usage: node agree.mjs DECISIONS.jsonl RESPONSES.jsonl [--all]');
  process.exit(2);
}
const all = process.argv.includes('--all');
const read = (p) => readFileSync(p, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
const ours = read(decisionsPath);
const theirs = read(responsesPath);
if (ours.length !== theirs.length) console.log(`line counts differ: ${ours.length} decisions, ${theirs.length} responses`);

const n = Math.min(ours.length, theirs.length);
let decisionsAgree = 0;
let rulesAgree = 0;
let severitiesAgree = 0; // same rules, each with the same severity
const shown = [];
const byRule = new Map(); // rule id -> {extra, missing}
for (let i = 0; i < n; i++) {
  const a = ours[i];
  const b = theirs[i];
  const mine = new Set(a.findings);
  const ref = new Set(b.findings.map((f) => f.rule));
  const extra = [...mine].filter((r) => !ref.has(r)).sort();
  const missing = [...ref].filter((r) => !mine.has(r)).sort();
  const sameDecision = a.decision === b.verdict;
  const sameRules = extra.length === 0 && missing.length === 0;
  if (sameDecision) decisionsAgree++;
  if (sameRules) rulesAgree++;
  const mySeverity = new Map((a.findings ?? []).map((r, k) => [r, Array.isArray(a.severities) ? a.severities[k] : a.severities?.[r]]));
  const badSeverity = b.findings.filter((f) => mySeverity.has(f.rule) && mySeverity.get(f.rule) !== f.severity)
    .map((f) => `${f.rule} ${mySeverity.get(f.rule)} vs ${f.severity}`);
  if (sameRules && badSeverity.length === 0) severitiesAgree++;
  for (const r of extra) (byRule.get(r) ?? byRule.set(r, { extra: 0, missing: 0 }).get(r)).extra++;
  for (const r of missing) (byRule.get(r) ?? byRule.set(r, { extra: 0, missing: 0 }).get(r)).missing++;
  if ((!sameDecision || !sameRules || badSeverity.length) && (all || shown.length < 10)) {
    shown.push(`  line ${i + 1} ${b.id ?? a.id}: decision ${a.decision} vs ${b.verdict}` +
      (extra.length ? `; only the peer: ${extra.join(' ')}` : '') + (missing.length ? `; only rxrules: ${missing.join(' ')}` : '') +
      (badSeverity.length ? `; severity: ${badSeverity.join(', ')}` : ''));
  }
}
const pct = (k) => `${((100 * k) / n).toFixed(1)} %`;
console.log(`requests: ${n}`);
console.log(`decision agreement: ${decisionsAgree}/${n} (${pct(decisionsAgree)})`);
console.log(`rule-set agreement: ${rulesAgree}/${n} (${pct(rulesAgree)})`);
console.log(`rule-set and severity agreement: ${severitiesAgree}/${n} (${pct(severitiesAgree)})`);
if (byRule.size) {
  console.log('disagreeing rules (requests where only the peer / only rxrules fired it):');
  for (const [r, c] of [...byRule].sort()) console.log(`  ${r}: only the peer ${c.extra}, only rxrules ${c.missing}`);
}
if (shown.length) console.log(`first disagreements:\n${shown.join('\n')}`);
process.exit(decisionsAgree === n && severitiesAgree === n && ours.length === theirs.length ? 0 : 1);
