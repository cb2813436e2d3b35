// Writes a benchmark corpus as JSON lines: make_corpus [SEED] [COUNT] [MEDICATIONS]
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "corpus.h"

int main(int argc, char** argv) {
  const uint64_t seed = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 42;
  const std::size_t count = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1000;
  std::optional<std::size_t> medications;
  if (argc > 3) medications = std::strtoull(argv[3], nullptr, 10);
  for (const std::string& request : rxr::bench::make_corpus(seed, count, medications)) std::printf("%s\n", request.c_str());
  return 0;
}
