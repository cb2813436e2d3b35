// Writes inotuzumab.jdm.json: the inotuzumab ozogamicin pack of rxrules
// (rules/inotuzumab_ozogamicin/*.rxr with the rules/common files it imports)
// as a GoRules ZEN decision graph (JDM). Run: node make-model.mjs [--no-schema] [--out FILE]
//
// The graph is input -> "Drug names" (expression) -> "Facts" (expression:
// units, lab recency, BSA) -> "Standard dose" (decision table, PI Table 1)
// -> "Rules" (expression: one tri-state per rule) -> "Findings" (expression:
// fired rules, severities, decision) -> output.
//
// Three-valued logic as in rxrules (docs/rule-language.md, "Missing and
// invalid data"): every condition is a number, 1 true, 0 false, 0.5 unknown
// (a fact it needs is absent or older than the lab window); and = min,
// or = max, not = 1 - x (Kleene). A rule at 1 fires with its own severity,
// at 0.5 it is a "cannot decide" finding of severity warn.
import { readFileSync, writeFileSync } from 'node:fs';

// ---------------------------------------------------------------- helpers
const AND = (...xs) => `min([${xs.join(', ')}])`;
const OR = (...xs) => `max([${xs.join(', ')}])`;
const NOT = (x) => `(1 - ${x})`;
// A comparison that is unknown when one of `vars` is null.
const T = (cond, ...vars) => `(${vars.map((v) => `${v} == null`).join(' or ')} ? 0.5 : (${cond} ? 1 : 0))`;
// A two-valued test (is present, is missing, ...).
const B = (cond) => `(${cond} ? 1 : 0)`;
// rxrules compares within one part in 10^9 (engine/eval/comparison.h).
const EPS = '0.000000001';
const approxEq = (a, b) => `abs(${a} - ${b}) <= ${EPS} * max([abs(${a}), abs(${b})])`;
const GT = (a, b) => T(`(${a} > ${b} and not (${approxEq(a, b)}))`, a, b);
const LT = (a, b) => GT(b, a);
const GE = (a, b) => T(`(${a} > ${b} or ${approxEq(a, b)})`, a, b);
// `a within tol of b` (relative to b).
// Plain comparisons, for values that ZEN's decimals hold exactly (unit
// factors such as 1000, 30.4375 or 0.45359237; a division such as mg/dL /
// 2.43 is exact whenever the quotient is at a boundary).
const XGT = (a, b) => T(`${a} > ${b}`, a, b);
const XLT = (a, b) => T(`${a} < ${b}`, a, b);
const XGE = (a, b) => T(`${a} >= ${b}`, a, b);
const WITHIN = (a, tol, b) => T(`(abs(${a} - ${b}) <= ${tol} * abs(${b}) or ${approxEq(`abs(${a} - ${b})`, `${tol} * abs(${b})`)})`, a, b);
// Kleene any over a list of the request: absent list unknown, empty false.
const ANY = (list, alias, body) => `(${list} == null ? 0.5 : (len(${list}) == 0 ? 0 : max(map(${list} as ${alias}, ${body}))))`;
const str = (s) => JSON.stringify(s);
// A guarded product: null when a factor is.
const MUL = (a, b) => `(${a} == null or ${b} == null ? null : ${a} * ${b})`;
const list = (xs) => `[${xs.map(str).join(', ')}]`;

// A quantity of the request in one unit: null when absent; null for an
// unknown unit too (rxrules reports that as a problem, see README).
function qty(path, units) {
  const arms = Object.entries(units).map(([unit, f]) => {
    const op = typeof f === 'string' ? f : `* ${f}`;
    return `${path}.unit == ${str(unit)} ? ${path}.value ${op}`;
  });
  return `(${path}.value == null ? null : (${arms.join(' : ')} : null))`;
}
const TIME = { d: 1, a: 365.25, y: 365.25, year: 365.25, mo: 30.4375, wk: 7, h: '/ 24', min: '/ 1440', s: '/ 86400' };
const MINUTES = { min: 1, h: 60, s: '/ 60', d: 1440, wk: 10080 };
const MASS_MG = { mg: 1, ug: 0.001, mcg: 0.001, 'µg': 0.001, g: 1000, kg: 1000000, lb: 453592.37 };
const MASS_KG = { kg: 1, lb: 0.45359237, g: 0.001, mg: 0.000001, ug: 0.000000001, mcg: 0.000000001, 'µg': 0.000000001 };
const LENGTH_CM = { cm: 1, in: 2.54, m: 100 };
const AREA = { m2: 1, 'm^2': 1 };
const VOLUME_ML = { mL: 1, L: 1000 };
const CELLS = { '/mm3': 1, '/uL': 1, 'cells/uL': 1, '10*9/L': 1000, '10^9/L': 1000, 'x10^9/L': 1000, 'G/L': 1000 };
const LABS = {
  blasts: ['circulating_blasts', CELLS],
  anc: ['anc', CELLS],
  plt: ['platelets', CELLS],
  // Bilirubin is only compared with multiples of its own ULN, so it stays in
  // the unit it was sent in (mg/dL or umol/L, 1 mg/dL = 17.1 umol/L): exact
  // in ZEN's decimals at the boundary.
  bili: ['total_bilirubin', { 'mg/dL': 1, 'umol/L': 1, 'µmol/L': 1 }],
  ast: ['ast', { 'U/L': 1 }],
  alt: ['alt', { 'U/L': 1 }],
  qtcf: ['qtcf', { ms: 1, s: 1000, min: 60000 }],
  k: ['potassium', { 'mmol/L': 1, 'mEq/L': 1 }],
  mg: ['magnesium', { 'mmol/L': 1, 'mEq/L': '/ 2', 'mg/dL': '/ 2.43' }],
};
const LAB_RECENCY_S = 3 * 86400; // pack.rxr LAB_RECENCY = 3 d
// Plausible value of each lab, in the unit of its fact (bilirubin: mg/dL, or
// the same range in umol/L).
const LAB_RANGES = {
  blasts: [0, 2000000], anc: [0, 300000], plt: [0, 5000000],
  bili: [0, '(labs.total_bilirubin.unit == "mg/dL" ? 100 : 1710)'], ast: [0, 50000], alt: [0, 50000],
  qtcf: [200, 1000], k: [0.5, 15], mg: [0.1, 10],
};

// ---------------------------------------------------------------- drugs
// Names, brands and lists of rules/common/drug-classes.rxr and qt-drugs.rxr
// and the pack's own drug line.
const DRUGS = {
  'inotuzumab ozogamicin': ['besponsa', 'inotuzumab'],
  methylprednisolone: ['solu-medrol', 'medrol'], hydrocortisone: ['solu-cortef', 'cortef'],
  dexamethasone: ['decadron'], prednisone: ['deltasone'], prednisolone: ['orapred'],
  acetaminophen: ['paracetamol', 'tylenol', 'apap'], ibuprofen: ['advil', 'motrin'],
  diphenhydramine: ['benadryl'], chlorphenamine: ['chlorpheniramine', 'piriton'], cetirizine: ['zyrtec'],
  levocetirizine: ['xyzal'], loratadine: ['claritin'], desloratadine: ['clarinex'], fexofenadine: ['allegra'],
  hydroxyzine: ['atarax', 'vistaril'], clemastine: ['tavist'], promethazine: ['phenergan'],
  'sodium chloride 0.9%': ['0.9% sodium chloride', 'nacl 0.9%', '0.9% nacl', 'normal saline', 'ns'],
  ondansetron: ['zofran'], fluconazole: ['diflucan'], azithromycin: ['zithromax'], ciprofloxacin: ['cipro'],
  levofloxacin: ['levaquin'], moxifloxacin: ['avelox'], clarithromycin: ['biaxin'], erythromycin: ['ery-tab'],
  amiodarone: ['cordarone', 'pacerone'], haloperidol: ['haldol'], citalopram: ['celexa'], escitalopram: ['lexapro'],
  methadone: ['dolophine'], 'arsenic trioxide': ['trisenox'], granisetron: ['kytril'], tacrolimus: ['prograf'],
  voriconazole: ['vfend'], posaconazole: ['noxafil'], itraconazole: ['sporanox'], metoclopramide: ['reglan'],
  pantoprazole: ['protonix'], omeprazole: ['prilosec'], esomeprazole: ['nexium'], 'amphotericin b': ['ambisome', 'fungizone'],
};
const CORTICOSTEROIDS = ['methylprednisolone', 'hydrocortisone', 'dexamethasone', 'prednisone', 'prednisolone'];
const ANTIPYRETICS = ['acetaminophen', 'ibuprofen'];
const ANTIHISTAMINES = ['diphenhydramine', 'chlorphenamine', 'cetirizine', 'levocetirizine', 'loratadine',
  'desloratadine', 'fexofenadine', 'hydroxyzine', 'clemastine', 'promethazine'];
const QT_KNOWN = ['aclarubicin', 'amiodarone', 'anagrelide', 'arsenic trioxide', 'astemizole', 'azithromycin',
  'chloroquine', 'chlorpromazine', 'cilostazol', 'ciprofloxacin', 'cisapride', 'citalopram', 'clarithromycin',
  'cocaine', 'disopyramide', 'dofetilide', 'domperidone', 'dronedarone', 'droperidol', 'erythromycin',
  'escitalopram', 'flecainide', 'fluconazole', 'halofantrine', 'haloperidol', 'hydroxychloroquine', 'ibutilide',
  'levofloxacin', 'levomethadyl acetate', 'methadone', 'moxifloxacin', 'ondansetron', 'oxaliplatin', 'pentamidine',
  'pimozide', 'procainamide', 'propofol', 'quinidine', 'sotalol', 'sulpiride', 'thioridazine', 'vandetanib'];
const QT_POSSIBLE = ['granisetron', 'dolasetron', 'tramadol', 'mirtazapine', 'venlafaxine', 'tacrolimus', 'dasatinib',
  'imatinib', 'nilotinib'];
const QT_CONDITIONAL = ['voriconazole', 'posaconazole', 'itraconazole', 'ketoconazole', 'metronidazole',
  'amphotericin b', 'olanzapine', 'quetiapine', 'risperidone', 'ziprasidone', 'metoclopramide', 'sertraline',
  'fluoxetine', 'paroxetine', 'trazodone', 'famotidine', 'omeprazole', 'esomeprazole', 'pantoprazole',
  'lansoprazole', 'diphenhydramine', 'hydroxyzine', 'loperamide'];
const SALTS = ['hydrochloride', 'hcl', 'sodium', 'succinate', 'phosphate', 'acetate', 'maleate', 'fumarate', 'citrate',
  'sulfate', 'mesylate', 'tartrate', 'disodium', 'hydrate', 'monohydrate', 'dihydrate', 'trihydrate', 'anhydrous'];
const FORMS = ['odt', 'tablet', 'tablets', 'tab', 'tabs', 'capsule', 'capsules', 'cap', 'caps', 'injection', 'inj',
  'infusion', 'solution', 'suspension', 'syrup', 'elixir', 'oral', 'orally', 'disintegrating', 'chewable',
  'film-coated', 'er', 'xr', 'sr', 'dr', 'ec', 'iv', 'po', 'vial', 'premix'];
// A strength after the name: "8 mg", "8mg", "0.5%": a number, a unit word,
// or a number with a unit. (No regular expression: ZEN compiles a
// matches() pattern on every call, some 70 us.)
const STRENGTH_UNITS = ['mg/ml', 'mcg', 'mg', 'ug', 'µg', 'ml', 'g', '%'];
const strippable = (w) => `(${w} in ${list([...SALTS, ...FORMS, ...STRENGTH_UNITS])} or isNumeric(${w}) or `
  + STRENGTH_UNITS.map((u) => `(endsWith(${w}, ${str(u)}) and isNumeric(${w}[0:len(${w}) - ${u.length + 1}]))`).join(' or ') + ')';

const generics = {}; // known name -> generic
for (const [generic, akas] of Object.entries(DRUGS)) {
  generics[generic] = generic;
  for (const a of akas) generics[a] = generic;
}
for (const g of [...CORTICOSTEROIDS, ...ANTIPYRETICS, ...ANTIHISTAMINES, ...QT_KNOWN, ...QT_POSSIBLE, ...QT_CONDITIONAL]) generics[g] ??= g;
// What the rules need of a drug, as a code of two letters: its premedication
// class (c corticosteroid, p antipyretic, h antihistamine; n sodium chloride
// 0.9%, i the pack's own drug; - none) and its QT category (k Known risk,
// o Possible or Conditional risk and not Known, - none).
const codeOf = (g) => {
  const first = CORTICOSTEROIDS.includes(g) ? 'c' : ANTIPYRETICS.includes(g) ? 'p' : ANTIHISTAMINES.includes(g) ? 'h'
    : g === 'sodium chloride 0.9%' ? 'n' : g === 'inotuzumab ozogamicin' ? 'i' : '-';
  const second = QT_KNOWN.includes(g) ? 'k' : QT_POSSIBLE.includes(g) || QT_CONDITIONAL.includes(g) ? 'o' : '-';
  return first + second;
};
const dict = Object.fromEntries(Object.entries(generics).map(([name, g]) => [name, codeOf(g)]));
const CODES = [...new Set(Object.values(dict))].sort();
const codesWhere = (f) => list(CODES.filter(f));
const IS = {
  corticosteroid: codesWhere((c) => c[0] === 'c'), antipyretic: codesWhere((c) => c[0] === 'p'),
  antihistamine: codesWhere((c) => c[0] === 'h'), saline: codesWhere((c) => c[0] === 'n'),
  pack: codesWhere((c) => c[0] === 'i'), qtKnown: codesWhere((c) => c[1] === 'k'), qtOther: codesWhere((c) => c[1] === 'o'),
};
const objectLiteral = (m) => `{${Object.entries(m).map(([k, v]) => `${str(k)}: ${str(v)}`).join(', ')}}`;

const MAX_WORDS = 6;
// Canonical generic name of one drug entry `e` ({s: source, d: name}):
// lower case, words split on spaces; a name not known whole loses salt,
// form and strength words from its end until a known name remains.
// The slow path for a name not known whole (e.n, lower case and trimmed):
// words split on spaces; it loses salt, form and strength words from its
// end until a known name remains.
function drugEntrySlow() {
  const parts = [
    `w = filter(split(e.n, " "), # != "")`,
    `n = len(w)`,
    `p1 = n >= 1 ? w[0] : ""`,
  ];
  for (let k = 2; k <= MAX_WORDS; k++) parts.push(`p${k} = n >= ${k} ? p${k - 1} + " " + w[${k - 1}] : ""`);
  let pick = 'null';
  for (let k = 1; k <= MAX_WORDS; k++) pick = `($.dict[p${k}] != null and all(w[${k}:n - 1], ${strippable('#')})) ? $.dict[p${k}] : (${pick})`;
  parts.push(`{s: e.s, miss: false, k: ${pick}}`);
  return `e.miss or e.k != null ? e : (${parts.join('; ')})`;
}

// ---------------------------------------------------------------- facts
// Plausible ranges of rules/common/request.rxr, in the units of the facts:
// a value outside one (or in an unknown unit) is a problem, which blocks,
// and reads as absent. (The input node's schema has already refused wrong
// types, units of another dimension and unreadable times.)
const PROBLEMS = []; // [path, condition on the converted value $.KEY_q]
function checked(facts, key, path, units, lo, hi, { above = false } = {}) {
  facts[`${key}_q`] = qty(path, units);
  const q = `$.${key}_q`;
  const out = [above ? `${q} <= ${lo}` : `${q} < ${lo}`];
  if (hi !== null) out.push(`${q} > ${hi}`);
  facts[key] = `${q} == null or ${out.join(' or ')} ? null : ${q}`;
  PROBLEMS.push([path, `${path}.value != null and (${q} == null or ${out.join(' or ')})`]);
}
const facts = {
  // order.scheduled_at otherwise as_of; a request without as_of is verified now.
  dose_time: `order.scheduled_at != null ? date(order.scheduled_at) : (as_of != null ? date(as_of) : date("now"))`,
  cycle: `order.cycle`,
  day: `order.day`,
  // Codes and choices compare without regard to case or surrounding spaces.
  status: `type(response.status) == "string" ? lower(trim(response.status)) : null`,
};
// Mosteller, sqrt(height x weight / 3600), by Newton's method: ZEN's
// x ^ 0.5 is good to only about 1e-8.
checked(facts, 'age_d', 'patient.age', TIME, 0, 130 * 365.25);
checked(facts, 'weight_kg', 'patient.weight', MASS_KG, 0, 500, { above: true });
checked(facts, 'height_cm', 'patient.height', LENGTH_CM, 0, 300, { above: true });
checked(facts, 'bsa_stated', 'patient.bsa', AREA, 0.1, 5);
checked(facts, 'dose_mg', 'order.dose', MASS_MG, 0, null, { above: true });
checked(facts, 'cycle_len_d', 'order.cycle_length', TIME, 0, 365, { above: true });
checked(facts, 'infusion_min', 'order.infusion_duration', MINUTES, 0, 7 * 1440, { above: true });
checked(facts, 'final_ml', 'preparation.final_volume', VOLUME_ML, 0, 10000, { above: true });
Object.assign(facts, {
  mo_a: `$.height_cm == null or $.weight_kg == null ? null : $.height_cm * $.weight_kg / 3600`,
  mo_x0: `$.mo_a == null ? null : ($.mo_a + 1) / 2`,
});
for (let i = 1; i <= 7; i++) facts[`mo_x${i}`] = `$.mo_x${i - 1} == null ? null : ($.mo_x${i - 1} + $.mo_a / $.mo_x${i - 1}) / 2`;
Object.assign(facts, {
  mosteller: `$.mo_x7`,
  // A stated BSA that is a problem reads as absent, and is not replaced by Mosteller.
  bsa: `patient.bsa != null ? $.bsa_stated : $.mosteller`,
});
for (const [key, [field, units]] of Object.entries(LABS)) {
  const p = `labs.${field}`;
  facts[`${key}_f`] = `${p}.value == null ? null : (${qty(p, units).replace(`${p}.value == null ? null : `, '').replaceAll(`${p}.value`, '1')})`;
  // M1: a current lab taken more than LAB_RECENCY before the dose is absent.
  const [lo, hi] = LAB_RANGES[key];
  facts[`${key}_q`] = `${p}.value == null or $.${key}_f == null ? null : ${p}.value * $.${key}_f`;
  const bad = `$.${key}_q < ${lo} or $.${key}_q > ${hi}`;
  PROBLEMS.push([p, `${p}.value != null and ($.${key}_q == null or ${bad})`]);
  facts[key] = `$.${key}_q == null or ${bad} ? null : ((${p}.at != null and $.dose_time != null and $.dose_time - date(${p}.at) > ${LAB_RECENCY_S}) ? null : $.${key}_q)`;
  if (['bili', 'ast', 'alt'].includes(key)) facts[`${key}_uln`] = `${p}.uln == null or $.${key}_f == null ? null : ${p}.uln * $.${key}_f`;
  if (['k', 'mg'].includes(key)) facts[`${key}_lln`] = `${p}.lln == null or $.${key}_f == null ? null : ${p}.lln * $.${key}_f`;
}
for (const [key, field] of [['base_anc', 'baseline_labs.anc'], ['base_plt', 'baseline_labs.platelets'],
  ['pre_anc', 'pretreatment_labs.anc'], ['pre_plt', 'pretreatment_labs.platelets']]) {
  checked(facts, key, field, CELLS, 0, key.endsWith('anc') ? 300000 : 5000000); // they keep their age
}
facts.problems = `filter([${PROBLEMS.map(([path, cond]) => `(${cond}) ? ${str(path)} : null`).join(', ')}], # != null)`;
const timeOf = (p) => `${p} == null ? null : date(${p})`;
Object.assign(facts, {
  reconstituted_at: timeOf('preparation.reconstituted_at'),
  diluted_at: timeOf('preparation.diluted_at'),
  infusion_end_at: timeOf('preparation.infusion_end_at'),
  admins: `history.administrations`,
  n_admins: `history.administrations == null ? null : len(history.administrations)`,
  last_admin: `$.n_admins == null or $.n_admins == 0 or some(history.administrations, type(#.given_at) != "string") ? null : max(map(history.administrations, date(#.given_at)))`,
  highest_cycle: `$.n_admins == null ? null : ($.n_admins == 0 ? 0 : (some(history.administrations, #.cycle == null) ? null : max(map(history.administrations, #.cycle))))`,
  reductions: `history.dose_reductions`,
  toxicities: `history.toxicities`,
  interruptions: `history.interruptions`,
  conditions: `patient.conditions == null ? null : map(patient.conditions, lower(trim(#)))`,
});

// ---------------------------------------------------------------- rules
const V = (k) => `$.${k}`; // a value computed earlier in the Rules node
const F = (k) => k; // a fact of the Facts node (top-level input of Rules)
const inConditions = (code) => T(`${str(code)} in conditions`, 'conditions');
const code = (path) => `lower(trim(${path}))`;

const R = {}; // helper values of the Rules node, in order
const rules = []; // [id, severity, expression]
const rule = (id, severity, expr) => rules.push([id, severity, expr]);

// regimen.rxr lets
R.dosing_day = T(`(day == 1 or (day >= 6 and day <= 10) or (day >= 13 and day <= 17))`, 'day');
R.total_dose_reduced = ANY('reductions', 'r', AND(T(`lower(r.level) == "total-dose-25-percent"`, 'r.level'), T(`r.cycle <= cycle`, 'r.cycle', 'cycle')));
// The standard dose table is undecided when a row could match but needs an
// absent value (the table node itself only sees values).
R.standard_dose = `cycle == null or day == null or (cycle >= 2 and day == 1 and status == null) ? null : std_per_m2`;
R.share = `${V('total_dose_reduced')} == 1 ? 0.75 : (${V('total_dose_reduced')} == 0 ? 1 : null)`;
R.expected_dose = `${V('standard_dose')} == null or ${V('share')} == null or bsa == null ? null : ${V('standard_dose')} * ${V('share')} * bsa`;
R.unreduced_expected_dose = `${V('standard_dose')} == null or bsa == null ? null : ${V('standard_dose')} * bsa`;
R.unreduced_limit = `${V('unreduced_expected_dose')} == null ? null : ${V('unreduced_expected_dose')} * 1.1`;
R.slot_already_given = ANY('admins', 'a', AND(T('a.cycle == cycle', 'a.cycle', 'cycle'), OR(
  AND(T('a.day == 1', 'a.day'), T('day == 1', 'day')),
  AND(T('a.day >= 6 and a.day <= 10', 'a.day'), T('day >= 6 and day <= 10', 'day')),
  AND(T('a.day >= 13 and a.day <= 17', 'a.day'), T('day >= 13 and day <= 17', 'day')))));
R.first_dose = AND(T('cycle == 1', 'cycle'), T('day == 1', 'day'), T('n_admins == 0', 'n_admins'));
const drugsOf = (src) => `filter(drugs, #.s == ${str(src)})`;
// any(m in medications, premedications where ...): an absent list is unknown.
const ANY_DRUG = (body, srcs = ['m', 'p']) => OR(...srcs.map((s) => {
  const present = s === 'm' ? 'medications' : 'premedications';
  return `(${present} == null ? 0.5 : (len(${drugsOf(s)}) == 0 ? 0 : max(map(${drugsOf(s)} as m, m.miss ? 0.5 : ${body}))))`;
}));
R.takes_known_risk_drug = ANY_DRUG(B(`m.k in ${IS.qtKnown}`));
R.hepatic_criteria = AND(XGT('bili', MUL('1.5', 'bili_uln')), OR(XGT('ast', MUL('2.5', 'ast_uln')), XGT('alt', MUL('2.5', 'alt_uln'))));
R.bilirubin_explained = OR(inConditions('gilbert-syndrome'), inConditions('hemolysis'));
R.day_one_of_later_cycle = AND(T('cycle >= 2', 'cycle'), T('day == 1', 'day'));
R.anc_before = `pre_anc ?? base_anc`;
R.plt_before = `pre_plt ?? base_plt`;
R.doses_this_cycle = `admins == null or cycle == null ? null : (some(admins, #.cycle == null) ? null : count(admins, #.cycle == cycle))`;
R.container = `type(preparation.container) == "string" ? lower(trim(preparation.container)) : "bag"`;
// Routing: an order for another drug (or none) is not answered by this pack.
R.is_pack = `some(drugs, #.s == "o" and #.k in ${IS.pack})`;
R.problems = `problems`;

// eligibility.rxr
rule('INO-ELIG-001', 'block', XLT('age_d', '365'));
rule('INO-ELIG-002', 'block', T('diagnosis.cd22_positive == false', 'diagnosis.cd22_positive'));
rule('INO-ELIG-003', 'warn', OR(T(`${code('diagnosis.condition')} != "b-cell-precursor-all"`, 'diagnosis.condition'),
  T('diagnosis.relapsed_or_refractory == false', 'diagnosis.relapsed_or_refractory')));
rule('INO-ELIG-004', 'warn', OR(T('patient.pregnant == true', 'patient.pregnant'), T('patient.breastfeeding == true', 'patient.breastfeeding')));
rule('INO-ELIG-005', 'warn', OR(inConditions('prior-vod'), inConditions('serious-liver-disease')));
// regimen.rxr
rule('INO-REG-001', 'block', NOT(V('dosing_day')));
rule('INO-REG-002', 'block', AND(V('dosing_day'), OR(GT('dose_mg', V('unreduced_limit')), NOT(WITHIN('dose_mg', '0.1', V('expected_dose'))))));
rule('INO-REG-002B', 'warn', AND(V('dosing_day'), NOT(WITHIN('dose_mg', '0.05', V('expected_dose'))), WITHIN('dose_mg', '0.1', V('expected_dose'))));
rule('INO-REG-003', 'block', T(`${code('order.route')} not in ${list(['iv', 'intravenous', 'intravenous infusion', 'ivpb', 'iv piggyback', 'iv infusion'])}`, 'order.route'));
rule('INO-REG-004', 'warn', AND(T('plan.hsct == true', 'plan.hsct'), T('cycle == 3', 'cycle')));
rule('INO-REG-004B', 'block', AND(T('plan.hsct == true', 'plan.hsct'), T('cycle >= 4', 'cycle')));
rule('INO-REG-004C', 'block', AND(T('plan.hsct == true', 'plan.hsct'), T('cycle == 3', 'cycle'),
  T('status in ["cr", "cri"]', 'status'), T('response.mrd_negative == true', 'response.mrd_negative')));
rule('INO-REG-005', 'block', AND(T('plan.hsct == false', 'plan.hsct'), T('cycle > 6', 'cycle')));
rule('INO-REG-006', 'block', AND(T('cycle >= 4', 'cycle'), T('status not in ["cr", "cri"]', 'status')));
{
  const allowed = OR(T('status in ["cr", "cri"]', 'status'), T('len(toxicities) > 0', 'toxicities'));
  rule('INO-REG-007', 'warn', OR(
    AND(T('cycle == 1', 'cycle'), T('cycle_len_d != 21', 'cycle_len_d'),
      NOT(AND(T('cycle_len_d > 21', 'cycle_len_d'), T('cycle_len_d <= 28', 'cycle_len_d'), allowed))),
    AND(T('cycle >= 2', 'cycle'), T('cycle_len_d != 28', 'cycle_len_d'))));
}
rule('INO-REG-008', 'block', AND(T('n_admins > 0', 'n_admins'), T('dose_time - last_admin < 518400', 'dose_time', 'last_admin')));
rule('INO-REG-009', 'block', AND(B('height_cm != null and weight_kg != null'), NOT(WITHIN('mosteller', '0.1', 'bsa'))));
rule('INO-REG-010', 'block', AND(OR(T('cycle >= 2', 'cycle'), B('admins != null')),
  OR(T('cycle < highest_cycle', 'cycle', 'highest_cycle'), T('cycle > highest_cycle + 1', 'cycle', 'highest_cycle'), V('slot_already_given'))));
// premedication.rxr
const ANY_PREMED = (codes) => ANY_DRUG(B(`m.k in ${codes}`), ['p']);
rule('INO-PREM-001', 'block', NOT(ANY_PREMED(IS.corticosteroid)));
rule('INO-PREM-002', 'block', NOT(ANY_PREMED(IS.antipyretic)));
rule('INO-PREM-003', 'block', NOT(ANY_PREMED(IS.antihistamine)));
rule('INO-PREM-004', 'info', '1');
// cytoreduction.rxr
rule('INO-CYTO-001', 'block', AND(V('first_dose'), B('blasts != null'), T('blasts > 10000', 'blasts')));
rule('INO-CYTO-002', 'warn', AND(V('first_dose'), B('blasts == null')));
// interaction.rxr
rule('INO-QT-001', 'warn', V('takes_known_risk_drug'));
rule('INO-QT-002', 'info', ANY_DRUG(B(`m.k in ${IS.qtOther}`)));
rule('INO-QT-003', 'warn', AND(OR(V('first_dose'), V('takes_known_risk_drug')), B('qtcf == null or k == null or mg == null')));
rule('INO-QT-004', 'warn', OR(inConditions('congenital-long-qt'), AND(B('qtcf != null'), T('qtcf > 500', 'qtcf'))));
rule('INO-QT-005', 'warn', OR(AND(B('k != null'), XLT('k', '(k_lln ?? 3.5)')), AND(B('mg != null'), XLT('mg', '(mg_lln ?? 0.7)'))));
// dose-modification.rxr
rule('INO-DOSE-001', 'block', ANY('toxicities', 't', OR(T('lower(t.type) in ["vod", "sos"]', 't.type'),
  AND(T('lower(t.type) == "hepatotoxicity"', 't.type'), T('t.grade >= 3', 't.grade')))));
rule('INO-DOSE-002', 'block', AND(V('hepatic_criteria'), NOT(V('bilirubin_explained'))));
rule('INO-DOSE-002B', 'info', AND(V('hepatic_criteria'), V('bilirubin_explained')));
rule('INO-DOSE-004B', 'warn', AND(NOT(AND(V('hepatic_criteria'), NOT(V('bilirubin_explained')))),
  OR(AND(XGT('bili', MUL('3', 'bili_uln')), NOT(V('bilirubin_explained'))), XGT('ast', MUL('5', 'ast_uln')), XGT('alt', MUL('5', 'alt_uln')))));
rule('INO-DOSE-003', 'block', ANY('toxicities', 't', AND(T('lower(t.type) == "infusion-reaction"', 't.type'), T('t.grade >= 3', 't.grade'))));
rule('INO-DOSE-004', 'block', ANY('toxicities', 't', AND(T('lower(t.type) in ["nonhematologic", "hepatotoxicity"]', 't.type'),
  T('t.grade >= 2', 't.grade'), T('t.resolved == false', 't.resolved'))));
rule('INO-DOSE-005', 'block', AND(V('day_one_of_later_cycle'), OR(
  AND(XGE(V('anc_before'), '1000'), XLT('anc', '1000')),
  AND(XGE(V('plt_before'), '50000'), XLT('plt', '50000')))));
rule('INO-DOSE-005B', 'warn', AND(V('day_one_of_later_cycle'),
  OR(XLT(V('anc_before'), '1000'), XLT(V('plt_before'), '50000')),
  OR(XLT('anc', 'base_anc'), XLT('plt', 'base_plt'))));
rule('INO-DOSE-006', 'block', AND(V('total_dose_reduced'), V('dosing_day'),
  GT(`(dose_mg == null or bsa == null ? null : dose_mg / bsa)`, MUL(V('standard_dose'), `${0.75 * 1.1}`))));
rule('INO-DOSE-007', 'block', AND(
  ANY('reductions', 'r', AND(T('lower(r.level) == "two-doses-per-cycle"', 'r.level'), T('r.cycle <= cycle', 'r.cycle', 'cycle'))),
  T(`${V('doses_this_cycle')} >= 2`, V('doses_this_cycle'))));
rule('INO-DOSE-008', 'warn', ANY('interruptions', 'i', AND(T('i.days >= 14', 'i.days'), T('cycle > i.cycle', 'cycle', 'i.cycle'),
  NOT(ANY('reductions', 'r', AND(T('r.cycle > i.cycle', 'r.cycle', 'i.cycle'), T('r.cycle <= cycle', 'r.cycle', 'cycle')))))));
rule('INO-DOSE-009', 'warn', ANY('interruptions', 'i', T('i.days > 28', 'i.days')));
// preparation.rxr
rule('INO-PREP-001', 'block', T('diluted_at - reconstituted_at > 14400', 'diluted_at', 'reconstituted_at'));
rule('INO-PREP-002', 'block', T('infusion_end_at - reconstituted_at > 28800', 'infusion_end_at', 'reconstituted_at'));
rule('INO-PREP-003', 'block', `(preparation.diluent == null ? 0.5 : (some(drugs, #.s == "d" and #.k in ${IS.saline}) ? 0 : 1))`);
rule('INO-PREP-004', 'warn', T('preparation.protected_from_light == false', 'preparation.protected_from_light'));
rule('INO-PREP-005', 'warn', AND(T(`${V('container')} == "bag"`, V('container')),
  OR(T('final_ml != 50', 'final_ml'), T('infusion_min != 60', 'infusion_min'))));
rule('INO-PREP-006', 'info', T(`${V('container')} == "syringe"`, V('container')));
// monitoring.rxr
rule('INO-MON-001', 'warn', AND(T('(day >= 6 and day <= 10) or (day >= 13 and day <= 17)', 'day'), B('anc == null or plt == null')));
// ../common/data-quality.rxr
rule('DQ-DRUG-001', 'warn', B('(medications != null and some(drugs, #.s == "m" and #.miss)) or (premedications != null and some(drugs, #.s == "p" and #.miss))'));

// ---------------------------------------------------------------- graph
let nextId = 0;
const id = (p) => `${p}-${++nextId}`;
const expressionNode = (name, exprs, x, { passThrough = true } = {}) => ({
  id: id('expr'), name, type: 'expressionNode', position: { x, y: 100 },
  content: {
    expressions: Object.entries(exprs).map(([key, value]) => ({ id: id('e'), key, value })),
    passThrough, inputField: null, outputPath: null, executionMode: 'single',
  },
});

// Every drug name of the request: premedications (s p), medications (m),
// the diluent (d) and the ordered drug (o). A name known whole is looked up
// at once; the others go through the word-dropping path.
const drugNames = expressionNode('Drug names', {
  dict: objectLiteral(dict),
  entries: `map(flatMap([map(premedications ?? [], {s: "p", d: #.drug}), map(medications ?? [], {s: "m", d: #.drug}), `
    + `preparation.diluent == null ? [] : [{s: "d", d: preparation.diluent}], order.drug == null ? [] : [{s: "o", d: order.drug}]], #), `
    + `type(#.d) != "string" or trim(#.d) == "" ? {s: #.s, miss: true, k: null} : {s: #.s, miss: false, n: lower(trim(#.d)), k: $.dict[lower(trim(#.d))]})`,
  drugs: `map($.entries as e, ${drugEntrySlow()})`,
}, 300);

const factsNode = expressionNode('Facts', facts, 550);

// PI Table 1 (regimen.rxr standard_dose_per_m2): the first matching row answers.
const col = (name, field) => ({ id: id('in'), name, field });
const inCycle = col('Cycle', 'cycle'), inResponse = col('Response', 'status'), inDay = col('Day', 'day');
const outDose = { id: id('out'), name: 'Dose per m2 (mg/m2)', field: 'std_per_m2' };
const row = (c, r, d, dose) => ({ _id: id('row'), [inCycle.id]: c, [inResponse.id]: r, [inDay.id]: d, [outDose.id]: dose });
const doseTable = {
  id: id('table'), name: 'Standard dose', type: 'decisionTableNode', position: { x: 800, y: 100 },
  content: {
    hitPolicy: 'first', inputs: [inCycle, inResponse, inDay], outputs: [outDose],
    rules: [
      row('1', '', '1', '0.8'),
      row('>= 2', '"cr", "cri"', '1', '0.5'),
      row('>= 2', '', '1', '0.8'),
      row('', '', '[6..10]', '0.5'),
      row('', '', '[13..17]', '0.5'),
      row('', '', '', 'null'),
    ],
    passThrough: true, inputField: null, outputPath: null, executionMode: 'single',
  },
};

const ruleExprs = { ...R };
for (const [rid, , expr] of rules) ruleExprs[`rule_${rid}`] = expr;
const rulesNode = expressionNode('Rules', ruleExprs, 1050, { passThrough: false });

// Findings: fired rules sorted by id, the severity of each (its own when the
// condition is true, warn when it is unknown), the decision = worst severity.
const sorted = [...rules].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
const findingsNode = expressionNode('Findings', {
  findings: `not is_pack ? [{rule: "RXR-NO-PACK", severity: "warn"}] : map(filter([${sorted.map(([rid, sev]) => `{rule: ${str(rid)}, sev: ${str(sev)}, t: $root["rule_${rid}"]}`).join(', ')}], #.t > 0), {rule: #.rule, severity: #.t == 1 ? #.sev : "warn"})`,
  // Any problem blocks the order (request-response.md, "problems").
  decision: `len(problems) > 0 or some($.findings, #.severity == "block") ? "block" : (some($.findings, #.severity == "warn") ? "warn" : "pass")`,
  problems: `problems`,
}, 1300, { passThrough: false });

// The input node validates the request against request.schema.json, the
// JSON Schema that `rxrules schema rules/inotuzumab_ozogamicin` prints for
// integrators (types, codes, units, time syntax, lower bounds). A request
// that fails it is rejected by ZEN: run.mjs answers it "block" (rxrules
// blocks every request with a problem). Leave it out with --no-schema.
// Codes and choices are compared without regard to case or surrounding
// spaces ("VOD" is vod), so each `enum` of codes (not of units) becomes a
// case-insensitive pattern.
const escapeRegex = (x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function relaxCodes(node, key) {
  if (Array.isArray(node)) return node.map((x) => relaxCodes(x));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) out[k] = relaxCodes(v, k);
  if (Array.isArray(out.enum) && key !== 'unit' && out.enum.every((x) => typeof x === 'string' || x === null)) {
    const codes = out.enum.filter((x) => x !== null);
    out.pattern = `^\\s*(?i:${codes.map(escapeRegex).join('|')})\\s*$`;
    out.type = out.enum.includes(null) ? ['string', 'null'] : 'string';
    delete out.enum;
  }
  return out;
}
const schema = process.argv.includes('--no-schema') ? ''
  : JSON.stringify(relaxCodes(JSON.parse(readFileSync(new URL('./request.schema.json', import.meta.url), 'utf8'))));
const input = { id: id('input'), name: 'Request', type: 'inputNode', position: { x: 50, y: 100 }, content: { schema } };
const output = { id: id('output'), name: 'Response', type: 'outputNode', position: { x: 1800, y: 100 }, content: {} };
const nodes = [input, drugNames, factsNode, doseTable, rulesNode, findingsNode, output];
const edges = [];
for (let i = 0; i + 1 < nodes.length; i++) edges.push({ id: id('edge'), sourceId: nodes[i].id, targetId: nodes[i + 1].id, type: 'edge' });
const outArg = process.argv.indexOf('--out');
const outPath = outArg >= 0 ? process.argv[outArg + 1] : new URL('./inotuzumab.jdm.json', import.meta.url);
writeFileSync(outPath, JSON.stringify({ contentType: 'application/vnd.gorules.decision', nodes, edges }, null, 2) + '\n');
console.log(`${String(outPath).replace('file://', '')}: ${nodes.length} nodes, ${rules.length} rules${schema ? '' : ', no input schema'}`);
