#!/usr/bin/env bash
# Every benchmark, from a clean clone, in one command: a release build, the
# corpus (seed 42), the per-stage benchmarks, rxrules bench on 1 and 2
# threads, and instructions per rxr_verify counted by callgrind (a figure that,
# unlike time, does not move with the machine). Writes build-release/bench-summary.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh valgrind
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DRXR_BUILD_TESTS=ON >/dev/null  # only the benchmark targets are built
cmake --build build-release -j "$(nproc)" --target rxr_benchmarks rxrules make_corpus count_instructions rxrules_catalogue_plugin
out=build-release
./$out/bench/make_corpus 42 1000 >$out/corpus.jsonl
./$out/bench/rxr_benchmarks --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_out=$out/benchmarks.json --benchmark_out_format=json
# 200 passes (about 4 s): shorter runs catch the host ramping up and read up to twice too slow.
for threads in 1 2; do
  ./$out/cli/rxrules bench --rules rules $out/corpus.jsonl \
    --threads $threads --repeat 200 --json $out/end-to-end-$threads.json
done
# 512 requests through the shipped catalogue (each routed to its pack),
# counted on a second pass once the thread's buffers have grown.
requests=512
valgrind --tool=callgrind --callgrind-out-file=$out/callgrind.verify.out '--toggle-collect=*measured_pass*' \
  ./$out/bench/count_instructions $out/plugins/librxrules_catalogue.so $requests \
  2>$out/callgrind.log
collected=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' $out/callgrind.log)
instructions=$((collected / requests))
echo "rxr_verify: $instructions instructions per request (callgrind; profile: $out/callgrind.verify.out)"
{
  printf '{"instructions_per_verify": %s, "stages": ' "$instructions"; cat $out/benchmarks.json
  printf ', "end_to_end_1_thread": '; cat $out/end-to-end-1.json
  printf ', "end_to_end_2_threads": '; cat $out/end-to-end-2.json
  printf '}\n'
} >$out/bench-summary.json
echo "summary: $out/bench-summary.json"
