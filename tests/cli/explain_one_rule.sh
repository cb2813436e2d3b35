#!/usr/bin/env bash
# `verify --explain RULE-ID` (cli.md 1.1): one rule's explanation, with how
# each let it uses was worked out and the table row that answered, values in
# the pharmacist's units; an unknown id is refused; `--explain -` still reads
# the request from stdin.
source "$(dirname "$0")/lib.sh"
check() {  # check DESCRIPTION PATTERN FILE: the file has a line matching the pattern
  if grep -qF -- "$2" "$3"; then echo "ok: $1"; else fail "$1: no line with '$2'"; fi
}
absent() {
  if grep -qF -- "$2" "$3"; then fail "$1: found '$2'"; else echo "ok: $1"; fi
}
order=$root/examples/adult-cycle1-day1.json

"$bin" verify --rules "$root/rules" --format text --explain INO-REG-002 "$order" >"$tmp/text" 2>&1
check "the rule is explained" "INO-REG-002 false" "$tmp/text"
absent "no other rule is" "INO-ELIG-001 " "$tmp/text"
check "a let is worked out" "unreduced_expected_dose  =>  1.48 mg" "$tmp/text"
check "inside the let, its definition" "standard_dose * patient.bsa  =>  1.48 mg" "$tmp/text"
# The row is the first of the dose table in regimen.rxr, read from the file.
row=$(grep -m1 -- '-> 0.8' "$root/rules/inotuzumab_ozogamicin/regimen.rxr" | sed 's/^ *//')
check "the table row that answered" "by the row  $row" "$tmp/text"
check "a tolerance in %" "DOSE_TOLERANCE  =>  10 %" "$tmp/text"
check "a table of shares in %" "reduction_share(total_dose_reduced)  =>  100 %" "$tmp/text"

"$bin" verify --rules "$root/rules" --explain INO-REG-002 "$order" >"$tmp/json" 2>&1
python3 - "$tmp/json" <<'PY' && echo "ok: JSON explains the one rule, with the row" || { echo "FAIL: JSON explanation"; exit 1; }
import json, sys
explain = json.load(open(sys.argv[1]))["explain"]
assert [e["rule"] for e in explain] == ["INO-REG-002"], explain
assert any("row" in line for line in explain[0]["trace"]), explain[0]["trace"]
PY
[ $? -eq 0 ] || fail "the JSON explanation of one rule"

"$bin" verify --rules "$root/rules" --explain INO-NOPE-001 "$order" >"$tmp/out" 2>&1; status=$?
if [ "$status" -eq 2 ] && grep -q "no pack in .* has a rule with that id" "$tmp/out"; then
  echo "ok: an unknown rule id is refused"
else
  fail "unknown rule id: exit $status"; cat "$tmp/out"
fi

"$bin" verify --rules "$root/rules" --format text --explain - <"$order" >"$tmp/all" 2>&1
check "--explain - reads stdin and explains every rule" "INO-ELIG-001 " "$tmp/all"
check "... including the one" "INO-REG-002 " "$tmp/all"
absent "... with lets as one line" "standard_dose * patient.bsa  =>" "$tmp/all"

finish
