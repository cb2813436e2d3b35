// Static types of rule expressions. Every expression is typed at load time;
// a rule that compares mg with /mm3 never reaches a patient.
#pragma once

#include <string>

#include "schema/schema.h"
#include "units/dimension.h"

namespace rxr::compile {

enum class TypeKind : uint8_t {
  kError,   // already reported; suppresses follow-on diagnostics
  kBool,
  kNumber,  // a quantity; dimensionless for plain numbers
  kTime,    // a point in time
  kName,    // a code or drug name, compared by symbol
  kText,    // a string literal not yet given a role
  kRecords, // a list of records from the request
  kNames,   // a list of names: a named list, a code list, a list literal, collect(...)
};

struct Type {
  TypeKind kind = TypeKind::kError;
  units::Dimension dimension{};                     // kNumber
  // kNumber: the unit its values are shown in, the field's or the literal's
  // ("30 kg", not 30,000,000 mg); no symbol: the dimension's usual unit.
  units::Unit display{};
  schema::FieldId record_list = schema::kNoField;   // kRecords: which list
  schema::FieldId choices = schema::kNoField;       // kName from a closed set: the field

  static Type error() { return {}; }
  static Type boolean() { return {TypeKind::kBool}; }
  static Type number(units::Dimension d = {}) { return {TypeKind::kNumber, d}; }
  static Type quantity(const units::Unit& unit) { return {TypeKind::kNumber, unit.dimension, unit}; }
  static Type time() { return {TypeKind::kTime}; }
  static Type name() { return {TypeKind::kName}; }
  static Type names() { return {TypeKind::kNames}; }
  static Type text() { return {TypeKind::kText}; }
  static Type records(schema::FieldId list) {
    Type t{TypeKind::kRecords};
    t.record_list = list;
    return t;
  }

  bool is_error() const { return kind == TypeKind::kError; }
};

// "a cell count (/mm3)", "true or false", "a list of names": for diagnostics.
std::string describe(const Type& type);

}  // namespace rxr::compile
