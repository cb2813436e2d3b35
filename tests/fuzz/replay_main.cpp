// A main for the fuzz targets in a normal build (no libFuzzer): runs the
// fuzz function once over every input named on the command line, a file or
// every file in a folder (not recursing, in name order). ctest replays the
// seed corpora and every past finding this way, so each stays fixed.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace fs = std::filesystem;

namespace {

bool run(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", file.c_str());
    return false;
  }
  const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  // Empty input gets a non-null pointer, as libFuzzer gives it.
  static const uint8_t empty = 0;
  LLVMFuzzerTestOneInput(bytes.empty() ? &empty : reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t ran = 0;
  for (int i = 1; i < argc; ++i) {
    const fs::path input(argv[i]);
    std::vector<fs::path> files;
    std::error_code error;
    if (fs::is_directory(input, error)) {
      for (const auto& entry : fs::directory_iterator(input, error)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());
    } else {
      files.push_back(input);
    }
    for (const fs::path& file : files) {
      // Named first, so that the input behind a crash is the last one printed.
      std::fprintf(stderr, "%s\n", file.c_str());
      if (!run(file)) return 1;
      ++ran;
    }
  }
  std::printf("%s: ran %zu inputs\n", argc > 0 ? argv[0] : "replay", ran);
  // Replaying nothing means the corpus paths are wrong: fail, do not pass vacuously.
  return ran > 0 ? 0 : 1;
}
