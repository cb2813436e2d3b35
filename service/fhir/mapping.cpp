#include "service/fhir/mapping.h"

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace rxrules::service {

namespace {

using nlohmann::json;

// A mistake in the mapping file, at a JSON pointer.
struct MappingError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const std::string& at, const std::string& what) { throw MappingError(at + ": " + what); }

// Members outside `known` are mistakes (a misspelt key would silently read nothing).
const json& object(const json& j, const std::string& at, std::initializer_list<const char*> known) {
  if (!j.is_object()) fail(at, "expected an object");
  std::set<std::string> allowed(known.begin(), known.end());
  for (const auto& [key, value] : j.items()) {
    if (!allowed.contains(key)) fail(at + "/" + key, "unknown key");
  }
  return j;
}

const json& member(const json& j, const std::string& at, const char* key) {
  if (!j.contains(key)) fail(at, std::string("missing key '") + key + "'");
  return j.at(key);
}

std::string text(const json& j, const std::string& at) {
  if (!j.is_string() || j.get_ref<const std::string&>().empty()) fail(at, "expected a non-empty string");
  return j.get<std::string>();
}

bool flag(const json& j, const std::string& at) {
  if (!j.is_boolean()) fail(at, "expected true or false");
  return j.get<bool>();
}

const json& array(const json& j, const std::string& at) {
  if (!j.is_array()) fail(at, "expected an array");
  return j;
}

ValueType value_type(const json& j, const std::string& at) {
  static const std::map<std::string, ValueType> kTypes = {
      {"integer", ValueType::kInteger}, {"boolean", ValueType::kBoolean}, {"code", ValueType::kCode},
      {"string", ValueType::kString},   {"quantity", ValueType::kQuantity}, {"dateTime", ValueType::kDateTime},
      {"codes", ValueType::kCodes}};
  const auto it = kTypes.find(text(j, at));
  if (it == kTypes.end()) fail(at, "expected one of integer, boolean, code, string, quantity, dateTime, codes");
  return it->second;
}

std::vector<ExtensionField> extensions(const json& j, const std::string& at) {
  std::vector<ExtensionField> out;
  for (std::size_t i = 0; i < array(j, at).size(); ++i) {
    const std::string here = at + "/" + std::to_string(i);
    const json& e = object(j[i], here, {"url", "path", "type", "complete"});
    ExtensionField field{text(member(e, here, "url"), here + "/url"), text(member(e, here, "path"), here + "/path"),
                         value_type(member(e, here, "type"), here + "/type")};
    if (e.contains("complete")) {
      if (field.type != ValueType::kCodes) fail(here + "/complete", "only a list of codes can be declared complete");
      field.complete = flag(e["complete"], here + "/complete");
    }
    out.push_back(std::move(field));
  }
  return out;
}

std::map<std::string, std::string> text_map(const json& j, const std::string& at) {
  if (!j.is_object()) fail(at, "expected an object");
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : j.items()) out[key] = text(value, at + "/" + key);
  return out;
}

std::vector<CodeRule> code_rules(const json& j, const std::string& at, const char* value_key) {
  std::vector<CodeRule> out;
  for (std::size_t i = 0; i < array(j, at).size(); ++i) {
    const std::string here = at + "/" + std::to_string(i);
    const json& c = object(j[i], here, {"system", "code", value_key});
    out.push_back({text(member(c, here, "system"), here + "/system"), text(member(c, here, "code"), here + "/code"),
                   text(member(c, here, value_key), here + "/" + value_key)});
  }
  return out;
}

Mapping read(const json& root) {
  object(root, "", {"format", "drug_codes", "routes", "unit_aliases", "order_extensions", "order_lists", "observations",
                    "administrations", "adverse_events"});
  if (text(member(root, "", "format"), "/format") != "rxrules-fhir-mapping/1") {
    fail("/format", "expected \"rxrules-fhir-mapping/1\"");
  }
  Mapping m;
  if (root.contains("drug_codes")) {
    const json& d = object(root["drug_codes"], "/drug_codes", {"system", "codes"});
    m.drug_code_system = text(member(d, "/drug_codes", "system"), "/drug_codes/system");
    m.drug_codes = text_map(member(d, "/drug_codes", "codes"), "/drug_codes/codes");
  }
  if (root.contains("routes")) {
    const json& r = object(root["routes"], "/routes", {"codes", "texts"});
    if (r.contains("codes")) m.route_codes = code_rules(r["codes"], "/routes/codes", "route");
    if (r.contains("texts")) {
      for (const auto& [key, value] : text_map(r["texts"], "/routes/texts")) {
        std::string lower = key;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        m.route_texts[lower] = value;
      }
    }
  }
  if (root.contains("unit_aliases")) m.unit_aliases = text_map(root["unit_aliases"], "/unit_aliases");
  if (root.contains("order_extensions")) m.order_extensions = extensions(root["order_extensions"], "/order_extensions");
  if (root.contains("order_lists")) {
    const json& lists = array(root["order_lists"], "/order_lists");
    for (std::size_t i = 0; i < lists.size(); ++i) {
      const std::string here = "/order_lists/" + std::to_string(i);
      const json& l = object(lists[i], here, {"url", "path", "complete", "members"});
      m.order_lists.push_back({text(member(l, here, "url"), here + "/url"), text(member(l, here, "path"), here + "/path"),
                               extensions(member(l, here, "members"), here + "/members"),
                               l.contains("complete") && flag(l["complete"], here + "/complete")});
    }
  }
  if (root.contains("observations")) {
    const json& o = object(root["observations"], "/observations", {"statuses", "codes"});
    for (std::size_t i = 0; i < array(member(o, "/observations", "statuses"), "/observations/statuses").size(); ++i) {
      m.observation_statuses.push_back(text(o["statuses"][i], "/observations/statuses/" + std::to_string(i)));
    }
    const json& codes = array(member(o, "/observations", "codes"), "/observations/codes");
    for (std::size_t i = 0; i < codes.size(); ++i) {
      const std::string here = "/observations/codes/" + std::to_string(i);
      const json& c = object(codes[i], here, {"path", "loinc"});
      ObservationField field{text(member(c, here, "path"), here + "/path"), {}};
      const json& loinc = array(member(c, here, "loinc"), here + "/loinc");
      for (std::size_t k = 0; k < loinc.size(); ++k) field.loinc.push_back(text(loinc[k], here + "/loinc/" + std::to_string(k)));
      m.observations.push_back(std::move(field));
    }
  }
  if (root.contains("administrations")) {
    const json& a = object(root["administrations"], "/administrations", {"complete", "extensions"});
    m.administrations.complete = a.contains("complete") && flag(a["complete"], "/administrations/complete");
    if (a.contains("extensions")) m.administrations.extensions = extensions(a["extensions"], "/administrations/extensions");
  }
  if (root.contains("adverse_events")) {
    const json& a = object(root["adverse_events"], "/adverse_events", {"complete", "types", "outcomes", "extensions"});
    m.adverse_events.complete = a.contains("complete") && flag(a["complete"], "/adverse_events/complete");
    if (a.contains("types")) m.adverse_events.types = code_rules(a["types"], "/adverse_events/types", "type");
    if (a.contains("outcomes")) {
      if (!a["outcomes"].is_object()) fail("/adverse_events/outcomes", "expected an object");
      for (const auto& [key, value] : a["outcomes"].items()) {
        m.adverse_events.outcomes[key] = flag(value, "/adverse_events/outcomes/" + key);
      }
    }
    if (a.contains("extensions")) m.adverse_events.extensions = extensions(a["extensions"], "/adverse_events/extensions");
  }
  return m;
}

}  // namespace

std::vector<std::string> Mapping::loinc_codes() const {
  std::vector<std::string> out;
  for (const ObservationField& f : observations) out.insert(out.end(), f.loinc.begin(), f.loinc.end());
  return out;
}

MappingLoad parse_mapping(const std::string& text, const std::string& name) {
  const json root = json::parse(text, nullptr, false);
  if (root.is_discarded()) return {std::nullopt, name + ": not valid JSON"};
  try {
    return {read(root), ""};
  } catch (const MappingError& e) {
    return {std::nullopt, name + ": " + e.what()};
  }
}

MappingLoad load_mapping(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {std::nullopt, path + ": cannot read the mapping file"};
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return parse_mapping(bytes.str(), path);
}

}  // namespace rxrules::service
