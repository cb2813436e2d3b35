#include "text/printable.h"

#include <fmt/format.h>

#include "text/utf8.h"

namespace rxr::text {

bool is_unprintable(char32_t c) {
  const bool control = c != '\n' && is_control(c);
  const bool bidi = c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
                    (c >= 0x2066 && c <= 0x2069);
  return control || bidi;
}

void append_printable(std::string_view text, std::string& out) {
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte < 0x7F) {
      ++i;
      continue;
    }
    const auto point = first_code_point(text.substr(i));
    if (point && !is_unprintable(point->value)) {
      i += point->bytes;
      continue;
    }
    out.append(text.substr(run, i - run));
    if (point) {
      fmt::format_to(std::back_inserter(out), "\\u{{{:04X}}}", static_cast<uint32_t>(point->value));
      i += point->bytes;
    } else {
      fmt::format_to(std::back_inserter(out), "\\x{{{:02X}}}", byte);
      ++i;
    }
    run = i;
  }
  out.append(text.substr(run));
}

std::string printable(std::string_view text) {
  std::string out;
  append_printable(text, out);
  return out;
}

std::string markup_escaped(std::string_view text) {
  const std::string shown = printable(text);
  std::string out;
  out.reserve(shown.size());
  for (char c : shown) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace rxr::text
