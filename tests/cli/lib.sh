# Sourced by the CLI tests: the checkout ($1), the binary under test
# ($RXRULES), a scratch folder removed on exit, and the count of failures.
set -u
root=$1
bin=${RXRULES:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect STATUS DESCRIPTION -- COMMAND...: the command exits with STATUS;
# its output is left in $tmp/out and $tmp/err.
expect() {
  local want=$1 what=$2; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    fail "$what: exit $got, expected $want"; cat "$tmp/out" "$tmp/err"
  else
    echo "ok: $what"
  fi
}

# The test's status: 0 when nothing failed.
finish() {
  echo "$failures failed"
  [ "$failures" -eq 0 ]
}
