// Names and codes interned once at load time. The decoder maps a request's
// drug names and codes to these symbols, so rules compare integers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "schema/facts.h"
#include "schema/name_index.h"

namespace rxr {

class SymbolTable {
 public:
  SymbolTable();

  // Load time. Spellings have passed the text policy (the compiler reports
  // those that do not); each is compared in its normalised form.
  // `intern` returns the symbol of a canonical spelling (codes and drug
  // names alike), creating it if needed.
  Symbol intern(std::string_view spelling);
  // Another spelling (brand, old name) of the same drug.
  void add_synonym(std::string_view spelling, Symbol drug);
  // A word dropped from the end of a drug name that is not known whole: a
  // salt or hydrate ("hydrochloride", "dihydrate") or a dose form ("odt").
  void add_qualifier(std::string_view word);
  // The symbol a name of the rule text stands for: the drug it is a
  // spelling of (generic, aka or brand, compared whole), else the name
  // itself as a code, interned.
  Symbol intern_name(std::string_view spelling);
  // The drug or code a load-time spelling names whole, kUnknownSymbol when none.
  Symbol lookup_spelling(std::string_view spelling) const { return lookup(key(spelling)); }

  // Verify time. The drug or code a request's name is, when written exactly
  // as the table holds one of its spellings in plain comparable form
  // (text::is_normalized_name): such a name needs no normalising, and most
  // names of a request are one. kUnknownSymbol for any other name, which
  // the caller normalises and gives to find_code or find_drug.
  Symbol find_as_written(std::string_view written) const {
    return by_name_.find_plain(written).value_or(kUnknownSymbol);
  }
  // `name` is already normalised (text::normalize_name); kUnknownSymbol
  // when no rule knows it.
  Symbol find_code(std::string_view name) const;
  // A drug name, whole or with qualifiers and a strength dropped from its
  // end, one word at a time, until a known name remains:
  //   - a qualifier word ("ondansetron hydrochloride dihydrate", "zofran odt");
  //   - a word starting with a digit, a strength ("ondansetron 8mg");
  //   - a unit after such a word ("ondansetron 8 mg").
  // A name known whole is never shortened ("levomethadyl acetate").
  Symbol find_drug(std::string_view name) const;

  // The canonical spelling, for messages.
  std::string_view spelling(Symbol s) const { return spellings_[s]; }
  std::size_t size() const { return spellings_.size(); }

  // The normalised form of a load-time spelling (text::normalize_name).
  static std::string key(std::string_view spelling);

 private:
  Symbol lookup(std::string_view normalized) const;

  std::vector<std::string> spellings_;
  NameIndex by_name_;    // every spelling, synonyms included, normalised
  NameIndex qualifiers_;  // values unused
};

}  // namespace rxr
