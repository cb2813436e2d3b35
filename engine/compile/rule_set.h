// A compiled rule pack: immutable, flat, slot-indexed. Everything that can
// be decided at load time (names, types, units, list membership, message
// layout) is decided here, so verification only reads arrays.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compile/entry_test.h"
#include "compile/flat_program.h"
#include "compile/type.h"
#include "schema/schema.h"
#include "schema/symbol_table.h"
#include "syntax/source.h"

namespace rxr::report {
struct PreparedJson;  // report/prepared_json.h
}

namespace rxr::compile {

enum class Op : uint8_t {
  kConstant,     // constants[index]
  kFact,         // a top-level request value; field = its schema field
  kPresence,     // field is present (flag: negated)
  kMember,       // a record member of loop variable `index`; field = the member
  kLoopValue,    // loop variable `index` itself (code lists)
  kLet,          // lets[index], evaluated once per request
  kNegate,
  kAdd, kSubtract, kMultiply, kDivide,
  kLess, kLessEqual, kGreater, kGreaterEqual, kEqual, kNotEqual,
  kAnd, kOr, kNot,
  kOtherwise,
  kInList,       // children[0] in name_lists[index]
  kInNames,      // children[0] in the list value children[1] (code list, literal, collect)
  kWithinPercent, kWithinAbsolute,  // children: value, tolerance, reference
  kLimitOf,      // number * the lab's limit: field = the lab's uln/lln member
  kAny, kAll, kCount, kCollect, kMax, kMin, kSum,  // aggregates[index]
  kCountList,    // count(list): field = list
  kNameList,     // list literal of names: constants[index .. index+count)
  kTable,        // tables[index](children...)
  kLeast, kGreatest,  // min(a, b), max(a, b)
  kSquareRoot,   // sqrt(x)
  kConditional,  // if children[0] then children[1] else children[2]
};

// Operation flags.
inline constexpr uint8_t kNegated = 1;       // not in / not within / is missing
inline constexpr uint8_t kNamed = 8;         // a reference to a named constant: explanations show it

using NodeId = uint32_t;
inline constexpr NodeId kNoNode = ~NodeId{0};

struct Node {
  Op op{};
  uint8_t flags = 0;
  schema::FieldId field = schema::kNoField;
  uint32_t index = 0;
  uint32_t first_child = 0;  // into RuleSet::children
  uint32_t child_count = 0;
  uint32_t depth = 1;        // nodes evaluated inside one another to evaluate it, lets and tables included
  Type type;
  syntax::Span span;
  std::string source;  // as written: the explain trace prints it
};

struct Constant {
  Type type;
  double number = 0;
  Symbol symbol = kUnknownSymbol;
  std::string text;
};

// One list an aggregate goes over, with its condition and selected value
// compiled for that list's records.
struct AggregateSource {
  schema::FieldId list = schema::kNoField;
  uint32_t slot = 0;  // the loop variable's row in Scratch::rows
  NodeId where = kNoNode;
  NodeId select = kNoNode;
  std::optional<EntryTest> entry_test;  // `where` as a set of names (compile/entry_test.h)
};

// any, all, count, collect, max, min or sum over one or more lists, in order:
// any(m in medications, premedications where ...).
struct Aggregate {
  std::vector<AggregateSource> sources;
};

struct Let {
  std::string name;
  NodeId value = 0;
};

struct TablePattern {
  enum class Kind : uint8_t { kAny, kValues, kRange, kBound };
  Kind kind = Kind::kAny;
  Op bound = Op::kEqual;         // kBound: kLess ... kGreaterEqual
  std::vector<double> numbers;   // base units
  units::Dimension dimension{};  // of the numbers
  std::vector<Symbol> names;
  syntax::Span span;
};

struct TableRow {
  std::vector<TablePattern> patterns;
  NodeId result = 0;
  std::string source;  // as written, shown by the explanation of one rule
};

struct Table {
  std::string name;
  std::vector<std::string> columns;
  std::vector<TableRow> rows;
};

// Membership bitset over symbols, filled at load time.
struct NameList {
  std::string name;
  std::vector<bool> members;
  bool contains(Symbol s) const { return s < members.size() && members[s]; }
};

enum class Severity : uint8_t { kInfo, kWarn, kBlock };
const char* severity_name(Severity s);

// A message template with its placeholders compiled.
struct Message {
  struct Piece {
    std::string text;
    NodeId value = 0;
    bool is_value = false;
    bool lists_missing = false;  // {missing}: the finding's missing data, with why
    std::string unit;       // "as" unit spelling, "" for the dimension's display unit
    double unit_factor = 0; // base value / unit_factor = shown value
  };
  std::vector<Piece> pieces;
  uint32_t value_count = 0;  // pieces that are placeholders
};

// A value a finding shows in `facts`: a request path or a let.
struct ShownFact {
  std::string label;  // "labs.circulating_blasts", "expected_dose"
  NodeId value = 0;
};

struct Rule {
  std::string id, title, category;
  Severity severity = Severity::kBlock;
  NodeId condition = 0;
  Message message;
  Message missing_message;  // empty: the engine's default wording
  std::string source;       // full citation text
  std::vector<ShownFact> facts;
  bool always = false;      // the condition is the constant true: the rule always fires
  syntax::Span span;
};

// A request value the engine computes when the request lacks it (declared
// with `derive`), shown in the response's `computed` under its label.
struct Derivation {
  schema::FieldId field = schema::kNoField;
  NodeId value = 0;
  std::string label;                    // "Mosteller"
  std::vector<schema::FieldId> inputs;  // the request values it is computed from, for messages
};

// Values of a group taken longer than a window before a moment are treated
// as absent (`recent labs within LAB_RECENCY of dose_time`, clinical M1):
// evaluated per request, before derived values and rules.
struct Recency {
  schema::FieldId group = schema::kNoField;
  NodeId window = 0;     // a duration
  NodeId reference = 0;  // a time
  // The values it governs: each lab of the group with the member that says when it was taken.
  std::vector<std::pair<schema::FieldId, schema::FieldId>> labs;  // (lab, its `at`)
};

struct Category {
  std::string name;
  std::string description;
};

struct PackInfo {
  std::string name, version;
  std::string drug;                 // the pack's drug, as its `drug` declaration writes it; "" for shared folders
  std::vector<std::string> aka;     // its other names (synonyms, brands)
  Symbol drug_symbol = kUnknownSymbol;
  std::vector<std::string> notices;
  // "DOSE_REVIEW_TOLERANCE" and its value as written ("5 %"): `rxrules check` and rxr_engine_info list them.
  std::vector<std::pair<std::string, std::string>> policies;
  std::vector<Category> categories;
};

struct RuleSet {
  PackInfo info;
  std::string fingerprint;  // "sha256:<hex>"
  schema::Schema schema;    // the request fields the pack reads
  SymbolTable symbols;
  std::vector<Node> nodes;
  std::vector<NodeId> children;
  std::vector<Constant> constants;
  std::vector<Let> lets;
  std::vector<Aggregate> aggregates;
  std::vector<NameList> lists;
  std::vector<Table> tables;
  std::vector<Rule> rules;
  std::vector<Derivation> derivations;  // in declaration order: a later one may use an earlier one
  std::vector<Recency> recencies;
  uint32_t loop_variables = 0;  // loop variable slots an evaluation needs
  FlatProgram flat;             // the rules and lets lowered for the usual request (flat_program.h)
  // The response's constant JSON (rule ids, citations, ...), escaped once
  // when the pack is loaded (report::prepare_json) and copied per request.
  std::shared_ptr<const report::PreparedJson> json;

  const Node& node(NodeId id) const { return nodes[id]; }
  NodeId child(const Node& n, uint32_t i) const { return children[n.first_child + i]; }
};

}  // namespace rxr::compile
