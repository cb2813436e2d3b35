// The rules compiled into a plugin. The generic plugin has none; a rule-pack
// plugin embeds one pack and the shared folders it imports from, a
// catalogue plugin every pack (cmake/embed_rules.cmake generates both).
#pragma once

#include <cstddef>
#include <span>

namespace rxr::plugin {

struct EmbeddedFile {
  const char* name;  // relative to the rules folder, as on disk: "common/qt-drugs.rxr"
  const char* text;
  std::size_t size;
};

struct EmbeddedRules {
  std::span<const EmbeddedFile> files;
  std::span<const char* const> packs;  // the pack folders that load: "inotuzumab_ozogamicin"
};

// Empty spans when the plugin embeds no rules.
EmbeddedRules embedded_rules();

}  // namespace rxr::plugin
