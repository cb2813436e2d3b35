#!/usr/bin/env bash
# The main job: build, then verify the example orders through the shipped
# catalogue (rules/), each answered by the pack of its drug.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
./build/cli/rxrules check rules
./build/cli/rxrules verify --rules rules --format text examples/adult-cycle1-day1.json
./build/cli/rxrules verify --rules rules --format text examples/blinatumomab-adult-cycle1-day1.json
./build/cli/rxrules verify --rules rules examples/
