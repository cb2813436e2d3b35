// rxrules fmt: rule files rewritten in the canonical layout (docs/rule-language.md, "Layout").
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "cli/commands.h"
#include "syntax/layout.h"
#include "text/printable.h"

namespace rxr::cli {
namespace {

namespace fs = std::filesystem;

// The rule files `path` names: the file itself, or every *.rxr under a folder, in name order.
std::vector<fs::path> rule_files(const fs::path& path, std::error_code& error) {
  if (!fs::is_directory(path, error)) {
    if (!error && !fs::exists(path, error)) error = std::make_error_code(std::errc::no_such_file_or_directory);
    return error ? std::vector<fs::path>{} : std::vector<fs::path>{path};
  }
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(path, error), end; !error && it != end; it.increment(error)) {
    if (it->path().extension() == ".rxr" && it->is_regular_file()) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool read_file(const fs::path& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  text = std::move(bytes).str();
  return !in.bad();
}

// Writes `text` over `target` through a temporary file beside it and a
// rename, so that the file is whole at every moment, even if fmt is stopped;
// the file keeps its permissions. Returns what went wrong, or "".
std::string replace_file(const fs::path& target, const std::string& text) {
  std::string temporary = (target.parent_path() / ("." + target.filename().string() + ".fmt-XXXXXX")).string();
  const int fd = ::mkstemp(temporary.data());
  if (fd < 0) return fmt::format("cannot create a temporary file beside {}: {}", target.string(), std::strerror(errno));
  struct stat status {};
  if (::stat(target.c_str(), &status) == 0) ::fchmod(fd, status.st_mode & 07777);
  int failure = 0;
  for (std::size_t written = 0; written < text.size() && failure == 0;) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n >= 0) written += static_cast<std::size_t>(n);
    else if (errno != EINTR) failure = errno;
  }
  if (failure == 0 && ::fsync(fd) != 0) failure = errno;
  if (::close(fd) != 0 && failure == 0) failure = errno;
  if (failure == 0 && ::rename(temporary.c_str(), target.c_str()) != 0) failure = errno;
  if (failure != 0) {
    ::unlink(temporary.c_str());
    return fmt::format("cannot write {}: {}", target.string(), std::strerror(failure));
  }
  return {};
}

// The 1-based number of the first line where `a` and `b` differ.
std::size_t first_different_line(std::string_view a, std::string_view b) {
  const auto [at, unused] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
  return static_cast<std::size_t>(std::count(a.begin(), at, '\n')) + 1;
}

}  // namespace

int run_fmt(const FmtArguments& args) {
  int status = kExitOk;
  auto worsen = [&status](int to) { status = std::max(status, to); };
  for (const std::string& path : args.paths) {
    std::error_code error;
    const std::vector<fs::path> files = rule_files(path, error);
    if (error) {
      fmt::print(stderr, "rxrules: {}: {}\n", text::printable(path), error.message());
      worsen(kExitUsage);
      continue;
    }
    for (const fs::path& file : files) {
      const std::string name = text::printable(file.string());
      std::string original;
      if (!read_file(file, original)) {
        fmt::print(stderr, "rxrules: cannot read {}\n", name);
        worsen(kExitUsage);
        continue;
      }
      syntax::SourceSet sources;
      const syntax::FileId id = sources.add(file.string(), original);
      syntax::Diagnostics diagnostics;
      std::optional<std::string> laid_out;
      try {
        laid_out = syntax::canonical_layout(sources, id, diagnostics);
      } catch (const std::logic_error& e) {
        fmt::print(stderr, "rxrules: internal error: {}; {} was not rewritten\n", text::printable(e.what()), name);
        worsen(kExitUsage);
        continue;
      }
      if (!laid_out) {
        diagnostics.sort();
        fmt::print(stderr, "{}", syntax::render_all(diagnostics, sources));
        fmt::print(stderr, "rxrules: {}: not formatted: it does not parse\n", name);
        worsen(kExitUsage);
        continue;
      }
      if (*laid_out == original) continue;
      if (args.check) {
        fmt::print("{}:{}: not in the canonical layout\n", name, first_different_line(original, *laid_out));
        worsen(kExitFindings);
        continue;
      }
      const fs::path target = fs::canonical(file, error);  // through a symbolic link, to the file it names
      const std::string failure = error ? error.message() : replace_file(target, *laid_out);
      if (!failure.empty()) {
        fmt::print(stderr, "rxrules: {}: {}\n", name, text::printable(failure));
        worsen(kExitUsage);
        continue;
      }
      fmt::print("formatted {}\n", name);
    }
  }
  return status;
}

}  // namespace rxr::cli
