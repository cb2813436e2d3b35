// From one order's verification response to CDS Hooks 2.0 cards
// (cds-hooks.md, "From findings to cards").
#pragma once

#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "compile/rule_set.h"

namespace rxrules::service {

using Json = nlohmann::json;

// The coded reasons a warning card offers for overriding it (system below).
inline constexpr std::string_view kOverrideReasonSystem = "urn:rxrules:override-reason";

struct CardInput {
  std::string_view hook_instance;
  std::string_view order_id;
  std::string_view drug;                  // as the order names it
  const Json* medication_request = nullptr;  // the draft order, base of a suggested update
  const Json* response = nullptr;         // the verification response
  const rxr::compile::RuleSet* pack = nullptr;  // the pack that answered (rule titles)
  // The rules that fired undecided for lack of data (not those that fired on absent data).
  const std::set<std::string>* undecided = nullptr;
};

// Appends the order's cards to `cards`: one per decided block or warn
// finding, one for all its missing data, one for its info findings, one for
// its input problems.
void append_cards(const CardInput& input, Json& cards);

// A card's uuid: the same for the same hook instance, order and rule.
std::string card_uuid(std::string_view hook_instance, std::string_view order_id, std::string_view key);

// `text` cut to at most `limit` bytes on a UTF-8 boundary, marked with "..." when cut.
std::string shorten(std::string_view text, std::size_t limit);

}  // namespace rxrules::service
