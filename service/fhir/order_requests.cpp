#include "service/fhir/order_requests.h"

#include <algorithm>

#include "text/name_policy.h"

namespace rxrules::service {

namespace {

using namespace std::chrono;

constexpr std::string_view kDoseRateType = "http://terminology.hl7.org/CodeSystem/dose-rate-type";

// Whether a drug name fails the engine's text policy (it then routes nowhere).
bool text_refused(std::string_view text, std::string& out) {
  const rxr::text::NameCheck check = rxr::text::normalize_name(text, out);
  return check.refused() || out.empty();
}


// The resources of `type` in a prefetch value: a Bundle's entries, or the
// resource itself. Null, an OperationOutcome or anything else: absent.
std::optional<std::vector<const Json*>> resources(const Json& value, std::string_view type) {
  const auto resource_type = string_at(value, "resourceType");
  if (!resource_type) return std::nullopt;
  std::vector<const Json*> out;
  if (*resource_type == type) {
    out.push_back(&value);
    return out;
  }
  if (*resource_type != "Bundle") return std::nullopt;
  const Json& entries = at(value, "entry");
  if (!entries.is_array()) return out;
  for (const Json& entry : entries) {
    const Json& resource = at(entry, "resource");
    if (string_at(resource, "resourceType") == type) out.push_back(&resource);
  }
  return out;
}

const Json& first(const Json& array) {
  static const Json kNull;
  return array.is_array() && !array.empty() ? array.front() : kNull;
}

// The dose of dosageInstruction[0]: the `ordered` entry of doseAndRate when
// entries are typed, else the first.
const Json& dose_and_rate(const Json& dosage) {
  static const Json kNull;
  const Json& entries = at(dosage, "doseAndRate");
  if (!entries.is_array() || entries.empty()) return kNull;
  const bool typed = std::any_of(entries.begin(), entries.end(), [](const Json& e) { return !at(e, "type").is_null(); });
  if (!typed) return entries.front();
  for (const Json& e : entries) {
    if (has_coding(at(e, "type"), kDoseRateType, "ordered")) return e;
  }
  return kNull;
}

std::optional<std::string> route_of(const Json& codeable, const Mapping& mapping) {
  for (const CodeRule& rule : mapping.route_codes) {
    if (has_coding(codeable, rule.system, rule.code)) return rule.value;
  }
  if (auto text = string_at(codeable, "text")) {
    std::string lower = *text;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (const auto it = mapping.route_texts.find(lower); it != mapping.route_texts.end()) return it->second;
  }
  return std::nullopt;
}

std::optional<std::string> time_at(const Json& j, std::string_view key) {
  auto text = string_at(j, key);
  if (text && parse_time(*text)) return text;
  return std::nullopt;
}

// The dose, daily dose, route and start of a MedicationRequest's first dosage instruction.
Json dosing(const Json& medication_request, const Mapping& mapping, bool with_daily_dose) {
  Json out = Json::object();
  const Json& dosage = first(at(medication_request, "dosageInstruction"));
  const Json& dr = dose_and_rate(dosage);
  if (auto dose = ucum_quantity(at(dr, "doseQuantity"), mapping)) out["dose"] = std::move(*dose);
  if (with_daily_dose) {
    if (auto rate = ucum_quantity(at(dr, "rateQuantity"), mapping); rate && is_mass_per_time((*rate)["unit"].get<std::string>())) {
      out["daily_dose"] = std::move(*rate);
    }
  }
  if (auto route = route_of(at(dosage, "route"), mapping)) out["route"] = *route;
  if (auto start = time_at(at(at(at(dosage, "timing"), "repeat"), "boundsPeriod"), "start")) out["start"] = *start;
  return out;
}

// A list the mapping may declare complete: entries when there are any;
// none is an empty list only when the site records every such event.
void set_history_list(Json& request, std::string_view path, Json entries, bool readable, bool complete) {
  if (!readable) return;
  if (!entries.empty() || complete) set_path(request, path, std::move(entries));
}


Json age_at(TimePoint birth, TimePoint now) {
  const year_month_day b{floor<days>(birth)}, n{floor<days>(now)};
  int months = (int(n.year()) - int(b.year())) * 12 + (int(unsigned(n.month())) - int(unsigned(b.month())));
  if (n.day() < b.day()) --months;  // the month is not complete yet
  if (months < 0) return nullptr;
  if (months < 12) return Json{{"value", months}, {"unit", "mo"}};
  return Json{{"value", months / 12}, {"unit", "a"}};
}

// Age and sex from prefetch.patient (one Patient).
Json read_patient(const Json& prefetch, TimePoint now) {
  Json out = Json::object();
  const auto patients = resources(at(prefetch, "patient"), "Patient");
  if (!patients || patients->size() != 1) return out;
  const Json& patient = *patients->front();
  if (auto birth = string_at(patient, "birthDate")) {
    if (auto t = parse_time(*birth); t && birth->size() == 10) {
      if (Json age = age_at(*t, now); !age.is_null()) out["age"] = std::move(age);
    }
  }
  // FHIR's "other" and "unknown" say nothing the rules can use.
  if (auto gender = string_at(patient, "gender"); gender && (*gender == "male" || *gender == "female")) {
    out["sex"] = *gender;
  }
  return out;
}

bool has_loinc(const Json& observation, const std::vector<std::string>& codes) {
  return std::any_of(codes.begin(), codes.end(), [&](const std::string& c) { return has_coding(at(observation, "code"), kLoinc, c); });
}

// The newest usable Observation for each mapped path (status final,
// amended or corrected); the value of the newest one, or nothing.
void read_observations(const Json& prefetch, const Mapping& mapping, TimePoint now, Json& request) {
  const auto observations = resources(at(prefetch, "observations"), "Observation");
  if (!observations) return;
  for (const ObservationField& field : mapping.observations) {
    const Json* newest = nullptr;
    std::optional<TimePoint> newest_at;
    for (const Json* o : *observations) {
      const auto status = string_at(*o, "status");
      if (!status || std::find(mapping.observation_statuses.begin(), mapping.observation_statuses.end(), *status) ==
                         mapping.observation_statuses.end()) {
        continue;
      }
      if (!has_loinc(*o, field.loinc)) continue;
      std::optional<TimePoint> when;
      if (auto text = string_at(*o, "effectiveDateTime")) when = parse_time(*text);
      if (when && *when > now + hours{24}) continue;  // a result dated in the future is an error, not the newest value
      if (newest == nullptr || (when && (!newest_at || *when > *newest_at))) {
        newest = o;
        newest_at = when;
      }
    }
    if (newest == nullptr) continue;
    auto value = ucum_quantity(at(*newest, "valueQuantity"), mapping);
    if (!value) continue;
    if (field.is_lab()) {
      const Json& range = first(at(*newest, "referenceRange"));
      for (const auto& [fhir_key, limit] : {std::pair{"high", "uln"}, std::pair{"low", "lln"}}) {
        // A limit in another unit than the value is not comparable as the contract's bare number.
        if (auto bound = ucum_quantity(at(range, fhir_key), mapping); bound && (*bound)["unit"] == (*value)["unit"]) {
          (*value)[limit] = (*bound)["value"];
        }
      }
      if (newest_at) (*value)["at"] = string_at(*newest, "effectiveDateTime").value();
    }
    set_path(request, field.path, std::move(*value));
  }
}

Json drug_entry(const std::optional<std::string>& drug) {
  Json entry = Json::object();
  if (drug) entry["drug"] = *drug;
  return entry;
}

void read_medications(const Json& prefetch, const Mapping& mapping, Json& request) {
  const auto requests = resources(at(prefetch, "medications"), "MedicationRequest");
  if (!requests) return;
  Json list = Json::array();
  for (const Json* m : *requests) {
    if (string_at(*m, "status") != "active") continue;
    // An active medication whose name cannot be read stays in the list,
    // unnamed: the data-quality rule reports it instead of it vanishing.
    list.push_back(drug_entry(medication_of(*m, mapping)));
  }
  request["medications"] = std::move(list);
}

void read_administrations(const Json& prefetch, const Mapping& mapping, const rxr::api::Catalogue& catalogue,
                          const rxr::compile::RuleSet* pack, Json& request) {
  const Json& value = at(prefetch, "administrations");
  const auto given = resources(value, "MedicationAdministration");
  Json list = Json::array();
  for (const Json* a : given.value_or(std::vector<const Json*>{})) {
    if (string_at(*a, "status") != "completed") continue;
    const auto drug = medication_of(*a, mapping);
    if (!drug || pack_for_drug(catalogue, *drug) != pack) continue;
    Json entry = Json::object();
    const Json& dosage = at(*a, "dosage");
    if (auto dose = ucum_quantity(at(dosage, "dose"), mapping)) entry["dose"] = std::move(*dose);
    if (auto rate = ucum_quantity(at(dosage, "rateQuantity"), mapping); rate && is_mass_per_time((*rate)["unit"].get<std::string>())) {
      entry["daily_dose"] = std::move(*rate);
    }
    if (auto t = time_at(*a, "effectiveDateTime")) entry["given_at"] = *t;
    if (auto t = time_at(at(*a, "effectivePeriod"), "start")) entry["given_at"] = *t;
    if (auto t = time_at(at(*a, "effectivePeriod"), "end")) entry["ended_at"] = *t;
    read_extensions(*a, mapping.administrations.extensions, mapping, entry);
    list.push_back(std::move(entry));
  }
  // Absent (no key, null) counts as "none recorded" for a complete list; an
  // OperationOutcome is a failed query and never means none.
  const bool readable = given.has_value() || value.is_null();
  set_history_list(request, "history.administrations", std::move(list), readable, mapping.administrations.complete);
}

void read_adverse_events(const Json& prefetch, const Mapping& mapping, Json& request) {
  const Json& value = at(prefetch, "adverse_events");
  const auto events = resources(value, "AdverseEvent");
  const auto& m = mapping.adverse_events;
  Json list = Json::array();
  for (const Json* e : events.value_or(std::vector<const Json*>{})) {
    if (string_at(*e, "actuality") != "actual") continue;  // a potential event did not happen
    Json entry = Json::object();
    for (const CodeRule& rule : m.types) {
      if (has_coding(at(*e, "event"), rule.system, rule.code)) {
        entry["type"] = rule.value;
        break;
      }
    }
    if (auto t = time_at(*e, "date")) entry["onset"] = *t;
    const Json& outcome_codings = at(at(*e, "outcome"), "coding");
    if (outcome_codings.is_array()) {
      for (const Json& coding : outcome_codings) {
        const auto code = string_at(coding, "code");
        if (!code) continue;
        if (const auto it = m.outcomes.find(*code); it != m.outcomes.end()) entry["resolved"] = it->second;
      }
    }
    read_extensions(*e, m.extensions, mapping, entry);
    list.push_back(std::move(entry));
  }
  const bool readable = events.has_value() || value.is_null();
  set_history_list(request, "history.toxicities", std::move(list), readable, m.complete);
}

// Repeated complex extensions of the order (dose reductions, interruptions).
void read_order_lists(const Json& order, const Mapping& mapping, Json& request) {
  const Json& extensions = at(order, "extension");
  for (const ExtensionList& list : mapping.order_lists) {
    Json entries = Json::array();
    if (extensions.is_array()) {
      for (const Json& e : extensions) {
        if (string_at(e, "url") != list.url) continue;
        Json entry = Json::object();
        read_extensions(e, list.members, mapping, entry);
        entries.push_back(std::move(entry));
      }
    }
    set_history_list(request, list.path, std::move(entries), true, list.complete);
  }
}

std::string order_id_of(const Json& order, std::size_t index) {
  if (auto id = string_at(order, "id")) return *id;
  return "draftOrders-" + std::to_string(index);
}

}  // namespace

const rxr::compile::RuleSet* pack_for_drug(const rxr::api::Catalogue& catalogue, std::string_view drug) {
  std::string name;
  if (text_refused(drug, name)) return nullptr;
  return catalogue.route(name);
}

std::vector<const Json*> draft_medication_requests(const Json& context) {
  std::vector<const Json*> out;
  const Json& entries = at(at(context, "draftOrders"), "entry");
  if (!entries.is_array()) return out;
  for (const Json& entry : entries) {
    const Json& resource = at(entry, "resource");
    const auto type = string_at(resource, "resourceType");
    if (type == "MedicationRequest") out.push_back(&resource);
    if (type == "RequestGroup") {
      const Json& contained = at(resource, "contained");
      if (!contained.is_array()) continue;
      for (const Json& c : contained) {
        if (string_at(c, "resourceType") == "MedicationRequest") out.push_back(&c);
      }
    }
  }
  return out;
}

std::vector<OrderToVerify> order_requests(const HookInput& input, const Mapping& mapping,
                                          const rxr::api::Catalogue& catalogue, TimePoint now) {
  const Json& context = *input.context;
  const Json& prefetch = *input.prefetch;
  const std::vector<const Json*> drafts = draft_medication_requests(context);

  std::set<std::string> selected;
  if (input.select_only) {
    const Json& selections = at(context, "selections");
    if (selections.is_array()) {
      for (const Json& s : selections) {
        if (s.is_string()) selected.insert(s.get<std::string>());
      }
    }
  }

  Json shared = Json::object();  // what every order of the call shares: patient, labs, medications
  shared["patient"] = read_patient(prefetch, now);
  read_observations(prefetch, mapping, now, shared);
  read_medications(prefetch, mapping, shared);

  std::vector<OrderToVerify> out;
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    const Json& order = *drafts[i];
    const std::string id = order_id_of(order, i);
    if (input.select_only && !selected.contains("MedicationRequest/" + id)) continue;
    const auto drug = medication_of(order, mapping);
    if (!drug) continue;
    const rxr::compile::RuleSet* pack = pack_for_drug(catalogue, *drug);
    if (pack == nullptr) continue;  // no pack covers it: no card

    Json request = shared;
    request["id"] = id;
    request["as_of"] = format_time(now);
    Json dose = dosing(order, mapping, true);
    Json& o = request["order"];
    o["drug"] = *drug;
    for (const char* key : {"dose", "daily_dose", "route"}) {
      if (dose.contains(key)) o[key] = dose[key];
    }
    if (dose.contains("start")) o["scheduled_at"] = dose["start"];
    read_extensions(order, mapping.order_extensions, mapping, request);
    read_order_lists(order, mapping, request);
    read_administrations(prefetch, mapping, catalogue, pack, request);
    read_adverse_events(prefetch, mapping, request);

    Json premedications = Json::array();
    for (std::size_t k = 0; k < drafts.size(); ++k) {
      if (k == i) continue;
      Json entry = drug_entry(medication_of(*drafts[k], mapping));
      Json other = dosing(*drafts[k], mapping, false);
      for (const char* key : {"dose", "route"}) {
        if (other.contains(key)) entry[key] = other[key];
      }
      // A draft order's planned start is when the premedication is to be given.
      if (other.contains("start")) entry["given_at"] = other["start"];
      premedications.push_back(std::move(entry));
    }
    request["premedications"] = std::move(premedications);
    out.push_back({id, *drug, order, std::move(request)});
  }
  return out;
}

}  // namespace rxrules::service
