#!/usr/bin/env bash
# The audit log's figures (docs/cds-hooks.md, "The audit log"): rows/s one
# AuditLog commits with 1, 8 and 64 callers, at each durability, and bytes per
# 10,000 calls with the responses rxrules gives the examples (and with the
# requests stored too, as --audit-requests does). Usage: scripts/audit_bench.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
cmake --build "$build" -j2 --target rxrules audit_log_bench >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
responses=() requests=()
for example in examples/*.json; do
  name=$(basename "$example" .json)
  "./$build/cli/rxrules" verify --rules rules "$example" >"$work/$name.response.json"
  responses+=("$work/$name.response.json")
  requests+=("$example")
done
bench=("./$build/bench/audit_log_bench" --file "$work/audit.sqlite" --responses "${responses[@]}")
for durability in power-failure process-crash; do
  for callers in 1 8 64; do
    "${bench[@]}" --durability "$durability" --callers "$callers" --rows 10000
  done
done
"${bench[@]}" --callers 8 --rows 10000 --with-requests --requests "${requests[@]}"
