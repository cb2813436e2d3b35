#include "cli/lsp/server.h"

#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "cli/lsp/queries.h"
#include "cli/lsp/uri.h"
#include "report/response.h"

namespace rxr::cli::lsp {

namespace {

using json = nlohmann::json;

// JSON-RPC and LSP error codes.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;
constexpr int kServerNotInitialized = -32002;

constexpr int kLogError = 1;
constexpr int kSyncFull = 1;

// A request whose params the protocol does not allow: answered with
// InvalidParams, never thrown past the message.
struct BadParams : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const json& member(const json& object, const char* name) {
  if (!object.is_object() || !object.contains(name)) throw BadParams(fmt::format("'{}' is missing", name));
  return object.at(name);
}

std::string text_of(const json& object, const char* name) {
  const json& value = member(object, name);
  if (!value.is_string()) throw BadParams(fmt::format("'{}' is not a string", name));
  return value.get<std::string>();
}

std::size_t count_of(const json& object, const char* name) {
  const json& value = member(object, name);
  if (!value.is_number_unsigned()) throw BadParams(fmt::format("'{}' is not a position", name));
  return value.get<std::size_t>();
}

// The path a textDocument names, or nullopt for a document that is not a file.
std::optional<std::string> document_path(const json& params) {
  const std::string uri = text_of(member(params, "textDocument"), "uri");
  const std::optional<std::string> path = path_of_uri(uri);
  if (!path) return std::nullopt;
  return Workspace::resolved(*path);
}

json capabilities() {
  return {{"textDocumentSync", {{"openClose", true}, {"change", kSyncFull}}},
          {"hoverProvider", true},
          {"completionProvider", {{"triggerCharacters", {"."}}}},
          {"definitionProvider", true}};
}

}  // namespace

int Server::run() {
  while (!exited_) {
    Frame frame = reader_.next();
    if (frame.kind == Frame::Kind::kEnd) {
      if (!shut_down_) log("the client closed the connection without shutdown and exit");
      return shut_down_ ? 0 : 1;
    }
    if (frame.kind == Frame::Kind::kBroken) {
      log(frame.problem);
      continue;
    }
    handle(frame.body);
  }
  return shut_down_ ? 0 : 1;
}

void Server::handle(const std::string& body) {
  json message = json::parse(body, nullptr, false);
  if (message.is_discarded()) return fail(nullptr, kParseError, "the message is not JSON");
  if (message.is_array()) return fail(nullptr, kInvalidRequest, "batches are not supported; send one message at a time");
  if (!message.is_object() || !message.contains("method") || !message["method"].is_string()) {
    // A response to a request of ours (we send none) or something else: only a request gets an answer.
    if (message.is_object() && message.contains("id") && !message.contains("result") && !message.contains("error")) {
      return fail(message["id"], kInvalidRequest, "a request needs a method");
    }
    return log("ignored a message that is neither a request nor a notification");
  }
  dispatch(message);
}

void Server::dispatch(const json& message) {
  const std::string method = message["method"].get<std::string>();
  const json params = message.value("params", json::object());
  const bool is_request = message.contains("id");
  const json id = is_request ? message["id"] : json();
  if (is_request && !id.is_string() && !id.is_number_integer()) {
    return fail(nullptr, kInvalidRequest, "a request id is a number or a string");
  }
  try {
    if (!is_request) return notification(method, params);
    if (!initialized_ && method != "initialize") {
      return fail(id, kServerNotInitialized, "initialize comes first");
    }
    if (shut_down_) return fail(id, kInvalidRequest, "the server is shut down; only exit is accepted");
    std::optional<json> result = request(method, params);
    if (!result) return fail(id, kMethodNotFound, fmt::format("no method '{}'", method));
    respond(id, std::move(*result));
  } catch (const BadParams& e) {
    if (is_request) return fail(id, kInvalidParams, fmt::format("{}: {}", method, e.what()));
    log(fmt::format("{}: {}", method, e.what()));
  } catch (const json::exception& e) {
    if (is_request) return fail(id, kInvalidParams, fmt::format("{}: {}", method, e.what()));
    log(fmt::format("{}: {}", method, e.what()));
  } catch (const std::exception& e) {
    // A failure of ours on one message is answered; the session goes on.
    if (is_request) return fail(id, kInternalError, fmt::format("{}: {}", method, e.what()));
    log(fmt::format("{}: {}", method, e.what()));
  }
}

std::optional<json> Server::request(const std::string& method, const json& params) {
  if (method == "initialize") {
    initialized_ = true;
    return json{{"capabilities", capabilities()},
                {"serverInfo", {{"name", "rxrules"}, {"version", report::engine_version()}}}};
  }
  if (method == "shutdown") {
    shut_down_ = true;
    return json();
  }
  if (method == "textDocument/hover" || method == "textDocument/completion" || method == "textDocument/definition") {
    const std::optional<std::string> path = document_path(params);
    const std::string* text = path ? workspace_.buffer(*path) : nullptr;
    const PackView* pack = path ? workspace_.pack_of(*path) : nullptr;
    const bool listing = method == "textDocument/completion";
    if (text == nullptr || pack == nullptr) return listing ? json::array() : json();
    const json& at = member(params, "position");
    const Place place{*path, *text, count_of(at, "line"), count_of(at, "character")};
    if (listing) return completion(*pack, place);
    const std::optional<json> found = method == "textDocument/hover" ? hover(*pack, place) : definition(*pack, place);
    return found ? *found : json();
  }
  return std::nullopt;
}

void Server::notification(const std::string& method, const json& params) {
  if (method == "exit") {
    exited_ = true;
    return;
  }
  if (!initialized_ || method == "initialized" || method.starts_with("$/")) return;
  if (method == "textDocument/didOpen" || method == "textDocument/didChange") {
    const std::optional<std::string> path = document_path(params);
    if (!path) return;
    std::string text;
    if (method == "textDocument/didOpen") {
      text = text_of(member(params, "textDocument"), "text");
    } else {
      // Full sync: the last change holds the whole text.
      const json& changes = member(params, "contentChanges");
      if (!changes.is_array() || changes.empty()) throw BadParams("'contentChanges' is not a list of changes");
      text = text_of(changes.back(), "text");
    }
    workspace_.open(*path, std::move(text));
    publish(*path);
  } else if (method == "textDocument/didClose") {
    if (const std::optional<std::string> path = document_path(params)) {
      workspace_.close(*path);
      publish(*path);  // the file on disk is what now counts
    }
  }
}

void Server::publish(const std::string& path) {
  for (FileDiagnostics& file : workspace_.analyse(path)) {
    write_frame(out_, {{"jsonrpc", "2.0"},
                       {"method", "textDocument/publishDiagnostics"},
                       {"params", {{"uri", uri_of_path(file.path)}, {"diagnostics", std::move(file.diagnostics)}}}});
  }
}

void Server::respond(const json& id, json result) {
  write_frame(out_, {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
}

void Server::fail(const json& id, int code, const std::string& message) {
  write_frame(out_, {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
}

void Server::log(const std::string& message) {
  log_ << "rxrules lsp: " << message << '\n';
  log_.flush();
  write_frame(out_, {{"jsonrpc", "2.0"},
                     {"method", "window/logMessage"},
                     {"params", {{"type", kLogError}, {"message", message}}}});
}

}  // namespace rxr::cli::lsp
