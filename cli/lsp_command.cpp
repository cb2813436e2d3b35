#include <iostream>

#include "cli/commands.h"
#include "cli/lsp/server.h"

namespace rxr::cli {

int run_lsp() {
  // stdout carries the protocol alone: nothing else may write to it.
  std::ios::sync_with_stdio(false);
  lsp::Server server(std::cin, std::cout, std::cerr);
  return server.run();
}

}  // namespace rxr::cli
