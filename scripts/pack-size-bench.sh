#!/usr/bin/env bash
# Instructions per rxr_verify against pack size (issue 18): the inotuzumab
# pack with its rules written once, twice, four and eight times (each copy's
# rule ids suffixed -X2, -X3, ...; the copies read the pack's own lets,
# tables and constants), counted by callgrind over the first 128 corpus
# requests through the C ABI of the plugin without an embedded pack. A copy
# fires where its original fires, so the response grows with the pack too.
#
#   bash scripts/pack-size-bench.sh
#
# Synthetic packs for measuring only: they live in build-release/pack-size.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/callgrind-count.sh
out=build-release
bash scripts/install-deps.sh valgrind
cmake -S . -B $out -DCMAKE_BUILD_TYPE=Release -DRXR_BUILD_TESTS=ON >/dev/null
cmake --build $out -j "$(nproc)" --target count_instructions rxrules_plugin rxrules >/dev/null
pack=rules/inotuzumab_ozogamicin
requests=128
for copies in 1 2 4 8; do
  dir=$out/pack-size/x$copies
  rm -rf "$dir"
  mkdir -p "$dir/inotuzumab_ozogamicin"
  cp -r rules/common "$dir/"
  cp $pack/*.rxr "$dir/inotuzumab_ozogamicin/"
  for ((copy = 2; copy <= copies; ++copy)); do
    for file in $pack/*.rxr; do
      name=$(basename "$file")
      [ "$name" = pack.rxr ] && continue
      # The rule blocks alone (from "rule ID" to the closing brace at column 0).
      awk -v c=$copy '/^rule /{ on = 1; sub(/^rule [A-Za-z0-9_-]+/, "&-X" c) } on { print } /^}/ { on = 0 }' \
        "$file" >"$dir/inotuzumab_ozogamicin/copy$copy-$name"
      echo "import \"copy$copy-$name\"" >>"$dir/inotuzumab_ozogamicin/pack.rxr"
    done
  done
  ./$out/cli/rxrules check "$dir" >/dev/null
  rules=$(cat "$dir"/*/*.rxr | grep -c '^rule ')
  count=$(instructions_per_request $out/callgrind.pack-x$copies.out $requests \
    ./$out/bench/count_instructions --rules "$dir" $out/plugins/librxrules.so $requests)
  echo "$rules rules (pack x$copies): $count instructions per request"
done
