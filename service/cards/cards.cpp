#include "service/cards/cards.h"

#include <algorithm>
#include <array>
#include <optional>

#include <fmt/format.h>
#include <openssl/evp.h>

namespace rxrules::service {

namespace {

// Below the contract's 140 characters (CDS Hooks says "<140").
constexpr std::size_t kSummaryLimit = 139;

struct OverrideReason {
  const char* code;
  const char* display;
};
constexpr std::array kOverrideReasons = {
    OverrideReason{"clinically-appropriate", "Clinically appropriate for this patient"},
    OverrideReason{"prescriber-confirmed", "Confirmed with the prescriber"},
    OverrideReason{"data-checked-elsewhere", "Data checked outside the record"},
    OverrideReason{"protocol-deviation-approved", "Protocol deviation approved"},
};

const Json kNull;

const Json& at(const Json& j, const char* key) {
  if (!j.is_object()) return kNull;
  const auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

std::string str(const Json& j) { return j.is_string() ? j.get<std::string>() : (j.is_null() ? "" : j.dump()); }

std::string title_of(const rxr::compile::RuleSet& pack, const std::string& rule_id) {
  for (const rxr::compile::Rule& rule : pack.rules) {
    if (rule.id == rule_id) return rule.title;
  }
  return rule_id;
}

std::string source_label(const Json& response) {
  const Json& ruleset = at(response, "ruleset");
  return fmt::format("rxrules {} {}", str(at(ruleset, "name")), str(at(ruleset, "version")));
}

Json override_reasons() {
  Json out = Json::array();
  for (const OverrideReason& r : kOverrideReasons) {
    out.push_back({{"code", r.code}, {"system", kOverrideReasonSystem}, {"display", r.display}});
  }
  return out;
}

std::string facts_markdown(const Json& facts) {
  if (!facts.is_object() || facts.empty()) return "";
  std::string out = "\n\n**Facts**\n";
  for (const auto& [key, value] : facts.items()) out += fmt::format("\n- `{}`: {}", key, str(value));
  return out;
}

std::string missing_markdown(const Json& missing) {
  if (!missing.is_array() || missing.empty()) return "";
  std::string out = "\n\n**Missing data**: ";
  for (std::size_t i = 0; i < missing.size(); ++i) out += fmt::format("{}`{}`", i ? ", " : "", str(missing[i]));
  return out;
}

Json card(const CardInput& in, std::string_view key, std::string summary, std::string detail, const char* indicator) {
  Json c = {{"uuid", card_uuid(in.hook_instance, in.order_id, key)},
            {"summary", shorten(summary, kSummaryLimit)},
            {"detail", std::move(detail)},
            {"indicator", indicator},
            {"source", {{"label", source_label(*in.response)}}}};
  if (std::string_view(indicator) == "warning") c["overrideReasons"] = override_reasons();
  return c;
}

// The expected dose the pack worked out, when its response shows one: the
// `computed` value, else the finding's fact of that name.
std::optional<Json> expected_dose(const Json& response, const Json& finding) {
  for (const Json* source : {&at(response, "computed"), &at(finding, "facts")}) {
    const Json& value = at(*source, "expected_dose");
    if (!value.is_string()) continue;
    // "1.48 mg": a number and a unit.
    const std::string text = value.get<std::string>();
    const std::size_t space = text.find(' ');
    if (space == std::string::npos) continue;
    std::size_t used = 0;
    double number = 0;
    try {
      number = std::stod(text.substr(0, space), &used);
    } catch (const std::exception&) {
      continue;
    }
    if (used != space || !(number > 0)) continue;
    return Json{{"value", number}, {"unit", text.substr(space + 1)}};
  }
  return std::nullopt;
}

// A suggestion replacing the order's dose with the expected one (an `update`
// of the draft MedicationRequest), when the finding is about the ordered dose.
void add_dose_suggestion(const CardInput& in, const Json& finding, Json& c) {
  if (str(at(finding, "category")) != "regimen" || !at(at(finding, "facts"), "order.dose").is_string()) return;
  const auto dose = expected_dose(*in.response, finding);
  if (!dose || in.medication_request == nullptr) return;
  Json resource = *in.medication_request;
  Json& dosage = resource["dosageInstruction"];
  if (!dosage.is_array() || dosage.empty() || !dosage[0].is_object()) return;
  Json& dar = dosage[0]["doseAndRate"];
  if (!dar.is_array() || dar.empty() || !dar[0].is_object()) return;
  // The `ordered` entry when entries are typed (as the dose was read), else the first.
  Json* target = &dar[0];
  for (Json& e : dar) {
    if (at(e, "type").dump().find("\"ordered\"") != std::string::npos) target = &e;
  }
  (*target)["doseQuantity"] = {{"value", (*dose)["value"]}, {"unit", (*dose)["unit"]},
                               {"system", "http://unitsofmeasure.org"}, {"code", (*dose)["unit"]}};
  const std::string label = fmt::format("Change the dose to {} {}", (*dose)["value"].get<double>(), str((*dose)["unit"]));
  std::string resource_id = str(at(resource, "id"));
  Json action = {{"type", "update"}, {"description", label}, {"resource", std::move(resource)}};
  if (!resource_id.empty()) action["resourceId"] = "MedicationRequest/" + resource_id;
  c["suggestions"] = Json::array({{{"label", label},
                                   {"uuid", card_uuid(in.hook_instance, in.order_id, str(at(finding, "rule")) + "/dose")},
                                   {"isRecommended", true},
                                   {"actions", Json::array({std::move(action)})}}});
  c["selectionBehavior"] = "at-most-one";
}

}  // namespace

std::string card_uuid(std::string_view hook_instance, std::string_view order_id, std::string_view key) {
  const std::string input = fmt::format("{}\n{}\n{}", hook_instance, order_id, key);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(input.data(), input.size(), digest.data(), &length, EVP_sha256(), nullptr);
  // RFC 9562 version 8 (a name-based UUID of our own hash), variant 10.
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0F) | 0x80);
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3F) | 0x80);
  std::string hex;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) hex += '-';
    hex += fmt::format("{:02x}", digest[i]);
  }
  return hex;
}

std::string shorten(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return std::string(text);
  std::size_t cut = limit - 3;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return std::string(text.substr(0, cut)) + "...";
}

void append_cards(const CardInput& in, Json& cards) {
  const Json& response = *in.response;
  const std::string source = source_label(response);
  const Json& findings = at(response, "findings");

  const Json& problems = at(response, "problems");
  if (problems.is_array() && !problems.empty()) {
    std::string detail = "The order's data could not be read as the rules need it; correct it and sign again.\n";
    for (const Json& p : problems) detail += fmt::format("\n- `{}`: {}", str(at(p, "path")), str(at(p, "message")));
    detail += fmt::format("\n\n**Source**: {}", source);
    cards.push_back(card(in, "problems", fmt::format("{}: invalid order data", in.drug), std::move(detail), "critical"));
  }

  // Missing datum -> the rules it left undecided, in the order met.
  std::vector<std::pair<std::string, std::vector<std::string>>> missing;
  std::string info_detail;
  if (findings.is_array()) {
    for (const Json& f : findings) {
      const std::string rule = str(at(f, "rule"));
      const std::string severity = str(at(f, "severity"));
      if (in.undecided->contains(rule)) {
        for (const Json& path : at(f, "missing")) {
          auto it = std::find_if(missing.begin(), missing.end(), [&](const auto& m) { return m.first == str(path); });
          if (it == missing.end()) it = missing.insert(missing.end(), {str(path), {}});
          it->second.push_back(fmt::format("{} ({})", rule, title_of(*in.pack, rule)));
        }
        continue;
      }
      const std::string title = title_of(*in.pack, rule);
      if (severity == "info") {
        info_detail += fmt::format("\n\n**{}** ({}): {}{}", title, rule, str(at(f, "message")), facts_markdown(at(f, "facts")));
        continue;
      }
      const char* indicator = severity == "block" ? "critical" : "warning";
      std::string detail = fmt::format("{}{}{}\n\n**Source**: {} ({}, rule {})", str(at(f, "message")),
                                       facts_markdown(at(f, "facts")), missing_markdown(at(f, "missing")),
                                       str(at(f, "source")), source, rule);
      Json c = card(in, rule, fmt::format("{}: {}", in.drug, title), std::move(detail), indicator);
      if (severity == "block") add_dose_suggestion(in, f, c);
      cards.push_back(std::move(c));
    }
  }

  if (!missing.empty()) {
    std::string detail = "These rules could not be decided because data is missing from the record; "
                         "check the data or the order by hand.\n";
    for (const auto& [path, rules] : missing) {
      detail += fmt::format("\n- `{}`: needed by ", path);
      for (std::size_t i = 0; i < rules.size(); ++i) detail += (i ? ", " : "") + rules[i];
    }
    detail += fmt::format("\n\n**Source**: {}", source);
    cards.push_back(card(in, "missing-data", fmt::format("{}: not checked for lack of data", in.drug), std::move(detail),
                         "warning"));
  }
  if (!info_detail.empty()) {
    cards.push_back(card(in, "info", fmt::format("{}: for information", in.drug),
                         info_detail.substr(2) + fmt::format("\n\n**Source**: {}", source), "info"));
  }
}

}  // namespace rxrules::service
