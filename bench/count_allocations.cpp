// Heap allocations per rxr_verify call in steady state: the contract allows
// one, the response buffer the caller frees with rxr_free. Every allocation
// of the process goes through the malloc family defined here (the plugin's
// too: the executable's definitions come first in symbol lookup), so the
// count covers the engine, simdjson and libstdc++ alike.
//
// usage: count_allocations PLUGIN REQUESTS [MEDICATIONS]
// Prints the allocations of a second pass over the corpus (seed 42) per
// request; exits 1 when that is more than one.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "corpus.h"
#include "pack_plugin.h"

extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* p, std::size_t size);
void* __libc_memalign(std::size_t alignment, std::size_t size);
}

namespace {
std::atomic<std::size_t> allocations{0};
void* counted(void* p) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  return p;
}
}  // namespace

extern "C" {
void* malloc(std::size_t size) { return counted(__libc_malloc(size)); }
void* calloc(std::size_t count, std::size_t size) { return counted(__libc_calloc(count, size)); }
void* realloc(void* p, std::size_t size) { return counted(__libc_realloc(p, size)); }
void* aligned_alloc(std::size_t alignment, std::size_t size) { return counted(__libc_memalign(alignment, size)); }
void* memalign(std::size_t alignment, std::size_t size) { return counted(__libc_memalign(alignment, size)); }
int posix_memalign(void** out, std::size_t alignment, std::size_t size) {
  *out = counted(__libc_memalign(alignment, size));
  return *out != nullptr ? 0 : 12;  // ENOMEM
}
}

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
  const std::size_t at_start = allocations.load();
  for (const std::string& request : corpus) plugin->verify_once(request);
  const std::size_t before = allocations.load();
  if (before - at_start < corpus.size()) {
    std::fprintf(stderr, "the allocation counter missed the first pass's allocations\n");
    return 1;
  }
  for (const std::string& request : corpus) plugin->verify_once(request);
  const double per_request = static_cast<double>(allocations.load() - before) / static_cast<double>(corpus.size());
  std::printf("%.3f heap allocations per rxr_verify (%zu requests)\n", per_request, corpus.size());
  return per_request <= 1.0 ? 0 : 1;
}
