// From a CDS Hooks order-sign / order-select call to one verification
// request (request-response.md) per draft MedicationRequest that a loaded
// pack covers (cds-hooks.md, "From FHIR R4 to a verification request").
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "api/catalogue.h"
#include "service/fhir/fhir_values.h"
#include "service/fhir/mapping.h"

namespace rxrules::service {

// The prefetch keys the service reads; the first three are required (412
// when neither prefetch nor fhirServer can give them).
inline constexpr const char* kPrefetchKeys[] = {"patient", "observations", "medications", "administrations",
                                                "adverse_events"};
inline constexpr std::size_t kRequiredPrefetchKeys = 3;

struct OrderToVerify {
  std::string order_id;      // the MedicationRequest's id, or "draftOrders-<n>" when it has none
  std::string drug;          // as the order names it
  Json medication_request;   // the FHIR resource, the base of a suggested update
  Json request;              // the verification request
};

struct HookInput {
  const Json* context = nullptr;   // the call's context (draftOrders, selections, patientId)
  const Json* prefetch = nullptr;  // key -> resource or Bundle; null/OperationOutcome values mean absent
  bool select_only = false;        // order-select: verify only context.selections
};

// The pack of `catalogue` that answers orders for `drug`, or null.
const rxr::compile::RuleSet* pack_for_drug(const rxr::api::Catalogue& catalogue, std::string_view drug);

// Every MedicationRequest of context.draftOrders (also those inside a RequestGroup), in order.
std::vector<const Json*> draft_medication_requests(const Json& context);

// The verification requests of the draft orders a pack of `catalogue` covers.
std::vector<OrderToVerify> order_requests(const HookInput& input, const Mapping& mapping,
                                          const rxr::api::Catalogue& catalogue, TimePoint now);

}  // namespace rxrules::service
