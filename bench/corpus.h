// A deterministic corpus of realistic inotuzumab ozogamicin orders, for
// benchmarks: the same seed gives the same requests on every machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rxr::bench {

// `count` request JSON documents of about 1-2 KB each: adults and children,
// every cycle and dosing day, right and wrong doses, mixed units, complete
// and missing labs, 0-8 concomitant drugs, histories with toxicities.
// With `medications`, every request instead lists exactly that many
// concomitant drugs (the same requests otherwise): the cost per medication
// is the difference between two such corpora.
std::vector<std::string> make_corpus(uint64_t seed, std::size_t count,
                                     std::optional<std::size_t> medications = std::nullopt);

}  // namespace rxr::bench
