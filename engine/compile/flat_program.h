// The rules of a RuleSet lowered to a flat, typed program: postfix
// instructions over a stack of plain numbers and symbols, with short-circuit
// jumps, run for every rule of every request (eval/flat_evaluator.h).
//
// The program decides a rule only while every value it reads is present and
// every operation has an answer; that is the usual request, and there
// three-valued logic reduces to plain logic. The one exception is a test of
// presence (`labs.qtcf is present`), which is known whatever the request
// holds: the program answers it and notes that its answer rested on absent
// data. A rule decided false that way fires no finding, so nothing needs
// saying; one decided true must list that data (clinical M4), so the
// program gives up. Anything else (reading an absent, stale or invalid
// value, a division by zero, a table with no row for the arguments) gives
// up, and the rule is evaluated again by the tree evaluator, which knows how
// to say what is missing (eval/evaluator.h). Giving up is always safe:
// evaluation has no side effects.
#pragma once

#include <cstdint>
#include <vector>

#include "compile/type.h"
#include "schema/schema.h"

namespace rxr::compile {

struct RuleSet;
enum class Op : uint8_t;

enum class FlatOp : uint8_t {
  kConstant,       // push constants[a]
  kTruth,          // push true (a = 1) or false (a = 0)
  kScalar,         // push the scalar fact in slot a
  kScalarOr,       // the scalar fact in slot a, if present, then jump to `target`; else go on (`otherwise`)
  kMember,         // push cell (row of loop variable c, column b) of list slot a
  kMemberOr,       // kMember if present, then jump to `target`; else go on
  kLet,            // push let a, worked out once per request
  kPresence,       // replace the top with true (`is present`; flag kFlatNegated: `is missing`)
  kScalarPresence,  // push whether the scalar fact in slot a is present (flag kFlatNegated: missing)
  kListPresence,    // push whether the list in slot a is present (flag kFlatNegated: missing)
  kMemberPresence,  // push whether the kMember cell (a, b, c) is present (flag kFlatNegated: missing)
  kNegate,         // the number of the top negated, its symbol kept
  kNot,            // the truth of the top reversed, its symbol kept
  kArithmetic,     // a: the Op (kAdd ... kDivide); pops b, a
  kCompare,        // a: the Op (kLess ... kNotEqual), b = 1 when names are compared; pops b, a
  kCompareConstant,  // as kCompare, with constants[c] for the right operand
  kBranchCompare,    // as kCompare, without a result: jump to `target` when it is true (flag
                     // kFlatWhenTrue) or false (flag clear)
  kBranchCompareConstant,
  kJumpIfFalse,    // pop; jump to `target` when false
  kJumpIfTrue,     // pop; jump to `target` when true
  kJump,           // jump to `target`
  kInList,         // replace the top with its membership of lists[a]
  kMemberInList,   // push the membership of lists[d] of the kMember cell (a, b, c)
  kInFactList,     // replace the top with its membership of the code list in list slot a
  kInConstants,    // replace the top with its membership of constants[a .. a + b)
  kWithin,         // pops reference, tolerance, value; b = 1: tolerance in percent
  kLimitOf,        // the top times the scalar fact in slot a (a lab's uln or lln)
  kCountList,      // push the number of entries of list slot a
  kAggregate,      // push aggregates[a] (any, all, count, sum, max, min)
  kTable,          // pops b arguments; push the result of the first row of tables[a] they match
  kExtreme,        // pops b, a; push the least (a = 0) or the greatest (a = 1)
  kSquareRoot,
};

inline constexpr uint8_t kFlatNegated = 1;
inline constexpr uint8_t kFlatWhenTrue = 2;    // a branch jumps when its condition is true
inline constexpr uint8_t kFlatLeftScalar = 4;  // a comparison's left operand: the scalar fact in slot d

struct FlatInstr {
  FlatOp op{};
  uint8_t flags = 0;
  uint32_t a = 0;
  uint32_t b = 0;
  uint32_t c = 0;
  uint32_t d = 0;
  uint32_t target = 0;  // jumps: an index in the instruction's own code range
};

// A contiguous run of FlatProgram::code. Every expression lowers to at
// least one instruction, so an empty range is one without a flat form (it
// uses collect, say): always evaluated by the tree evaluator.
struct FlatRange {
  uint32_t first = 0;
  uint32_t count = 0;

  bool lowered() const { return count != 0; }
};

struct FlatAggregateSource {
  uint32_t list_slot = 0;  // Facts::lists
  uint32_t loop_slot = 0;  // the loop variable's row in the evaluation's rows
  FlatRange where;         // not lowered: there is no condition, every entry matches
  FlatRange select;        // sum, max and min: the value of a matching entry
};

struct FlatAggregate {
  Op op{};  // kAny, kAll, kCount, kSum, kMax, kMin
  uint32_t tree = 0;  // RuleSet::aggregates: its sources' entry tests (compile/entry_test.h)
  std::vector<FlatAggregateSource> sources;
};

// Whether the flat form's plain number holds all of a value of this kind:
// a number, a truth or a time; a name keeps the text it was written with,
// which only the tree form carries. What the flat form works out of any
// other kind is worked out again by the tree form where it is shown.
constexpr bool held_whole_by_flat_form(TypeKind kind) {
  return kind == TypeKind::kNumber || kind == TypeKind::kBool || kind == TypeKind::kTime;
}

// The flat forms of the values one rule's finding shows (compile/rule_set.h
// Message, ShownFact), for those held_whole_by_flat_form. Not lowered: the
// tree evaluator works the value out.
struct FlatShown {
  std::vector<FlatRange> message;          // by placeholder of Rule::message
  std::vector<FlatRange> missing_message;  // by placeholder of Rule::missing_message
  std::vector<FlatRange> facts;            // by Rule::facts
};

struct FlatProgram {
  std::vector<FlatInstr> code;
  std::vector<FlatRange> rules;        // by RuleSet::rules index
  std::vector<FlatShown> shown;        // by RuleSet::rules index
  std::vector<FlatRange> lets;         // by RuleSet::lets index
  std::vector<FlatAggregate> aggregates;
  std::vector<std::vector<FlatRange>> table_results;  // by table, by row
  uint32_t stack_size = 0;             // slots a run may need, lets and aggregates included
};

// Lowers every rule and let of `rules` that has a flat form.
FlatProgram lower_to_flat(const RuleSet& rules);

}  // namespace rxr::compile
