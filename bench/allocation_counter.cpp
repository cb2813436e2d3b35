#include "allocation_counter.h"

#include <atomic>

// glibc's own allocator, under the names it exports for replacements.
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

namespace rxr::bench {

std::size_t allocations_so_far() { return allocations.load(std::memory_order_relaxed); }

}  // namespace rxr::bench

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
