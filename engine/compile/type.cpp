#include "compile/type.h"

namespace rxr::compile {

std::string describe(const Type& type) {
  switch (type.kind) {
    case TypeKind::kError: return "an invalid value";
    case TypeKind::kBool: return "true or false";
    case TypeKind::kNumber: return type.dimension.dimensionless() ? "a plain number" : units::describe(type.dimension);
    case TypeKind::kTime: return "a time";
    case TypeKind::kName: return "a name or code";
    case TypeKind::kText: return "a text";
    case TypeKind::kRecords: return "a list of records";
    case TypeKind::kNames: return "a list of names";
  }
  return "a value";
}

}  // namespace rxr::compile
