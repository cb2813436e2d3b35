#!/usr/bin/env bash
# Every benchmark, from a clean clone, in one command: a release build, the
# corpus (seed 42), the per-stage benchmarks, rxrules bench on 1 and 2
# threads, and instructions per rxr_verify counted by callgrind (a figure that,
# unlike time, does not move with the machine). Writes build-release/bench-summary.json.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/callgrind-count.sh
bash scripts/install-deps.sh valgrind
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DRXR_BUILD_TESTS=ON >/dev/null  # only the benchmark targets are built
cmake --build build-release -j "$(nproc)" --target rxr_benchmarks rxrules make_corpus count_instructions count_allocations rxrules_catalogue_plugin
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
instructions=$(instructions_per_request $out/callgrind.verify.out $requests \
  ./$out/bench/count_instructions $out/plugins/librxrules_catalogue.so $requests)
echo "rxr_verify: $instructions instructions per request (callgrind; profile: $out/callgrind.verify.out)"
# By stage: each stage's inclusive count in the profile, per request.
stages=$(callgrind_annotate --inclusive=yes --show-percs=no $out/callgrind.verify.out | awk -v n=$requests '
  { v = $1; gsub(",", "", v) }
  /RequestDecoder::parse\(/ && !p { p = 1; parse = v }
  /RequestDecoder::fill\(/ && !d { d = 1; decode = v }
  /rxr::eval::prepare\(/ && !r { r = 1; prepare = v }
  /rxr::eval::verify\(rxr::compile::RuleSet/ && !e { e = 1; evaluate = v }
  /report::write_json\(rxr::report::Verified/ && !w { w = 1; write = v }
  END { printf "{\"parse\": %d, \"decode\": %d, \"prepare\": %d, \"evaluate\": %d, \"write\": %d}", parse / n, decode / n, prepare / n, evaluate / n, write / n }')
echo "by stage: $stages"
# The cost of a concomitant medication: the same requests with 0, 10, 100
# and 1,000 of them (fewer requests for the longest).
slope='{'
for medications in 0 10 100 1000; do
  n=$([ $medications = 1000 ] && echo 32 || echo 128)
  count=$(instructions_per_request $out/callgrind.medications-$medications.out $n \
    ./$out/bench/count_instructions $out/plugins/librxrules_catalogue.so $n $medications)
  echo "$medications medications: $count instructions per request"
  slope+="\"$medications\": $count, "
done
slope="${slope%, }}"
allocations=$(./$out/bench/count_allocations $out/plugins/librxrules_catalogue.so 512 | cut -d' ' -f1)
echo "heap allocations per rxr_verify (the response included): $allocations"
{
  printf '{"instructions_per_verify": %s, "instructions_by_stage": %s, "instructions_by_medications": %s, ' "$instructions" "$stages" "$slope"
  printf '"allocations_per_verify": %s, "stages": ' "$allocations"; cat $out/benchmarks.json
  printf ', "end_to_end_1_thread": '; cat $out/end-to-end-1.json
  printf ', "end_to_end_2_threads": '; cat $out/end-to-end-2.json
  printf '}\n'
} >$out/bench-summary.json
echo "summary: $out/bench-summary.json"
