#include "service/fhir/fhir_values.h"

#include <algorithm>
#include <cmath>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace rxrules::service {

namespace {

const Json kNull;

// Reads `count` digits at `s[pos]` into `out`.
bool digits(std::string_view s, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

const Json& at(const Json& j, std::string_view key) {
  if (!j.is_object()) return kNull;
  const auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

std::optional<std::string> string_at(const Json& j, std::string_view key) {
  const Json& v = at(j, key);
  if (!v.is_string() || v.get_ref<const std::string&>().empty()) return std::nullopt;
  return v.get<std::string>();
}

std::optional<TimePoint> parse_time(std::string_view s) {
  using namespace std::chrono;
  int y = 0, mo = 0, d = 0;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' || !digits(s, 8, 2, d)) {
    return std::nullopt;
  }
  const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  TimePoint t = sys_days{date};
  if (s.size() == 10) return t;
  int h = 0, mi = 0, sec = 0;
  if (s[10] != 'T' || !digits(s, 11, 2, h) || s.size() < 19 || s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' ||
      !digits(s, 17, 2, sec) || h > 23 || mi > 59 || sec > 60) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  t += hours{h} + minutes{mi} + seconds{sec};
  if (pos + 1 == s.size() && s[pos] == 'Z') return t;
  int zh = 0, zm = 0;
  if (pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') && digits(s, pos + 1, 2, zh) && s[pos + 3] == ':' &&
      digits(s, pos + 4, 2, zm) && zh <= 14 && zm <= 59) {
    const seconds offset = hours{zh} + minutes{zm};
    return s[pos] == '+' ? t - offset : t + offset;
  }
  return std::nullopt;
}

std::string format_time(TimePoint t) { return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", t); }

std::optional<Json> ucum_quantity(const Json& quantity, const Mapping& mapping) {
  const Json& value = at(quantity, "value");
  const auto system = string_at(quantity, "system");
  auto code = string_at(quantity, "code");
  if (!value.is_number() || !system || *system != kUcum || !code) return std::nullopt;
  // A comparator (<, >=) makes the number a bound, not a value.
  if (!at(quantity, "comparator").is_null()) return std::nullopt;
  const double number = value.get<double>();
  if (!std::isfinite(number)) return std::nullopt;
  if (const auto alias = mapping.unit_aliases.find(*code); alias != mapping.unit_aliases.end()) code = alias->second;
  return Json{{"value", value}, {"unit", *code}};
}

bool is_mass_per_time(std::string_view unit) {
  const std::size_t slash = unit.find('/');
  if (slash == std::string_view::npos) return false;
  static constexpr std::string_view kMass[] = {"g", "mg", "ug", "mcg", "ng", "kg"};
  static constexpr std::string_view kTime[] = {"d", "h", "min", "s", "wk"};
  const std::string_view mass = unit.substr(0, slash), time = unit.substr(slash + 1);
  return std::find(std::begin(kMass), std::end(kMass), mass) != std::end(kMass) &&
         std::find(std::begin(kTime), std::end(kTime), time) != std::end(kTime);
}

std::optional<std::string> drug_name(const Json& codeable, const Mapping& mapping) {
  if (auto text = string_at(codeable, "text")) return text;
  const Json& codings = at(codeable, "coding");
  if (!codings.is_array()) return std::nullopt;
  for (const Json& coding : codings) {
    if (auto display = string_at(coding, "display")) return display;
  }
  for (const Json& coding : codings) {
    const auto system = string_at(coding, "system");
    const auto code = string_at(coding, "code");
    if (!system || !code || *system != mapping.drug_code_system) continue;
    if (const auto it = mapping.drug_codes.find(*code); it != mapping.drug_codes.end()) return it->second;
  }
  return std::nullopt;
}

std::optional<std::string> medication_of(const Json& resource, const Mapping& mapping) {
  return drug_name(at(resource, "medicationCodeableConcept"), mapping);
}

bool has_coding(const Json& codeable, std::string_view system, std::string_view code) {
  const Json& codings = at(codeable, "coding");
  if (!codings.is_array()) return false;
  for (const Json& coding : codings) {
    if (string_at(coding, "system") == system && string_at(coding, "code") == code) return true;
  }
  return false;
}

std::optional<Json> extension_value(const Json& e, ValueType type, const Mapping& mapping) {
  switch (type) {
    case ValueType::kInteger:
      for (const char* key : {"valueInteger", "valuePositiveInt", "valueUnsignedInt"}) {
        if (const Json& v = at(e, key); v.is_number_integer()) return v;
      }
      return std::nullopt;
    case ValueType::kBoolean:
      if (const Json& v = at(e, "valueBoolean"); v.is_boolean()) return v;
      return std::nullopt;
    case ValueType::kCode:
    case ValueType::kCodes:
      if (auto v = string_at(e, "valueCode")) return Json(*v);
      if (auto v = string_at(e, "valueString")) return Json(*v);
      return std::nullopt;
    case ValueType::kString:
      if (auto v = string_at(e, "valueString")) return Json(*v);
      return std::nullopt;
    case ValueType::kQuantity:
      return ucum_quantity(at(e, "valueQuantity"), mapping);
    case ValueType::kDateTime:
      for (const char* key : {"valueDateTime", "valueDate", "valueInstant"}) {
        if (auto v = string_at(e, key); v && parse_time(*v)) return Json(*v);
      }
      return std::nullopt;
  }
  return std::nullopt;
}

void set_path(Json& out, std::string_view path, Json value) {
  Json* node = &out;
  for (std::size_t start = 0;;) {
    const std::size_t dot = path.find('.', start);
    const std::string key(path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (!node->is_object()) *node = Json::object();
    if (dot == std::string_view::npos) {
      (*node)[key] = std::move(value);
      return;
    }
    node = &(*node)[key];
    start = dot + 1;
  }
}

void read_extensions(const Json& resource, const std::vector<ExtensionField>& fields, const Mapping& mapping, Json& out) {
  static const Json kNone = Json::array();
  const Json& found = at(resource, "extension");
  const Json& extensions = found.is_array() ? found : kNone;
  for (const ExtensionField& field : fields) {
    Json values = Json::array();
    bool readable = true;
    for (const Json& e : extensions) {
      if (string_at(e, "url") != field.url) continue;
      std::optional<Json> value = extension_value(e, field.type, mapping);
      if (!value) {
        readable = false;  // one unreadable occurrence makes the whole field unknown
        break;
      }
      values.push_back(std::move(*value));
    }
    if (!readable) continue;
    if (field.type == ValueType::kCodes) {
      if (!values.empty() || field.complete) set_path(out, field.path, std::move(values));
    } else if (values.size() == 1) {
      // Two occurrences of a single-valued extension contradict or repeat
      // each other; choosing one would be a guess.
      set_path(out, field.path, std::move(values[0]));
    }
  }
}

}  // namespace rxrules::service
