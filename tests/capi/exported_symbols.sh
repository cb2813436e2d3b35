#!/usr/bin/env bash
# A plugin exports exactly the C ABI: these ten names, nothing else.
set -euo pipefail
expected="rxr_abi_version rxr_engine_close rxr_engine_fingerprint rxr_engine_open rxr_engine_open_pinned rxr_engine_reload rxr_free rxr_status_name rxr_verify rxr_version"
status=0
for plugin in "$@"; do
  actual=$(nm -D --defined-only "$plugin" | awk '{print $3}' | sort | tr '\n' ' ' | sed 's/ $//')
  if [ "$actual" != "$expected" ]; then
    echo "FAIL $plugin exports: $actual"
    status=1
  else
    echo "ok: $plugin"
  fi
done
exit $status
