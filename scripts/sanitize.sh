#!/usr/bin/env bash
# The test suite under the sanitizers (docs/safety.md):
#   address   every test but the load test (label "load": it measures the
#             normal build), built with AddressSanitizer, LeakSanitizer and UBSan
#   thread    the concurrency tests (ctest label "concurrency"), built with TSan
# With no argument, both. Any report fails the test that provoked it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc)

address() {
  cmake --preset asan >/dev/null
  cmake --build build-asan -j "$jobs"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs" -LE "load|native"
}

thread() {
  cmake --preset tsan >/dev/null
  # Only what the concurrency tests run: the plugins and their test programs.
  cmake --build build-tsan -j "$jobs" --target capi_test sdk_tests reload_stress_tests
  # TSan maps its shadow memory at fixed addresses, which some kernels' address
  # randomisation collides with ("unexpected memory mapping"): run without it.
  TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
    setarch "$(uname -m)" -R ctest --test-dir build-tsan --output-on-failure -j "$jobs" -L concurrency
}

case "${1:-all}" in
  address) address ;;
  thread) thread ;;
  all) address; thread ;;
  *) echo "usage: scripts/sanitize.sh [address|thread|all]" >&2; exit 2 ;;
esac
