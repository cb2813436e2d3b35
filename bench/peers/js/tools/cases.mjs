// Writes one request file per regression case of rules/inotuzumab_ozogamicin/tests (set/remove applied): node tools/cases.mjs OUTDIR
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
// The pack's cases, found from this file's place in the repository.
const dir = join(dirname(fileURLToPath(import.meta.url)), '../../../../rules/inotuzumab_ozogamicin/tests');
const out = process.argv[2]; mkdirSync(out, { recursive: true });
function steps(path) { return path.split('.').flatMap((p) => { const m = /^(.*?)((\[\d+\])*)$/.exec(p); const r = [m[1]]; for (const k of m[2].matchAll(/\[(\d+)\]/g)) r.push(+k[1]); return r; }); }
function set(obj, path, v) { const s = steps(path); let o = obj; for (let i = 0; i < s.length - 1; i++) { if (o[s[i]] == null) o[s[i]] = typeof s[i + 1] === 'number' ? [] : {}; o = o[s[i]]; } o[s[s.length - 1]] = v; }
function remove(obj, path) { const s = steps(path); let o = obj; for (let i = 0; i < s.length - 1; i++) { o = o?.[s[i]]; } if (o) { if (Array.isArray(o)) o.splice(s[s.length - 1], 1); else delete o[s[s.length - 1]]; } }
let n = 0;
for (const f of readdirSync(dir).filter((f) => f.endsWith('.cases.json')).sort()) {
  const file = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  for (const c of file.cases) {
    const base = JSON.parse(readFileSync(join(dir, c.base ?? file.base), 'utf8'));
    for (const p of c.remove ?? []) remove(base, p);
    for (const [p, v] of Object.entries(c.set ?? {})) set(base, p, v);
    base.id = `case-${String(n).padStart(4, '0')}`;
    writeFileSync(join(out, `c${String(n).padStart(4, '0')}.json`), JSON.stringify(base));
    n++;
  }
}
console.log(n);
