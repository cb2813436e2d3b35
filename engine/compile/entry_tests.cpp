// Finds the aggregate conditions that read nothing but the entry's name and
// turns each into the set of names it holds for (compile/entry_test.h).
#include <optional>
#include <span>

#include "compile/entry_test.h"
#include "compile/rule_set.h"

namespace rxr::compile {
namespace {

using Symbols = std::vector<uint8_t>;  // EntryTest::holds

class EntryTestFinder {
 public:
  EntryTestFinder(const RuleSet& rules, uint32_t loop_slot)
      : rules_(rules), loop_slot_(loop_slot), symbols_(rules.symbols.size()) {}

  std::optional<EntryTest> find(NodeId condition) {
    std::optional<Symbols> holds = names_where(condition);
    if (!holds || name_ == schema::kNoField) return std::nullopt;
    const schema::Field& name = rules_.schema.field(name_);
    return EntryTest{whole_entry_ ? 0u : uint32_t{name.slot}, std::move(*holds)};
  }

 private:
  // The names for which `id` holds, when it reads no value but the name.
  // With that name present every operand is known, so the three-valued
  // logic of the tree form is plain logic here.
  std::optional<Symbols> names_where(NodeId id) {
    const Node& n = rules_.node(id);
    const bool negated = (n.flags & kNegated) != 0;
    switch (n.op) {
      case Op::kInList: {
        if (!is_the_name(child(n, 0))) return std::nullopt;
        const std::vector<bool>& members = rules_.lists[n.index].members;
        Symbols out(symbols_);
        for (std::size_t s = 0; s < out.size() && s < members.size(); ++s) out[s] = members[s] ? 1 : 0;
        return negated ? complement(std::move(out)) : out;
      }
      case Op::kInNames: {
        const Node& list = rules_.node(child(n, 1));
        if (!is_the_name(child(n, 0)) || list.op != Op::kNameList) return std::nullopt;
        Symbols out(symbols_);
        for (uint32_t i = 0; i < list.first_child; ++i) add(out, rules_.constants[list.index + i].symbol);
        return negated ? complement(std::move(out)) : out;
      }
      case Op::kEqual:
      case Op::kNotEqual: {
        const Node& constant = rules_.node(child(n, 1));
        if (!is_the_name(child(n, 0)) || constant.op != Op::kConstant) return std::nullopt;
        Symbols out(symbols_);
        add(out, rules_.constants[constant.index].symbol);
        return n.op == Op::kNotEqual ? complement(std::move(out)) : out;
      }
      case Op::kPresence:  // `m.drug is missing`: false whenever the name is there
        if (!is_the_name(child(n, 0))) return std::nullopt;
        return Symbols(symbols_, negated ? 0 : 1);
      case Op::kNot: {
        std::optional<Symbols> operand = names_where(child(n, 0));
        if (!operand) return std::nullopt;
        return complement(std::move(*operand));
      }
      case Op::kAnd:
      case Op::kOr: {
        std::optional<Symbols> out;
        for (uint32_t i = 0; i < n.child_count; ++i) {
          std::optional<Symbols> operand = names_where(child(n, i));
          if (!operand) return std::nullopt;
          if (!out) {
            out = std::move(operand);
            continue;
          }
          for (std::size_t s = 0; s < symbols_; ++s) {
            (*out)[s] = n.op == Op::kAnd ? (*out)[s] & (*operand)[s] : (*out)[s] | (*operand)[s];
          }
        }
        return out;
      }
      default: return std::nullopt;
    }
  }

  // The name of this aggregate's entry: every test of the condition must
  // read the same one (not an outer loop's, not another member).
  bool is_the_name(NodeId id) {
    const Node& n = rules_.node(id);
    if ((n.op != Op::kMember && n.op != Op::kLoopValue) || n.index != loop_slot_) return false;
    if (n.type.kind != TypeKind::kName) return false;
    if (name_ == schema::kNoField) {
      name_ = n.field;
      whole_entry_ = n.op == Op::kLoopValue;
    }
    return n.field == name_;
  }

  NodeId child(const Node& n, uint32_t i) const { return rules_.children[n.first_child + i]; }
  // A name matches only a known symbol (eval/comparison.h, names_match).
  static void add(Symbols& set, Symbol s) {
    if (s != kUnknownSymbol && s < set.size()) set[s] = 1;
  }
  static Symbols complement(Symbols set) {
    for (uint8_t& holds : set) holds = holds != 0 ? 0 : 1;
    return set;
  }

  const RuleSet& rules_;
  uint32_t loop_slot_;
  std::size_t symbols_;
  schema::FieldId name_ = schema::kNoField;
  bool whole_entry_ = false;
};

}  // namespace

void find_entry_tests(RuleSet& rules) {
  for (Aggregate& aggregate : rules.aggregates) {
    for (AggregateSource& source : aggregate.sources) {
      if (source.where != kNoNode) source.entry_test = EntryTestFinder(rules, source.slot).find(source.where);
    }
  }
}

}  // namespace rxr::compile
