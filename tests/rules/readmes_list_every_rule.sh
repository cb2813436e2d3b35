#!/usr/bin/env bash
# Every rule of every shipped pack appears, by its id in backticks, in that
# pack's README (which maps each clinical check to its rules and cases).
set -u
rules=$1
failures=0
for pack in "$rules"/*/; do
  ls "$pack"*.rxr >/dev/null 2>&1 || continue
  ids=$(grep -ho '^rule [A-Z0-9-]*' "$pack"*.rxr | cut -d' ' -f2)
  [ -n "$ids" ] || continue
  if [ ! -f "$pack/README.md" ]; then
    echo "$pack has rules but no README.md"; failures=$((failures + 1)); continue
  fi
  for id in $ids; do
    grep -q "\`$id\`" "$pack/README.md" || { echo "$id is not in $pack/README.md"; failures=$((failures + 1)); }
  done
done
[ "$failures" -eq 0 ]
