#!/usr/bin/env bash
# `rxrules audit verify`'s usage and IO errors (exit 2, shared/spec/cli.md);
# intact and broken logs are checked by service_audit_tests.
set -u
bin=$1
sqlite3=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
expect() {  # expect STATUS MESSAGE-FRAGMENT DESCRIPTION -- COMMAND...
  local want=$1 fragment=$2 what=$3; shift 4
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" -ne "$want" ] || ! grep -qF -- "$fragment" "$tmp/out" "$tmp/err"; then
    echo "FAIL: $what: exit $got, expected $want with '$fragment'"; cat "$tmp/out" "$tmp/err"; failures=$((failures + 1))
  else
    echo "ok: $what"
  fi
}
echo "plain text, not SQLite, long enough to fill a database header of one hundred bytes......" >"$tmp/notes.txt"
"$sqlite3" "$tmp/other.sqlite" "CREATE TABLE t (x);"
: >"$tmp/empty.sqlite"

expect 2 "no such audit log file" "a missing file" -- "$bin" audit verify "$tmp/missing.sqlite"
expect 2 "notes.txt: not an rxrules audit log (SQLite: file is not a database)" "a text file" -- "$bin" audit verify "$tmp/notes.txt"
expect 2 "not an rxrules audit log" "another SQLite database" -- "$bin" audit verify "$tmp/other.sqlite"
expect 2 "not an rxrules audit log" "an empty file" -- "$bin" audit verify "$tmp/empty.sqlite"
expect 2 "no such audit log file" "a folder" -- "$bin" audit verify "$tmp"
expect 2 "file is required" "verify without a file" -- "$bin" audit verify
expect 2 "subcommand" "audit without verify" -- "$bin" audit
[ ! -e "$tmp/missing.sqlite" ] || { echo "FAIL: verify created the missing file"; failures=$((failures + 1)); }

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
