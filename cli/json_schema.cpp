#include "cli/json_schema.h"

#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "schema/schema.h"
#include "units/unit.h"

namespace rxr::cli {
namespace {

using json = nlohmann::ordered_json;
using schema::Field;
using schema::FieldId;
using schema::FieldType;

constexpr std::string_view kDraft = "https://json-schema.org/draft/2020-12/schema";

// The contract's times (io/iso_time.h): a date, or a date-time with seconds
// and a zone, in the years the engine finds plausible (1900 to 2199). The
// engine also reads a few more shapes; this is the one it documents.
constexpr std::string_view kTimePattern =
    R"(^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2}))?$)";

// The micro sign (U+00B5) that keyboards type, which the text policy's NFKC
// turns into the Greek mu (U+03BC) the unit table lists.
constexpr std::string_view kGreekMu = "\xCE\xBC";
constexpr std::string_view kMicroSign = "\xC2\xB5";

// The JSON type of a value the contract also accepts as null (absent).
json nullable(std::string_view type) { return json::array({type, "null"}); }

void add_spelling(json& spellings, std::string_view spelling) {
  spellings.push_back(spelling);
  if (const std::size_t mu = spelling.find(kGreekMu); mu != std::string_view::npos) {
    std::string typed(spelling);
    typed.replace(mu, kGreekMu.size(), kMicroSign);
    spellings.push_back(typed);
  }
}

// Every spelling of the field's dimension, and of the units it declares a conversion for.
json unit_spellings(const Field& field) {
  json spellings = json::array();
  for (const units::UnitSpelling& s : units::unit_spellings()) {
    bool accepted = s.unit.dimension == field.dimension();
    for (const schema::Conversion& c : field.conversions) accepted = accepted || s.unit.symbol == c.unit;
    if (accepted) add_spelling(spellings, s.spelling);
  }
  return spellings;
}

// A range's bounds as keywords, when they hold in every unit: a sign (zero
// is zero in every unit) or, for a number without unit, the bounds themselves.
void add_bounds(json& out, const schema::Range& range, bool unitless) {
  if (range.min == 0 || (unitless && range.min != -schema::kUnbounded)) {
    out[range.min_exclusive ? "exclusiveMinimum" : "minimum"] = range.min;
  }
  if (unitless && range.max != schema::kUnbounded) out["maximum"] = range.max;
}

std::string description_of(const Field& field) {
  std::string out = field.description;
  const bool bounded = field.range.min != -schema::kUnbounded || field.range.max != schema::kUnbounded;
  if (!bounded) return out;
  const bool has_unit = field.type == FieldType::kQuantity || field.type == FieldType::kLab;
  out += out.empty() ? "plausible: " : "; plausible: ";
  out += schema::describe_range(field.range, has_unit ? field.unit.factor : 1, has_unit ? field.unit.symbol : "");
  return out;
}

class SchemaWriter {
 public:
  explicit SchemaWriter(const schema::Schema& schema) : schema_(schema) {}

  json object_of(FieldId parent) const {
    json properties = json::object();
    for (const schema::Member& m : schema_.members(parent)) properties[std::string(m.name)] = field(m.id);
    return {{"type", parent == schema::kNoField ? json("object") : nullable("object")}, {"properties", properties}};
  }

 private:
  json field(FieldId id) const {
    const Field& f = schema_.field(id);
    json out = value_of(id, f);
    if (const std::string description = description_of(f); !description.empty()) {
      json described = {{"description", description}};
      described.update(out);
      return described;
    }
    return out;
  }

  json value_of(FieldId id, const Field& f) const {
    switch (f.type) {
      case FieldType::kObject:
        return object_of(id);
      case FieldType::kRecordList: {
        json items = object_of(id);
        items["type"] = "object";
        return {{"type", nullable("array")}, {"items", items}};
      }
      case FieldType::kCodeList:
      case FieldType::kDrugList:
        return {{"type", nullable("array")}, {"items", {{"type", "string"}}}};
      case FieldType::kQuantity:
      case FieldType::kLab:
        return quantity(id, f);
      case FieldType::kBool:
        return {{"type", nullable("boolean")}};
      case FieldType::kInteger:
      case FieldType::kNumber: {
        json out = {{"type", nullable(f.type == FieldType::kInteger ? "integer" : "number")}};
        add_bounds(out, f.range, true);
        return out;
      }
      case FieldType::kTime:
        return {{"type", nullable("string")}, {"pattern", kTimePattern}};
      case FieldType::kChoice: {
        json choices = json::array();
        for (const std::string& c : f.choices) choices.push_back(c);
        choices.push_back(nullptr);
        return {{"enum", choices}};
      }
      case FieldType::kText:
      case FieldType::kCode:
      case FieldType::kDrug:
        return {{"type", nullable("string")}};
    }
    return json::object();
  }

  // {"value", "unit"} and, on a lab, uln and lln in the value's unit and its time.
  json quantity(FieldId id, const Field& f) const {
    json value = {{"type", "number"}};
    add_bounds(value, f.range, false);
    json properties = {{"value", value}, {"unit", {{"enum", unit_spellings(f)}}}};
    for (const schema::Member& m : schema_.members(id)) {
      const Field& member = schema_.field(m.id);
      json described = {{"description", member.description}};
      if (member.type == FieldType::kQuantity) {
        described["type"] = nullable("number");
        add_bounds(described, member.range, false);
      } else {
        described.update(value_of(m.id, member));
      }
      properties[std::string(m.name)] = described;
    }
    return {{"type", nullable("object")}, {"properties", properties}, {"required", {"value", "unit"}}};
  }

  const schema::Schema& schema_;
};

std::string names_of(const compile::PackInfo& info) {
  std::string out = info.drug;
  for (const std::string& name : info.aka) out += ", " + name;
  return out;
}

}  // namespace

json pack_schema(const compile::RuleSet& pack) {
  json out = {{"$schema", kDraft},
              {"title", "Requests read by rule pack " + pack.info.name + " " + pack.info.version}};
  if (!pack.info.drug.empty()) {
    out["description"] = "Orders for " + names_of(pack.info) +
                         " (order.drug is matched ignoring case, salt, form and strength words).";
  }
  out.update(SchemaWriter(pack.schema).object_of(schema::kNoField));
  out["x-rxrules-fingerprint"] = pack.fingerprint;
  return out;
}

json catalogue_schema(std::span<const compile::RuleSet* const> packs) {
  // Named by its packs, not by the path it was read from: the same rules
  // give the same schema wherever they are installed.
  std::vector<std::string> names;
  for (const compile::RuleSet* pack : packs) names.push_back(pack->info.name + " " + pack->info.version);
  const std::string title = fmt::format("{}", fmt::join(names, ", "));
  json defs = json::object();
  json any_of = json::array();
  for (const compile::RuleSet* pack : packs) {
    json one = pack_schema(*pack);
    one.erase("$schema");
    defs[pack->info.name] = one;
    any_of.push_back({{"$ref", "#/$defs/" + pack->info.name}});
  }
  return {{"$schema", kDraft},
          {"title", "Requests read by the rule catalogue of " + title},
          {"description", "Each order is answered by the pack of its drug (order.drug); a request is valid when "
                          "the schema of one pack accepts it."},
          {"type", "object"},
          {"anyOf", any_of},
          {"$defs", defs}};
}

}  // namespace rxr::cli
