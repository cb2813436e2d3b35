#!/usr/bin/env bash
# The CLI's exit statuses (shared/spec/cli.md), checked as a shell user sees them.
set -u
root=$1
bin=${RXRULES:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
expect() {  # expect STATUS DESCRIPTION -- COMMAND...
  local want=$1 what=$2; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL: $what: exit $got, expected $want"; cat "$tmp/out" "$tmp/err"; failures=$((failures + 1))
  else
    echo "ok: $what"
  fi
}
printf 'pack "p" version "1"\nconst X = 1 mgg\n' >"$tmp/bad.rxr"
echo '{"id": ' >"$tmp/truncated.json"

expect 0 "check clean rules" -- "$bin" check "$root/rules"
expect 1 "check rules with a mistake" -- "$bin" check "$tmp/bad.rxr"
expect 2 "check a path that does not exist" -- "$bin" check "$tmp/nowhere"
expect 2 "check without a path" -- "$bin" check
expect 0 "verify the example" -- "$bin" verify --rules "$root/rules/inotuzumab_ozogamicin" "$root/examples/adult-cycle1-day1.json"
expect 0 "verify from stdin, as text" -- bash -c "\"$bin\" verify --rules \"$root/rules/inotuzumab_ozogamicin\" --format text - < \"$root/examples/adult-cycle1-day1.json\""
expect 0 "verify a folder as JSON lines" -- "$bin" verify --rules "$root/rules/inotuzumab_ozogamicin" "$root/examples"
expect 1 "verify with rules that do not load" -- "$bin" verify --rules "$tmp/bad.rxr" "$root/examples/adult-cycle1-day1.json"
expect 2 "verify a truncated request" -- "$bin" verify --rules "$root/rules/inotuzumab_ozogamicin" "$tmp/truncated.json"
expect 2 "verify a request that does not exist" -- "$bin" verify --rules "$root/rules/inotuzumab_ozogamicin" "$tmp/none.json"
expect 2 "an unknown subcommand" -- "$bin" frobnicate

# The check output locates the mistake and draws a caret.
"$bin" check "$tmp/bad.rxr" >"$tmp/out"
grep -q "bad.rxr:2:13: error: unknown unit 'mgg'" "$tmp/out" || { echo "FAIL: check output"; cat "$tmp/out"; failures=$((failures + 1)); }
# A folder gives one JSON line per request.
lines=$("$bin" verify --rules "$root/rules/inotuzumab_ozogamicin" "$root/examples" | wc -l)
count=$(ls "$root"/examples/*.json | wc -l)
[ "$lines" -eq "$count" ] || { echo "FAIL: $lines lines for $count requests"; failures=$((failures + 1)); }

[ "$failures" -eq 0 ]
