// Seeded mutations of corpus requests (removed, null, other units, implausible, renamed values), for agreement:
//   node tools/mutate.mjs CORPUS.jsonl OUT.jsonl SPLIT_DIR SEED COUNT
// then run.mjs --corpus OUT.jsonl --decisions, rxrules verify SPLIT_DIR, and ../agree.mjs.
import { readFileSync } from 'node:fs';
import { writeCorpus } from '../../corpus-file.mjs';
const [corpus, out, splitDir, seedArg, countArg] = process.argv.slice(2);
let s = BigInt(seedArg ?? 1);
function rnd() { s = (s * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n); return Number(s >> 11n) / 2 ** 53; }
const pick = (a) => a[Math.floor(rnd() * a.length)];
const reqs = readFileSync(corpus, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
function paths(o, pre = '') { const r = []; for (const [k, v] of Object.entries(o)) { const p = pre ? `${pre}.${k}` : k; r.push(p); if (v && typeof v === 'object') r.push(...paths(v, p)); } return r; }
function get(o, p) { return p.split('.').reduce((x, k) => x?.[k], o); }
function parentOf(o, p) { const ks = p.split('.'); const last = ks.pop(); return [ks.reduce((x, k) => x?.[k], o), last]; }
const drugs = ['Zofran ODT', 'ondansetron 8 mg', 'ondansetron 8mg', 'ONDANSETRON  HCl', 'ondansetron\u00a0hydrochloride', 'ｏｎｄａｎｓｅｔｒｏｎ', 'ondan\u200bsetron', 'оndansetron', 'levomethadyl acetate', 'methylprednisolone sodium succinate', 'Benadryl', 'diphenhydramine hcl 25 mg tablet', 'hydroxyzine', 'Tylenol 500 mg', 'ibuprofen', '', '   ', null, 42, 'amphotericin b', 'Ambisome', 'granisetron', 'cipro', 'normal saline', '0.9% NaCl', 'NS', 'dextrose 5%', 'sodium chloride 0.9% injection', 'Sodium Chloride 0.9%', 'loratadine', 'promethazine', 'dexamethasone', 'citalopram', 'sertraline', 'arsenic trioxide', 'voriconazole 200 mg iv', 'x\u0007y', 'potassium chloride', 'famotidine', 'inotuzumab', 'BESPONSA', 'blinatumomab'];
const units = { mass: ['mg', 'g', 'ug', 'mcg', 'µg', 'lb', 'kg', 'mg/dL', 'MG', 'foo'], cells: ['/mm3', '/uL', 'cells/uL', '10*9/L', '10^9/L', 'x10^9/L', 'G/L', '/µL', 'mmol/L'], time: ['d', 'h', 'min', 's', 'wk', 'mo', 'a', 'y', 'year', 'ms', 'day', 'hr'] };
const mutations = [
  (q) => { const p = pick(paths(q)); const [o, k] = parentOf(q, p); if (o && !Array.isArray(o)) delete o[k]; },
  (q) => { const p = pick(paths(q)); const [o, k] = parentOf(q, p); if (o && !Array.isArray(o)) o[k] = null; },
  (q) => { const p = pick(paths(q).filter((p) => /\.unit$/.test(p))); if (!p) return; const [o, k] = parentOf(q, p); o[k] = pick([...units.mass, ...units.cells, ...units.time, 'umol/L', 'µmol/L', 'mEq/L', 'mmol/L', 'mg/dL', 'L', 'mL', 'm^2', 'in', 'm', 'cm', 'U/L']); },
  (q) => { const p = pick(paths(q).filter((p) => /\.value$/.test(p))); if (!p) return; const [o, k] = parentOf(q, p); o[k] = pick([0, -1, o[k] * 10, o[k] / 10, o[k] * 1000, 1e6, '5', o[k] * 1.05, o[k] * 0.95]); },
  (q) => { const l = pick([q.medications, q.premedications]); if (!l) return; if (l.length && rnd() < 0.5) l[Math.floor(rnd() * l.length)].drug = pick(drugs); else l.push({ drug: pick(drugs) }); },
  (q) => { q.preparation = q.preparation || {}; q.preparation.diluent = pick(drugs); },
  (q) => { q.order.drug = pick(drugs.concat(['inotuzumab ozogamicin', 'Inotuzumab Ozogamicin 1 mg vial'])); },
  (q) => { const p = pick(paths(q).filter((p) => /_at$|\.at$|as_of|onset/.test(p))); if (!p) return; const [o, k] = parentOf(q, p); o[k] = pick(['2026-03-10', '2026-02-30', '2026-03-10T09:00:00', '2026-03-10T09:00:00+02:00', '0000-01-01', 'yesterday', '2026-03-10T25:00:00Z', '2026-07-25T10:00:00Z', '2026-03-10T09:00:00.5Z', '2026-03-10 09:00:00Z']); },
  (q) => { const l = pick(Object.keys(q.labs || {})); if (!l) return; const lab = q.labs[l]; const m = pick(['uln', 'lln', 'at']); lab[m] = m === 'at' ? pick(['2026-03-09', q.as_of, '2026-01-01']) : pick([0, 1, 2, 4, 20, 40, 100, 3.5, 0.8, 1.2, 500]); },
  (q) => { q.pretreatment_labs = { anc: { value: pick([0.5, 1, 2]), unit: '10*9/L' }, platelets: { value: pick([20, 50, 150]), unit: '10*9/L' } }; },
  (q) => { q.history.dose_reductions.push({ cycle: pick([1, 2, 3, 6]), level: pick(['two-doses-per-cycle', 'total-dose-25-percent', 'Two-Doses-Per-Cycle', 'half']) }); },
  (q) => { q.history.toxicities.push({ type: pick(['vod', 'SOS', 'hepatotoxicity', 'infusion-reaction', 'nonhematologic', 'crs', 'rash']), grade: pick([1, 2, 3, 4, 6, 2.5]), resolved: pick([true, false, undefined, 'no']) }); },
  (q) => { q.history.interruptions.push({ cycle: pick([1, 2, 5]), days: pick([10, 14, 28, 29, -1]) }); },
  (q) => { q.preparation.container = pick(['bag', 'syringe', 'Syringe', 'pump']); },
  (q) => { q.order.route = pick(['iv', 'IV Piggyback', ' intravenous  infusion ', 'SC', 'po', '']); },
  (q) => { q.response.status = pick(['cr', 'CRi', 'PR', 'none', 'MRD', null]); },
  (q) => { q.patient.conditions = pick([['prior-vod'], ['Hemolysis'], ['gilbert-syndrome'], ['congenital-long-qt'], null, 'x']); },
  (q) => { q.order.cycle = pick([1, 2, 3, 4, 7, 0, 1.5, '2']); },
  (q) => { q.order.day = pick([1, 2, 6, 8, 10, 11, 13, 17, 18, 200]); },
  (q) => { q.plan.hsct = pick([true, false, null, 'yes']); },
  (q) => { delete q.history.administrations; },
  (q) => { q.history.administrations.forEach((a) => { if (rnd() < 0.3) delete a.given_at; if (rnd() < 0.2) delete a.day; }); },
  (q) => { delete q.premedications; },
  (q) => { delete q.medications; },
  (q) => { q.patient.age = pick([{ value: 364, unit: 'd' }, { value: 365, unit: 'd' }, { value: 12, unit: 'mo' }, { value: 1, unit: 'a' }, { value: 11, unit: 'mo' }, { value: 52, unit: 'wk' }]); },
  (q) => { q.patient.pregnant = pick([true, null]); },
  (q) => { q.diagnosis.condition = pick(['B-Cell-Precursor-ALL', 'aml', null]); },
  (q) => { q.order.cycle_length = pick([{ value: 28, unit: 'd' }, { value: 4, unit: 'wk' }, { value: 25, unit: 'd' }, { value: 504, unit: 'h' }]); },
  (q) => { delete q.patient.bsa; if (rnd() < 0.5) delete q.patient.height; },
  (q) => { q.patient.bsa = { value: pick([1.2, 1.5, 1.8, 2.2, 0.05]), unit: 'm2' }; },
  (q) => { q.preparation.diluted_at = pick(['2026-03-01T08:00:00Z', q.preparation.reconstituted_at]); },
  (q) => { q.labs.qtcf = { value: pick([500, 500.0000001, 501, 0.52]), unit: pick(['ms', 's']) }; },
];
const n = +(countArg ?? 2000);
const mutated = [];
for (let i = 0; i < n; i++) {
  const q = structuredClone(pick(reqs));
  const k = 1 + Math.floor(rnd() * 4);
  for (let j = 0; j < k; j++) try { pick(mutations)(q); } catch {}
  q.id = `fz-${i}`;
  mutated.push(q);
}
writeCorpus(mutated, out, splitDir);
