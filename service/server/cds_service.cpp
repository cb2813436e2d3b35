#include "service/server/cds_service.h"

#include <algorithm>
#include <set>

#include "api/engine.h"
#include "api/engine_info.h"
#include "rxrules/rxrules.h"
#include "service/cards/cards.h"
#include "service/fhir/prefetch.h"
#include "service/server/digest.h"

namespace rxrules::service {

namespace {

using namespace std::chrono;

// Far above a real order set (a regimen's drugs and premedications).
constexpr std::size_t kMaxDraftOrders = 200;

int verdict_rank(std::string_view verdict) {
  if (verdict == "block") return 2;
  if (verdict == "warn") return 1;
  return 0;
}

std::string now_text() { return format_time(floor<seconds>(system_clock::now())); }

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json service_description(std::string_view id, std::string_view hook, std::string_view what, const Mapping& mapping) {
  Json prefetch = Json::object();
  for (const auto& [key, query] : prefetch_templates(mapping)) prefetch[key] = query;
  return {{"hook", hook},
          {"id", id},
          {"title", "rxrules chemotherapy order verification"},
          {"description", what},
          {"prefetch", std::move(prefetch)}};
}

// The rules that fired undecided for lack of data: verified again with
// explanations, which say per rule whether its condition was unknown.
std::set<std::string> undecided_rules(const rxr::api::Catalogue& catalogue, const std::string& request,
                                      const rxr::io::DecodeLimits& limits, const Json& response) {
  std::set<std::string> out;
  const Json& findings = at(response, "findings");
  const bool any_missing = findings.is_array() && std::any_of(findings.begin(), findings.end(), [](const Json& f) {
                             return f.is_object() && f.contains("missing");
                           });
  if (!any_missing) return out;
  std::string explained;
  if (rxr::api::verify(catalogue, request, {.explain = true, .text = false, .explain_rule = {}}, limits, explained) != rxr::api::VerifyStatus::kOk) return out;
  const Json parsed = Json::parse(explained, nullptr, false);
  const Json& explain = at(parsed, "explain");
  if (!explain.is_array()) return out;
  for (const Json& e : explain) {
    if (at(e, "result") == "unknown" && at(e, "rule").is_string()) out.insert(e["rule"].get<std::string>());
  }
  return out;
}

}  // namespace

CdsService::CdsService(std::shared_ptr<const rxr::api::Catalogue> catalogue, ServiceOptions options)
    : options_(std::move(options)), catalogue_(std::move(catalogue)) {}

std::shared_ptr<const rxr::api::Catalogue> CdsService::catalogue() const {
  std::lock_guard lock(catalogue_mutex_);
  return catalogue_;
}

std::string CdsService::reload() {
  rxr::api::CatalogueLoad loaded = rxr::api::load_catalogue(options_.rules_path);
  if (!loaded.ok()) return loaded.brief().empty() ? loaded.io_error : loaded.brief();
  std::lock_guard lock(catalogue_mutex_);
  catalogue_ = loaded.catalogue;
  return "";
}

std::optional<Json> CdsService::parse_body(std::string_view body, Answer& refusal) const {
  if (nests_deeper_than(body, options_.max_depth)) {
    refusal = problem(400, "too-costly", "the body nests arrays and objects deeper than " + std::to_string(options_.max_depth));
    return std::nullopt;
  }
  Json parsed = Json::parse(body, nullptr, false);
  if (parsed.is_discarded()) {
    refusal = problem(400, "invalid", "the body is not JSON");
    return std::nullopt;
  }
  if (!parsed.is_object()) {
    refusal = problem(400, "invalid", "the body is not a JSON object");
    return std::nullopt;
  }
  return parsed;
}

void CdsService::record(const AuditCall& row) const {
  if (options_.audit.call) options_.audit.call(row);
}

Answer CdsService::discovery() const {
  const Json body = {
      {"services",
       Json::array({service_description(kOrderSignService, "order-sign",
                                        "Checks chemotherapy orders being signed against the loaded rule packs.",
                                        options_.mapping),
                    service_description(kOrderSelectService, "order-select",
                                        "Checks the selected chemotherapy orders against the loaded rule packs.",
                                        options_.mapping)})}};
  return {200, dump(body)};
}

std::optional<Json> CdsService::resolve_prefetch(const Json& call, Answer& refusal) const {
  Json prefetch = at(call, "prefetch").is_object() ? call["prefetch"] : Json::object();
  const bool can_fetch = at(call, "fhirServer").is_string() && options_.fetch;
  for (std::size_t i = 0; i < std::size(kPrefetchKeys); ++i) {
    const char* key = kPrefetchKeys[i];
    if (prefetch.contains(key)) continue;  // null is an answer too: the data is absent
    const bool required = i < kRequiredPrefetchKeys;
    if (!can_fetch) {
      if (!required) continue;
      refusal = problem(412, "required", std::string("prefetch '") + key + "' is missing and the call names no fhirServer");
      return std::nullopt;
    }
    std::optional<Json> fetched = options_.fetch(call, key);
    if (!fetched && required) {
      refusal = problem(412, "required", std::string("prefetch '") + key + "' is missing and the fhirServer did not give it");
      return std::nullopt;
    }
    if (fetched) prefetch[key] = std::move(*fetched);
  }
  return prefetch;
}

Answer CdsService::hook(std::string_view service_id, std::string_view body) const {
  const bool select = service_id == kOrderSelectService;
  if (!select && service_id != kOrderSignService) return problem(404, "not-found", "no CDS service with this id");
  Answer refusal;
  const std::optional<Json> call = parse_body(body, refusal);
  if (!call) return refusal;
  const std::string_view expected_hook = select ? "order-select" : "order-sign";
  if (at(*call, "hook") != expected_hook) return problem(400, "invalid", "'hook' must be \"" + std::string(expected_hook) + "\"");
  const auto hook_instance = string_at(*call, "hookInstance");
  if (!hook_instance) return problem(400, "invalid", "'hookInstance' must be a non-empty string");
  const Json& context = at(*call, "context");
  if (!at(context, "draftOrders").is_object()) return problem(400, "invalid", "'context.draftOrders' must be a Bundle");
  if (select && !at(context, "selections").is_array()) return problem(400, "invalid", "'context.selections' must be an array");
  if (call->contains("prefetch") && !at(*call, "prefetch").is_object() && !at(*call, "prefetch").is_null()) {
    return problem(400, "invalid", "'prefetch' must be an object");
  }
  // Each draft order is verified with every other one as its premedications:
  // the work grows with the square of their number.
  if (draft_medication_requests(context).size() > kMaxDraftOrders) {
    return problem(400, "too-costly", "more than " + std::to_string(kMaxDraftOrders) + " draft MedicationRequests in one call");
  }
  const std::optional<Json> prefetch = resolve_prefetch(*call, refusal);
  if (!prefetch) return refusal;

  const std::shared_ptr<const rxr::api::Catalogue> catalogue = this->catalogue();
  const auto now = floor<seconds>(system_clock::now());
  const HookInput input{&context, &*prefetch, select};
  const std::vector<OrderToVerify> orders = order_requests(input, options_.mapping, *catalogue, now);

  Json cards = Json::array();
  Json requests = Json::array();
  Json packs = Json::array();
  std::string verdict = "pass";
  for (const OrderToVerify& order : orders) {
    const std::string request = dump(order.request);
    std::string out;
    if (rxr::api::verify(*catalogue, request, {}, options_.limits, out) != rxr::api::VerifyStatus::kOk) {
      return problem(400, "too-costly", "order '" + order.order_id + "' cannot be verified: " + out);
    }
    const Json response = Json::parse(out, nullptr, false);
    const std::set<std::string> undecided = undecided_rules(*catalogue, request, options_.limits, response);
    const CardInput card_input{*hook_instance, order.order_id, order.drug, &order.medication_request, &response,
                               pack_for_drug(*catalogue, order.drug), &undecided};
    append_cards(card_input, cards);
    if (const std::string v = string_at(response, "verdict").value_or("block"); verdict_rank(v) > verdict_rank(verdict)) verdict = v;
    packs.push_back(at(at(response, "ruleset"), "fingerprint"));
    requests.push_back(order.request);
  }
  Answer answer{200, dump(Json{{"cards", std::move(cards)}})};
  const std::string requests_text = dump(requests);
  record({now_text(), std::string(service_id), *hook_instance, sha256_hex(requests_text),
          options_.audit_requests ? std::optional(requests_text) : std::nullopt, catalogue->fingerprint, dump(packs),
          format_time(now), verdict, answer.body});
  return answer;
}

Answer CdsService::feedback(std::string_view service_id, std::string_view body) const {
  if (service_id != kOrderSignService && service_id != kOrderSelectService) {
    return problem(404, "not-found", "no CDS service with this id");
  }
  Answer refusal;
  const std::optional<Json> call = parse_body(body, refusal);
  if (!call) return refusal;
  const Json& entries = at(*call, "feedback");
  if (!entries.is_array() || entries.empty()) return problem(400, "invalid", "'feedback' must be a non-empty array");
  std::vector<AuditFeedback> rows;
  for (const Json& entry : entries) {
    const auto card = string_at(entry, "card");
    const auto outcome = string_at(entry, "outcome");
    if (!card || !outcome || (*outcome != "accepted" && *outcome != "overridden")) {
      return problem(400, "invalid", "each feedback entry needs a 'card' and an 'outcome' of accepted or overridden");
    }
    const Json& reason = at(entry, "overrideReason");
    rows.push_back({now_text(), std::string(service_id), "", *card, *outcome,
                    string_at(at(reason, "reason"), "code").value_or(""), string_at(reason, "userComment").value_or("")});
  }
  if (options_.audit.feedback) {
    for (const AuditFeedback& row : rows) options_.audit.feedback(row);
  }
  return {200, "{}"};
}

Answer CdsService::verify(std::string_view body) const {
  const std::shared_ptr<const rxr::api::Catalogue> catalogue = this->catalogue();
  std::string out;
  switch (rxr::api::verify(*catalogue, body, {}, options_.limits, out)) {
    case rxr::api::VerifyStatus::kOk:
      break;
    case rxr::api::VerifyStatus::kRequestError:
      return problem(400, "invalid", out);
    case rxr::api::VerifyStatus::kInternalError:
      return problem(500, "exception", out);
  }
  const Json response = Json::parse(out, nullptr, false);
  record({now_text(), "verify", "", sha256_hex(body),
          options_.audit_requests ? std::optional(std::string(body)) : std::nullopt, catalogue->fingerprint,
          dump(Json::array({at(at(response, "ruleset"), "fingerprint")})), string_at(response, "as_of").value_or(""),
          string_at(response, "verdict").value_or(""), out});
  return {200, out};
}

Answer CdsService::healthz() const {
  // Rules are always loaded once the service runs: a failed reload keeps the old ones.
  return {200, rxr::api::engine_info_json(*catalogue(), RXR_ABI_VERSION)};
}

}  // namespace rxrules::service
