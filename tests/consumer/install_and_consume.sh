#!/usr/bin/env bash
# Installs rxrules to a temporary prefix, then builds and runs two separate
# hosts against the installed tree only: C++ through find_package(rxrules)
# and C through pkg-config.
set -euo pipefail
build=$1 source=$2
flags=${RXR_HOST_FLAGS:-}  # the sanitizer of a sanitizer build, which the hosts must share
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
plugin=$tmp/prefix/lib/rxrules/librxrules_catalogue.so
[ -f "$plugin" ] || plugin=$(find "$tmp/prefix" -name 'librxrules_catalogue.so' | head -1)
[ -x "$tmp/prefix/bin/rxrules" ]
[ -f "$tmp/prefix/share/rxrules/rules/common/request.rxr" ]

cmake -S "$source/examples/cpp-host" -B "$tmp/cpp-host" -DCMAKE_PREFIX_PATH="$tmp/prefix" \
      -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
cmake --build "$tmp/cpp-host" >/dev/null
"$tmp/cpp-host/cpp_host" "$plugin" "$source/examples/cytoreduction-needed.json" | tee "$tmp/cpp.out"
grep -q "cytoreduction-needed.json: block" "$tmp/cpp.out"

export PKG_CONFIG_PATH=$(dirname "$(find "$tmp/prefix" -name rxrules.pc | head -1)")
cc -std=c99 -Wall -Wextra -pedantic -Werror $flags $(pkg-config --cflags rxrules) \
   "$source/examples/c-host/main.c" -o "$tmp/c_host" $(pkg-config --libs rxrules)
"$tmp/c_host" "$(pkg-config --variable=plugindir rxrules)/librxrules_catalogue.so" \
   "$source/examples/qt-interaction.json" | tee "$tmp/c.out"
grep -q "qt-interaction.json: warn" "$tmp/c.out"
# The installed CLI checks the installed rules.
"$tmp/prefix/bin/rxrules" check "$tmp/prefix/share/rxrules/rules"
echo "1 passed, 0 failed"
