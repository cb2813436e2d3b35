// Every heap allocation of the process, counted: linking
// allocation_counter.cpp replaces the malloc family, which the executable's
// own definitions do for every library loaded into it (the plugins, simdjson,
// libstdc++'s operator new) because they come first in symbol lookup.
#pragma once

#include <cstddef>

namespace rxr::bench {

std::size_t allocations_so_far();

}  // namespace rxr::bench
