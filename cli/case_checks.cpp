#include "cli/case_checks.h"

#include <algorithm>
#include <array>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "compile/closest.h"

namespace rxr::cli {

using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 3> kFileKeys{"about", "base", "cases"};
constexpr std::array<std::string_view, 6> kAssertions{"verdict", "fires", "quiet", "missing", "undecided", "problems"};
constexpr std::array<std::string_view, 4> kInputs{"name", "base", "set", "remove"};
constexpr std::array<std::string_view, 3> kVerdicts{"pass", "warn", "block"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// " (did you mean 'fires'?)" when a candidate is a plausible typo of `name`.
template <typename Names>
std::string did_you_mean(std::string_view name, const Names& candidates) {
  const std::vector<std::string_view> names(std::begin(candidates), std::end(candidates));
  std::size_t budget = compile::kSuggestionBudget;
  const std::string_view best = compile::closest(name, names, budget);
  return best.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", best);
}

std::string unknown_key(std::string_view key, std::string_view where) {
  std::vector<std::string_view> known(kInputs.begin(), kInputs.end());
  known.insert(known.end(), kAssertions.begin(), kAssertions.end());
  return fmt::format("unknown key '{}' in {}{}; a case has {}", key, where, did_you_mean(key, known),
                     fmt::join(known, ", "));
}

// The rule ids a case names under fires, quiet (lists) and missing, undecided (objects).
std::vector<std::string> named_rules(const json& c, std::vector<std::string>& mistakes) {
  std::vector<std::string> ids;
  for (const char* key : {"fires", "quiet"}) {
    if (!c.contains(key)) continue;
    if (!c.at(key).is_array()) {
      mistakes.push_back(fmt::format("'{}' must be a list of rule ids", key));
      continue;
    }
    for (const json& id : c.at(key)) {
      if (id.is_string()) ids.push_back(id.get<std::string>());
      else mistakes.push_back(fmt::format("'{}' holds {}, not a rule id", key, id.dump()));
    }
  }
  for (const char* key : {"missing", "undecided"}) {
    if (!c.contains(key)) continue;
    if (!c.at(key).is_object()) {
      mistakes.push_back(fmt::format("'{}' must map rule ids to the paths they lack", key));
      continue;
    }
    for (const auto& [id, paths] : c.at(key).items()) {
      ids.push_back(id);
      if (!paths.is_array() || !std::all_of(paths.begin(), paths.end(), [](const json& p) { return p.is_string(); })) {
        mistakes.push_back(fmt::format("'{}' of {} must be a list of paths", key, id));
      }
    }
  }
  return ids;
}

// Whether `path` ("labs.anc.value", "premedications[0].drug") names
// something the pack's request schema declares; the reason when not.
std::string unknown_path(const schema::Schema& schema, const std::string& path) {
  schema::FieldId at = schema::kNoField;  // the top level
  bool in_value = false;                  // past a quantity's value or unit: nothing further
  std::size_t i = 0;
  while (i < path.size()) {
    if (in_value) return fmt::format("'{}': a value has no members", path);
    if (path[i] == '[') {
      const std::size_t close = path.find(']', i);
      const bool digits = close != std::string::npos && close > i + 1 &&
                          std::all_of(path.begin() + static_cast<long>(i) + 1, path.begin() + static_cast<long>(close),
                                      [](char c) { return c >= '0' && c <= '9'; });
      if (!digits) return fmt::format("'{}': an index is written [0], [1], ...", path);
      if (at == schema::kNoField || !schema.field(at).is_list()) {
        return fmt::format("'{}': {} is not a list", path, at == schema::kNoField ? "the request" : schema.field(at).path);
      }
      in_value = schema.field(at).is_name_list();  // an entry of a code or drug list is a string
      i = close + 1;
      continue;
    }
    if (path[i] == '.') ++i;
    const std::size_t end = std::min(path.find('.', i), path.find('[', i));
    const std::string name = path.substr(i, end == std::string::npos ? std::string::npos : end - i);
    if (name.empty()) return fmt::format("'{}' has an empty step", path);
    const schema::FieldId member = schema.member(at, name);
    if (member != schema::kNoField) {
      at = member;
    } else if (at != schema::kNoField &&
               (schema.field(at).type == schema::FieldType::kQuantity ||
                schema.field(at).type == schema::FieldType::kLab) &&
               (name == "value" || name == "unit")) {
      in_value = true;
    } else {
      std::vector<std::string_view> siblings;
      for (const schema::Member& m : schema.members(at)) siblings.push_back(m.name);
      const std::string where = at == schema::kNoField ? "the request" : schema.field(at).path;
      return fmt::format("'{}': {} has no field '{}'{}", path, where, name, did_you_mean(name, siblings));
    }
    i = end == std::string::npos ? path.size() : end;
  }
  return {};
}

}  // namespace

std::vector<std::string> check_case_file(const json& doc) {
  std::vector<std::string> mistakes;
  if (!doc.is_object()) return {"a case file is a JSON object with \"cases\""};
  for (const auto& [key, value] : doc.items()) {
    if (!one_of(kFileKeys, key)) {
      mistakes.push_back(fmt::format("unknown key '{}' in the case file{}; it has {}", key,
                                     did_you_mean(key, kFileKeys), fmt::join(kFileKeys, ", ")));
    }
  }
  if (!doc.contains("cases") || !doc.at("cases").is_array()) mistakes.push_back("the case file has no \"cases\" list");
  return mistakes;
}

std::vector<std::string> check_case(const json& c, const compile::RuleSet& rules) {
  if (!c.is_object()) return {"a case is a JSON object"};
  std::vector<std::string> mistakes;
  bool asserts = false;
  for (const auto& [key, value] : c.items()) {
    if (one_of(kAssertions, key)) asserts = true;
    else if (!one_of(kInputs, key)) mistakes.push_back(unknown_key(key, "the case"));
  }
  if (!c.contains("name") || !c.at("name").is_string() || c.at("name").get<std::string>().empty()) {
    mistakes.push_back("the case has no name");
  }
  if (!asserts) {
    mistakes.push_back(fmt::format("the case asserts nothing: give it one of {}", fmt::join(kAssertions, ", ")));
  }
  if (c.contains("verdict")) {
    const json& verdict = c.at("verdict");
    if (!verdict.is_string() || !one_of(kVerdicts, verdict.get<std::string>())) {
      mistakes.push_back(fmt::format("verdict {} is not pass, warn or block", verdict.dump()));
    }
  }
  for (const std::string& id : named_rules(c, mistakes)) {
    const bool known = std::any_of(rules.rules.begin(), rules.rules.end(), [&](const compile::Rule& r) { return r.id == id; });
    if (!known) {
      std::vector<std::string_view> ids;
      for (const compile::Rule& r : rules.rules) ids.push_back(r.id);
      mistakes.push_back(fmt::format("unknown rule id '{}'{}: the pack has no such rule", id, did_you_mean(id, ids)));
    }
  }
  if (c.contains("set")) {
    if (!c.at("set").is_object()) mistakes.push_back("'set' must map request paths to values");
    else for (const auto& [path, value] : c.at("set").items()) {
      if (std::string why = unknown_path(rules.schema, path); !why.empty()) mistakes.push_back("set " + why);
    }
  }
  if (c.contains("remove")) {
    if (!c.at("remove").is_array()) mistakes.push_back("'remove' must be a list of request paths");
    else for (const json& path : c.at("remove")) {
      if (!path.is_string()) mistakes.push_back(fmt::format("'remove' holds {}, not a path", path.dump()));
      else if (std::string why = unknown_path(rules.schema, path.get<std::string>()); !why.empty()) {
        mistakes.push_back("remove " + why);
      }
    }
  }
  return mistakes;
}

}  // namespace rxr::cli
