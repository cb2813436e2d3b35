// Evaluates compiled expressions against one request's facts.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "compile/rule_set.h"
#include "eval/value.h"

namespace rxr::eval {

// One line of a "why did it fire" trace: a node, how deep it sits, its value.
struct TraceEntry {
  compile::NodeId node;
  uint32_t depth;
  Value value;
  int32_t row = -1;  // a table lookup: the row that answered
};

// What the flat form made of a rule (flat_evaluator.h).
enum class FlatDecision : uint8_t { kFalse, kTrue, kGaveUp };

// Per-thread working memory, reused across requests so that steady-state
// evaluation does not allocate.
struct Scratch {
  std::vector<Value> lets;
  std::vector<uint8_t> let_ready;
  std::vector<uint32_t> rows;  // current row of each loop variable
  std::vector<const FactValue*> collected;
  std::vector<uint8_t> matched;  // collect's rows that matched, a stack shared by nested collects
  // Sets of missing items: each a sorted run of `missing_items`; [0] is empty.
  struct Run {
    uint32_t first = 0;
    uint32_t count = 0;
  };
  std::vector<MissingItem> missing_items;
  std::vector<Run> missing_sets;
  // The flat form's (flat_evaluator.h): its stack, its lets with their
  // state (kKnownOnAbsence: known, resting on some value's absence,
  // compile/flat_program.h), and its decisions.
  enum FlatLetState : uint8_t { kNotYet, kKnown, kKnownOnAbsence, kGaveUp };
  std::vector<FlatValue> flat_stack;
  std::vector<FlatValue> flat_lets;
  std::vector<FlatLetState> flat_let_state;
  std::vector<FlatDecision> flat_decisions;  // by RuleSet::rules index

  void reset(const compile::RuleSet& rules);
  std::span<const MissingItem> missing(MissingRef ref) const {
    const Run run = missing_sets[ref];
    return {missing_items.data() + run.first, run.count};
  }
};

class Evaluator {
 public:
  // `trace`: record every node evaluated (the explanation). With
  // `expand_lets`, a let's first use in the trace also shows how its value
  // was worked out (the explanation of one rule); otherwise one line.
  Evaluator(const compile::RuleSet& rules, const Facts& facts, Scratch& scratch,
            std::vector<TraceEntry>* trace = nullptr, bool expand_lets = false)
      : rules_(rules), facts_(facts), scratch_(scratch), trace_(trace), expand_lets_(expand_lets) {}

  // Inline, so that a node's operands are evaluated with one call each:
  // the untraced path is the one every verification takes.
  Value eval(compile::NodeId id) {
    if (trace_ != nullptr) [[unlikely]] return eval_traced(id);
    return eval_node(nodes_[id]);
  }

 private:
  Value eval_traced(compile::NodeId id);
  Value eval_node(const compile::Node& n);
  Value fact(const compile::Node& n);
  Value member(const compile::Node& n);
  Value let(const compile::Node& n);
  bool let_from_flat(uint32_t index);
  Value arithmetic(const compile::Node& n);
  Value compare(const compile::Node& n);
  Value logical(const compile::Node& n);
  Value in_names(const compile::Node& n);
  Value extreme(const compile::Node& n);      // min(a, b), max(a, b)
  Value conditional(const compile::Node& n);
  Value within(const compile::Node& n);
  Value aggregate(const compile::Node& n);
  Value collect(const compile::Aggregate& aggregate);
  bool reads_names_alone(const compile::Aggregate& aggregate) const;
  Value collect_by_names(const compile::Aggregate& aggregate);
  Value absent_lists(const compile::Aggregate& aggregate);
  Value collected_since(uint32_t first) const;
  // The cell of each entry a collect gathers: its `select`, or the entry itself (a code list).
  uint32_t selected_column(const compile::AggregateSource& source) const {
    return source.select != compile::kNoNode ? field(nodes_[source.select].field).slot : 0;
  }
  // The condition of `source` for its entry `row`, the loop variable set to
  // it. Inline, as are the two below: they run once per medication.
  Value condition(const compile::AggregateSource& source, const FactList& list, uint32_t row) {
    if (const std::optional<bool> by_name = decided_by_name(source, list, row)) return Value::truth(*by_name);
    return eval(source.where);
  }
  bool condition_holds(const compile::AggregateSource& source, const FactList& list, uint32_t row) {
    if (const std::optional<bool> by_name = decided_by_name(source, list, row)) return *by_name;
    return eval(source.where).is_true();
  }
  // A condition that is a set of names, read from the set when the entry
  // has its name, unless traced (the explanation shows every step); nullopt
  // when the condition must be evaluated.
  std::optional<bool> decided_by_name(const compile::AggregateSource& source, const FactList& list,
                                      uint32_t row) const {
    if (!source.entry_test || trace_ != nullptr) return std::nullopt;
    const FactValue& cell = list.cell(row, source.entry_test->column);
    if (!cell.present()) return std::nullopt;
    return source.entry_test->holds_for(cell.symbol);
  }
  Value table(const compile::Node& n);
  Value child(const compile::Node& n, uint32_t i) { return eval(children_[n.first_child + i]); }
  Value presence(const compile::Node& n);
  Value absent(schema::FieldId field, int32_t row = -1);
  // Unknown, missing what either operand misses.
  Value unknown_from(const Value& a, const Value& b);
  // The union of two sets of missing items.
  MissingRef merge(MissingRef x, MissingRef y);
  // `v`, known, resting also on what `a` and `b` were decided on.
  Value resting_on(Value v, const Value& a, const Value& b);

  // The schema's fields, cached: looked up for every fact a node reads.
  const schema::Field& field(schema::FieldId id) const { return fields_[static_cast<std::size_t>(id)]; }

  const compile::RuleSet& rules_;
  std::span<const schema::Field> fields_ = rules_.schema.fields();
  const compile::Node* nodes_ = rules_.nodes.data();
  const compile::NodeId* children_ = rules_.children.data();
  const Facts& facts_;
  Scratch& scratch_;
  std::vector<TraceEntry>* trace_;
  bool expand_lets_;
  std::vector<bool> expanded_;  // lets already shown worked out in this trace
  int32_t answered_row_ = -1;   // set by table(): the row of the lookup just made
  uint32_t depth_ = 0;
};

}  // namespace rxr::eval
