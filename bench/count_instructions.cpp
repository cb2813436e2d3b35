// Instructions per rxr_verify call, counted by callgrind: unlike time, the
// count does not move with this virtual machine's speed from day to day, so
// a change is measured before and after on the same scale. scripts/bench.sh runs
//
//   valgrind --tool=callgrind '--toggle-collect=*measured_pass*'
//       build-release/bench/count_instructions PLUGIN N
//
// which verifies the first N corpus requests (seed 42) once to grow the
// thread's buffers, then once more inside measured_pass: callgrind's total
// divided by N is the figure.
#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "corpus.h"
#include "rxrules/rxrules.h"

namespace {

struct Plugin {
  rxr_status (*verify)(rxr_engine*, const char*, size_t, char**, size_t*) = nullptr;
  void (*release)(void*) = nullptr;
  rxr_engine* engine = nullptr;
};

void verify_all(const Plugin& plugin, const std::vector<std::string>& corpus) {
  for (const std::string& request : corpus) {
    char* response = nullptr;
    plugin.verify(plugin.engine, request.data(), request.size(), &response, nullptr);
    plugin.release(response);
  }
}

// Separate functions (noipa: not inlined, not folded into one) so that
// callgrind can count the second pass alone.
[[gnu::noipa]] void warm_up(const Plugin& plugin, const std::vector<std::string>& corpus) {
  verify_all(plugin, corpus);
}
[[gnu::noipa]] void measured_pass(const Plugin& plugin, const std::vector<std::string>& corpus) {
  verify_all(plugin, corpus);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 || std::atoi(argv[2]) <= 0) {
    std::fprintf(stderr, "usage: count_instructions PLUGIN REQUESTS\n");
    return 2;
  }
  void* library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    std::fprintf(stderr, "%s\n", dlerror());
    return 1;
  }
  using Open = rxr_status (*)(const char*, rxr_engine**, char**);
  const auto open = reinterpret_cast<Open>(dlsym(library, "rxr_engine_open"));
  Plugin plugin;
  *reinterpret_cast<void**>(&plugin.verify) = dlsym(library, "rxr_verify");
  *reinterpret_cast<void**>(&plugin.release) = dlsym(library, "rxr_free");
  if (open == nullptr || plugin.verify == nullptr || plugin.release == nullptr ||
      open(nullptr, &plugin.engine, nullptr) != RXR_OK) {
    std::fprintf(stderr, "could not open the engine of %s\n", argv[1]);
    return 1;
  }
  const std::vector<std::string> corpus =
      rxr::bench::make_corpus(42, static_cast<std::size_t>(std::atoi(argv[2])));
  warm_up(plugin, corpus);
  measured_pass(plugin, corpus);
  return 0;
}
