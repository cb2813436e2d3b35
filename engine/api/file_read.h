// Reading a file whole, bounded: its size is checked before anything is
// read (a huge sparse rule file is refused without reading it), a stream
// (a pipe, a device, stdin) is read only up to the limit, and every failure,
// an I/O error halfway included, is reported with the path and the reason.
#pragma once

#include <cstddef>
#include <string>

namespace rxr::api {

enum class ReadStatus {
  kOk,
  kNotFound,  // no such file
  kNotAFile,  // a folder, or something else that is not a file to read
  kTooLarge,  // larger than the limit: nothing, or only the limit, was read
  kError,     // the system refused or failed to read it
};

struct FileRead {
  ReadStatus status = ReadStatus::kOk;
  std::string error;  // "cannot read 'x': Input/output error"; empty when kOk

  bool ok() const { return status == ReadStatus::kOk; }
};

// Reads `path` into `out`. Regular files larger than `limit` bytes are
// refused before reading; character devices and pipes are read up to `limit`
// bytes and refused when they have more. Messages call the file `what`
// ("rule file", "request") and `shown` (default: `path`).
FileRead read_file_bounded(const std::string& path, std::size_t limit, std::string& out,
                           const char* what = "file", const std::string& shown = {});

// The same for an open descriptor (stdin): read up to `limit` bytes.
FileRead read_descriptor_bounded(int fd, const std::string& name, std::size_t limit, std::string& out,
                                 const char* what = "file");

}  // namespace rxr::api
