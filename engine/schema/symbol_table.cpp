#include "schema/symbol_table.h"

#include <array>

namespace rxr {
namespace {

constexpr std::size_t kMaxNameLength = 128;  // longer text cannot be a known name

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Writes the normalised form of `text` into `out`; returns its length, or
// kMaxNameLength + 1 when it does not fit.
std::size_t normalize_into(std::string_view text, char* out) {
  std::size_t n = 0;
  bool pending_space = false;
  for (char c : text) {
    if (space(c)) {
      pending_space = n > 0;
      continue;
    }
    if (pending_space) {
      if (n == kMaxNameLength) return kMaxNameLength + 1;
      out[n++] = ' ';
      pending_space = false;
    }
    if (n == kMaxNameLength) return kMaxNameLength + 1;
    out[n++] = lower(c);
  }
  return n;
}

}  // namespace

SymbolTable::SymbolTable() { spellings_.emplace_back(); }  // kUnknownSymbol

std::string SymbolTable::normalize(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : text) {
    if (space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += lower(c);
  }
  return out;
}

Symbol SymbolTable::intern(std::string_view spelling) {
  std::string key = normalize(spelling);
  if (auto it = by_name_.find(key); it != by_name_.end()) return it->second;
  const auto symbol = static_cast<Symbol>(spellings_.size());
  spellings_.emplace_back(spelling);
  by_name_.emplace(std::move(key), symbol);
  return symbol;
}

void SymbolTable::add_synonym(std::string_view spelling, Symbol drug) {
  by_name_.emplace(normalize(spelling), drug);
}

void SymbolTable::add_salt_word(std::string_view word) { salt_words_.push_back(normalize(word)); }

Symbol SymbolTable::lookup(std::string_view normalized) const {
  auto it = by_name_.find(normalized);
  return it == by_name_.end() ? kUnknownSymbol : it->second;
}

Symbol SymbolTable::find_code(std::string_view text) const {
  std::array<char, kMaxNameLength> buffer;
  const std::size_t n = normalize_into(text, buffer.data());
  if (n > kMaxNameLength) return kUnknownSymbol;
  return lookup({buffer.data(), n});
}

Symbol SymbolTable::find_drug(std::string_view text) const {
  std::array<char, kMaxNameLength> buffer;
  std::size_t n = normalize_into(text, buffer.data());
  if (n > kMaxNameLength) return kUnknownSymbol;
  std::string_view name{buffer.data(), n};
  // Drop trailing salt words one at a time until a known name remains, so
  // "methylprednisolone sodium succinate" finds methylprednisolone while a
  // name that itself ends in a salt word ("levomethadyl acetate") is found whole.
  while (true) {
    if (Symbol s = lookup(name); s != kUnknownSymbol) return s;
    const std::size_t cut = name.rfind(' ');
    if (cut == std::string_view::npos) return kUnknownSymbol;
    const std::string_view last = name.substr(cut + 1);
    bool is_salt = false;
    for (const std::string& salt : salt_words_) is_salt = is_salt || salt == last;
    if (!is_salt) return kUnknownSymbol;
    name = name.substr(0, cut);
  }
}

}  // namespace rxr
