// The prefetch templates the services advertise in discovery, and the FHIR
// queries the service makes itself when a call lacks an entry and names a
// fhirServer: one list, so that both always ask for the same data.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "service/fhir/mapping.h"

namespace rxrules::service {

inline constexpr const char* kPatientIdToken = "{{context.patientId}}";

// (prefetch key, FHIR query relative to the server's base with kPatientIdToken), in kPrefetchKeys order.
std::vector<std::pair<std::string, std::string>> prefetch_templates(const Mapping& mapping);

}  // namespace rxrules::service
