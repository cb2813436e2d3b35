// Fuzzes request decoding: arbitrary bytes as a verification request,
// decoded by the schema and symbol table of each shipped pack (its fields,
// drug names, synonyms and qualifier words), as the engine decodes them.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "io/decode_request.h"

namespace {

using rxr::Facts;
using rxr::FactValue;
using rxr::Presence;
using rxr::fuzz::violated;

// 2026-03-10T09:00:00Z, for requests without as_of: fixed, so that an input
// decodes the same on every run.
constexpr double kNow = 1773133200;

// A present value is usable as it stands: rules compare numbers, so a
// present number must be finite (NaN and infinities are problems instead).
void check_value(const FactValue& v) {
  if (v.present() && !std::isfinite(v.number)) violated("a present value is not finite");
}

bool same_value(const FactValue& a, const FactValue& b) {
  return a.presence == b.presence && a.symbol == b.symbol && a.text == b.text &&
         (!a.present() || a.number == b.number);
}

// The decoder reuses its buffers and the Facts between requests: decoding
// the same text twice must give the same facts, whatever came before.
bool same_facts(const Facts& a, const Facts& b) {
  if (a.scalars.size() != b.scalars.size() || a.lists.size() != b.lists.size() ||
      a.problems.size() != b.problems.size() || a.has_id != b.has_id || a.id != b.id) {
    return false;
  }
  for (std::size_t i = 0; i < a.scalars.size(); ++i) {
    if (!same_value(a.scalars[i], b.scalars[i])) return false;
  }
  for (std::size_t i = 0; i < a.lists.size(); ++i) {
    if (a.lists[i].presence != b.lists[i].presence || a.lists[i].count != b.lists[i].count) return false;
    for (uint32_t cell = 0; cell < a.lists[i].count * a.lists[i].width; ++cell) {
      if (!same_value(a.lists[i].cells[cell], b.lists[i].cells[cell])) return false;
    }
  }
  for (std::size_t i = 0; i < a.problems.size(); ++i) {
    if (a.problems[i].path != b.problems[i].path || a.problems[i].message != b.problems[i].message) return false;
  }
  return true;
}

void check_facts(const Facts& facts) {
  for (const FactValue& v : facts.scalars) check_value(v);
  for (const rxr::FactList& list : facts.lists) {
    if (list.cells.size() < std::size_t{list.count} * list.width) violated("a list has fewer cells than rows");
    for (uint32_t cell = 0; cell < list.count * list.width; ++cell) check_value(list.cells[cell]);
  }
  for (const rxr::Problem& p : facts.problems) {
    if (p.path.empty() || p.message.empty()) violated("a problem without a path or a message", p.path + p.message);
  }
}

// Decodes `json` by one pack's schema, checks the facts, and checks that a
// decoder that has seen only this input decodes it the same.
void check_decoding(const rxr::compile::RuleSet& pack, std::string_view json) {
  // One decoder and one Facts reused across inputs, as a thread reuses its own.
  static rxr::io::RequestDecoder reused;
  static Facts facts;
  const rxr::io::DecodeResult result = reused.decode(json, pack.schema, pack.symbols, kNow, facts);
  if (result.status == rxr::io::DecodeStatus::kInternalError) violated("decoder threw", result.error);
  if (result.status != rxr::io::DecodeStatus::kOk) {
    if (result.error.empty()) violated("a refusal without a reason");
    return;
  }
  if (!result.error.empty()) violated("an accepted request with an error", result.error);
  check_facts(facts);
  rxr::io::RequestDecoder fresh;
  Facts fresh_facts;
  const rxr::io::DecodeResult repeated = fresh.decode(json, pack.schema, pack.symbols, kNow, fresh_facts);
  if (repeated.status != result.status || !same_facts(facts, fresh_facts)) {
    violated("a reused decoder decodes the request differently from a fresh one");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  // Every pack of the catalogue reads the request by its own schema.
  for (const auto& pack : rxr::fuzz::shipped_catalogue().packs) check_decoding(*pack, json);
  return 0;
}
