// The inotuzumab ozogamicin pack (rules/inotuzumab_ozogamicin, version
// 2026.12, with rules/common/request.rxr, drug-classes.rxr, qt-drugs.rxr and
// data-quality.rxr), written by hand in plain JavaScript: the peer of issue 18.
//
// It is not a rule interpreter: each rule is a function over a decoded
// request. It keeps the engine's semantics where they change a finding:
//   - every quantity is converted once to one unit per dimension (tables below);
//   - comparisons treat values equal to one part in 10^9 as equal;
//   - a missing fact is `null`, and conditions use three-valued logic
//     (false and unknown = false, true or unknown = true); a rule that ends
//     unknown gives a `warn` finding ("cannot decide"), never a pass;
//   - a present but invalid value is a problem, which blocks, and the rules
//     read it as absent;
//   - a current lab taken more than LAB_RECENCY before the dose is absent (M1);
//   - drug names go through the text policy and the salt/form/strength
//     stripping of docs/rule-language.md, "Lists of drugs".
// Message texts and `facts` are not produced: only rule ids and severities.

// ---------------------------------------------------------------- constants

const MINUTE = 60e3;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365.25 * DAY;

// Canonical units: mg, cm, m2, ms (durations and the QT interval), /mm3,
// mg/dL (bilirubin), U/L, mmol/L, mL, mcg/d. Each table maps a unit spelling
// to its factor to the canonical unit: the spellings the engine knows for the
// field's dimension (engine/units/unit.cpp), plus the units a field's
// `convert` clause adds (request.rxr). A unit that is not found as sent is
// looked up again after NFKC and trimming (µ U+00B5 becomes μ U+03BC).
const units = (table) => new Map(Object.entries(table));
const MASS = units({ mg: 1, g: 1e3, kg: 1e6, mcg: 1e-3, ug: 1e-3, 'μg': 1e-3, lb: 453592.37 });
const LENGTH = units({ cm: 1, mm: 0.1, m: 100, in: 2.54, um: 1e-4, 'μm': 1e-4 });
const AREA = units({ m2: 1, 'm^2': 1 });
const TIME = units({ a: YEAR, y: YEAR, year: YEAR, mo: YEAR / 12, wk: 7 * DAY, d: DAY, h: HOUR, min: MINUTE, s: 1e3, ms: 1 });
const CELLS = units({ '/mm3': 1, '/uL': 1, 'cells/uL': 1, '/μL': 1, 'cells/μL': 1,
  '10*9/L': 1e3, '10^9/L': 1e3, 'x10^9/L': 1e3, 'x10*9/L': 1e3, 'G/L': 1e3 });
// Bilirubin: mass concentrations, and umol/L (convert 1 mg/dL = 17.1 umol/L).
const BILIRUBIN = units({ 'mg/dL': 1, 'mg/dl': 1, 'mg/mL': 100, 'mcg/mL': 0.1, 'ug/mL': 0.1,
  'umol/L': 1 / 17.1, 'umol/l': 1 / 17.1, 'μmol/L': 1 / 17.1 });
const ENZYME = units({ 'U/L': 1, 'U/l': 1, 'IU/L': 1 });
const AMOUNT = { 'mmol/L': 1, 'mmol/l': 1, 'umol/L': 1e-3, 'umol/l': 1e-3, 'μmol/L': 1e-3 };
const MEQ = ['mEq/L', 'mEq/l', 'meq/L'];
// Potassium: amount concentrations, and mEq/L (convert 1 mmol/L = 1 mEq/L).
const POTASSIUM = units({ ...AMOUNT, ...Object.fromEntries(MEQ.map((u) => [u, 1])) });
// Magnesium: also mEq/L (1 mmol/L = 2 mEq/L) and mg/dL (1 mmol/L = 2.43 mg/dL).
const MAGNESIUM = units({ ...AMOUNT, ...Object.fromEntries(MEQ.map((u) => [u, 0.5])), 'mg/dL': 1 / 2.43, 'mg/dl': 1 / 2.43 });
const VOLUME = units({ mL: 1, ml: 1, L: 1e3 });
const MASS_PER_DAY = units({ 'mcg/d': 1, 'ug/d': 1, 'mcg/day': 1, 'μg/d': 1, 'mg/d': 1e3, 'mg/day': 1e3 });

// Plausible ranges (request.rxr), in the canonical units: [low, high, low excluded].
const X9 = 1e3; // 1 x10^9/L in /mm3
const LABS = {
  circulating_blasts: { units: CELLS, value: [0, 2000 * X9], uln: [0, 20 * X9], lln: [0, 20 * X9] },
  anc: { units: CELLS, value: [0, 300 * X9], uln: [2 * X9, 15 * X9], lln: [0.5 * X9, 5 * X9] },
  platelets: { units: CELLS, value: [0, 5000 * X9], uln: [150 * X9, 1000 * X9], lln: [50 * X9, 300 * X9] },
  total_bilirubin: { units: BILIRUBIN, value: [0, 100], uln: [0.3, 5], lln: [0, 1] },
  ast: { units: ENZYME, value: [0, 50000], uln: [10, 500], lln: [0, 100] },
  alt: { units: ENZYME, value: [0, 50000], uln: [10, 500], lln: [0, 100] },
  qtcf: { units: TIME, value: [200, 1000], uln: [350, 600], lln: [200, 450] },
  potassium: { units: POTASSIUM, value: [0.5, 15], uln: [4, 7], lln: [2, 4.5] },
  magnesium: { units: MAGNESIUM, value: [0.1, 10], uln: [0.7, 2], lln: [0.3, 1.2] },
};
const LAB_NAMES = Object.keys(LABS);
// `labs.anc`, `baseline_labs.anc`, ...: built once.
const LAB_PATHS = Object.fromEntries(['labs', 'baseline_labs', 'pretreatment_labs'].map((group) =>
  [group, Object.fromEntries(LAB_NAMES.map((name) => [name, `${group}.${name}`]))]));
const EMPTY = Object.freeze({});

// Pack policy and clinical constants (pack.rxr and the rule files).
const DOSE_TOLERANCE = 0.10;
const DOSE_REVIEW_TOLERANCE = 0.05;
const REDUCED_DOSE_SHARE = 0.75;
const QTCF_LIMIT = 500; // ms
const POTASSIUM_MIN = 3.5; // mmol/L
const MAGNESIUM_MIN = 0.7; // mmol/L
const BSA_RECHECK_TOLERANCE = 0.10;
const LAB_RECENCY = 3 * DAY;
const BILIRUBIN_REVIEW_MULTIPLE = 3;
const TRANSAMINASE_REVIEW_MULTIPLE = 5;
const MAX_BLASTS_BEFORE_FIRST_DOSE = 10000; // /mm3
const ANC_RECOVERY = 1 * X9;
const PLATELET_RECOVERY = 50 * X9;
const MAX_RECONSTITUTED_TO_DILUTED = 4 * HOUR;
const MAX_RECONSTITUTED_TO_INFUSION_END = 8 * HOUR;
const BAG_VOLUME = 50; // mL
const INFUSION_TIME = 1 * HOUR;

// Engine limits (docs/safety.md) that turn into problems.
const MAX_LIST_ITEMS = 1000;
const MAX_STRING_BYTES = 4096;
const EARLIEST_TIME = Date.UTC(1900, 0, 1);
const LATEST_TIME = Date.UTC(2200, 0, 1) - 1;

// ------------------------------------------------------------ text policy

const REFUSED_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const IGNORABLE_CHARS = /[\u00AD\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200D\u2060-\u2064\u206A-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFF8]/g;
const LATIN = /\p{Script=Latin}/u;
const OTHER_ALPHABET = /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Cherokee}]/u;

// A name (drug, code) as the engine compares it: NFKC, case folded, without
// invisible characters, trimmed, runs of white space made one. Returns
// undefined for a refused name (a problem) and '' for one that holds nothing.
function normaliseName(text) {
  // The common case, printable ASCII, needs no Unicode work: one pass finds
  // whether the text is already lower case with single inner spaces.
  let ascii = true, clean = true;
  for (let i = 0, n = text.length; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) { ascii = false; break; }
    if ((c >= 0x41 && c <= 0x5a) || (c === 0x20 && (i === 0 || i === n - 1 || text.charCodeAt(i + 1) === 0x20))) clean = false;
  }
  if (ascii) return clean ? text : text.toLowerCase().trim().replace(/ +/g, ' ');
  if (REFUSED_CHARS.test(text)) return undefined;
  const name = text.normalize('NFKC').toLowerCase().normalize('NFKC').replace(IGNORABLE_CHARS, '')
    .replace(/[\t\n\r\s]+/g, ' ').trim();
  if (LATIN.test(name) && OTHER_ALPHABET.test(name)) return undefined; // mixed scripts: a look-alike
  return name;
}

// ---------------------------------------------------------------- drug names

// Canonical name of every known spelling: `drug NAME aka ...` declarations
// of the pack and of the common files, and every name in a list.
const DRUGS = new Map();
function drug(name, ...aka) { for (const n of [name, ...aka]) DRUGS.set(n, name); }

// drug-classes.rxr
drug('methylprednisolone', 'solu-medrol', 'medrol');
drug('hydrocortisone', 'solu-cortef', 'cortef');
drug('dexamethasone', 'decadron');
drug('prednisone', 'deltasone');
drug('prednisolone', 'orapred');
drug('acetaminophen', 'paracetamol', 'tylenol', 'apap');
drug('ibuprofen', 'advil', 'motrin');
drug('diphenhydramine', 'benadryl');
drug('chlorphenamine', 'chlorpheniramine', 'piriton');
drug('cetirizine', 'zyrtec');
drug('levocetirizine', 'xyzal');
drug('loratadine', 'claritin');
drug('desloratadine', 'clarinex');
drug('fexofenadine', 'allegra');
drug('hydroxyzine', 'atarax', 'vistaril');
drug('clemastine', 'tavist');
drug('promethazine', 'phenergan');
drug('sodium chloride 0.9%', '0.9% sodium chloride', 'nacl 0.9%', '0.9% nacl', 'normal saline', 'ns');
// qt-drugs.rxr brands
drug('ondansetron', 'zofran');
drug('fluconazole', 'diflucan');
drug('azithromycin', 'zithromax');
drug('ciprofloxacin', 'cipro');
drug('levofloxacin', 'levaquin');
drug('moxifloxacin', 'avelox');
drug('clarithromycin', 'biaxin');
drug('erythromycin', 'ery-tab');
drug('amiodarone', 'cordarone', 'pacerone');
drug('haloperidol', 'haldol');
drug('citalopram', 'celexa');
drug('escitalopram', 'lexapro');
drug('methadone', 'dolophine');
drug('arsenic trioxide', 'trisenox');
drug('granisetron', 'kytril');
drug('tacrolimus', 'prograf');
drug('voriconazole', 'vfend');
drug('posaconazole', 'noxafil');
drug('itraconazole', 'sporanox');
drug('metoclopramide', 'reglan');
drug('pantoprazole', 'protonix');
drug('omeprazole', 'prilosec');
drug('esomeprazole', 'nexium');
drug('amphotericin b', 'ambisome', 'fungizone');
// pack.rxr: the ordered drug that routes the order here
const PACK_DRUG = 'inotuzumab ozogamicin';
drug(PACK_DRUG, 'besponsa', 'inotuzumab');

function list(...names) {
  for (const n of names) if (!DRUGS.has(n)) DRUGS.set(n, n);
  return new Set(names);
}

const CORTICOSTEROIDS = list('methylprednisolone', 'hydrocortisone', 'dexamethasone', 'prednisone', 'prednisolone');
const ANTIPYRETICS = list('acetaminophen', 'ibuprofen');
const ANTIHISTAMINES = list('diphenhydramine', 'chlorphenamine', 'cetirizine', 'levocetirizine', 'loratadine',
  'desloratadine', 'fexofenadine', 'hydroxyzine', 'clemastine', 'promethazine');
const QT_KNOWN_RISK = list(
  'aclarubicin', 'amiodarone', 'anagrelide', 'arsenic trioxide', 'astemizole',
  'azithromycin', 'chloroquine', 'chlorpromazine', 'cilostazol', 'ciprofloxacin',
  'cisapride', 'citalopram', 'clarithromycin', 'cocaine', 'disopyramide', 'dofetilide',
  'domperidone', 'dronedarone', 'droperidol', 'erythromycin', 'escitalopram', 'flecainide',
  'fluconazole', 'halofantrine', 'haloperidol', 'hydroxychloroquine', 'ibutilide',
  'levofloxacin', 'levomethadyl acetate', 'methadone', 'moxifloxacin', 'ondansetron',
  'oxaliplatin', 'pentamidine', 'pimozide', 'procainamide', 'propofol', 'quinidine', 'sotalol',
  'sulpiride', 'thioridazine', 'vandetanib');
const QT_POSSIBLE_RISK = list('granisetron', 'dolasetron', 'tramadol', 'mirtazapine', 'venlafaxine', 'tacrolimus',
  'dasatinib', 'imatinib', 'nilotinib');
const QT_CONDITIONAL_RISK = list(
  'voriconazole', 'posaconazole', 'itraconazole', 'ketoconazole', 'metronidazole',
  'amphotericin b', 'olanzapine', 'quetiapine', 'risperidone', 'ziprasidone',
  'metoclopramide', 'sertraline', 'fluoxetine', 'paroxetine', 'trazodone', 'famotidine',
  'omeprazole', 'esomeprazole', 'pantoprazole', 'lansoprazole', 'diphenhydramine',
  'hydroxyzine', 'loperamide');
// Q2 counts a drug only in its highest category: possible or conditional, not known.
const QT_OTHER_RISK = new Set([...QT_POSSIBLE_RISK, ...QT_CONDITIONAL_RISK].filter((d) => !QT_KNOWN_RISK.has(d)));
const DILUENT = 'sodium chloride 0.9%';

// Words dropped from the end of a name not known whole (drug-classes.rxr).
const SALTS = new Set(['hydrochloride', 'hcl', 'sodium', 'succinate', 'phosphate', 'acetate', 'maleate',
  'fumarate', 'citrate', 'sulfate', 'mesylate', 'tartrate', 'disodium',
  'hydrate', 'monohydrate', 'dihydrate', 'trihydrate', 'anhydrous']);
const FORMS = new Set(['odt', 'tablet', 'tablets', 'tab', 'tabs', 'capsule', 'capsules', 'cap', 'caps',
  'injection', 'inj', 'infusion', 'solution', 'suspension', 'syrup', 'elixir', 'oral',
  'orally', 'disintegrating', 'chewable', 'film-coated', 'er', 'xr', 'sr', 'dr', 'ec',
  'iv', 'po', 'vial', 'premix']);
// Units that may follow a strength ("ondansetron 8 mg"), as case-folded words.
const STRENGTH_UNITS = new Set(['mg', 'g', 'kg', 'mcg', 'ug', 'μg', 'ml', 'l', '%', 'mg/ml', 'mcg/ml', 'mg/m2',
  'iu', 'units', 'unit', 'meq', 'mmol']);
const startsWithDigit = (w) => w.charCodeAt(0) >= 48 && w.charCodeAt(0) <= 57;

// The canonical name of a normalised drug name: whole, else after dropping
// salt, form and strength words from its end; a name no list knows stays as
// it is (a drug without listed interactions).
function resolveDrug(name) {
  const known = DRUGS.get(name);
  if (known !== undefined) return known;
  // `rest` is the name without its last word `last`, shortened from the end.
  let rest = name;
  for (let cut = rest.lastIndexOf(' '); cut > 0; cut = rest.lastIndexOf(' ')) {
    const last = rest.slice(cut + 1);
    if (SALTS.has(last) || FORMS.has(last) || startsWithDigit(last)) {
      rest = rest.slice(0, cut);
    } else {
      // a unit after a strength: "ondansetron 8 mg"
      const before = rest.lastIndexOf(' ', cut - 1);
      if (before <= 0 || !STRENGTH_UNITS.has(last) || !startsWithDigit(rest.slice(before + 1, cut))) break;
      rest = rest.slice(0, before);
    }
    const found = DRUGS.get(rest);
    if (found !== undefined) return found;
  }
  return name;
}

// ------------------------------------------------------- three-valued logic
//
// true, false, or null for "unknown" (a fact is missing).

const and = (a, b) => (a === false || b === false ? false : a === null || b === null ? null : true);
const or = (a, b) => (a === true || b === true ? true : a === null || b === null ? null : false);
const not = (a) => (a === null ? null : !a);

// Equal to one part in 10^9, whatever the units (values are canonical).
const near = (a, b) => a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
const gt = (a, b) => (a === null || b === null ? null : a > b && !near(a, b));
const lt = (a, b) => (a === null || b === null ? null : a < b && !near(a, b));
const ge = (a, b) => (a === null || b === null ? null : a > b || near(a, b));
const eq = (a, b) => (a === null || b === null ? null : near(a, b));
const ne = (a, b) => (a === null || b === null ? null : !near(a, b));
const same = (a, b) => (a === null || b === null ? null : a === b); // codes, names, booleans
const mul = (a, b) => (a === null || b === null ? null : a * b);
const sub = (a, b) => (a === null || b === null ? null : a - b);
// `a within r of b`: relative to b.
function within(a, b, r) {
  if (a === null || b === null) return null;
  const gap = Math.abs(a - b);
  const limit = r * Math.abs(b);
  return gap < limit || near(gap, limit);
}
const inSet = (x, set) => (x === null ? null : set.has(x));
// `"code" in patient.conditions`
const hasCode = (codes, code) => (codes === null ? null : codes.includes(code));

// any(x in list where test(x)): unknown when the list is absent, or when no
// entry passes and one is undecided.
function any(items, test) {
  if (items === null) return null;
  let result = false;
  for (let i = 0; i < items.length; i++) {
    const r = test(items[i]);
    if (r === true) return true;
    if (r === null) result = null;
  }
  return result;
}
const count = (items) => (items === null ? null : items.length);
// max(x in list select value(x)): undecided when an entry lacks the value.
function maxOf(items, value) {
  if (items === null || items.length === 0) return null;
  let best = -Infinity;
  for (let i = 0; i < items.length; i++) {
    const v = value(items[i]);
    if (v === null) return null;
    if (v > best) best = v;
  }
  return best;
}

// ---------------------------------------------------------------- decoding

// Reads the request into plain canonical values (null when absent), adding a
// problem for every present but invalid value, which then reads as absent.
class Decoder {
  constructor() {
    this.problems = [];
    // Inside a list of records, paths are relative to the current entry and
    // the full path (`history.administrations[2].given_at`) is only built
    // for a problem.
    this.list = null;
    this.index = 0;
  }

  problem(path, message) {
    const full = this.list === null ? path : `${this.list}[${this.index}]${path === '' ? '' : '.'}${path}`;
    this.problems.push({ path: full, message });
    return null;
  }

  text(v, path) {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') return this.problem(path, 'expected a string');
    if (v.length * 3 > MAX_STRING_BYTES && Buffer.byteLength(v) > MAX_STRING_BYTES) return this.problem(path, 'string too long');
    return v;
  }

  bool(v, path) {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'boolean') return this.problem(path, 'expected true or false');
    return v;
  }

  integer(v, path, low, high) {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isInteger(v)) return this.problem(path, 'expected a whole number');
    if (v < low || v > high) return this.problem(path, `outside ${low} .. ${high}`);
    return v;
  }

  // A code, compared as names are; with `choices`, one of them (canonical spelling).
  code(v, path, choices) {
    const s = this.text(v, path);
    if (s === null) return null;
    const name = normaliseName(s);
    if (name === undefined) return this.problem(path, 'refused text');
    if (name === '') return this.problem(path, 'empty; expected a code');
    if (!choices) return name;
    const choice = choices.get(name);
    return choice === undefined ? this.problem(path, `unknown code '${s}'`) : choice;
  }

  codes(v, path) {
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v)) return this.problem(path, 'expected a list');
    if (v.length > MAX_LIST_ITEMS) return this.problem(path, 'too many items');
    const out = [];
    for (let i = 0; i < v.length; i++) {
      this.list = path;
      this.index = i;
      const c = this.code(v[i], '');
      if (c !== null) out.push(c);
    }
    this.list = null;
    return out;
  }

  // A drug name, resolved to its canonical name. An empty one is a problem,
  // except in a list of drugs, where the entry names no drug (clinical M3).
  drug(v, path, inList = false) {
    const s = this.text(v, path);
    if (s === null) return null;
    const name = normaliseName(s);
    if (name === undefined) return this.problem(path, 'refused drug name');
    if (name === '') return inList ? null : this.problem(path, 'empty; expected a drug name');
    return resolveDrug(name);
  }

  drugs(v, path) {
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v)) return this.problem(path, 'expected a list');
    if (v.length > MAX_LIST_ITEMS) return this.problem(path, 'too many items');
    const out = new Array(v.length);
    this.list = path;
    for (let i = 0; i < v.length; i++) { this.index = i; out[i] = this.drug(v[i], '', true); }
    this.list = null;
    return out;
  }

  time(v, path) {
    const s = this.text(v, path);
    if (s === null) return null;
    const t = parseTime(s);
    if (t === null) return this.problem(path, `unparseable time '${s}'`);
    if (t < EARLIEST_TIME || t > LATEST_TIME) return this.problem(path, 'implausible time');
    return t;
  }

  // {"value", "unit"} converted with `units`; range [low, high, lowExcluded].
  quantity(v, path, units, range) {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'object' || Array.isArray(v)) return this.problem(path, 'expected {"value", "unit"}');
    const factor = this.unit(v.unit, path, units);
    if (factor === null) return null;
    if (typeof v.value !== 'number') return this.problem(`${path}.value`, 'expected a number');
    return this.range(v.value * factor, path, range);
  }

  unit(u, path, units) {
    if (typeof u !== 'string') return this.problem(`${path}.unit`, 'expected a unit');
    const factor = units.get(u) ?? units.get(u.normalize('NFKC').trim());
    return factor === undefined ? this.problem(`${path}.unit`, `unknown unit '${u}'`) : factor;
  }

  range(x, path, range) {
    if (range) {
      const [low, high, lowExcluded] = range;
      const aboveLow = lowExcluded ? x > low && !near(x, low) : x > low || near(x, low);
      if (!aboveLow || (high !== undefined && x > high && !near(x, high))) return this.problem(path, 'implausible value');
    }
    return x;
  }

  // A lab: value, limits of normal in the lab's own unit, and when it was taken.
  lab(v, path, spec) {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'object' || Array.isArray(v)) return this.problem(path, 'expected a lab value');
    const factor = this.unit(v.unit, path, spec.units);
    if (factor === null) return null;
    if (typeof v.value !== 'number') return this.problem(`${path}.value`, 'expected a number');
    const value = this.range(v.value * factor, path, spec.value);
    let uln = v.uln == null ? null : this.limit(v.uln, `${path}.uln`, factor, spec.uln);
    let lln = v.lln == null ? null : this.limit(v.lln, `${path}.lln`, factor, spec.lln);
    if (uln !== null && lln !== null && !(lln < uln)) {
      // Limits that contradict each other: neither is used.
      this.problem(`${path}.lln`, 'lln not below uln');
      uln = lln = null;
    }
    const at = v.at == null ? null : this.time(v.at, `${path}.at`);
    if (value === null) return null;
    return { value, uln, lln, at };
  }

  limit(v, path, factor, range) {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number') return this.problem(path, 'expected a number');
    return this.range(v * factor, path, range);
  }

  // A group of labs (labs, baseline_labs, pretreatment_labs), one property each.
  labs(v, path) {
    const g = this.object(v, path) ?? EMPTY;
    const P = LAB_PATHS[path];
    return {
      circulating_blasts: this.lab(g.circulating_blasts, P.circulating_blasts, LABS.circulating_blasts),
      anc: this.lab(g.anc, P.anc, LABS.anc),
      platelets: this.lab(g.platelets, P.platelets, LABS.platelets),
      total_bilirubin: this.lab(g.total_bilirubin, P.total_bilirubin, LABS.total_bilirubin),
      ast: this.lab(g.ast, P.ast, LABS.ast),
      alt: this.lab(g.alt, P.alt, LABS.alt),
      qtcf: this.lab(g.qtcf, P.qtcf, LABS.qtcf),
      potassium: this.lab(g.potassium, P.potassium, LABS.potassium),
      magnesium: this.lab(g.magnesium, P.magnesium, LABS.magnesium),
    };
  }

  object(v, path) {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'object' || Array.isArray(v)) return this.problem(path, 'expected an object');
    return v;
  }

  // A list of records, each decoded by `read(record, path)`.
  records(v, path, read) {
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v)) return this.problem(path, 'expected a list');
    if (v.length > MAX_LIST_ITEMS) return this.problem(path, 'too many items');
    const out = new Array(v.length);
    this.list = path;
    for (let i = 0; i < v.length; i++) {
      this.index = i;
      const r = this.object(v[i], '');
      out[i] = read.call(this, r ?? EMPTY);
    }
    this.list = null;
    return out;
  }

  // `field B ...: time after A`: B before A is a problem.
  after(later, earlier, path) { return later !== null && earlier !== null && later < earlier ? this.problem(path, 'before the time it follows') : later; }
}

// ISO 8601 date (read as 00:00 UTC) or date-time with seconds and a zone,
// read digit by digit: this is the hot path of decoding (every request holds
// a dozen times), and Date.parse would also accept forms the engine refuses.
const digit = (s, i) => { const c = s.charCodeAt(i) - 48; return c >= 0 && c <= 9 ? c : NaN; };
const two = (s, i) => digit(s, i) * 10 + digit(s, i + 1);
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
function daysFromCivil(y, m, d) {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function parseTime(s) {
  const n = s.length;
  if (n < 10 || s[4] !== '-' || s[7] !== '-') return null;
  const year = two(s, 0) * 100 + two(s, 2), month = two(s, 5), day = two(s, 8);
  if (!(month >= 1 && month <= 12 && day >= 1)) return null; // NaN fails too
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : MONTH_DAYS[month - 1])) return null;
  let ms = daysFromCivil(year, month, day) * DAY;
  if (n === 10) return ms;
  // THH:MM:SS[.fff...] then Z or ±HH:MM (t and z in either case)
  if ((s[10] !== 'T' && s[10] !== 't') || n < 20 || s[13] !== ':' || s[16] !== ':') return null;
  const hour = two(s, 11), minute = two(s, 14), second = two(s, 17);
  if (!(hour <= 23 && minute <= 59 && second <= 59)) return null;
  ms += hour * HOUR + minute * MINUTE + second * 1e3;
  let i = 19;
  if (s[i] === '.') {
    let j = i + 1;
    for (let scale = 100; j < n && digit(s, j) >= 0; j++, scale /= 10) ms += digit(s, j) * scale;
    if (j === i + 1) return null;
    i = j;
  }
  if ((s[i] === 'Z' || s[i] === 'z') && i + 1 === n) return ms;
  if ((s[i] !== '+' && s[i] !== '-') || i + 6 !== n || s[i + 3] !== ':') return null;
  const offsetHours = two(s, i + 1), offsetMinutes = two(s, i + 4);
  if (!(offsetHours <= 23 && offsetMinutes <= 59)) return null;
  const offset = offsetHours * HOUR + offsetMinutes * MINUTE;
  return s[i] === '+' ? ms - offset : ms + offset;
}

const choices = (...codes) => new Map(codes.map((c) => [c.toLowerCase(), c]));
const CONTAINERS = choices('bag', 'syringe');
const RESPONSES = choices('CR', 'CRi', 'PR', 'SD', 'PD', 'none');
const REDUCTION_LEVELS = choices('total-dose-25-percent', 'two-doses-per-cycle');
const TOXICITY_TYPES = choices('vod', 'sos', 'hepatotoxicity', 'infusion-reaction', 'nonhematologic', 'neutropenia',
  'thrombocytopenia', 'crs', 'neurotoxicity', 'seizure', 'pancreatitis', 'tumor-lysis', 'other');

// Plausible ranges of request.rxr in canonical units: [low, high, low excluded].
const POSITIVE = [0, undefined, true];
const AGE_RANGE = [0, 130 * YEAR];
const WEIGHT_RANGE = [0, 500e6, true];
const HEIGHT_RANGE = [0, 300, true];
const BSA_RANGE = [0.1, 5];
const CYCLE_LENGTH_RANGE = [0, 365 * DAY, true];
const INFUSION_DURATION_RANGE = [0, 7 * DAY, true];
const FINAL_VOLUME_RANGE = [0, 10e3, true];
const INTERRUPTION_RANGE = [0, 3650 * DAY];

function decodeRequest(q, d) {
  const patient = d.object(q.patient, 'patient') ?? EMPTY;
  const diagnosis = d.object(q.diagnosis, 'diagnosis') ?? EMPTY;
  const order = d.object(q.order, 'order') ?? EMPTY;
  const prep = d.object(q.preparation, 'preparation') ?? EMPTY;
  const plan = d.object(q.plan, 'plan') ?? EMPTY;
  const response = d.object(q.response, 'response') ?? EMPTY;
  const history = d.object(q.history, 'history') ?? EMPTY;

  const f = {
    id: d.text(q.id, 'id'),
    asOf: d.time(q.as_of, 'as_of'),

    age: d.quantity(patient.age, 'patient.age', TIME, AGE_RANGE),
    weight: d.quantity(patient.weight, 'patient.weight', MASS, WEIGHT_RANGE),
    height: d.quantity(patient.height, 'patient.height', LENGTH, HEIGHT_RANGE),
    bsa: d.quantity(patient.bsa, 'patient.bsa', AREA, BSA_RANGE),
    sex: d.code(patient.sex, 'patient.sex'),
    pregnant: d.bool(patient.pregnant, 'patient.pregnant'),
    breastfeeding: d.bool(patient.breastfeeding, 'patient.breastfeeding'),
    conditions: d.codes(patient.conditions, 'patient.conditions'),
    allergies: d.drugs(patient.allergies, 'patient.allergies'),

    condition: d.code(diagnosis.condition, 'diagnosis.condition'),
    cd22Positive: d.bool(diagnosis.cd22_positive, 'diagnosis.cd22_positive'),
    relapsedOrRefractory: d.bool(diagnosis.relapsed_or_refractory, 'diagnosis.relapsed_or_refractory'),
    phPositive: d.bool(diagnosis.ph_positive, 'diagnosis.ph_positive'),

    dose: d.quantity(order.dose, 'order.dose', MASS, POSITIVE),
    route: d.code(order.route, 'order.route'),
    cycle: d.integer(order.cycle, 'order.cycle', 1, 100),
    day: d.integer(order.day, 'order.day', 1, 100),
    cycleLength: d.quantity(order.cycle_length, 'order.cycle_length', TIME, CYCLE_LENGTH_RANGE),
    scheduledAt: d.time(order.scheduled_at, 'order.scheduled_at'),
    infusionDuration: d.quantity(order.infusion_duration, 'order.infusion_duration', TIME, INFUSION_DURATION_RANGE),

    reconstitutedAt: d.time(prep.reconstituted_at, 'preparation.reconstituted_at'),
    dilutedAt: d.time(prep.diluted_at, 'preparation.diluted_at'),
    infusionEndAt: d.time(prep.infusion_end_at, 'preparation.infusion_end_at'),
    finalVolume: d.quantity(prep.final_volume, 'preparation.final_volume', VOLUME, FINAL_VOLUME_RANGE),
    diluent: d.drug(prep.diluent, 'preparation.diluent'),
    protectedFromLight: d.bool(prep.protected_from_light, 'preparation.protected_from_light'),
    container: d.code(prep.container, 'preparation.container', CONTAINERS),

    hsct: d.bool(plan.hsct, 'plan.hsct'),
    status: d.code(response.status, 'response.status', RESPONSES),
    mrdNegative: d.bool(response.mrd_negative, 'response.mrd_negative'),

    labs: d.labs(q.labs, 'labs'),
    baselineLabs: d.labs(q.baseline_labs, 'baseline_labs'),
    pretreatmentLabs: d.labs(q.pretreatment_labs, 'pretreatment_labs'),

    premedications: d.records(q.premedications, 'premedications', function (r) {
      this.time(r.given_at, 'given_at');
      this.quantity(r.dose, 'dose', MASS, POSITIVE);
      this.code(r.route, 'route');
      return this.drug(r.drug, 'drug', true);
    }),
    medications: d.records(q.medications, 'medications', function (r) {
      this.time(r.given_at, 'given_at');
      return this.drug(r.drug, 'drug', true);
    }),
    administrations: d.records(history.administrations, 'history.administrations', function (r) {
      this.quantity(r.dose, 'dose', MASS, POSITIVE);
      this.quantity(r.bsa, 'bsa', AREA, BSA_RANGE);
      this.quantity(r.daily_dose, 'daily_dose', MASS_PER_DAY, POSITIVE);
      const givenAt = this.time(r.given_at, 'given_at');
      this.after(this.time(r.ended_at, 'ended_at'), givenAt, 'ended_at');
      return { cycle: this.integer(r.cycle, 'cycle', 1, 100), day: this.integer(r.day, 'day', 1, 100), givenAt };
    }),
    doseReductions: d.records(history.dose_reductions, 'history.dose_reductions', function (r) {
      this.text(r.reason, 'reason');
      return { cycle: this.integer(r.cycle, 'cycle', 1, 100), level: this.code(r.level, 'level', REDUCTION_LEVELS) };
    }),
    toxicities: d.records(history.toxicities, 'history.toxicities', function (r) {
      const onset = this.time(r.onset, 'onset');
      this.after(this.time(r.resolved_at, 'resolved_at'), onset, 'resolved_at');
      this.after(this.time(r.improved_at, 'improved_at'), onset, 'improved_at');
      return {
        type: this.code(r.type, 'type', TOXICITY_TYPES),
        grade: this.integer(r.grade, 'grade', 1, 5),
        resolved: this.bool(r.resolved, 'resolved'),
      };
    }),
    interruptions: d.records(history.interruptions, 'history.interruptions', function (r) {
      this.text(r.reason, 'reason');
      this.quantity(r.duration, 'duration', TIME, INTERRUPTION_RANGE);
      const startedAt = this.time(r.started_at, 'started_at');
      this.after(this.time(r.ended_at, 'ended_at'), startedAt, 'ended_at');
      return { cycle: this.integer(r.cycle, 'cycle', 1, 100), days: this.integer(r.days, 'days', 0, 3650) };
    }),
    cytoreduction: d.records(history.cytoreduction, 'history.cytoreduction', function (r) {
      this.time(r.given_at, 'given_at');
      return this.drug(r.drug, 'drug', true);
    }),
    mostellerBsa: null,
  };
  f.dilutedAt = d.after(f.dilutedAt, f.reconstitutedAt, 'preparation.diluted_at');
  f.infusionEndAt = d.after(f.infusionEndAt, f.dilutedAt, 'preparation.infusion_end_at');

  // Mosteller BSA (request.rxr): the patient's BSA when the request gives none,
  // held to the same plausible range; R9 re-checks a stated BSA against it.
  if (f.height !== null && f.weight !== null) {
    f.mostellerBsa = Math.sqrt((f.height * (f.weight / 1e6)) / 3600);
    if (f.bsa === null && patient.bsa == null) f.bsa = d.range(f.mostellerBsa, 'patient.bsa', BSA_RANGE);
  }
  return f;
}

// M1: a current lab taken more than LAB_RECENCY before the dose reads as absent.
function currentLabs(labs, doseTime) {
  const recent = (lab) => (lab !== null && lab.at !== null && doseTime - lab.at > LAB_RECENCY ? null : lab);
  return {
    circulating_blasts: recent(labs.circulating_blasts), anc: recent(labs.anc), platelets: recent(labs.platelets),
    total_bilirubin: recent(labs.total_bilirubin), ast: recent(labs.ast), alt: recent(labs.alt),
    qtcf: recent(labs.qtcf), potassium: recent(labs.potassium), magnesium: recent(labs.magnesium),
  };
}

const value = (lab) => (lab === null ? null : lab.value);
const uln = (lab) => (lab === null ? null : lab.uln);
const lln = (lab) => (lab === null ? null : lab.lln);

// ------------------------------------------------------------------- rules

// PI Table 1: mg/m2 of the slot; the first matching row answers, and a row
// that could match but lacks a value leaves the dose undecided.
function standardDosePerM2(cycle, status, day) {
  const crOrCri = status === null ? null : status === 'CR' || status === 'CRi';
  const rows = [
    [and(eq(cycle, 1), eq(day, 1)), 0.8],
    [and(and(ge(cycle, 2), crOrCri), eq(day, 1)), 0.5],
    [and(ge(cycle, 2), eq(day, 1)), 0.8],
    [and(ge(day, 6), ge(10, day)), 0.5],
    [and(ge(day, 13), ge(17, day)), 0.5],
  ];
  for (const [match, dose] of rows) {
    if (match === true) return dose;
    if (match === null) return null;
  }
  return null;
}

const IV_ROUTES = new Set(['iv', 'intravenous', 'intravenous infusion', 'ivpb', 'iv piggyback', 'iv infusion']);
const CR_CRI = new Set(['CR', 'CRi']);

const isSlot = (day, low, high) => and(ge(day, low), ge(high, day));

// The values several rules share (the pack's `let`s), worked out once.
function lets(f, now) {
  const L = {};
  L.doseTime = f.scheduledAt ?? f.asOf ?? now;
  L.labs = currentLabs(f.labs, L.doseTime);
  L.dosingDay = or(or(eq(f.day, 1), isSlot(f.day, 6, 10)), isSlot(f.day, 13, 17));
  L.totalDoseReduced = any(f.doseReductions, (r) => and(same(r.level, 'total-dose-25-percent'), ge(f.cycle, r.cycle)));
  L.standardDose = standardDosePerM2(f.cycle, f.status, f.day);
  const share = L.totalDoseReduced === null ? null : L.totalDoseReduced ? REDUCED_DOSE_SHARE : 1;
  L.expectedDose = mul(mul(L.standardDose, share), f.bsa);
  L.unreducedExpectedDose = mul(L.standardDose, f.bsa);
  const admins = f.administrations;
  L.adminCount = count(admins);
  L.firstDose = and(and(eq(f.cycle, 1), eq(f.day, 1)), eq(L.adminCount, 0));
  const drugsOf = [f.medications, f.premedications];
  L.takesKnownRiskDrug = anyDrug(drugsOf, QT_KNOWN_RISK);
  L.crOrCri = inSet(f.status, CR_CRI);
  const conditions = f.conditions;
  L.bilirubinExplained = or(hasCode(conditions, 'gilbert-syndrome'), hasCode(conditions, 'hemolysis'));
  const lab = L.labs;
  L.hepaticCriteria = and(gt(value(lab.total_bilirubin), mul(1.5, uln(lab.total_bilirubin))),
    or(gt(value(lab.ast), mul(2.5, uln(lab.ast))), gt(value(lab.alt), mul(2.5, uln(lab.alt)))));
  L.dayOneOfLaterCycle = and(ge(f.cycle, 2), eq(f.day, 1));
  return L;
}

// any(m in medications, premedications where m.drug in set)
function anyDrug(lists, set) {
  let result = false;
  for (const drugs of lists) result = or(result, any(drugs, (d) => inSet(d, set)));
  return result;
}

// Each rule: (decoded request, shared values) -> true (fires), false, or null (cannot decide).
const RULES = [
  // ---- eligibility.rxr
  ['INO-ELIG-001', 'block', (f) => lt(f.age, 365 * DAY)],
  ['INO-ELIG-002', 'block', (f) => same(f.cd22Positive, false)],
  ['INO-ELIG-003', 'warn', (f) => or(not(same(f.condition, 'b-cell-precursor-all')), same(f.relapsedOrRefractory, false))],
  ['INO-ELIG-004', 'warn', (f) => or(same(f.pregnant, true), same(f.breastfeeding, true))],
  ['INO-ELIG-005', 'warn', (f) => or(hasCode(f.conditions, 'prior-vod'), hasCode(f.conditions, 'serious-liver-disease'))],

  // ---- regimen.rxr
  ['INO-REG-001', 'block', (f, L) => not(L.dosingDay)],
  ['INO-REG-002', 'block', (f, L) => and(L.dosingDay,
    or(gt(f.dose, mul(L.unreducedExpectedDose, 1 + DOSE_TOLERANCE)), not(within(f.dose, L.expectedDose, DOSE_TOLERANCE))))],
  ['INO-REG-002B', 'warn', (f, L) => and(and(L.dosingDay, not(within(f.dose, L.expectedDose, DOSE_REVIEW_TOLERANCE))),
    within(f.dose, L.expectedDose, DOSE_TOLERANCE))],
  ['INO-REG-003', 'block', (f) => (f.route === null ? null : !IV_ROUTES.has(f.route))],
  ['INO-REG-004', 'warn', (f) => and(same(f.hsct, true), eq(f.cycle, 3))],
  ['INO-REG-004C', 'block', (f, L) => and(and(and(same(f.hsct, true), eq(f.cycle, 3)), L.crOrCri), same(f.mrdNegative, true))],
  ['INO-REG-004B', 'block', (f) => and(same(f.hsct, true), ge(f.cycle, 4))],
  ['INO-REG-005', 'block', (f) => and(same(f.hsct, false), gt(f.cycle, 6))],
  ['INO-REG-006', 'block', (f, L) => and(ge(f.cycle, 4), not(L.crOrCri))],
  ['INO-REG-007', 'warn', (f, L) => {
    // Cycle 1 may run up to 28 days after CR/CRi or to recover from a toxicity.
    const longFirstCycleAllowed = or(L.crOrCri, gt(count(f.toxicities), 0));
    const len = f.cycleLength;
    const firstCycleWrong = and(and(eq(f.cycle, 1), ne(len, 21 * DAY)),
      not(and(and(gt(len, 21 * DAY), ge(28 * DAY, len)), longFirstCycleAllowed)));
    return or(firstCycleWrong, and(ge(f.cycle, 2), ne(len, 28 * DAY)));
  }],
  ['INO-REG-008', 'block', (f, L) => and(gt(L.adminCount, 0),
    lt(sub(L.doseTime, maxOf(f.administrations, (a) => a.givenAt)), 6 * DAY))],
  ['INO-REG-009', 'block', (f) => (f.height === null || f.weight === null
    ? false : not(within(f.mostellerBsa, f.bsa, BSA_RECHECK_TOLERANCE)))],
  ['INO-REG-010', 'block', (f, L) => {
    const admins = f.administrations;
    const highest = L.adminCount === null ? null : L.adminCount === 0 ? 0 : maxOf(admins, (a) => a.cycle);
    // This cycle's slot (Day 1, Day 8 = days 6-10, Day 15 = days 13-17) already given.
    const slotGiven = any(admins, (a) => and(same(a.cycle, f.cycle),
      or(or(and(eq(a.day, 1), eq(f.day, 1)),
        and(isSlot(a.day, 6, 10), isSlot(f.day, 6, 10))),
      and(isSlot(a.day, 13, 17), isSlot(f.day, 13, 17)))));
    return and(or(ge(f.cycle, 2), admins !== null),
      or(or(lt(f.cycle, highest), gt(f.cycle, highest === null ? null : highest + 1)), slotGiven));
  }],

  // ---- premedication.rxr
  ['INO-PREM-001', 'block', (f) => not(any(f.premedications, (d) => inSet(d, CORTICOSTEROIDS)))],
  ['INO-PREM-002', 'block', (f) => not(any(f.premedications, (d) => inSet(d, ANTIPYRETICS)))],
  ['INO-PREM-003', 'block', (f) => not(any(f.premedications, (d) => inSet(d, ANTIHISTAMINES)))],
  ['INO-PREM-004', 'info', () => true],

  // ---- cytoreduction.rxr
  ['INO-CYTO-001', 'block', (f, L) => {
    const blasts = value(L.labs.circulating_blasts);
    return and(and(L.firstDose, blasts !== null), gt(blasts, MAX_BLASTS_BEFORE_FIRST_DOSE));
  }],
  ['INO-CYTO-002', 'warn', (f, L) => and(L.firstDose, L.labs.circulating_blasts === null)],

  // ---- interaction.rxr
  ['INO-QT-001', 'warn', (f, L) => L.takesKnownRiskDrug],
  ['INO-QT-002', 'info', (f) => anyDrug([f.medications, f.premedications], QT_OTHER_RISK)],
  ['INO-QT-003', 'warn', (f, L) => and(or(L.firstDose, L.takesKnownRiskDrug),
    L.labs.qtcf === null || L.labs.potassium === null || L.labs.magnesium === null)],
  ['INO-QT-004', 'warn', (f, L) => {
    const qtcf = value(L.labs.qtcf);
    return or(hasCode(f.conditions, 'congenital-long-qt'), and(qtcf !== null, gt(qtcf, QTCF_LIMIT)));
  }],
  ['INO-QT-005', 'warn', (f, L) => {
    const k = L.labs.potassium;
    const mg = L.labs.magnesium;
    return or(and(k !== null, lt(value(k), lln(k) ?? POTASSIUM_MIN)),
      and(mg !== null, lt(value(mg), lln(mg) ?? MAGNESIUM_MIN)));
  }],

  // ---- dose-modification.rxr
  ['INO-DOSE-001', 'block', (f) => any(f.toxicities, (t) => or(inSet(t.type, VOD_SOS),
    and(same(t.type, 'hepatotoxicity'), ge(t.grade, 3))))],
  ['INO-DOSE-002', 'block', (f, L) => and(L.hepaticCriteria, not(L.bilirubinExplained))],
  ['INO-DOSE-002B', 'info', (f, L) => and(L.hepaticCriteria, L.bilirubinExplained)],
  ['INO-DOSE-004B', 'warn', (f, L) => {
    const { total_bilirubin: bili, ast, alt } = L.labs;
    // Grade 3 liver values that D2 does not block on (bilirubin excused by Gilbert's or hemolysis).
    const grade3 = or(or(
      and(gt(value(bili), mul(BILIRUBIN_REVIEW_MULTIPLE, uln(bili))), not(L.bilirubinExplained)),
      gt(value(ast), mul(TRANSAMINASE_REVIEW_MULTIPLE, uln(ast)))),
    gt(value(alt), mul(TRANSAMINASE_REVIEW_MULTIPLE, uln(alt))));
    return and(not(and(L.hepaticCriteria, not(L.bilirubinExplained))), grade3);
  }],
  ['INO-DOSE-003', 'block', (f) => any(f.toxicities, (t) => and(same(t.type, 'infusion-reaction'), ge(t.grade, 3)))],
  ['INO-DOSE-004', 'block', (f) => any(f.toxicities, (t) => and(and(inSet(t.type, NONHEMATOLOGIC), ge(t.grade, 2)),
    same(t.resolved, false)))],
  ['INO-DOSE-005', 'block', (f, L) => {
    const b = beforeTreatment(f);
    return and(L.dayOneOfLaterCycle, or(
      and(ge(b.anc, ANC_RECOVERY), lt(value(L.labs.anc), ANC_RECOVERY)),
      and(ge(b.platelets, PLATELET_RECOVERY), lt(value(L.labs.platelets), PLATELET_RECOVERY))));
  }],
  ['INO-DOSE-005B', 'warn', (f, L) => {
    const b = beforeTreatment(f);
    return and(and(L.dayOneOfLaterCycle, or(lt(b.anc, ANC_RECOVERY), lt(b.platelets, PLATELET_RECOVERY))),
      or(lt(value(L.labs.anc), value(f.baselineLabs.anc)), lt(value(L.labs.platelets), value(f.baselineLabs.platelets))));
  }],
  ['INO-DOSE-006', 'block', (f, L) => and(and(L.totalDoseReduced, L.dosingDay),
    gt(f.dose === null || f.bsa === null ? null : f.dose / f.bsa,
      mul(mul(L.standardDose, REDUCED_DOSE_SHARE), 1 + DOSE_TOLERANCE)))],
  ['INO-DOSE-007', 'block', (f) => and(
    any(f.doseReductions, (r) => and(same(r.level, 'two-doses-per-cycle'), ge(f.cycle, r.cycle))),
    ge(f.administrations === null ? null : countWhere(f.administrations, (a) => same(a.cycle, f.cycle)), 2))],
  ['INO-DOSE-008', 'warn', (f) => any(f.interruptions, (i) => and(and(ge(i.days, 14), gt(f.cycle, i.cycle)),
    // no reduction recorded for a later cycle, up to the ordered one
    not(any(f.doseReductions, (r) => and(gt(r.cycle, i.cycle), ge(f.cycle, r.cycle))))))],
  ['INO-DOSE-009', 'warn', (f) => any(f.interruptions, (i) => gt(i.days, 28))],

  // ---- preparation.rxr
  ['INO-PREP-001', 'block', (f) => gt(sub(f.dilutedAt, f.reconstitutedAt), MAX_RECONSTITUTED_TO_DILUTED)],
  ['INO-PREP-002', 'block', (f) => gt(sub(f.infusionEndAt, f.reconstitutedAt), MAX_RECONSTITUTED_TO_INFUSION_END)],
  ['INO-PREP-003', 'block', (f) => not(same(f.diluent, DILUENT))],
  ['INO-PREP-004', 'warn', (f) => same(f.protectedFromLight, false)],
  ['INO-PREP-005', 'warn', (f) => (f.container ?? 'bag') === 'bag'
    && or(ne(f.finalVolume, BAG_VOLUME), ne(f.infusionDuration, INFUSION_TIME))],
  ['INO-PREP-006', 'info', (f) => (f.container ?? 'bag') === 'syringe'],

  // ---- monitoring.rxr (M2; M1 is currentLabs)
  ['INO-MON-001', 'warn', (f, L) => and(or(isSlot(f.day, 6, 10), isSlot(f.day, 13, 17)),
    L.labs.anc === null || L.labs.platelets === null)],

  // ---- ../common/data-quality.rxr (M3): an entry without a drug name
  ['DQ-DRUG-001', 'warn', (f) => (f.medications !== null && f.medications.includes(null))
    || (f.premedications !== null && f.premedications.includes(null))],
];

const VOD_SOS = new Set(['vod', 'sos']);
const NONHEMATOLOGIC = new Set(['nonhematologic', 'hepatotoxicity']);

// count(a in list where test(a)): unknown when an entry is undecided.
function countWhere(items, test) {
  let n = 0;
  for (let i = 0; i < items.length; i++) {
    const r = test(items[i]);
    if (r === null) return null;
    if (r) n++;
  }
  return n;
}

// PI Table 2's row: the counts before the first dose, else the cycle's baseline.
function beforeTreatment(f) {
  return {
    anc: value(f.pretreatmentLabs.anc) ?? value(f.baselineLabs.anc),
    platelets: value(f.pretreatmentLabs.platelets) ?? value(f.baselineLabs.platelets),
  };
}

const SEVERITY_RANK = { info: 0, warn: 1, block: 2 };
const DECISIONS = ['pass', 'warn', 'block'];

// verify(request object) -> {id, decision, findings: [{rule, severity}], problems}
export function verify(q, now = Date.now()) {
  if (q === null || typeof q !== 'object' || Array.isArray(q)) throw new TypeError('request is not a JSON object');
  const d = new Decoder();
  const order = q.order !== null && typeof q.order === 'object' ? q.order : {};

  // Routing: only orders for this pack's drug are checked (RXR-NO-PACK otherwise).
  const drugName = d.drug(order.drug, 'order.drug');
  if (drugName !== PACK_DRUG) {
    const rank = d.problems.length > 0 ? 2 : 1;
    return { id: q.id ?? null, decision: DECISIONS[rank], findings: [{ rule: 'RXR-NO-PACK', severity: 'warn' }], problems: d.problems };
  }

  const f = decodeRequest(q, d);
  const L = lets(f, now);
  const findings = [];
  let worst = 0;
  for (let i = 0; i < RULES.length; i++) {
    const [rule, severity, when] = RULES[i];
    const result = when(f, L);
    if (result === false) continue;
    // A rule that cannot be decided reports a warning listing what is missing.
    const shown = result === null ? 'warn' : severity;
    findings.push({ rule, severity: shown });
    if (SEVERITY_RANK[shown] > worst) worst = SEVERITY_RANK[shown];
  }
  if (d.problems.length > 0) worst = 2;
  return { id: f.id, decision: DECISIONS[worst], findings, problems: d.problems };
}
