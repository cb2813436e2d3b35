#!/usr/bin/env bash
# Builds everything and runs every test: the normal build, then the whole
# suite under ASan+UBSan and the concurrency tests under TSan (docs/safety.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"
bash scripts/sanitize.sh
