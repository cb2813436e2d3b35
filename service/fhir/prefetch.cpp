#include "service/fhir/prefetch.h"

#include <fmt/format.h>

namespace rxrules::service {

std::vector<std::pair<std::string, std::string>> prefetch_templates(const Mapping& mapping) {
  std::string codes;
  for (const std::string& code : mapping.loinc_codes()) codes += fmt::format("{}http://loinc.org|{}", codes.empty() ? "" : ",", code);
  const std::string id = kPatientIdToken;
  return {
      {"patient", "Patient/" + id},
      {"observations", fmt::format("Observation?patient={}&code={}&_sort=-date", id, codes)},
      {"medications", fmt::format("MedicationRequest?patient={}&status=active", id)},
      {"administrations", fmt::format("MedicationAdministration?patient={}&status=completed", id)},
      {"adverse_events", fmt::format("AdverseEvent?subject=Patient/{}", id)},
  };
}

}  // namespace rxrules::service
