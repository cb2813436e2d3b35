# Sanitizer and fuzzing builds (docs/safety.md).
#
# RXR_SANITIZE takes a -fsanitize= list and applies it to every target, so
# that the plugins, the CLI and the test programs agree on the runtime:
#   address,undefined   memory errors, leaks and undefined behaviour
#   thread              data races (the concurrency tests)
# RXR_FUZZ builds the libFuzzer targets of tests/fuzz; it needs clang and
# implies address,undefined unless RXR_SANITIZE says otherwise.
set(RXR_SANITIZE "" CACHE STRING "Sanitizers for every target: address,undefined or thread")
option(RXR_FUZZ "Build the libFuzzer targets in tests/fuzz (clang only)" OFF)

if(RXR_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "RXR_FUZZ needs clang: configure with -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++")
  endif()
  if(NOT RXR_SANITIZE)
    set(RXR_SANITIZE address,undefined)
  endif()
  # Coverage instrumentation everywhere; only the fuzz targets link libFuzzer's main.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(RXR_SANITIZE)
  # A finding must fail the test that provoked it, not scroll past.
  add_compile_options(-fsanitize=${RXR_SANITIZE} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${RXR_SANITIZE})
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    # Plugins are linked with --no-undefined: they take the sanitizer runtime
    # from its shared library, like the executables that load them.
    add_link_options(-shared-libsan)
  endif()
endif()
