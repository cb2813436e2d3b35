// A progress bar on stderr, drawn only when stderr is a terminal: a long
// replay shows it is moving, and a redirected or piped run stays clean.
#pragma once

#include <cstddef>

namespace rxr::cli::replay {

class Progress {
 public:
  explicit Progress(std::size_t total);
  // Redraws the bar for `done` of the total (nothing when not a terminal).
  void show(std::size_t done);
  // Clears the bar so that what follows starts on a clean line.
  void finish();

 private:
  std::size_t total_;
  bool enabled_;
};

}  // namespace rxr::cli::replay
