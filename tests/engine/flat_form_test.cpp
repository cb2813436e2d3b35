// The flat form of the rules (compile/flat_program.h) against the tree
// evaluator, on the shipped packs: on every shipped request, and on every
// variant of one with a value removed or scaled, a rule the flat form
// decides is decided the same way by the tree (true on no missing data);
// where the flat form gives up, the tree decides (verify does exactly
// that). The lets and shown values it works out are the tree's too.
#include <gtest/gtest.h>

#include <algorithm>
#include <utility>
#include <vector>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "eval/flat_evaluator.h"
#include "eval/verify.h"
#include "io/decode_request.h"
#include "test_pack.h"

namespace rxr {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The shipped requests: the examples and the bases of the regression cases.
std::vector<json> shipped_requests() {
  std::vector<json> out;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(RXR_SOURCE_DIR "/examples")) files.push_back(entry.path());
  for (const auto& pack : fs::directory_iterator(RXR_SOURCE_DIR "/rules")) {
    const fs::path requests = pack.path() / "tests" / "requests";
    if (!fs::is_directory(requests)) continue;
    for (const auto& entry : fs::directory_iterator(requests)) files.push_back(entry.path());
  }
  for (const fs::path& file : files) {
    if (file.extension() == ".json") out.push_back(json::parse(testing::read_file(file.string())));
  }
  return out;
}

// Each request, then the request without each of its values in turn, and
// with each number halved, raised by half and tripled (thresholds crossed).
std::vector<std::string> variants(const json& request) {
  std::vector<std::string> out{request.dump()};
  const json leaves = request.flatten();
  for (const auto& [pointer, value] : leaves.items()) {
    json without = leaves;
    without.erase(pointer);
    out.push_back(json(without).unflatten().dump());
    if (!value.is_number()) continue;
    for (const double factor : {0.5, 1.5, 3.0}) {
      json scaled = leaves;
      scaled[pointer] = value.get<double>() * factor;
      out.push_back(scaled.unflatten().dump());
    }
  }
  return out;
}

struct Tally {
  std::size_t decided = 0;
  std::size_t gave_up = 0;
  std::size_t false_on_absence = 0;  // decided false by the flat form, resting on absent data
  std::size_t shown_flat = 0;        // shown values the flat form worked out
  std::size_t lets_known = 0;        // lets the flat form knew, for the tree form to take
};

void compare_forms(const api::Catalogue& catalogue, io::RequestDecoder& decoder, const std::string& request,
                   Tally& tally) {
  ASSERT_EQ(decoder.parse(request).status, io::DecodeStatus::kOk) << request;
  const auto drug = decoder.text_at({"order", "drug"});
  const compile::RuleSet* pack = drug ? catalogue.route(*drug) : nullptr;
  if (pack == nullptr) return;  // a variant without its drug: answered by no pack
  Facts facts;
  eval::Scratch scratch;
  ASSERT_EQ(decoder.fill(pack->schema, pack->symbols, 1.8e9, facts).status, io::DecodeStatus::kOk);
  eval::prepare(*pack, facts, scratch);
  scratch.reset(*pack);
  // The flat form works in a scratch of its own: the tree form takes a let
  // the flat form has worked out from it (Evaluator::let_from_flat), and
  // here it must work out every one itself.
  eval::Scratch flat_scratch;
  flat_scratch.reset(*pack);
  eval::FlatEvaluator flat(*pack, facts, flat_scratch);
  eval::Evaluator tree(*pack, facts, scratch);
  std::vector<eval::TraceEntry> trace;
  eval::Evaluator traced(*pack, facts, scratch, &trace);
  std::vector<eval::FlatDecision> decisions(pack->rules.size());
  flat.decide_all(decisions);
  for (std::size_t i = 0; i < pack->rules.size(); ++i) {
    const eval::FlatDecision decision = decisions[i];
    const eval::Value value = tree.eval(pack->rules[i].condition);
    // Traced, the tree evaluates every aggregate condition in full instead
    // of reading its entry test (compile/entry_test.h): both must agree.
    const eval::Value full = traced.eval(pack->rules[i].condition);
    ASSERT_EQ(full.known, value.known) << pack->rules[i].id << " on " << request;
    ASSERT_TRUE(std::ranges::equal(scratch.missing(full.absent), scratch.missing(value.absent)) &&
                std::ranges::equal(scratch.missing(full.missing), scratch.missing(value.missing)))
        << pack->rules[i].id << " on " << request;
    if (value.known) {
      ASSERT_EQ(full.number != 0, value.number != 0) << pack->rules[i].id << " on " << request;
    }
    if (decision == eval::FlatDecision::kGaveUp) {
      ++tally.gave_up;
      continue;
    }
    ++tally.decided;
    // Decided false, it may rest on absent data (a presence test): no
    // finding lists it. Decided true, it never does.
    ASSERT_TRUE(value.known) << pack->rules[i].id << " on " << request;
    ASSERT_EQ(value.number != 0, decision == eval::FlatDecision::kTrue) << pack->rules[i].id << " on " << request;
    if (decision == eval::FlatDecision::kTrue) {
      ASSERT_EQ(value.absent, eval::kNothingMissing) << pack->rules[i].id << " on " << request;
    } else if (value.absent != eval::kNothingMissing) {
      ++tally.false_on_absence;
    }
  }
  // A let the flat form knows, resting on no absent data, is what the tree
  // form would take from it: known, on no absent data, the same number.
  for (std::size_t i = 0; i < pack->lets.size(); ++i) {
    if (flat_scratch.flat_let_state[i] != eval::Scratch::kKnown) continue;
    if (!compile::held_whole_by_flat_form(pack->node(pack->lets[i].value).type.kind)) continue;
    ++tally.lets_known;
    const eval::Value value = tree.eval(pack->lets[i].value);
    ASSERT_TRUE(value.known && value.absent == eval::kNothingMissing) << pack->lets[i].name << " on " << request;
    ASSERT_EQ(flat_scratch.flat_lets[i].number, value.number) << pack->lets[i].name << " on " << request;
  }
  // The values a finding shows: the flat form's number, when it gives one,
  // is the tree form's, known.
  for (std::size_t i = 0; i < pack->rules.size(); ++i) {
    const compile::Rule& rule = pack->rules[i];
    const compile::FlatShown& flat_forms = pack->flat.shown[i];
    std::vector<std::pair<compile::NodeId, compile::FlatRange>> shown;
    for (const compile::Message* message : {&rule.message, &rule.missing_message}) {
      const auto& ranges = message == &rule.message ? flat_forms.message : flat_forms.missing_message;
      std::size_t next = 0;
      for (const auto& piece : message->pieces) {
        if (piece.is_value) shown.emplace_back(piece.value, ranges[next++]);
      }
    }
    for (std::size_t f = 0; f < rule.facts.size(); ++f) shown.emplace_back(rule.facts[f].value, flat_forms.facts[f]);
    for (const auto& [node, range] : shown) {
      const eval::FlatShownValue flat_value = flat.shown(range);
      if (flat_value.state == eval::FlatShownValue::State::kGaveUp) continue;
      ++tally.shown_flat;
      const eval::Value value = tree.eval(node);
      const bool known = flat_value.state == eval::FlatShownValue::State::kKnown;
      ASSERT_EQ(known, value.known) << rule.id << " on " << request;
      if (known) {
        ASSERT_EQ(flat_value.number, value.number) << rule.id << " on " << request;
      }
    }
  }
}

TEST(FlatForm, EveryShippedRuleHasOne) {
  const auto catalogue = testing::shipped_catalogue();
  for (const auto& pack : catalogue->packs) {
    for (std::size_t i = 0; i < pack->rules.size(); ++i) {
      EXPECT_TRUE(pack->flat.rules[i].lowered()) << pack->rules[i].id;
    }
  }
}

// The QT interaction rules' conditions over the medication list read only
// each entry's drug: they are entry tests, so the comparison above covers
// them against the full evaluation.
TEST(FlatForm, ShippedDrugListConditionsAreEntryTests) {
  const auto catalogue = testing::shipped_catalogue();
  std::size_t with_test = 0;
  for (const auto& pack : catalogue->packs) {
    for (const auto& aggregate : pack->aggregates) {
      for (const auto& source : aggregate.sources) with_test += source.entry_test.has_value();
    }
  }
  EXPECT_GE(with_test, 4u);
}

TEST(FlatForm, DecidesAsTheTreeOnEveryVariantOfTheShippedRequests) {
  const auto catalogue = testing::shipped_catalogue();
  io::RequestDecoder decoder;
  Tally tally;
  for (const json& request : shipped_requests()) {
    for (const std::string& variant : variants(request)) {
      compare_forms(*catalogue, decoder, variant, tally);
      if (::testing::Test::HasFatalFailure()) return;
    }
  }
  // Both ways are taken, even on variants with values removed: most rules
  // decided flat, the rest by the tree.
  EXPECT_GT(tally.decided, tally.gave_up);
  EXPECT_GT(tally.gave_up, 100u);
  // Both new ways are taken too: false on a presence test of absent data,
  // and shown values by the flat form.
  EXPECT_GT(tally.false_on_absence, 100u);
  EXPECT_GT(tally.shown_flat, 1000u);
  EXPECT_GT(tally.lets_known, 1000u);
}

}  // namespace
}  // namespace rxr
