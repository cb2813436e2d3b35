#!/usr/bin/env bash
# The main job: build, then verify the shipped example order with the shipped rules.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
./build/cli/rxrules check rules
./build/cli/rxrules verify --rules rules/inotuzumab_ozogamicin --format text examples/adult-cycle1-day1.json
./build/cli/rxrules verify --rules rules/inotuzumab_ozogamicin examples/adult-cycle1-day1.json
