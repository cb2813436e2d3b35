#!/usr/bin/env bash
# The peer comparison of issue 18, in one sitting: the benchmark corpus
# (seed 42) through `rxrules bench` on one thread and through the peers in
# bench/peers (a hand-written JavaScript version of the inotuzumab pack's
# checks, and the same checks as a GoRules ZEN decision model), interleaved
# round by round so that the host's drift reaches all of them alike. Before
# timing, each peer's decisions are compared with the engine's responses.
#
#   bash scripts/peer-bench.sh [ROUNDS]     (default 5; about 20 s a round)
#
# Writes build-release/peer-bench.json. Needs Node.js 20 and, for the ZEN
# peer, `npm ci` in bench/peers/zen (the npm registry must be reachable); a
# peer that cannot run is reported as missing, never left out silently.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
out=build-release
command -v node >/dev/null || { echo "peer-bench: node is not installed" >&2; exit 2; }
cmake -S . -B $out -DCMAKE_BUILD_TYPE=Release -DRXR_BUILD_TESTS=ON >/dev/null
cmake --build $out -j "$(nproc)" --target rxrules make_corpus >/dev/null
corpus=$out/corpus.jsonl
./$out/bench/make_corpus 42 1000 >$corpus

# The engine's responses, for agreement: `verify DIR` answers in file-name order.
requests=$(mktemp -d)
trap 'rm -rf "$requests"' EXIT
awk -v d="$requests" '{ f = sprintf("%s/r%05d.json", d, NR); print > f; close(f) }' $corpus
./$out/cli/rxrules verify --rules rules/ "$requests" >$out/peer-engine-responses.jsonl

peers=(js)
if [ -d bench/peers/zen/node_modules/@gorules ] || (cd bench/peers/zen && npm ci --silent >/dev/null 2>&1); then
  peers+=(zen)
  # The model is generated from the pack's request schema, never kept by hand.
  ./$out/cli/rxrules schema rules/inotuzumab_ozogamicin >bench/peers/zen/request.schema.json
  node bench/peers/zen/make-model.mjs >/dev/null
else
  echo "peer-bench: the ZEN peer is missing (npm ci in bench/peers/zen failed)" >&2
fi
for peer in "${peers[@]}"; do
  node bench/peers/$peer/run.mjs --corpus $corpus --rounds 1 --decisions $out/peer-$peer-decisions.jsonl >/dev/null
  echo "$peer: $(node bench/peers/agree.mjs $out/peer-$peer-decisions.jsonl $out/peer-engine-responses.jsonl | grep agreement | tr '\n' ' ')"
done

# Rounds of about 2 s each (shorter ones catch the host ramping up).
runs=$out/peer-bench-rounds.jsonl
: >$runs
for ((round = 1; round <= rounds; ++round)); do
  ./$out/cli/rxrules bench --rules rules $corpus --threads 1 --repeat 60 --json $out/peer-engine.json >/dev/null
  printf '{"round":%d,"who":"rxrules",%s\n' $round "$(cut -c2- $out/peer-engine.json)" >>$runs
  for peer in "${peers[@]}"; do
    peer_rounds=$([ $peer = zen ] && echo 3 || echo 60)
    line=$(node bench/peers/$peer/run.mjs --corpus $corpus --rounds $peer_rounds | tail -1)
    printf '{"round":%d,"who":"%s",%s\n' $round $peer "${line:1}" >>$runs
  done
done

# Medians over the rounds, and the engine's ratio to each peer.
python3 - "$runs" "$out/peer-bench.json" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
summary = {}
for who in dict.fromkeys(r["who"] for r in rows):
    mine = [r for r in rows if r["who"] == who]
    rate = [r.get("requests_per_second", r.get("requests_per_s")) for r in mine]
    p50 = [r["p50_us"] for r in mine]
    summary[who] = {"rounds": len(mine), "requests_per_s": statistics.median(rate), "requests_per_s_range": [min(rate), max(rate)],
                    "p50_us": statistics.median(p50), "p50_us_range": [min(p50), max(p50)]}
engine = summary["rxrules"]
for who, s in summary.items():
    if who != "rxrules":
        s["rxrules_throughput_ratio"] = round(engine["requests_per_s"] / s["requests_per_s"], 2)
        s["rxrules_p50_ratio"] = round(s["p50_us"] / engine["p50_us"], 2)
json.dump(summary, open(sys.argv[2], "w"), indent=1)
for who, s in summary.items():
    ratio = "" if who == "rxrules" else f"; rxrules is {s['rxrules_throughput_ratio']}x its throughput, {s['rxrules_p50_ratio']}x its p50"
    print(f"{who}: {s['requests_per_s']:.0f} requests/s (rounds {s['requests_per_s_range'][0]:.0f}-{s['requests_per_s_range'][1]:.0f}), "
          f"p50 {s['p50_us']:.2f} us{ratio}")
EOF
echo "summary: $out/peer-bench.json"
