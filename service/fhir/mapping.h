// How FHIR R4 resources become a verification request (docs/cds-hooks.md,
// "The mapping file"): the data a site can change without a new build. The
// shipped default is service/mapping/default-mapping.json.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rxrules::service {

// What an extension's value must be to be read; anything else is absent.
enum class ValueType { kInteger, kBoolean, kCode, kString, kQuantity, kDateTime, kCodes };

// An extension read into a request path (or, inside a list, into a member).
struct ExtensionField {
  std::string url;
  std::string path;  // "order.cycle"; in a list entry the member name ("cycle")
  ValueType type = ValueType::kString;
  // For `codes`: the site records every such code on the order, so none means an empty list.
  bool complete = false;
};

// A repeated complex extension on the order that becomes a request list
// (dose reductions, interruptions): each occurrence one entry.
struct ExtensionList {
  std::string url;
  std::string path;  // "history.dose_reductions"
  std::vector<ExtensionField> members;
  bool complete = false;  // the site records every such event: none means an empty list
};

// A coded value: (system, code) -> the request's code.
struct CodeRule {
  std::string system, code, value;
};

// Observations by LOINC code into one request path.
struct ObservationField {
  std::string path;  // "labs.anc", "patient.weight"
  std::vector<std::string> loinc;
  bool is_lab() const { return path.starts_with("labs."); }  // labs carry uln, lln and at
};

struct Mapping {
  std::string drug_code_system;
  std::map<std::string, std::string> drug_codes;  // code -> drug name
  std::vector<CodeRule> route_codes;
  std::map<std::string, std::string> route_texts;  // lower-case text -> route
  std::map<std::string, std::string> unit_aliases; // UCUM code -> the equal spelling the engine knows
  std::vector<ExtensionField> order_extensions;
  std::vector<ExtensionList> order_lists;
  std::vector<std::string> observation_statuses;
  std::vector<ObservationField> observations;
  struct {
    bool complete = false;
    std::vector<ExtensionField> extensions;
  } administrations;
  struct {
    bool complete = false;
    std::vector<CodeRule> types;
    std::map<std::string, bool> outcomes;  // AdverseEvent.outcome code -> resolved
    std::vector<ExtensionField> extensions;
  } adverse_events;

  // Every LOINC code the observations read, in mapping order (discovery's prefetch).
  std::vector<std::string> loinc_codes() const;
};

struct MappingLoad {
  std::optional<Mapping> mapping;
  std::string error;  // "FILE: /observations/codes/2/path: expected a string"
};

MappingLoad load_mapping(const std::string& path);
MappingLoad parse_mapping(const std::string& text, const std::string& name);

}  // namespace rxrules::service
