#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz (docs/safety.md), one after the
# other, each for SECONDS (default 600):
#   fuzz_rules    bytes as a rule file: lexer, parser, builder, checker, diagnostics
#   fuzz_decode   bytes as a request: JSON decoding into facts
#   fuzz_verify   bytes as a request: decode, evaluate, write the responses
#   fuzz_pack     bytes as a rule pack and requests after it: compile, then verify each
#
#   scripts/fuzz.sh [SECONDS [TARGET...]]      JOBS=n sets build parallelism
#
# Builds build-fuzz with clang, ASan and UBSan (RXR_FUZZ=ON). Everything a run
# leaves is in build-fuzz/fuzz-<target>/: fuzz.log, the grown corpus, and any
# crash-*, leak-*, timeout-* or oom-* input. Exits non-zero if any target
# found one: fix it, then add the input to tests/fuzz/regressions/<target>/
# so that ctest replays it in every build from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=build-fuzz
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_rules fuzz_decode fuzz_verify fuzz_pack)

bash scripts/install-deps.sh
if ! command -v clang++ >/dev/null || [ ! -e "$(clang++ -print-runtime-dir)/libclang_rt.fuzzer-x86_64.a" ]; then
  echo "fuzz.sh: needs clang and its runtimes: apt-get install clang libclang-rt-14-dev" >&2
  exit 2
fi

cmake -S . -B "$build" -DRXR_FUZZ=ON -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "${JOBS:-$(nproc)}" --target "${targets[@]}"

# The seeds are the shipped files themselves, linked rather than copied so
# they never go stale. Links, not the folders: the folders hold other files
# (READMEs, host programs) and libFuzzer reads corpus folders recursively.
seed_dir() {
  local dir=$1
  shift
  rm -rf "$dir"
  mkdir -p "$dir"
  for file in "$@"; do ln -s "$root/$file" "$dir/$(echo "$file" | tr / _)"; done
}

failed=()
for target in "${targets[@]}"; do
  case $target in
    fuzz_rules)
      dict=tests/fuzz/rules.dict
      max_len=65536  # the largest shipped rule file is a few KiB; leave room to grow
      seeds=(rules/*/*.rxr) ;;
    fuzz_decode | fuzz_verify)
      dict=tests/fuzz/request.dict
      max_len=16384  # a typical request is 1.5 KiB
      seeds=(examples/*.json rules/*/tests/requests/*.json) ;;
    fuzz_pack)
      dict=$build/fuzz_pack.dict
      cat tests/fuzz/rules.dict tests/fuzz/request.dict >"$dict"
      echo '"\x0A===\x0A"' >>"$dict"  # the separator of fuzz_pack.cpp
      max_len=65536
      seeds=() ;;
    *) echo "fuzz.sh: unknown target $target" >&2; exit 2 ;;
  esac
  out=$build/fuzz-$target
  mkdir -p "$out/corpus"
  touch "$out/.started"  # artifacts newer than this are this run's findings
  if [ "$target" = fuzz_pack ]; then
    # Each shipped pack.rxr (its imports relative to a folder beside the
    # packs) with each example order after it.
    rm -rf "$out/seeds"
    mkdir -p "$out/seeds"
    for main in rules/*/pack.rxr; do
      pack=$(basename "$(dirname "$main")")
      for request in examples/*.json; do
        { sed -E "s|import \"([^.][^\"]*)\"|import \"../$pack/\\1\"|" "$main"; printf '\n===\n'; cat "$request"; } \
          >"$out/seeds/$pack-$(basename "$request")"
      done
    done
  else
    seed_dir "$out/seeds" "${seeds[@]}"
  fi
  echo "== $target: ${seconds}s, log in $out/fuzz.log"
  # The first corpus folder is the one libFuzzer adds new inputs to: the
  # writable one in the build tree, so the repository is never written.
  # -timeout: one input taking 10 s is a hang (a typical one takes microseconds).
  # -rss_limit_mb: bounded memory is part of what is tested.
  status=0
  UBSAN_OPTIONS=print_stacktrace=1 \
    "$build/tests/fuzz/$target" "$out/corpus" "$out/seeds" \
    -dict="$dict" -max_len="$max_len" -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/" >"$out/fuzz.log" 2>&1 || status=$?

  # The last status line ("#N DONE cov: ... ft: ... corp: ...") and the final stats.
  done_line=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE|INITED)' "$out/fuzz.log" | tail -n 1 || true)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/fuzz.log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out/fuzz.log")
  echo "   executions: ${runs:-?}  exec/s: ${speed:-?}"
  echo "   ${done_line:-no status line}"
  artifacts=$(find "$out" -maxdepth 1 -newer "$out/.started" \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) -print)
  if [ "$status" -ne 0 ] || [ -n "$artifacts" ]; then
    echo "   FOUND (exit status $status): ${artifacts:-see the log}"
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: findings in ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: no findings"
