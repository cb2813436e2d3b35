#include "api/file_read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace rxr::api {
namespace {

FileRead failure(ReadStatus status, std::string message) { return {status, std::move(message)}; }

std::string system_error(const char* what, const std::string& name, int error) {
  return fmt::format("cannot read {} '{}': {}", what, name, std::strerror(error));
}

// Closes the descriptor on every path out.
struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

FileRead read_descriptor_bounded(int fd, const std::string& name, std::size_t limit, std::string& out,
                                 const char* what) {
  out.clear();
  // One byte past the limit tells "exactly the limit" from "more".
  constexpr std::size_t kChunk = 64 * 1024;
  while (out.size() <= limit) {
    const std::size_t before = out.size();
    const std::size_t want = std::min(kChunk, limit + 1 - before);
    out.resize(before + want);
    const ssize_t got = ::read(fd, out.data() + before, want);
    if (got < 0) {
      out.resize(before);
      if (errno == EINTR) continue;
      const int error = errno;
      out.clear();
      return failure(ReadStatus::kError, system_error(what, name, error));
    }
    out.resize(before + static_cast<std::size_t>(got));
    if (got == 0) return {};
  }
  out.clear();
  return failure(ReadStatus::kTooLarge, fmt::format("{} '{}' is larger than the limit of {} bytes", what, name, limit));
}

FileRead read_file_bounded(const std::string& path, std::size_t limit, std::string& out, const char* what,
                           const std::string& shown) {
  out.clear();
  const std::string& name = shown.empty() ? path : shown;
  const Descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) {
      return failure(ReadStatus::kNotFound, fmt::format("cannot read {} '{}': no such file", what, name));
    }
    return failure(ReadStatus::kError, system_error(what, name, error));
  }
  struct stat info {};
  if (::fstat(file.fd, &info) != 0) return failure(ReadStatus::kError, system_error(what, name, errno));
  if (S_ISDIR(info.st_mode)) {
    return failure(ReadStatus::kNotAFile, fmt::format("cannot read {} '{}': it is a folder", what, name));
  }
  if (S_ISREG(info.st_mode)) {
    if (static_cast<unsigned long long>(info.st_size) > limit) {
      return failure(ReadStatus::kTooLarge, fmt::format("{} '{}' is {} bytes, larger than the limit of {} bytes", what,
                                                        name, static_cast<long long>(info.st_size), limit));
    }
    out.reserve(static_cast<std::size_t>(info.st_size));
  } else if (!S_ISCHR(info.st_mode) && !S_ISFIFO(info.st_mode)) {
    return failure(ReadStatus::kNotAFile, fmt::format("cannot read {} '{}': it is not a file", what, name));
  }
  // A regular file may still grow or fail while it is read: the read is
  // bounded and checked all the same.
  return read_descriptor_bounded(file.fd, name, limit, out, what);
}

}  // namespace rxr::api
