#!/usr/bin/env bash
# Installs the Debian 12 packages rxrules needs to build and test, when missing,
# and any extra packages named as arguments (scripts/bench.sh adds valgrind).
# Safe to run repeatedly; needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
  cmake g++ make pkg-config
  antlr4 default-jre-headless libantlr4-runtime-dev
  libboost-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsimdjson-dev nlohmann-json3-dev libssl-dev libcli11-dev libicu-dev
  python3 python3-jsonschema python3-cryptography
  libsqlite3-dev sqlite3 libcpp-httplib-dev
  chromium  # headless: the replay report page test (tests/replay)
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
