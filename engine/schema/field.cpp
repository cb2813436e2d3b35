#include "schema/field.h"

#include <array>
#include <deque>
#include <string>
#include <vector>

namespace rxr::schema {
namespace {

using units::Analyte;
using units::Dimension;
namespace dims = units::dims;

constexpr std::array<std::string_view, 6> kResponseStatuses{"CR", "CRi", "PR", "SD", "PD", "none"};
constexpr std::array<std::string_view, 7> kToxicityTypes{
    "vod", "sos", "hepatotoxicity", "infusion-reaction", "nonhematologic", "neutropenia",
    "thrombocytopenia"};
constexpr std::array<std::string_view, 2> kReductionLevels{"total-dose-25-percent",
                                                           "two-doses-per-cycle"};

// Plausibility ranges reject values no real order has (a negative dose, a
// patient aged 400): they catch typing and unit mistakes, they are not
// clinical thresholds. Base units: mg, mm, s.
constexpr double kYear = 365.25 * 86400;
constexpr double kDay = 86400;

struct Range {
  double min = -kUnbounded;
  double max = kUnbounded;
  bool min_exclusive = false;
};
constexpr Range kPositive{0, kUnbounded, true};
constexpr Range kNonNegative{0, kUnbounded, false};

class SchemaBuilder {
 public:
  FieldId object(FieldId parent, std::string_view name) {
    return add(parent, name, FieldType::kObject, {}, {});
  }
  FieldId value(FieldId parent, std::string_view name, FieldType type, Range range = {}) {
    return add(parent, name, type, {}, range);
  }
  FieldId quantity(FieldId parent, std::string_view name, Dimension dim, Range range,
                   Analyte analyte = Analyte::kNone) {
    FieldId id = add(parent, name, FieldType::kQuantity, dim, range);
    fields_[id].analyte = analyte;
    return id;
  }
  // A lab value with its limits of normal and the time it was taken. Each
  // limit must lie in its own range: a lower limit of 0 would switch a
  // potassium check off, while a bilirubin's may well be 0.
  void lab(FieldId parent, std::string_view name, Dimension dim, Range value_range, Range uln, Range lln,
           Analyte analyte = Analyte::kNone) {
    FieldId id = add(parent, name, FieldType::kLab, dim, value_range);
    fields_[id].analyte = analyte;
    quantity(id, "uln", dim, uln, analyte);
    quantity(id, "lln", dim, lln, analyte);
    value(id, "at", FieldType::kTime);
  }
  // `later` must not be before `earlier`.
  void not_before(FieldId later, FieldId earlier) { orders_.push_back({earlier, later}); }
  FieldId choice(FieldId parent, std::string_view name, std::span<const std::string_view> choices) {
    FieldId id = add(parent, name, FieldType::kChoice, {}, {});
    fields_[id].choices = choices;
    return id;
  }
  FieldId list(FieldId parent, std::string_view name, FieldType type) {
    return add(parent, name, type, {}, {});
  }

  std::vector<Field> take() { return std::move(fields_); }
  // Members of each field so far: the width of a record list.
  std::vector<uint16_t> widths() const { return columns_; }
  std::size_t scalars() const { return next_scalar_; }
  std::vector<TimeOrder> orders() const { return orders_; }
  std::size_t lists() const { return next_list_; }

 private:
  FieldId add(FieldId parent, std::string_view name, FieldType type, Dimension dim, Range range) {
    std::string path;
    if (parent != kNoField) {
      const Field& p = fields_[parent];
      path = std::string(p.path) + (p.type == FieldType::kRecordList ? "[]." : ".");
    }
    path += name;
    const std::string& stored = paths_.emplace_back(std::move(path));
    Field f{stored, name, type, dim};
    f.min = range.min;
    f.max = range.max;
    f.min_exclusive = range.min_exclusive;
    f.parent = parent;
    const bool in_record = parent != kNoField && fields_[parent].type == FieldType::kRecordList;
    if (type == FieldType::kRecordList || type == FieldType::kCodeList) {
      f.slot = static_cast<uint16_t>(next_list_++);
    } else if (in_record) {
      f.slot = columns_[parent]++;
    } else if (type != FieldType::kObject) {
      f.slot = static_cast<uint16_t>(next_scalar_++);
    }
    fields_.push_back(f);
    columns_.push_back(0);
    return static_cast<FieldId>(fields_.size() - 1);
  }

  std::vector<Field> fields_;
  std::vector<uint16_t> columns_;  // per field: members so far, for record lists
  std::vector<TimeOrder> orders_;
  std::deque<std::string> paths_;  // owns the path text; deque keeps views valid
  std::size_t next_scalar_ = 0;
  std::size_t next_list_ = 0;

  friend struct Schema;
};

struct Schema {
  std::vector<Field> fields;
  std::vector<TimeOrder> orders;
  std::vector<uint16_t> widths;  // per field: columns of a record list
  std::deque<std::string> paths;
  std::size_t scalars = 0;
  std::size_t lists = 0;

  static const Schema& get() {
    static const Schema schema = build();
    return schema;
  }

 private:
  static Schema build();
};

// Plausibility of lab values and of their limits of normal: wide enough for
// any real result and any laboratory's reference range, narrow enough to
// catch a unit slip (a QTcF of 0.52 written in ms for seconds) or a limit
// that switches a check off (an lln of 0). docs/safety.md lists them; they
// are not clinical thresholds. Base units: cells/mm3, mg/mm3, mmol/mm3,
// U/mm3, s.
constexpr double kPerLitre = 1e-6;  // per mm3
constexpr double kGigaPerLitre = 1e9 * kPerLitre;
constexpr double kMgPerDl = 1e-5;
constexpr double kMmolPerLitre = 1e-6;
constexpr double kUnitsPerLitre = 1e-6;
constexpr double kMs = 1e-3;

void add_labs(SchemaBuilder& b, FieldId labs) {
  constexpr double G = kGigaPerLitre;
  // Arguments: the value's range, then the uln's, then the lln's.
  b.lab(labs, "circulating_blasts", dims::kCellCount, {0, 2000 * G}, {0, 20 * G}, {0, 20 * G});
  b.lab(labs, "anc", dims::kCellCount, {0, 300 * G}, {2 * G, 15 * G}, {0.5 * G, 5 * G});
  b.lab(labs, "platelets", dims::kCellCount, {0, 5000 * G}, {150 * G, 1000 * G}, {50 * G, 300 * G});
  b.lab(labs, "total_bilirubin", dims::kMassConcentration, {0, 100 * kMgPerDl}, {0.3 * kMgPerDl, 5 * kMgPerDl},
        {0, 1 * kMgPerDl}, Analyte::kBilirubin);
  b.lab(labs, "ast", dims::kEnzymeActivity, {0, 50000 * kUnitsPerLitre}, {10 * kUnitsPerLitre, 500 * kUnitsPerLitre},
        {0, 100 * kUnitsPerLitre});
  b.lab(labs, "alt", dims::kEnzymeActivity, {0, 50000 * kUnitsPerLitre}, {10 * kUnitsPerLitre, 500 * kUnitsPerLitre},
        {0, 100 * kUnitsPerLitre});
  b.lab(labs, "qtcf", dims::kTime, {200 * kMs, 1000 * kMs}, {350 * kMs, 600 * kMs}, {200 * kMs, 450 * kMs});
  b.lab(labs, "potassium", dims::kAmountConcentration, {0.5 * kMmolPerLitre, 15 * kMmolPerLitre},
        {4 * kMmolPerLitre, 7 * kMmolPerLitre}, {2 * kMmolPerLitre, 4.5 * kMmolPerLitre}, Analyte::kPotassium);
  b.lab(labs, "magnesium", dims::kAmountConcentration, {0.1 * kMmolPerLitre, 10 * kMmolPerLitre},
        {0.7 * kMmolPerLitre, 2 * kMmolPerLitre}, {0.3 * kMmolPerLitre, 1.2 * kMmolPerLitre}, Analyte::kMagnesium);
}

Schema Schema::build() {
  using T = FieldType;
  SchemaBuilder b;
  b.value(kNoField, "id", T::kText);
  b.value(kNoField, "as_of", T::kTime);

  FieldId patient = b.object(kNoField, "patient");
  b.quantity(patient, "age", dims::kTime, {0, 130 * kYear});
  b.quantity(patient, "weight", dims::kMass, {0, 500e6, true});
  b.quantity(patient, "height", dims::kLength, {0, 3000, true});
  b.quantity(patient, "bsa", dims::kArea, {0.1e6, 5e6});  // m2; a computed one is held to it too
  b.value(patient, "sex", T::kCode);
  b.value(patient, "pregnant", T::kBool);
  b.value(patient, "breastfeeding", T::kBool);
  b.list(patient, "conditions", T::kCodeList);

  FieldId diagnosis = b.object(kNoField, "diagnosis");
  b.value(diagnosis, "condition", T::kCode);
  b.value(diagnosis, "cd22_positive", T::kBool);
  b.value(diagnosis, "relapsed_or_refractory", T::kBool);
  b.value(diagnosis, "ph_positive", T::kBool);

  constexpr Range kCycle{1, 100};
  constexpr Range kDayOfCycle{1, 100};
  FieldId order = b.object(kNoField, "order");
  b.value(order, "drug", T::kDrug);
  b.quantity(order, "dose", dims::kMass, kPositive);
  b.value(order, "route", T::kCode);
  b.value(order, "cycle", T::kInteger, kCycle);
  b.value(order, "day", T::kInteger, kDayOfCycle);
  b.quantity(order, "cycle_length", dims::kTime, {0, 365 * kDay, true});
  b.value(order, "scheduled_at", T::kTime);
  b.quantity(order, "infusion_duration", dims::kTime, {0, 7 * kDay, true});

  FieldId preparation = b.object(kNoField, "preparation");
  const FieldId reconstituted = b.value(preparation, "reconstituted_at", T::kTime);
  const FieldId diluted = b.value(preparation, "diluted_at", T::kTime);
  const FieldId infusion_end = b.value(preparation, "infusion_end_at", T::kTime);
  b.not_before(diluted, reconstituted);
  b.not_before(infusion_end, diluted);
  b.not_before(infusion_end, reconstituted);
  b.quantity(preparation, "final_volume", dims::kVolume, {0, 1e7, true});
  b.value(preparation, "diluent", T::kDrug);
  b.value(preparation, "protected_from_light", T::kBool);

  FieldId plan = b.object(kNoField, "plan");
  b.value(plan, "hsct", T::kBool);

  FieldId response = b.object(kNoField, "response");
  b.choice(response, "status", kResponseStatuses);
  b.value(response, "mrd_negative", T::kBool);

  add_labs(b, b.object(kNoField, "labs"));
  add_labs(b, b.object(kNoField, "baseline_labs"));

  FieldId premedications = b.list(kNoField, "premedications", T::kRecordList);
  b.value(premedications, "drug", T::kDrug);
  b.value(premedications, "given_at", T::kTime);

  FieldId medications = b.list(kNoField, "medications", T::kRecordList);
  b.value(medications, "drug", T::kDrug);

  FieldId history = b.object(kNoField, "history");
  FieldId administrations = b.list(history, "administrations", T::kRecordList);
  b.value(administrations, "cycle", T::kInteger, kCycle);
  b.value(administrations, "day", T::kInteger, kDayOfCycle);
  b.quantity(administrations, "dose", dims::kMass, kPositive);
  b.quantity(administrations, "bsa", dims::kArea, {0.1e6, 5e6});
  b.value(administrations, "given_at", T::kTime);

  FieldId reductions = b.list(history, "dose_reductions", T::kRecordList);
  b.value(reductions, "cycle", T::kInteger, kCycle);
  b.choice(reductions, "level", kReductionLevels);
  b.value(reductions, "reason", T::kText);

  FieldId toxicities = b.list(history, "toxicities", T::kRecordList);
  b.choice(toxicities, "type", kToxicityTypes);
  b.value(toxicities, "grade", T::kInteger, {1, 5});
  b.value(toxicities, "onset", T::kTime);
  b.value(toxicities, "resolved", T::kBool);

  FieldId interruptions = b.list(history, "interruptions", T::kRecordList);
  b.value(interruptions, "cycle", T::kInteger, kCycle);
  b.value(interruptions, "days", T::kInteger, {0, 3650});
  b.value(interruptions, "reason", T::kText);

  FieldId cytoreduction = b.list(history, "cytoreduction", T::kRecordList);
  b.value(cytoreduction, "drug", T::kDrug);
  b.value(cytoreduction, "given_at", T::kTime);

  Schema s;
  s.orders = b.orders();
  s.scalars = b.scalars();
  s.lists = b.lists();
  s.paths = std::move(b.paths_);
  s.widths = b.widths();
  s.fields = b.take();
  return s;
}

}  // namespace

std::span<const Field> fields() { return Schema::get().fields; }

const Field& field(FieldId id) { return Schema::get().fields[static_cast<std::size_t>(id)]; }

FieldId find_field(std::string_view path) {
  const auto& all = Schema::get().fields;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i].path == path) return static_cast<FieldId>(i);
  }
  return kNoField;
}

FieldId find_member(FieldId parent, std::string_view name) {
  const auto& all = Schema::get().fields;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i].parent == parent && all[i].name == name) return static_cast<FieldId>(i);
  }
  return kNoField;
}

std::span<const TimeOrder> time_orders() { return Schema::get().orders; }

std::size_t scalar_slot_count() { return Schema::get().scalars; }
std::size_t list_count() { return Schema::get().lists; }

std::size_t record_width(FieldId list) {
  if (field(list).type == FieldType::kCodeList) return 1;
  return Schema::get().widths[static_cast<std::size_t>(list)];
}

}  // namespace rxr::schema
