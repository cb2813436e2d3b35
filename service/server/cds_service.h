// The CDS Hooks service of cds-hooks.md without its transport: each
// endpoint takes a body and answers a status and a body. Thread-safe: the
// HTTP layer calls it from its worker threads; reload() swaps the rules
// atomically while calls run.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "api/catalogue.h"
#include "io/decode_request.h"
#include "service/fhir/mapping.h"
#include "service/fhir/order_requests.h"
#include "service/server/problem.h"
#include "service/server/seams.h"

namespace rxrules::service {

inline constexpr std::string_view kOrderSignService = "rxrules-order-sign";
inline constexpr std::string_view kOrderSelectService = "rxrules-order-select";

// Reads one prefetch entry (cds-hooks.md prefetch key) from the call's
// fhirServer; nothing when it cannot be obtained.
using FetchPrefetch = std::function<std::optional<Json>(const Json& hook_request, std::string_view key)>;

struct ServiceOptions {
  std::string rules_path;           // reloaded on SIGHUP
  Mapping mapping;
  rxr::io::DecodeLimits limits;     // for the verification requests
  std::size_t max_depth = 64;       // of a body's JSON nesting
  bool audit_requests = false;      // keep each verification request itself in the audit log
  Audit audit;                      // empty functions: not recorded (tests of the core only)
  FetchPrefetch fetch;              // empty: prefetch is never fetched
};

class CdsService {
 public:
  CdsService(std::shared_ptr<const rxr::api::Catalogue> catalogue, ServiceOptions options);

  Answer discovery() const;
  Answer hook(std::string_view service_id, std::string_view body) const;
  Answer feedback(std::string_view service_id, std::string_view body) const;
  Answer verify(std::string_view body) const;
  Answer healthz() const;

  // Loads the rules again; on success they answer every later call, on
  // failure the old ones stay. Returns the diagnostics ("" on success).
  std::string reload();

  std::shared_ptr<const rxr::api::Catalogue> catalogue() const;

 private:
  // A body's JSON, or the 400 answer refusing it.
  std::optional<Json> parse_body(std::string_view body, Answer& refusal) const;
  // The call's prefetch with every missing entry fetched; nothing (and the
  // 412 answer) when a required one cannot be obtained.
  std::optional<Json> resolve_prefetch(const Json& call, Answer& refusal) const;
  void record(const AuditCall& row) const;

  ServiceOptions options_;
  mutable std::mutex catalogue_mutex_;  // guards the pointer only; the catalogue itself is immutable
  std::shared_ptr<const rxr::api::Catalogue> catalogue_;
};

}  // namespace rxrules::service
