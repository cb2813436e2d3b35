// Names and codes interned once at load time. The decoder maps a request's
// drug names and codes to these symbols, so rules compare integers.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "schema/facts.h"

namespace rxr {

class SymbolTable {
 public:
  SymbolTable();

  // Load time. `intern` returns the symbol of a canonical spelling (codes and
  // drug names alike, compared after normalisation), creating it if needed.
  Symbol intern(std::string_view spelling);
  // Another spelling (brand, old name) of the same drug.
  void add_synonym(std::string_view spelling, Symbol drug);
  // A word dropped from the end of a drug name when the full name is not
  // known ("ondansetron hydrochloride" -> "ondansetron").
  void add_salt_word(std::string_view word);

  // Verify time: kUnknownSymbol when no rule knows the name.
  Symbol find_code(std::string_view text) const;
  Symbol find_drug(std::string_view text) const;

  // The canonical spelling, for messages.
  std::string_view spelling(Symbol s) const { return spellings_[s]; }
  std::size_t size() const { return spellings_.size(); }

  // Lower case, trimmed, inner white space folded to one space: how names
  // are compared. Exposed for the checker, which normalises literals the same way.
  static std::string normalize(std::string_view text);

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Map = std::unordered_map<std::string, Symbol, Hash, std::equal_to<>>;

  Symbol lookup(std::string_view normalized) const;

  std::vector<std::string> spellings_;
  Map by_name_;
  std::vector<std::string> salt_words_;
};

}  // namespace rxr
