// Instructions per rxr_verify call, counted by callgrind: unlike time, the
// count does not move with this virtual machine's speed from day to day, so
// a change is measured before and after on the same scale. scripts/bench.sh runs
//
//   valgrind --tool=callgrind '--toggle-collect=*measured_pass*'
//       build-release/bench/count_instructions [--rules DIR] PLUGIN N [MEDICATIONS]
//
// which verifies the first N corpus requests (seed 42; with MEDICATIONS,
// each listing that many concomitant drugs; with --rules, through the rules
// of DIR rather than the plugin's embedded ones) once to grow the thread's
// buffers, then once more inside measured_pass: callgrind's total divided
// by N is the figure.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "corpus.h"
#include "pack_plugin.h"

namespace {

using rxr::bench::PackPlugin;

void verify_all(const PackPlugin& plugin, const std::vector<std::string>& corpus) {
  for (const std::string& request : corpus) plugin.verify_once(request);
}

// Separate functions (noipa: not inlined, not folded into one) so that
// callgrind can count the second pass alone.
[[gnu::noipa]] void warm_up(const PackPlugin& plugin, const std::vector<std::string>& corpus) {
  verify_all(plugin, corpus);
}
[[gnu::noipa]] void measured_pass(const PackPlugin& plugin, const std::vector<std::string>& corpus) {
  verify_all(plugin, corpus);
}

}  // namespace

int main(int argc, char** argv) {
  const char* rules = nullptr;
  if (argc >= 3 && std::strcmp(argv[1], "--rules") == 0) {
    rules = argv[2];
    argc -= 2;
    argv += 2;
  }
  if ((argc != 3 && argc != 4) || std::atoi(argv[2]) <= 0) {
    std::fprintf(stderr, "usage: count_instructions [--rules DIR] PLUGIN REQUESTS [MEDICATIONS]\n");
    return 2;
  }
  const auto plugin = PackPlugin::load(argv[1], rules);
  if (!plugin) return 1;
  std::optional<std::size_t> medications;
  if (argc == 4) medications = static_cast<std::size_t>(std::atoi(argv[3]));
  const std::vector<std::string> corpus =
      rxr::bench::make_corpus(42, static_cast<std::size_t>(std::atoi(argv[2])), medications);
  warm_up(*plugin, corpus);
  measured_pass(*plugin, corpus);
  return 0;
}
