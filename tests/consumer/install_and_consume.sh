#!/usr/bin/env bash
# Installs rxrules to a temporary prefix, then builds and runs three separate
# hosts against the installed tree only: C through find_package(rxrules
# COMPONENTS c) with Boost made unfindable, C++17 through rxrules::sdk, and C
# through pkg-config. Checks the installed plugins are stripped (and prints
# their sizes), the contracts are installed, and that configuring rxrules
# itself without tests needs neither GoogleTest nor Google Benchmark.
set -euo pipefail
build=$1 source=$2
flags=${RXR_HOST_FLAGS:-}  # the sanitizer of a sanitizer build, which the hosts must share
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
plugindir=$prefix/lib/rxrules
[ -d "$plugindir" ] || plugindir=$(dirname "$(find "$prefix" -name 'librxrules_catalogue.so' | head -1)")
[ -x "$prefix/bin/rxrules" ]
[ -f "$prefix/share/rxrules/rules/common/request.rxr" ]
for page in request-response.md c-abi.md cli.md cds-hooks.md request.schema.json response.schema.json; do
  [ -f "$prefix/share/doc/rxrules/contract/$page" ] || { echo "not installed: share/doc/rxrules/contract/$page"; exit 1; }
done

# Installed plugins carry no symbol table or debug information (release
# builds); RelWithDebInfo keeps it in .debug/ beside them.
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")
for plugin in "$plugindir"/*.so; do
  size=$(stat -c %s "$plugin")
  if [[ $build_type =~ ^(Release|MinSizeRel|RelWithDebInfo)$ ]]; then
    if readelf -S "$plugin" | grep -Eq '\.symtab|\.debug_info'; then
      echo "installed unstripped: $plugin"; exit 1
    fi
    if [ "$build_type" = RelWithDebInfo ]; then
      [ -s "$plugindir/.debug/$(basename "$plugin").debug" ] || { echo "no debug file for $plugin"; exit 1; }
      readelf -S "$plugin" | grep -q '\.gnu_debuglink' || { echo "no debug link in $plugin"; exit 1; }
    fi
  fi
  echo "installed $(basename "$plugin"): $size bytes ($build_type)"
done

# C through rxrules::c: Boost must not be needed.
cmake -S "$source/examples/c-host" -B "$tmp/c-host" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_DISABLE_FIND_PACKAGE_Boost=ON \
      -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
cmake --build "$tmp/c-host" >/dev/null
"$tmp/c-host/c_host" "$plugindir/librxrules_catalogue.so" "$source/examples/cytoreduction-needed.json" | tee "$tmp/cmake-c.out"
grep -q "cytoreduction-needed.json: block" "$tmp/cmake-c.out"

# C++17 through rxrules::sdk.
cmake -S "$source/examples/cpp-host" -B "$tmp/cpp-host" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_STANDARD=17 -DCMAKE_CXX_EXTENSIONS=OFF \
      -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
cmake --build "$tmp/cpp-host" >/dev/null
grep -q -- '-std=c++17' "$tmp/cpp-host/CMakeFiles/cpp_host.dir/flags.make" || { echo "the C++ host was not built as C++17"; exit 1; }
"$tmp/cpp-host/cpp_host" "$plugindir/librxrules_catalogue.so" "$source/examples/cytoreduction-needed.json" | tee "$tmp/cpp.out"
grep -q "cytoreduction-needed.json: block" "$tmp/cpp.out"

# C through pkg-config, the plugin found through its plugindir variable.
export PKG_CONFIG_PATH=$(dirname "$(find "$prefix" -name rxrules.pc | head -1)")
cc -std=c99 -Wall -Wextra -pedantic -Werror $flags $(pkg-config --cflags rxrules) \
   "$source/examples/c-host/main.c" -o "$tmp/c_host" $(pkg-config --libs rxrules)
"$tmp/c_host" "$(pkg-config --variable=plugindir rxrules)/librxrules_catalogue.so" \
   "$source/examples/qt-interaction.json" | tee "$tmp/c.out"
grep -q "qt-interaction.json: warn" "$tmp/c.out"
[ -f "$(pkg-config --variable=docdir rxrules)/contract/c-abi.md" ]

# The installed CLI checks the installed rules, and names its versions.
"$prefix/bin/rxrules" check "$prefix/share/rxrules/rules"
"$prefix/bin/rxrules" --version | grep -q "^rxrules [0-9.]* (C ABI 1, with the 1.1 functions)$"

# A build of rxrules without tests (a vendor's) configures with GoogleTest and
# Google Benchmark unfindable.
cmake -S "$source" -B "$tmp/no-tests" -DRXR_BUILD_TESTS=OFF \
      -DCMAKE_DISABLE_FIND_PACKAGE_benchmark=ON -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON >/dev/null
echo "1 passed, 0 failed"
