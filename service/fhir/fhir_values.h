// Reading FHIR R4 data types without guessing: a value of the wrong JSON
// type, a unit that is not UCUM, a time that does not parse, all read as
// absent (std::nullopt), so that the rules report them missing.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "service/fhir/mapping.h"

namespace rxrules::service {

using Json = nlohmann::json;
using TimePoint = std::chrono::sys_seconds;

inline constexpr std::string_view kUcum = "http://unitsofmeasure.org";
inline constexpr std::string_view kLoinc = "http://loinc.org";

// `j[key]` when `j` is an object holding it, else null: FHIR members are all optional.
const Json& at(const Json& j, std::string_view key);
// `j[key]` as a non-empty string.
std::optional<std::string> string_at(const Json& j, std::string_view key);

// An ISO 8601 / FHIR dateTime or date ("2026-03-10", "2026-03-10T09:30:00Z",
// "...+02:00"); a date is 00:00 UTC. A time without a zone is refused (FHIR
// requires one when the time is given).
std::optional<TimePoint> parse_time(std::string_view text);
std::string format_time(TimePoint t);  // "2026-03-10T09:30:00Z"

// A FHIR Quantity with a UCUM code, as the request's {"value", "unit"}; the
// code passes through the mapping's unit aliases.
std::optional<Json> ucum_quantity(const Json& quantity, const Mapping& mapping);

// A mass per time (mg/d, ug/h, ...): the units the contract allows as a daily dose.
bool is_mass_per_time(std::string_view unit);

// The drug a CodeableConcept names: its text, else a coding's display, else
// a coding of the mapping's drug code system that the mapping names.
std::optional<std::string> drug_name(const Json& codeable, const Mapping& mapping);
// The drug of a MedicationRequest or MedicationAdministration (medicationCodeableConcept).
std::optional<std::string> medication_of(const Json& resource, const Mapping& mapping);

// Whether a CodeableConcept has a coding (system, code).
bool has_coding(const Json& codeable, std::string_view system, std::string_view code);

// The value of an extension of the given type, as request JSON.
std::optional<Json> extension_value(const Json& extension, ValueType type, const Mapping& mapping);
// Reads each mapped extension of `resource` into `out` at its path ("a.b" makes nested objects).
void read_extensions(const Json& resource, const std::vector<ExtensionField>& fields, const Mapping& mapping, Json& out);

// Sets out["a"]["b"] for path "a.b".
void set_path(Json& out, std::string_view path, Json value);

}  // namespace rxrules::service
