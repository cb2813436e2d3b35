// The rule pack compiled into a plugin. The generic plugin has none; a
// rule-pack plugin gets a generated definition (cmake/embed_pack.cmake).
#pragma once

#include <cstddef>
#include <span>

namespace rxr::plugin {

struct EmbeddedFile {
  const char* name;  // relative to the pack folder, as on disk: "pack.rxr", "../common/qt-drugs.rxr"
  const char* text;
  std::size_t size;
};

struct EmbeddedPack {
  std::span<const EmbeddedFile> files;
  std::span<const char* const> main_files;
};

// Empty spans when the plugin embeds no pack.
EmbeddedPack embedded_pack();

}  // namespace rxr::plugin
