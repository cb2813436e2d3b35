#!/usr/bin/env bash
# Throughput of `rxrules replay`: COUNT requests from bench/make_corpus
# (seed 42) replayed between the shipped catalogue and a copy with the QTcF
# limit lowered by 20 ms, on 1 and 2 threads, from reading the corpus to the
# JSON report. Each request is verified twice (old and new rules).
# Usage: scripts/replay-bench.sh [BUILD_DIR (default build)] [COUNT (default 100000)]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
count=${2:-100000}
cmake --build "$build" -j 2 --target rxrules make_corpus >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/bench/make_corpus" 42 "$count" >"$work/corpus.jsonl"
cp -r rules "$work/new"
sed -i 's/^policy const QTCF_LIMIT = \([0-9]*\) ms$/echo "policy const QTCF_LIMIT = $((\1 - 20)) ms"/e' \
  "$work/new/inotuzumab_ozogamicin/pack.rxr"
grep -q '^policy const QTCF_LIMIT = 480 ms$' "$work/new/inotuzumab_ozogamicin/pack.rxr" ||
  { echo "replay-bench: QTCF_LIMIT not found in the pack" >&2; exit 2; }
echo "corpus: $count requests, $(du -m "$work/corpus.jsonl" | cut -f1) MB"
for threads in 1 2; do
  start=$(date +%s.%N)
  status=0
  "$build/cli/rxrules" replay --old rules --new "$work/new" "$work/corpus.jsonl" --format json --threads "$threads" \
    >"$work/report.json" 2>/dev/null || status=$?
  end=$(date +%s.%N)
  [ "$status" -eq 1 ] || { echo "replay-bench: replay exited $status, expected 1 (changes found)" >&2; exit 2; }
  python3 - "$work/report.json" "$start" "$end" "$threads" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
seconds = float(sys.argv[3]) - float(sys.argv[2])
print(f"{sys.argv[4]} thread(s): {report['requests']} requests in {seconds:.2f} s = {report['requests'] / seconds:,.0f} requests/s "
      f"({report['changed']} changed)")
PY
done
