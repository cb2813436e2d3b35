#include "cli/replay/progress.h"

#include <cstdio>
#include <string>
#include <unistd.h>

#include <fmt/format.h>

namespace rxr::cli::replay {

Progress::Progress(std::size_t total) : total_(total), enabled_(isatty(STDERR_FILENO) == 1) {}

void Progress::show(std::size_t done) {
  if (!enabled_ || total_ == 0) return;
  constexpr std::size_t kWidth = 40;
  const std::size_t filled = done * kWidth / total_;
  fmt::print(stderr, "\rreplay [{}{}] {:3}% {}/{}", std::string(filled, '#'), std::string(kWidth - filled, '.'),
             done * 100 / total_, done, total_);
  std::fflush(stderr);
}

void Progress::finish() {
  if (!enabled_) return;
  fmt::print(stderr, "\r\033[K");
  std::fflush(stderr);
}

}  // namespace rxr::cli::replay
