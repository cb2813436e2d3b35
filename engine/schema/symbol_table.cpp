#include "schema/symbol_table.h"

#include "text/name_policy.h"
#include "units/unit.h"

namespace rxr {
namespace {

bool starts_with_digit(std::string_view word) { return !word.empty() && word.front() >= '0' && word.front() <= '9'; }

// The last word of `name` and what precedes it ("" when it is one word).
// Most names are one word: memchr (which find calls) tells so faster than
// rfind's loop over every byte from the end.
std::pair<std::string_view, std::string_view> split_last(std::string_view name) {
  const std::size_t cut = name.find(' ') == std::string_view::npos ? std::string_view::npos : name.rfind(' ');
  if (cut == std::string_view::npos) return {{}, name};
  return {name.substr(0, cut), name.substr(cut + 1)};
}

}  // namespace

SymbolTable::SymbolTable() { spellings_.emplace_back(); }  // kUnknownSymbol

std::string SymbolTable::key(std::string_view spelling) {
  std::string out;
  text::normalize_name(spelling, out);
  return out;
}

Symbol SymbolTable::intern(std::string_view spelling) {
  const std::string name = key(spelling);
  if (const auto known = by_name_.find(name)) return *known;
  const auto symbol = static_cast<Symbol>(spellings_.size());
  spellings_.emplace_back(spelling);
  by_name_.insert(name, symbol);
  return symbol;
}

Symbol SymbolTable::intern_name(std::string_view spelling) {
  const Symbol known = lookup(key(spelling));
  return known != kUnknownSymbol ? known : intern(spelling);
}

void SymbolTable::add_synonym(std::string_view spelling, Symbol drug) { by_name_.insert(key(spelling), drug); }

void SymbolTable::add_qualifier(std::string_view word) { qualifiers_.insert(key(word), 0); }

Symbol SymbolTable::lookup(std::string_view normalized) const {
  return by_name_.find(normalized).value_or(kUnknownSymbol);
}

Symbol SymbolTable::find_code(std::string_view name) const { return lookup(name); }

Symbol SymbolTable::find_drug(std::string_view name) const {
  while (!name.empty()) {
    if (const Symbol s = lookup(name); s != kUnknownSymbol) return s;
    const auto [rest, last] = split_last(name);
    if (rest.empty()) return kUnknownSymbol;  // one word, not known: nothing is left to shorten it to
    if (qualifiers_.find(last) || starts_with_digit(last)) {
      name = rest;
      continue;
    }
    const auto [before_number, number] = split_last(rest);
    if (starts_with_digit(number) && units::is_unit_word(last)) {
      name = before_number;
      continue;
    }
    return kUnknownSymbol;
  }
  return kUnknownSymbol;
}

}  // namespace rxr
