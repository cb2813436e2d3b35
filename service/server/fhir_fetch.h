// Fetches a prefetch entry the EHR did not send from the call's fhirServer
// (CDS Hooks 2.0 "FHIR resource access"), with its fhirAuthorization.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "service/fhir/fhir_values.h"
#include "service/fhir/mapping.h"

namespace rxrules::service {

struct FetchLimits {
  std::chrono::seconds timeout{5};
  std::size_t max_body_bytes = 8 << 20;
  std::size_t max_depth = 64;
  int max_pages = 20;  // of a searchset Bundle, following its `next` links
};

// The entry `key` for the call `hook_request` (its fhirServer, fhirAuthorization
// and context.patientId), or nothing when the server cannot give it.
std::optional<Json> fetch_prefetch(const Json& hook_request, std::string_view key, const Mapping& mapping,
                                   const FetchLimits& limits);

}  // namespace rxrules::service
