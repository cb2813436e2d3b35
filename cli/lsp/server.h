// The language server's protocol: lifecycle (initialize, initialized,
// shutdown, exit), full-text document sync, published diagnostics, hover,
// completion and definition, one message at a time over a FrameReader.
#pragma once

#include <istream>
#include <optional>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/lsp/framing.h"
#include "cli/lsp/workspace.h"

namespace rxr::cli::lsp {

class Server {
 public:
  Server(std::istream& in, std::ostream& out, std::ostream& log) : reader_(in), out_(out), log_(log) {}

  // Serves until `exit` or the end of input. The exit status: 0 after
  // shutdown then exit, 1 otherwise (as the protocol asks).
  int run();

 private:
  void handle(const std::string& body);
  void dispatch(const nlohmann::json& message);
  // The result of a request; nullopt for a method the server does not have.
  std::optional<nlohmann::json> request(const std::string& method, const nlohmann::json& params);
  void notification(const std::string& method, const nlohmann::json& params);

  void publish(const std::string& path);
  void respond(const nlohmann::json& id, nlohmann::json result);
  void fail(const nlohmann::json& id, int code, const std::string& message);
  void log(const std::string& message);

  FrameReader reader_;
  std::ostream& out_;
  std::ostream& log_;
  Workspace workspace_;
  bool initialized_ = false;
  bool shut_down_ = false;
  bool exited_ = false;
};

}  // namespace rxr::cli::lsp
