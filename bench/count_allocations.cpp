// Heap allocations per rxr_verify call in steady state: the contract allows
// one, the response buffer the caller frees with rxr_free. The count
// (allocation_counter.h) covers the engine, simdjson and libstdc++ alike.
//
// usage: count_allocations PLUGIN REQUESTS [MEDICATIONS]
// Prints the allocations of a second pass over the corpus (seed 42) per
// request; exits 1 when that is more than one.
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "allocation_counter.h"
#include "corpus.h"
#include "pack_plugin.h"

int main(int argc, char** argv) {
  if ((argc != 3 && argc != 4) || std::atoi(argv[2]) <= 0) {
    std::fprintf(stderr, "usage: count_allocations PLUGIN REQUESTS [MEDICATIONS]\n");
    return 2;
  }
  const auto plugin = rxr::bench::PackPlugin::load(argv[1]);
  if (!plugin) return 1;
  std::optional<std::size_t> medications;
  if (argc == 4) medications = static_cast<std::size_t>(std::atoi(argv[3]));
  const std::vector<std::string> corpus =
      rxr::bench::make_corpus(42, static_cast<std::size_t>(std::atoi(argv[2])), medications);
  // The first pass grows the thread's buffers to what the corpus needs; it
  // must be seen allocating, or the count below would prove nothing.
  const std::size_t at_start = rxr::bench::allocations_so_far();
  for (const std::string& request : corpus) plugin->verify_once(request);
  const std::size_t before = rxr::bench::allocations_so_far();
  if (before - at_start < corpus.size()) {
    std::fprintf(stderr, "the allocation counter missed the first pass's allocations\n");
    return 1;
  }
  for (const std::string& request : corpus) plugin->verify_once(request);
  const double per_request = static_cast<double>(rxr::bench::allocations_so_far() - before) / static_cast<double>(corpus.size());
  std::printf("%.3f heap allocations per rxr_verify (%zu requests)\n", per_request, corpus.size());
  return per_request <= 1.0 ? 0 : 1;
}
