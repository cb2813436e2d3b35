// The rule language's abstract syntax: plain structs, each with the span of
// the text it came from. Built by parse.cpp, read by the checker.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "syntax/source.h"

namespace rxr::ast {

using syntax::Span;

enum class ExprKind : uint8_t {
  kNumber,         // 0.8 mg/m2, 10000 /mm3, 5 %, 21
  kLimitMultiple,  // 1.5 x ULN
  kString,         // "IV"
  kBool,           // true, false
  kPath,           // labs.anc, first_dose, a.given_at
  kCall,           // dose_per_m2(order.cycle, response.status, order.day), count(list)
  kAggregate,      // any(m in medications where m.drug in corticosteroids)
  kList,           // ["IV", "intravenous"]
  kNegate,         // -x
  kArithmetic,     // a + b, a - b, a * b, a / b
  kCompare,        // a < b ...
  kOtherwise,      // a otherwise b: b when a is unknown
  kPresence,       // x is present, x is missing
  kIn,             // x in list, x not in list
  kWithin,         // a within 10 % of b
  kNot,
  kAnd,
  kOr,
  kConditional,    // if a then b else c: operands [a, b, c]
};

enum class ArithmeticOp : uint8_t { kAdd, kSubtract, kMultiply, kDivide };
enum class CompareOp : uint8_t { kLess, kLessEqual, kGreater, kGreaterEqual, kEqual, kNotEqual };
enum class Limit : uint8_t { kUpper, kLower };  // ULN, LLN

// One node type for every expression: a tagged struct keeps the checker and
// compiler to a single switch each, and the fields in use are named by kind.
struct Expr {
  ExprKind kind{};
  Span span;
  std::string source;  // the expression as written, for explanations

  double number = 0;        // kNumber, kLimitMultiple
  std::string unit;         // kNumber: unit as written, "" for a plain number
  Span unit_span;
  Limit limit{};            // kLimitMultiple
  std::string text;         // kString
  bool boolean = false;     // kBool
  std::vector<std::string> path;  // kPath: segments
  std::string function;     // kCall, kAggregate
  std::string variable;     // kAggregate: the bound name
  ArithmeticOp arithmetic{};
  CompareOp compare{};
  bool negated = false;       // not in, not within, is not present/missing
  bool tests_missing = false; // kPresence: "is missing" rather than "is present"

  // Operands in source order. kAggregate: the lists it goes over, in order;
  // kWithin: [value, tolerance, reference].
  std::vector<std::unique_ptr<Expr>> operands;
  std::unique_ptr<Expr> where;   // kAggregate, optional
  std::unique_ptr<Expr> select;  // kAggregate, optional
};
using ExprPtr = std::unique_ptr<Expr>;

struct Named {
  std::string name;
  Span span;
};

struct PackHeader {
  std::string name, version;
  Span span;
};

struct DrugDecl {
  Named drug;
  std::vector<Named> synonyms;
};

struct SourceDecl {
  Named tag;
  std::string text;
};

struct ConstDecl {
  Named name;
  bool policy = false;  // a local-policy value a site may change
  ExprPtr value;
};

struct LetDecl {
  Named name;
  ExprPtr value;
};

struct ListDecl {
  Named name;
  std::vector<Named> items;
};

struct Literal {
  enum class Kind : uint8_t { kNumber, kString, kBool };
  Kind kind{};
  double number = 0;
  std::string unit;  // kNumber
  std::string text;  // kString
  bool boolean = false;
  Span span;
};

struct Pattern {
  enum class Kind : uint8_t { kAny, kValues, kRange, kBound };
  Kind kind{};
  CompareOp bound{};             // kBound: "< 3" matches values less than 3
  std::vector<Literal> values;   // kValues: alternatives; kRange: [low, high]; kBound: [limit]
  Span span;
};

struct TableRow {
  std::vector<Pattern> patterns;
  ExprPtr result;
  Span span;
};

struct TableDecl {
  Named name;
  std::vector<Named> columns;
  Named unit;  // unit of every result
  std::vector<TableRow> rows;
};

// A message: literal text with {expr} or {expr as unit} placeholders, and
// {missing}: the data the finding lacks.
struct Template {
  struct Piece {
    std::string text;            // literal text; empty when this piece is a placeholder
    ExprPtr value;               // the placeholder's expression
    Named unit;                  // "as unit", may be empty
    bool lists_missing = false;  // {missing}
  };
  std::vector<Piece> pieces;
  Span span;
};

struct RuleDecl {
  Named id;
  std::string title;
  std::optional<Named> category;
  std::optional<Named> severity;
  std::vector<LetDecl> lets;
  ExprPtr when;
  std::optional<Template> message;
  std::optional<Template> missing_message;
  std::optional<Named> cite_tag;
  std::string cite_text;
  Span span;
};

// A request path as a declaration writes it: "history.toxicities[].grade".
struct FieldPath {
  struct Segment {
    std::string name;
    bool list = false;  // written with [] after it: a list of records
  };
  std::vector<Segment> segments;
  std::string text;  // as written
  Span span;
};

// "0 a .. 130 a", "> 0 mg .. 500 kg", "> 0 mg", ".. 100".
struct Bounds {
  std::optional<Literal> low;
  bool low_exclusive = false;
  std::optional<Literal> high;
  Span span;
};

// "1 mg/dL = 17.1 umol/L": a unit of another dimension the field accepts.
struct Conversion {
  Literal from;
  Literal to;
  Span span;
};

struct FieldClause {
  Named keyword;  // plausible, uln, lln, convert, after
  std::optional<Bounds> bounds;
  std::vector<Conversion> conversions;
  std::optional<FieldPath> after;
};

struct FieldDecl {
  FieldPath path;
  std::string description;
  Named type;                  // bool, integer, quantity, lab, choice, ...
  Named unit;                  // quantity and lab: their unit
  std::vector<Named> choices;  // choice: its codes
  std::vector<FieldClause> clauses;
  std::optional<FieldPath> like;  // a group with the members of this one
};

// More codes for a choice field of the base: extend history.toxicities[].type: "crs".
struct ExtendDecl {
  FieldPath path;
  std::vector<Named> codes;
};

// A request value the engine computes when the request lacks it, shown in
// the response's `computed` with its label: derive patient.bsa "Mosteller" = ...
struct DeriveDecl {
  FieldPath path;
  std::string label;
  ExprPtr value;
};

// Values of a group older than a window before a moment are treated as
// absent: recent labs within LAB_RECENCY of dose_time (clinical M1).
struct RecentDecl {
  FieldPath group;
  ExprPtr window;
  ExprPtr reference;
};

struct CategoryDecl {
  Named name;
  std::string description;
};

struct ImportDecl {
  std::string path;
  Span span;
};

// One rule file, declarations kept in source order within each kind.
struct File {
  syntax::FileId id = 0;
  std::string name;  // as loaded ("regimen.rxr"), for messages about another file
  std::optional<PackHeader> pack;
  std::vector<std::string> notices;
  std::vector<ImportDecl> imports;
  std::vector<DrugDecl> drugs;
  std::vector<SourceDecl> sources;
  std::vector<Named> salts;
  std::vector<Named> forms;  // dose-form words, dropped from drug names like salts
  std::vector<ConstDecl> consts;
  std::vector<LetDecl> lets;
  std::vector<ListDecl> lists;
  std::vector<TableDecl> tables;
  std::vector<RuleDecl> rules;
  std::vector<CategoryDecl> categories;
  std::vector<FieldDecl> fields;
  std::vector<ExtendDecl> extends;
  std::vector<DeriveDecl> derives;
  std::vector<RecentDecl> recents;
};

}  // namespace rxr::ast
