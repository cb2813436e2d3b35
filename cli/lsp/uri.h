// file:// URIs, as editors name documents, and the paths they stand for.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rxr::cli::lsp {

// The absolute path of a file:// URI, percent-escapes decoded; nullopt for
// another scheme (an unsaved "untitled:" buffer) or a malformed escape.
std::optional<std::string> path_of_uri(std::string_view uri);

// The file:// URI of an absolute path, escaping what RFC 3986 does not allow in a path.
std::string uri_of_path(std::string_view path);

}  // namespace rxr::cli::lsp
