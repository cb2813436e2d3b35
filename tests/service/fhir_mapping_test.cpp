// The FHIR -> verification request mapping and the cards, one behaviour at
// a time, against the shipped default mapping and the shipped rules.
#include <gtest/gtest.h>

#include <fstream>

#include "service/cards/cards.h"
#include "service/fhir/fhir_values.h"
#include "service/fhir/mapping.h"
#include "service/fhir/order_requests.h"

namespace rxrules::service {
namespace {

const Mapping& default_mapping() {
  static const MappingLoad load = load_mapping(RXR_SOURCE_DIR "/service/mapping/default-mapping.json");
  return *load.mapping;
}

const rxr::api::Catalogue& rules() {
  static const rxr::api::CatalogueLoad load = rxr::api::load_catalogue(RXR_SOURCE_DIR "/rules");
  return *load.catalogue;
}

const TimePoint kNow = *parse_time("2026-03-10T09:00:00Z");

Json quantity(double value, const char* code) {
  return {{"value", value}, {"unit", code}, {"system", "http://unitsofmeasure.org"}, {"code", code}};
}

Json order(Json dose_and_rate = Json::array({{{"doseQuantity", quantity(1.48, "mg")}}}), Json extensions = Json::array()) {
  return {{"resourceType", "MedicationRequest"},
          {"id", "ino-1"},
          {"status", "draft"},
          {"medicationCodeableConcept", {{"text", "inotuzumab ozogamicin"}}},
          {"dosageInstruction", Json::array({{{"doseAndRate", std::move(dose_and_rate)}}})},
          {"extension", std::move(extensions)}};
}

Json bundle(Json resources) {
  Json entries = Json::array();
  for (Json& r : resources) entries.push_back({{"resource", std::move(r)}});
  return {{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", std::move(entries)}};
}

Json observation(const char* loinc, double value, const char* code, const char* at, const char* status = "final") {
  return {{"resourceType", "Observation"},
          {"status", status},
          {"code", {{"coding", Json::array({{{"system", "http://loinc.org"}, {"code", loinc}}})}}},
          {"effectiveDateTime", at},
          {"valueQuantity", quantity(value, code)}};
}

// The one verification request of a call with these draft orders and prefetch.
Json request_of(Json drafts, Json prefetch, const Mapping& mapping = default_mapping()) {
  const Json context = {{"patientId", "p1"}, {"draftOrders", bundle(std::move(drafts))}};
  const std::vector<OrderToVerify> orders = order_requests({&context, &prefetch, false}, mapping, rules(), kNow);
  EXPECT_EQ(orders.size(), 1u);
  return orders.empty() ? Json() : orders.front().request;
}

TEST(FhirMapping, ShippedDefaultLoads) {
  const MappingLoad load = load_mapping(RXR_SOURCE_DIR "/service/mapping/default-mapping.json");
  ASSERT_TRUE(load.mapping) << load.error;
  EXPECT_FALSE(load.mapping->administrations.complete);
}

TEST(FhirMapping, MistakesNameTheirPlace) {
  EXPECT_EQ(parse_mapping(R"({"format": "rxrules-fhir-mapping/1", "routes": {"text": {}}})", "m.json").error,
            "m.json: /routes/text: unknown key");
  EXPECT_EQ(parse_mapping(R"({"format": "rxrules-fhir-mapping/1", "order_extensions": [{"url": "u", "path": "p", "type": "int"}]})",
                          "m.json")
                .error,
            "m.json: /order_extensions/0/type: expected one of integer, boolean, code, string, quantity, dateTime, codes");
  EXPECT_EQ(parse_mapping(R"({"format": "v2"})", "m.json").error, "m.json: /format: expected \"rxrules-fhir-mapping/1\"");
  EXPECT_EQ(parse_mapping("{", "m.json").error, "m.json: not valid JSON");
}

TEST(FhirMapping, OrderDoseRouteStartCycleAndDay) {
  Json o = order(Json::array({{{"doseQuantity", quantity(1.48, "mg")}}}),
                 Json::array({{{"url", "urn:rxrules:fhir:cycle"}, {"valueInteger", 2}},
                              {{"url", "urn:rxrules:fhir:day"}, {"valueInteger", 8}}}));
  o["dosageInstruction"][0]["route"] = {{"coding", Json::array({{{"system", "http://snomed.info/sct"}, {"code", "47625008"}}})}};
  o["dosageInstruction"][0]["timing"] = {{"repeat", {{"boundsPeriod", {{"start", "2026-03-10T10:00:00Z"}}}}}};
  const Json r = request_of(Json::array({o}), Json::object());
  EXPECT_EQ(r["order"]["dose"], (Json{{"value", 1.48}, {"unit", "mg"}}));
  EXPECT_EQ(r["order"]["route"], "IV");
  EXPECT_EQ(r["order"]["scheduled_at"], "2026-03-10T10:00:00Z");
  EXPECT_EQ(r["order"]["cycle"], 2);
  EXPECT_EQ(r["order"]["day"], 8);
  EXPECT_EQ(r["as_of"], "2026-03-10T09:00:00Z");
}

TEST(FhirMapping, TypedDoseIsTheOrderedOne) {
  const Json typed = Json::array(
      {{{"type", {{"coding", Json::array({{{"system", "http://terminology.hl7.org/CodeSystem/dose-rate-type"}, {"code", "calculated"}}})}}},
        {"doseQuantity", quantity(9, "mg")}},
       {{"type", {{"coding", Json::array({{{"system", "http://terminology.hl7.org/CodeSystem/dose-rate-type"}, {"code", "ordered"}}})}}},
        {"doseQuantity", quantity(1.2, "mg")}}});
  EXPECT_EQ(request_of(Json::array({order(typed)}), Json::object())["order"]["dose"]["value"], 1.2);
}

TEST(FhirMapping, NothingGuessed) {
  Json not_ucum = quantity(1.48, "mg");
  not_ucum["system"] = "http://example.org/units";
  Json twice = order(Json::array({{{"doseQuantity", not_ucum}}}),
                     Json::array({{{"url", "urn:rxrules:fhir:cycle"}, {"valueInteger", 1}},
                                  {{"url", "urn:rxrules:fhir:cycle"}, {"valueInteger", 2}},
                                  {{"url", "urn:rxrules:fhir:day"}, {"valueString", "1"}}}));
  const Json r = request_of(Json::array({twice}), Json::object());
  EXPECT_FALSE(r["order"].contains("dose")) << "a unit that is not UCUM";
  EXPECT_FALSE(r["order"].contains("cycle")) << "two cycles contradict each other";
  EXPECT_FALSE(r["order"].contains("day")) << "a day of the wrong type";
  EXPECT_FALSE(r.contains("labs"));
  EXPECT_FALSE(r.contains("medications")) << "no prefetch: absent, not empty";
}

TEST(FhirMapping, NewestFinalObservationPerPathWithItsLimits) {
  Json newer = observation("751-8", 0.4, "10*9/L", "2026-03-09T08:00:00Z", "preliminary");
  Json older = observation("26499-4", 1.2, "10*3/uL", "2026-03-08T08:00:00Z");
  Json bili = observation("1975-2", 1.1, "mg/dL", "2026-03-09T08:00:00Z", "amended");
  bili["referenceRange"] = Json::array({{{"high", quantity(1.2, "mg/dL")}, {"low", quantity(17, "umol/L")}}});
  const Json prefetch = {{"observations", bundle(Json::array({newer, older, bili}))}};
  const Json r = request_of(Json::array({order()}), prefetch);
  EXPECT_EQ(r["labs"]["anc"], (Json{{"value", 1.2}, {"unit", "10*9/L"}, {"at", "2026-03-08T08:00:00Z"}}))
      << "the preliminary result is skipped; 10*3/uL is the equal 10*9/L";
  EXPECT_EQ(r["labs"]["total_bilirubin"]["uln"], 1.2);
  EXPECT_FALSE(r["labs"]["total_bilirubin"].contains("lln")) << "a limit in another unit";
}

TEST(FhirMapping, NullOrOperationOutcomeIsAbsent) {
  const Json outcome = {{"resourceType", "OperationOutcome"}};
  const Json r = request_of(Json::array({order()}), {{"medications", outcome}, {"observations", nullptr}, {"patient", outcome}});
  EXPECT_FALSE(r.contains("medications"));
  EXPECT_FALSE(r.contains("labs"));
  EXPECT_EQ(r["patient"], Json::object());
}

TEST(FhirMapping, PatientAgeAtTheCallAndSex) {
  const Json patient = {{"resourceType", "Patient"}, {"birthDate", "1992-03-11"}, {"gender", "female"}};
  const Json r = request_of(Json::array({order()}), {{"patient", patient}});
  EXPECT_EQ(r["patient"]["age"], (Json{{"value", 33}, {"unit", "a"}})) << "the 34th birthday is tomorrow";
  EXPECT_EQ(r["patient"]["sex"], "female");
  const Json other = {{"resourceType", "Patient"}, {"birthDate", "1992-03"}, {"gender", "unknown"}};
  EXPECT_EQ(request_of(Json::array({order()}), {{"patient", other}})["patient"], Json::object());
}

TEST(FhirMapping, OtherDraftOrdersArePremedicationsAndActiveOnesMedications) {
  Json premed = {{"resourceType", "MedicationRequest"}, {"id", "pre"}, {"status", "draft"},
                 {"medicationCodeableConcept", {{"coding", Json::array({{{"display", "diphenhydramine"}}})}}}};
  Json group = {{"resourceType", "RequestGroup"}, {"contained", Json::array({premed})}};
  Json stopped = {{"resourceType", "MedicationRequest"}, {"status", "stopped"}, {"medicationCodeableConcept", {{"text", "fluconazole"}}}};
  Json active = {{"resourceType", "MedicationRequest"}, {"status", "active"}, {"medicationCodeableConcept", {{"text", "ondansetron"}}}};
  Json unnamed = {{"resourceType", "MedicationRequest"}, {"status", "active"}};
  const Json context = {{"draftOrders", bundle(Json::array({order(), group}))}};
  const Json prefetch = {{"medications", bundle(Json::array({stopped, active, unnamed}))}};
  const auto orders = order_requests({&context, &prefetch, false}, default_mapping(), rules(), kNow);
  ASSERT_EQ(orders.size(), 1u) << "diphenhydramine has no pack: no request of its own";
  EXPECT_EQ(orders[0].request["premedications"], (Json::array({{{"drug", "diphenhydramine"}}})));
  EXPECT_EQ(orders[0].request["medications"], (Json::array({{{"drug", "ondansetron"}}, Json::object()})))
      << "an active medication without a readable name stays, unnamed";
}

TEST(FhirMapping, HistoryListsAbsentUnlessDeclaredComplete) {
  const Json empty = bundle(Json::array());
  const Json prefetch = {{"administrations", empty}, {"adverse_events", empty}};
  Json r = request_of(Json::array({order()}), prefetch);
  EXPECT_FALSE(r.contains("history"));
  Mapping complete = default_mapping();
  complete.administrations.complete = true;
  complete.adverse_events.complete = true;
  r = request_of(Json::array({order()}), prefetch, complete);
  EXPECT_EQ(r["history"]["administrations"], Json::array());
  EXPECT_EQ(r["history"]["toxicities"], Json::array());
  const Json failed = {{"administrations", {{"resourceType", "OperationOutcome"}}}};
  EXPECT_FALSE(request_of(Json::array({order()}), failed, complete)["history"].contains("administrations"))
      << "a failed query never means none";
}

TEST(FhirMapping, AdministrationsOfTheSameDrugAndAdverseEvents) {
  Json given = {{"resourceType", "MedicationAdministration"}, {"status", "completed"},
                {"medicationCodeableConcept", {{"text", "Besponsa"}}},
                {"effectiveDateTime", "2026-03-03T10:00:00Z"},
                {"dosage", {{"dose", quantity(1.48, "mg")}}},
                {"extension", Json::array({{{"url", "urn:rxrules:fhir:cycle"}, {"valueInteger", 1}},
                                           {{"url", "urn:rxrules:fhir:day"}, {"valueInteger", 1}}})}};
  Json other = given;
  other["medicationCodeableConcept"]["text"] = "acyclovir";
  Json event = {{"resourceType", "AdverseEvent"}, {"actuality", "actual"}, {"date", "2026-02-20"},
                {"event", {{"coding", Json::array({{{"system", "urn:rxrules:toxicity"}, {"code", "vod"}}})}}},
                {"outcome", {{"coding", Json::array({{{"code", "ongoing"}}})}}},
                {"extension", Json::array({{{"url", "urn:rxrules:fhir:ctcae-grade"}, {"valueInteger", 3}}})}};
  const Json r = request_of(Json::array({order()}), {{"administrations", bundle(Json::array({given, other}))},
                                                      {"adverse_events", bundle(Json::array({event}))}});
  EXPECT_EQ(r["history"]["administrations"],
            (Json::array({{{"cycle", 1}, {"day", 1}, {"dose", {{"value", 1.48}, {"unit", "mg"}}}, {"given_at", "2026-03-03T10:00:00Z"}}})));
  EXPECT_EQ(r["history"]["toxicities"],
            (Json::array({{{"type", "vod"}, {"grade", 3}, {"onset", "2026-02-20"}, {"resolved", false}}})));
}

TEST(Cards, UuidStableAndSummaryShort) {
  EXPECT_EQ(card_uuid("h1", "ino-1", "INO-REG-002"), card_uuid("h1", "ino-1", "INO-REG-002"));
  EXPECT_NE(card_uuid("h1", "ino-1", "INO-REG-002"), card_uuid("h2", "ino-1", "INO-REG-002"));
  EXPECT_NE(card_uuid("h1", "ino-1", "INO-REG-002"), card_uuid("h1", "ino-2", "INO-REG-002"));
  EXPECT_EQ(card_uuid("h", "o", "r").size(), 36u);
  const std::string cut = shorten(std::string(137, 'a') + "\xC3\xA9\xC3\xA9", 139);
  EXPECT_LE(cut.size(), 139u);
  EXPECT_EQ(cut.substr(cut.size() - 3), "...");
}

}  // namespace
}  // namespace rxrules::service
