#include "api/engine.h"

#include <chrono>

#include <fmt/format.h>

#include "eval/verify.h"
#include "io/iso_time.h"
#include "report/response.h"
#include "text/name_policy.h"

namespace rxr::api {

namespace {

// Per-thread working memory, reused across calls and engines. The decoder
// is rebuilt only when an engine with other limits is used on the thread.
struct ThreadState {
  io::DecodeLimits limits;
  io::RequestDecoder decoder{limits};
  Facts facts;
  eval::Scratch scratch;
  eval::Verification verification;
  std::string drug;  // order.drug, normalised for routing
  std::vector<Problem> problems;  // of an order no pack answers
};

ThreadState& thread_state(const io::DecodeLimits& limits) {
  thread_local ThreadState state;
  const io::DecodeLimits& held = state.limits;
  const bool same = held.max_request_bytes == limits.max_request_bytes && held.max_depth == limits.max_depth &&
                    held.max_list_items == limits.max_list_items && held.max_string_bytes == limits.max_string_bytes;
  if (!same) {
    state.limits = limits;
    state.decoder = io::RequestDecoder(limits);
  }
  return state;
}

double now_seconds() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

VerifyStatus refused(const io::DecodeResult& result, std::string& out) {
  out = result.error;
  return result.status == io::DecodeStatus::kNotAnObject ? VerifyStatus::kRequestError : VerifyStatus::kInternalError;
}

// Decodes the parsed request by `pack`, derives what it declares, runs its
// rules, and writes the answer.
VerifyStatus answer(const compile::RuleSet& pack, ThreadState& state, const VerifyOptions& options, std::string& out) {
  const io::DecodeResult filled = state.decoder.fill(pack.schema, pack.symbols, now_seconds(), state.facts);
  if (filled.status != io::DecodeStatus::kOk) return refused(filled, out);
  eval::prepare(pack, state.facts, state.scratch);
  eval::verify(pack, state.facts, state.scratch, {options.explain, options.explain_rule}, state.verification);
  out.clear();
  const report::Verified verified{pack, state.facts, state.verification, state.scratch};
  options.text ? report::write_text(verified, out) : report::write_json(verified, out);
  return VerifyStatus::kOk;
}

// The answer for an order no pack covers: its id, its as_of (or now), and
// a problem when order.drug is there but unusable.
VerifyStatus answer_unrouted(const Catalogue& catalogue, ThreadState& state, std::string_view drug,
                             const VerifyOptions& options, std::string& out) {
  bool has_id = false;
  const std::string_view id = state.decoder.text_at({"id"}, &has_id).value_or("");
  double as_of = now_seconds();
  if (const auto written = state.decoder.text_at({"as_of"})) {
    const io::ParsedTime parsed = io::parse_iso_time(*written);
    if (parsed.error == io::TimeError::kNone) as_of = parsed.seconds;
  }
  const report::Unrouted unrouted{id, has_id && !id.empty(), as_of, drug, state.problems, catalogue.fingerprint};
  out.clear();
  options.text ? report::write_text(unrouted, out) : report::write_json(unrouted, out);
  return VerifyStatus::kOk;
}

}  // namespace

VerifyStatus verify(const Catalogue& catalogue, std::string_view request, const VerifyOptions& options,
                    const io::DecodeLimits& limits, std::string& out) {
  ThreadState& state = thread_state(limits);
  if (const io::DecodeResult parsed = state.decoder.parse(request); parsed.status != io::DecodeStatus::kOk) {
    return refused(parsed, out);
  }
  // The order goes to the pack of its drug. Without a usable order.drug
  // there is no pack to read the rest by: what makes it unusable is the
  // one problem that can be named. Nearly every order names its drug in
  // comparable form, so the usual path is one lookup and no copy.
  state.problems.clear();
  if (const auto written = state.decoder.text_at({"order", "drug"})) {
    text::NameCheck check;
    std::string_view drug = *written;
    if (!text::is_normalized_name(drug)) {
      check = text::normalize_name(*written, state.drug);
      drug = state.drug;
    }
    if (!check.refused() && !drug.empty()) {
      if (const compile::RuleSet* pack = catalogue.route(drug)) return answer(*pack, state, options, out);
      return answer_unrouted(catalogue, state, *written, options, out);
    }
    state.problems.push_back(
        {"order.drug", check.refused() ? fmt::format("'{}' is refused: {}", written->substr(0, 64), text::describe_refusal(check))
                                       : "empty; expected a drug name"});
  } else if (const auto order = state.decoder.kind_at({"order"}); order && *order != "an object") {
    state.problems.push_back({"order", fmt::format("expected an object, got {}", *order)});
  } else if (const auto kind = state.decoder.kind_at({"order", "drug"}); kind && *kind != "a string") {
    state.problems.push_back({"order.drug", fmt::format("expected a drug name, got {}", *kind)});
  }
  return answer_unrouted(catalogue, state, {}, options, out);
}

VerifyStatus verify_with_pack(const compile::RuleSet& pack, std::string_view request, const VerifyOptions& options,
                              const io::DecodeLimits& limits, std::string& out) {
  ThreadState& state = thread_state(limits);
  if (const io::DecodeResult parsed = state.decoder.parse(request); parsed.status != io::DecodeStatus::kOk) {
    return refused(parsed, out);
  }
  return answer(pack, state, options, out);
}

}  // namespace rxr::api
