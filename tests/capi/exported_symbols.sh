#!/usr/bin/env bash
# A plugin exports exactly the C ABI: the functions rxrules.h declares
# (RXR_API), nothing else.
#   exported_symbols.sh HEADER PLUGIN...
set -euo pipefail
header=$1
shift
expected=$(grep -o 'RXR_API [^(]*\brxr_[a-z_0-9]*(' "$header" | grep -o 'rxr_[a-z_0-9]*($' | tr -d '(' | sort | tr '\n' ' ' | sed 's/ $//')
count=$(echo "$expected" | wc -w)
[ "$count" -ge 14 ] || { echo "FAIL: read only $count functions from $header"; exit 1; }
status=0
for plugin in "$@"; do
  actual=$(nm -D --defined-only "$plugin" | awk '{print $3}' | sort | tr '\n' ' ' | sed 's/ $//')
  if [ "$actual" != "$expected" ]; then
    echo "FAIL $plugin exports: $actual"
    echo "     expected:        $expected"
    status=1
  else
    echo "ok: $plugin ($count functions)"
  fi
done
exit $status
