// Private to the compile layer: the state of compiling one pack. Split in
// two files: declarations and rules (pack_compiler.cpp), expressions
// (expr_compiler.cpp).
#pragma once

#include <map>
#include <utility>
#include <optional>
#include <string>
#include <vector>

#include "compile/closest.h"
#include "compile/compiler.h"
#include "compile/rule_set.h"
#include "syntax/ast.h"
#include "syntax/diagnostic.h"

namespace rxr::compile {

class PackCompiler {
 public:
  PackCompiler(RuleSet& out, syntax::Diagnostics& diagnostics, const CompileLimits& limits)
      : out_(out), diagnostics_(diagnostics), limits_(limits) {}

  void compile(const std::vector<ast::File>& files);

 private:
  enum class State : uint8_t { kPending, kCompiling, kDone };
  struct ConstEntry { const ast::ConstDecl* decl; State state = State::kPending; NodeId node = 0; };
  struct LetEntry { const ast::LetDecl* decl; State state = State::kPending; uint32_t let = 0; };
  struct ListEntry { const ast::ListDecl* decl; uint32_t index = 0; };
  struct TableEntry { const ast::TableDecl* decl; State state = State::kPending; uint32_t index = 0; };
  struct LoopVariable { std::string name; schema::FieldId list; uint32_t slot; };

  // pack_compiler.cpp
  void declare_names(const ast::File& file);
  void declare(const std::string& name, syntax::Span span);
  // Reports a name of the rule text the text policy refuses, or that hides
  // an invisible character; true when the name is fine.
  bool check_name(const std::string& name, syntax::Span span);
  void compile_rule(const ast::RuleDecl& rule);
  Message compile_message(const ast::Template& t);
  void compile_table(TableEntry& entry);
  TablePattern compile_pattern(const ast::Pattern& p);
  void check_patterns(const Table& table, const std::vector<NodeId>& args, syntax::Span call);
  Symbol literal_name(const std::string& text, const Type& expected, syntax::Span span);

  // field_compiler.cpp
  struct PendingOrder {
    schema::FieldId later;
    const ast::FieldPath* earlier;
  };
  void declare_field(const ast::FieldDecl& decl);
  void declare_group_like(const ast::FieldDecl& decl);
  void copy_members(schema::FieldId from, schema::FieldId to, syntax::Span span);
  schema::FieldId field_parent(const ast::FieldPath& path);
  schema::FieldId find_declared(schema::FieldId parent, std::string_view name) const;
  std::optional<double> bound_value(const ast::Literal& literal, const schema::Field& field);
  std::optional<schema::Range> range_of(const ast::Bounds& bounds, const schema::Field& field);
  void declare_lab_members(schema::FieldId lab, const std::optional<schema::Range>& uln,
                           const std::optional<schema::Range>& lln);
  void declare_conversion(schema::FieldId id, const ast::Conversion& c);
  void extend_field(const ast::ExtendDecl& decl);
  void finish_fields();
  void compile_derivation(const ast::DeriveDecl& decl);
  void compile_recency(const ast::RecentDecl& decl);
  void collect_inputs(NodeId node, std::vector<schema::FieldId>& out) const;
  static std::string declared_path(const ast::FieldPath& path);

  // expr_compiler.cpp
  Type type_of_field(schema::FieldId id) const;
  NodeId expr(const ast::Expr& e);
  NodeId expr_here(const ast::Expr& e);
  NodeId path(const ast::Expr& e);
  NodeId path_to_field(const ast::Expr& e, schema::FieldId field, std::optional<uint32_t> loop_slot);
  NodeId number_literal(const ast::Expr& e);
  NodeId arithmetic(const ast::Expr& e);
  NodeId comparison(const ast::Expr& e);
  NodeId membership(const ast::Expr& e);
  NodeId within(const ast::Expr& e);
  NodeId presence(const ast::Expr& e);
  NodeId aggregate(const ast::Expr& e);
  NodeId call(const ast::Expr& e);
  NodeId function(const ast::Expr& e, Op op);
  NodeId conditional(const ast::Expr& e);
  NodeId list_literal(const ast::Expr& e);
  NodeId limit_multiple(const ast::Expr& limit, NodeId lab, const ast::Expr& lab_expr);
  // Gives a text literal its role as a name once the other operand says
  // what kind of name it must be (a drug, a code, a response status).
  NodeId as_name(NodeId node, const Type& expected);
  NodeId reference_let(LetEntry& entry, syntax::Span use);
  NodeId reference_const(ConstEntry& entry, syntax::Span use);
  std::string unknown_name_hint(const std::string& name);
  // A one-word path that names nothing declared: in `route == IV`, a code written without quotes.
  bool is_undeclared_word(const ast::Expr& e) const;

  NodeId add(Op op, Type type, const ast::Expr& e, std::vector<NodeId> children = {},
             schema::FieldId field = schema::kNoField, uint32_t index = 0, uint8_t flags = 0);
  uint32_t inner_depth(Op op, const Type& type, const std::vector<NodeId>& children, uint32_t index) const;
  NodeId constant(Constant c, const ast::Expr& e);
  std::optional<double> fold(Op op, const std::vector<NodeId>& children) const;
  void error(syntax::Span span, std::string message, std::string hint = {});
  void record_shown(const std::string& label, NodeId node);

  // Reports a node deeper than the evaluation depth limit; true when it fits.
  bool within_depth(NodeId node, syntax::Span span, std::string_view what);

  RuleSet& out_;
  syntax::Diagnostics& diagnostics_;
  const CompileLimits& limits_;
  std::size_t compile_depth_ = 0;  // expressions being compiled inside one another
  bool depth_reported_ = false;    // this top-level expression already has its depth diagnostic
  std::map<std::string, ConstEntry, std::less<>> consts_;
  std::map<std::string, LetEntry, std::less<>> lets_;
  std::map<std::string, ListEntry, std::less<>> lists_;
  std::map<std::string, TableEntry, std::less<>> tables_;
  std::map<std::string, std::string, std::less<>> sources_;     // tag -> citation
  std::map<syntax::FileId, std::string> file_names_;             // for messages naming another file
  std::map<std::string, syntax::Span, std::less<>> declared_;   // every pack-level name
  std::map<std::string, syntax::Span, std::less<>> rule_ids_;
  std::map<std::string, syntax::Span, std::less<>> field_spans_;  // declared field paths
  std::vector<PendingOrder> pending_orders_;
  std::size_t suggestion_budget_ = kSuggestionBudget;  // for "did you mean" (closest.h)

  // While compiling one rule.
  std::map<std::string, LetEntry, std::less<>> rule_lets_;
  std::vector<LoopVariable> loops_;
  std::vector<ShownFact>* shown_ = nullptr;  // facts a finding shows; null inside let bodies
};

}  // namespace rxr::compile
