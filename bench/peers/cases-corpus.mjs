// node bench/peers/cases-corpus.mjs OUT.jsonl [--split DIR] [PACK_TESTS_DIR]
// A second, harder corpus for agreement (not for timing): every regression
// case of rules/inotuzumab_ozogamicin/tests/*.cases.json applied to its base
// request ("set" and "remove" by path, docs/regression-cases.md), one request
// per line, id = case file and index. Answer it with the engine
// (with --split DIR one file per request, for `rxrules verify --rules rules
// DIR`) and compare with agree.mjs. The case is applied as the engine's
// case runner does: "set" first, then "remove".
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeCorpus } from './corpus-file.mjs';

const args = process.argv.slice(2);
const splitAt = args.indexOf('--split');
const split = splitAt >= 0 ? args.splice(splitAt, 2)[1] : null;
const [out, testsDir] = args;
const dir = testsDir ?? new URL('../../rules/inotuzumab_ozogamicin/tests/', import.meta.url).pathname;
if (!out) {
  console.error('usage: node cases-corpus.mjs OUT.jsonl [--split DIR] [PACK_TESTS_DIR]');
  process.exit(2);
}
// "a.b[2].c" -> ["a", "b", 2, "c"]
const steps = (path) => path.split('.').flatMap((part) => {
  const m = part.match(/^([^[]*)((?:\[\d+\])*)$/);
  const keys = m[1] ? [m[1]] : [];
  for (const [, i] of m[2].matchAll(/\[(\d+)\]/g)) keys.push(Number(i));
  return keys;
});
function set(obj, path, value) {
  const s = steps(path);
  let o = obj;
  for (let i = 0; i < s.length - 1; i++) {
    if (o[s[i]] === undefined || o[s[i]] === null || typeof o[s[i]] !== 'object') o[s[i]] = typeof s[i + 1] === 'number' ? [] : {};
    o = o[s[i]];
  }
  o[s[s.length - 1]] = value;
}
function remove(obj, path) {
  const s = steps(path);
  let o = obj;
  for (let i = 0; i < s.length - 1; i++) {
    o = o?.[s[i]];
    if (o === undefined || o === null) return;
  }
  if (Array.isArray(o) && typeof s[s.length - 1] === 'number') o.splice(s[s.length - 1], 1);
  else delete o[s[s.length - 1]];
}
const requests = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.cases.json')).sort()) {
  const doc = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  doc.cases.forEach((c, i) => {
    const base = c.base ?? doc.base;
    const request = JSON.parse(readFileSync(join(dir, base), 'utf8'));
    for (const [path, value] of Object.entries(c.set ?? {})) set(request, path, value);
    for (const path of c.remove ?? []) remove(request, path);
    request.id = `${file.replace('.cases.json', '')}-${String(i).padStart(3, '0')}`;
    requests.push(request);
  });
}
writeCorpus(requests, out, split);
