#!/usr/bin/env bash
# Lax regression cases fail `rxrules test` with a message naming the case
# file, the case and the mistake (cli.md 1.1): a misspelt key, an unknown
# rule id, a path the request contract does not know, a verdict that is not
# one, a case that asserts nothing, a misspelt key of the file itself; a rule
# file no pack imports is a warning; --strict implies --coverage, and its
# coverage failures are failed JUnit test cases.
source "$(dirname "$0")/lib.sh"
# A failure, with the output of the command that failed.
fail_showing_output() { fail "$1"; cat "$tmp/out"; }

cp -r "$root/rules" "$tmp/rules"
pack=$tmp/rules/inotuzumab_ozogamicin
base='"base": "requests/adult-cycle1-day1.json"'
# case_with NAME MESSAGE-PATTERN CASE-JSON: one case file holding a passing
# case and the lax one; `test` must exit 1, name both files and the case, and
# print the pattern; the passing case still passes.
case_with() {
  local what=$1 pattern=$2 lax=$3
  printf '{%s, "cases": [{"name": "a good case", "verdict": "pass"}, %s]}\n' "$base" "$lax" >"$pack/tests/lax.cases.json"
  "$bin" test "$tmp/rules" >"$tmp/out" 2>&1
  local status=$?
  rm "$pack/tests/lax.cases.json"
  [ "$status" -eq 1 ] || { fail_showing_output "$what: exit $status, expected 1"; return; }
  grep -q "^FAIL $pack/tests/lax.cases.json: the lax case$" "$tmp/out" || { fail_showing_output "$what: the case is not named"; return; }
  grep -q -- "$pattern" "$tmp/out" || { fail_showing_output "$what: no message matching '$pattern'"; return; }
  grep -q " 1 failed$" "$tmp/out" || { fail_showing_output "$what: more than the lax case failed"; return; }
  echo "ok: $what"
}

case_with "a misspelt assertion key" "unknown key 'fire' in the case (did you mean 'fires'?)" \
  '{"name": "the lax case", "fire": ["INO-REG-001"]}'
case_with "an unknown rule id under quiet" "unknown rule id 'INO-REG-0001' (did you mean 'INO-REG-001'?)" \
  '{"name": "the lax case", "verdict": "pass", "quiet": ["INO-REG-0001"]}'
case_with "an unknown rule id under missing" "unknown rule id 'INO-NOPE-999'" \
  '{"name": "the lax case", "missing": {"INO-NOPE-999": ["labs.anc"]}}'
case_with "a misspelt set path" "set 'labs.ancc.value': labs has no field 'ancc' (did you mean 'anc'?)" \
  '{"name": "the lax case", "verdict": "pass", "set": {"labs.ancc.value": 2}}'
case_with "a set path past a value" "set 'order.dose.value.x': a value has no members" \
  '{"name": "the lax case", "verdict": "pass", "set": {"order.dose.value.x": 2}}'
case_with "a misspelt remove path" "remove 'patient.weigth': patient has no field 'weigth' (did you mean 'weight'?)" \
  '{"name": "the lax case", "verdict": "pass", "remove": ["patient.weigth"]}'
case_with "an index into something that is not a list" "'order\[0\].dose': the request is not a list\|order is not a list" \
  '{"name": "the lax case", "verdict": "pass", "set": {"order[0].dose": 1}}'
case_with "a verdict that is not one" 'verdict "fail" is not pass, warn or block' \
  '{"name": "the lax case", "verdict": "fail"}'
case_with "a case that asserts nothing" "the case asserts nothing" \
  '{"name": "the lax case", "set": {"order.dose.value": 1.48}}'

# A misspelt key of the file itself.
printf '{"bse": "requests/adult-cycle1-day1.json", "cases": [{"name": "c", "verdict": "pass"}]}\n' >"$pack/tests/lax.cases.json"
"$bin" test "$tmp/rules" >"$tmp/out" 2>&1; status=$?
rm "$pack/tests/lax.cases.json"
if [ "$status" -eq 1 ] && grep -q "^FAIL $pack/tests/lax.cases.json: (the case file)$" "$tmp/out" \
   && grep -q "unknown key 'bse' in the case file (did you mean 'base'?)" "$tmp/out"; then
  echo "ok: a misspelt key of the case file"
else
  fail_showing_output "a misspelt key of the case file: exit $status"
fi

# A rule file no pack imports: a warning from check and from test, not an error.
printf 'rule "INO-STRAY-001" "a stray rule" {\n  category regimen\n  severity block\n  when true\n  message "x"\n}\n' >"$pack/stray.rxr"
for command in check test; do
  "$bin" $command "$tmp/rules" >"$tmp/out" 2>&1; status=$?
  if [ "$status" -eq 0 ] && grep -q "^$pack/stray.rxr: warning: no pack.rxr imports this rule file" "$tmp/out"; then
    echo "ok: $command warns about a rule file no pack imports"
  else
    fail_showing_output "$command and a rule file no pack imports: exit $status"
  fi
done
rm "$pack/stray.rxr"

# --strict implies --coverage: a rule without cases fails the run, and the
# JUnit file counts it as a failed test case.
rm "$pack/tests/regimen.cases.json"
"$bin" test --strict "$tmp/rules" --junit "$tmp/junit.xml" >"$tmp/out" 2>&1; status=$?
if [ "$status" -eq 1 ] && grep -q "INO-REG-001 .*<- needs a case" "$tmp/out"; then
  echo "ok: --strict alone checks coverage"
else
  fail_showing_output "--strict alone: exit $status"
fi
if grep -q '<testcase classname="coverage" name="INO-REG-001">' "$tmp/junit.xml" \
   && ! grep -q 'failures="0"' <(grep inotuzumab "$tmp/junit.xml"); then
  echo "ok: coverage failures are failed JUnit test cases"
else
  fail_showing_output "coverage failures in JUnit"; cat "$tmp/junit.xml" | head -5
fi
"$bin" test "$tmp/rules" --junit "$tmp/junit.xml" >"$tmp/out" 2>&1
if grep -q 'classname="coverage"' "$tmp/junit.xml"; then fail_showing_output "coverage in JUnit without --strict"; else echo "ok: no coverage cases without --strict"; fi

finish
