#!/usr/bin/env bash
# The CLI's exit statuses (shared/spec/cli.md), checked as a shell user sees them.
source "$(dirname "$0")/lib.sh"
printf 'pack "p" version "1"\nconst X = 1 mgg\n' >"$tmp/bad.rxr"
echo '{"id": ' >"$tmp/truncated.json"

expect 0 "check clean rules" -- "$bin" check "$root/rules"
expect 1 "check rules with a mistake" -- "$bin" check "$tmp/bad.rxr"
expect 2 "check a path that does not exist" -- "$bin" check "$tmp/nowhere"
expect 2 "check without a path" -- "$bin" check
expect 0 "verify the example" -- "$bin" verify --rules "$root/rules" "$root/examples/adult-cycle1-day1.json"
expect 0 "verify from stdin, as text" -- bash -c "\"$bin\" verify --rules \"$root/rules\" --format text - < \"$root/examples/adult-cycle1-day1.json\""
expect 0 "verify a folder as JSON lines" -- "$bin" verify --rules "$root/rules" "$root/examples"
expect 1 "verify with rules that do not load" -- "$bin" verify --rules "$tmp/bad.rxr" "$root/examples/adult-cycle1-day1.json"
expect 2 "verify a truncated request" -- "$bin" verify --rules "$root/rules" "$tmp/truncated.json"
expect 2 "verify a request that does not exist" -- "$bin" verify --rules "$root/rules" "$tmp/none.json"
expect 2 "an unknown subcommand" -- "$bin" frobnicate
expect 0 "schema of the shipped catalogue" -- "$bin" schema "$root/rules"
grep -q '"\$schema": "https://json-schema.org/draft/2020-12/schema"' "$tmp/out" || { fail "schema output"; head -5 "$tmp/out"; }
expect 1 "schema of rules that do not load" -- "$bin" schema "$tmp/bad.rxr"
grep -q "bad.rxr:2:13: error: unknown unit 'mgg'" "$tmp/err" || { fail "schema error output"; cat "$tmp/err"; }
expect 2 "schema of a path that does not exist" -- "$bin" schema "$tmp/nowhere"
expect 2 "verify a request over --max-request-bytes" -- "$bin" verify --rules "$root/rules" --max-request-bytes 100 "$root/examples/adult-cycle1-day1.json"
grep -q "larger than the limit of 100 bytes" "$tmp/err" || { fail "size limit message"; cat "$tmp/err"; }
expect 2 "verify a request over --max-depth" -- "$bin" verify --rules "$root/rules" --max-depth 2 "$root/examples/adult-cycle1-day1.json"
grep -q "deeper than the limit of 2" "$tmp/err" || { fail "depth limit message"; cat "$tmp/err"; }
expect 0 "verify with raised limits" -- "$bin" verify --rules "$root/rules" --max-request-bytes 10000000 --max-depth 128 "$root/examples/adult-cycle1-day1.json"
expect 2 "a limit of zero is a usage error" -- "$bin" verify --rules "$root/rules" --max-depth 0 "$root/examples/adult-cycle1-day1.json"

# The check output locates the mistake and draws a caret.
"$bin" check "$tmp/bad.rxr" >"$tmp/out"
grep -q "bad.rxr:2:13: error: unknown unit 'mgg'" "$tmp/out" || { fail "check output"; cat "$tmp/out"; }
# A folder gives one JSON line per request.
lines=$("$bin" verify --rules "$root/rules" "$root/examples" | wc -l)
count=$(ls "$root"/examples/*.json | wc -l)
[ "$lines" -eq "$count" ] || { fail "$lines lines for $count requests"; }

# rxrules test: a tiny pack with one rule and its cases.
mkdir -p "$tmp/pack/tests"
cat >"$tmp/pack/pack.rxr" <<'RULES'
pack "tiny" version "1"
source T "test source"
category dose-modification
field labs.anc "absolute neutrophil count": lab /mm3
rule T-1 "low ANC" {
  category dose-modification
  severity block
  when labs.anc < 1 x10^9/L
  message "ANC {labs.anc} is low"
  cite T
}
RULES
cat >"$tmp/pack/tests/anc.cases.json" <<'CASES'
{"cases": [
  {"name": "low", "set": {"labs.anc": {"value": 0.5, "unit": "10*9/L"}}, "verdict": "block", "fires": ["T-1"]},
  {"name": "normal", "set": {"labs.anc": {"value": 1, "unit": "10*9/L"}}, "verdict": "pass", "quiet": ["T-1"]}
]}
CASES
expect 0 "test: passing cases" -- "$bin" test --coverage --strict "$tmp/pack"
cat >"$tmp/pack/tests/wrong.cases.json" <<'CASES'
{"cases": [{"name": "claims 999/mm3 is fine", "set": {"labs.anc": {"value": 999, "unit": "/mm3"}}, "quiet": ["T-1"]}]}
CASES
expect 1 "test: a failing case" -- "$bin" test "$tmp/pack" --junit "$tmp/junit.xml"
"$bin" test "$tmp/pack" >"$tmp/out"
grep -q "T-1: expected no finding, got fired as block: ANC 999/mm3 is low" "$tmp/out" \
  || { fail "test output names expected and actual"; cat "$tmp/out"; }
grep -q '^2 passed, 1 failed$' "$tmp/out" || { fail "test summary line"; }
grep -q '<failure message="T-1: expected no finding' "$tmp/junit.xml" \
  || { fail "JUnit XML"; cat "$tmp/junit.xml"; }
rm "$tmp/pack/tests/wrong.cases.json"
cat >"$tmp/pack/tests/anc.cases.json" <<'CASES'
{"cases": [{"name": "low", "set": {"labs.anc": {"value": 0.5, "unit": "10*9/L"}}, "fires": ["T-1"]}]}
CASES
expect 0 "test: coverage gaps without --strict" -- "$bin" test --coverage "$tmp/pack"
expect 1 "test: coverage gaps with --strict" -- "$bin" test --coverage --strict "$tmp/pack"
expect 2 "test: a path that does not exist" -- "$bin" test "$tmp/nowhere"

# rxrules bench: a corpus of JSON lines in, requests/s and percentiles out.
for f in "$root"/examples/*.json; do tr -d '\n' <"$f"; echo; done >"$tmp/corpus.jsonl"
expect 0 "bench a corpus" -- "$bin" bench --rules "$root/rules" "$tmp/corpus.jsonl" --repeat 3 --threads 2 --json "$tmp/bench.json"
# Every line of the corpus, 3 times on each of the 2 threads.
requests=$(( $(wc -l <"$tmp/corpus.jsonl") * 3 * 2 ))
grep -q "\"requests\":$requests,\"threads\":2" "$tmp/bench.json" || { fail "bench JSON (expected $requests requests)"; cat "$tmp/bench.json"; }
expect 2 "bench a corpus that does not exist" -- "$bin" bench --rules "$root/rules" "$tmp/none.jsonl"
expect 1 "bench with rules that do not load" -- "$bin" bench --rules "$tmp/bad.rxr" "$tmp/corpus.jsonl"

# Unbounded input is refused at the size limit, quickly: a device, and an endless stream.
pack="$root/rules"
expect 2 "verify /dev/zero" -- timeout 20 "$bin" verify --rules "$pack" /dev/zero
grep -q "request '/dev/zero' is larger than the limit of 1048576 bytes" "$tmp/err" \
  || { fail "/dev/zero message"; cat "$tmp/err"; }
expect 2 "verify an endless stdin" -- timeout 20 bash -c "yes | \"$bin\" verify --rules \"$pack\" -"
grep -q "request 'stdin' is larger than the limit" "$tmp/err" \
  || { fail "endless stdin message"; cat "$tmp/err"; }
expect 1 "rules that are a device" -- "$bin" verify --rules /dev/null "$root/examples/adult-cycle1-day1.json"
grep -q "cannot read rules '/dev/null': it is not a rule file or a folder" "$tmp/err" \
  || { fail "/dev/null rules message"; cat "$tmp/err"; }

# A folder of requests names what it skips, so that no order goes unverified unnoticed.
mkdir -p "$tmp/orders"
cp "$root/examples/adult-cycle1-day1.json" "$tmp/orders/a.json"
echo "not an order" >"$tmp/orders/notes.txt"
expect 0 "verify a folder with a file that is not a request" -- "$bin" verify --rules "$pack" "$tmp/orders"
grep -q "skipped '.*notes.txt': not a .json request file" "$tmp/err" \
  || { fail "skipped file not named"; cat "$tmp/err"; }

# Text from the request reaches a terminal escaped: an ESC sequence cannot hide the verdict.
printf '{"id": "ord-7: pass\\u001b[8m"}' >"$tmp/escape.json"
"$bin" verify --rules "$pack" --format text "$tmp/escape.json" >"$tmp/out"
grep -q 'Order ord-7: pass\\u{001B}\[8m: warn' "$tmp/out" || { fail "text report escape"; cat -v "$tmp/out"; }
if grep -q $'\x1b' "$tmp/out"; then fail "a raw ESC reached the text report"; fi
# And from rule text: a notice with an ESC byte in `check` output.
printf 'pack "p" version "1"\nnotice "hidden\x1b[8m"\n' >"$tmp/notice.rxr"
"$bin" check "$tmp/notice.rxr" >"$tmp/out"
grep -q 'notice: hidden\\u{001B}\[8m' "$tmp/out" || { fail "check escape"; cat -v "$tmp/out"; }

finish
