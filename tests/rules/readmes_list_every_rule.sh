#!/usr/bin/env bash
# Each pack's README maps every clinical check to its rules and cases: every
# rule the pack loads (its own files and the shared ones it imports) appears
# there by its id in backticks, and the README names no rule the pack lacks.
# The rule list is the pack's own, as `rxrules test --coverage` reports it.
#   readmes_list_every_rule.sh RXRULES RULES_DIR
set -u
rxrules=$1
rules=$2
failures=0
coverage=$("$rxrules" test --coverage "$rules") || { echo "rxrules test failed"; exit 1; }
for pack in "$rules"/*/; do
  pack=${pack%/}
  ids=$(printf '%s\n' "$coverage" | awk -v want="coverage of $pack:" '
    $0 == want { on = 1; next }
    /^coverage of / { on = 0 }
    on && /^  [A-Z]/ { print $1 }')
  [ -n "$ids" ] || continue
  if [ ! -f "$pack/README.md" ]; then
    echo "$pack has rules but no README.md"; failures=$((failures + 1)); continue
  fi
  for id in $ids; do
    grep -q "\`$id\`" "$pack/README.md" || { echo "$id is not in $pack/README.md"; failures=$((failures + 1)); }
  done
  # Ids in the README's check table that the pack does not have.
  for listed in $(grep -o '^| [^|]* | `[A-Z][A-Z0-9-]*`' "$pack/README.md" | grep -o '`[A-Z][A-Z0-9-]*`' | tr -d '`'); do
    printf '%s\n' "$ids" | grep -qx "$listed" || { echo "$pack/README.md lists $listed, which the pack does not have"; failures=$((failures + 1)); }
  done
done
[ "$failures" -eq 0 ] && echo "every rule is in its pack's README, and every README rule is in its pack"
[ "$failures" -eq 0 ]
