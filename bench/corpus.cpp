#include "corpus.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace rxr::bench {
namespace {

using nlohmann::json;

// SplitMix64: tiny, and unlike std:: distributions the same everywhere.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int between(int low, int high) { return low + static_cast<int>(next() % static_cast<uint64_t>(high - low + 1)); }
  double uniform(double low, double high) { return low + (high - low) * static_cast<double>(next() >> 11) / 9007199254740992.0; }
  bool chance(double p) { return uniform(0, 1) < p; }
  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& items) { return items[next() % N]; }

 private:
  uint64_t state_;
};

constexpr std::array<const char*, 24> kMedications{
    "acyclovir", "valacyclovir", "allopurinol", "ursodiol", "folic acid", "palonosetron", "cefepime",
    "meropenem", "vancomycin", "enoxaparin", "ondansetron", "Zofran", "fluconazole", "levofloxacin",
    "azithromycin", "voriconazole", "posaconazole", "pantoprazole", "granisetron", "tacrolimus",
    "ondansetron hydrochloride", "metoclopramide", "sertraline", "potassium chloride"};
constexpr std::array<const char*, 5> kSteroids{"methylprednisolone", "dexamethasone sodium phosphate",
                                               "Solu-Medrol", "hydrocortisone sodium succinate", "prednisone"};
constexpr std::array<const char*, 3> kAntipyretics{"acetaminophen", "paracetamol", "Tylenol"};
constexpr std::array<const char*, 4> kAntihistamines{"diphenhydramine", "Benadryl", "cetirizine", "chlorpheniramine"};
constexpr std::array<const char*, 6> kStatuses{"CR", "CRi", "PR", "SD", "PD", "none"};
constexpr std::array<int, 5> kDays{1, 8, 15, 9, 14};

json quantity(double value, const char* unit) { return {{"value", std::round(value * 1000) / 1000}, {"unit", unit}}; }

// Day `day_of_march` counted from 2026-03-01 (day 1), rolled into later months.
std::string timestamp(int day_of_march, int hour, int minute = 0) {
  constexpr std::array<int, 10> kMonthLengths{31, 30, 31, 30, 31, 31, 30, 31, 30, 31};  // March-December
  int month = 3;
  int day = day_of_march;
  for (int length : kMonthLengths) {
    if (day <= length) break;
    day -= length;
    ++month;
  }
  return fmt::format("2026-{:02}-{:02}T{:02}:{:02}:00Z", month, day, hour, minute);
}

json patient(Random& r, double& bsa) {
  const bool child = r.chance(0.25);
  const double weight = child ? r.uniform(10, 50) : r.uniform(45, 110);
  const double height = child ? r.uniform(75, 160) : r.uniform(150, 195);
  bsa = std::sqrt(height * weight / 3600);
  json p;
  p["age"] = child ? quantity(r.between(14, 200), "mo") : quantity(r.between(18, 80), "a");
  p["weight"] = r.chance(0.2) ? quantity(weight / 0.45359237, "lb") : quantity(weight, "kg");
  p["height"] = r.chance(0.2) ? quantity(height / 2.54, "in") : quantity(height, "cm");
  if (r.chance(0.6)) p["bsa"] = quantity(bsa, "m2");
  p["sex"] = r.chance(0.5) ? "female" : "male";
  p["pregnant"] = false;
  p["breastfeeding"] = false;
  p["conditions"] = json::array();
  if (r.chance(0.05)) p["conditions"].push_back("gilbert-syndrome");
  if (r.chance(0.03)) p["conditions"].push_back("congenital-long-qt");
  return p;
}

json lab(Random& r, double value, const char* unit, double uln = 0) {
  json l = quantity(value, unit);
  if (uln > 0) l["uln"] = uln;
  if (r.chance(0.2)) l["at"] = "2026-03-09";
  return l;
}

json labs(Random& r) {
  json l;
  const bool si = r.chance(0.3);
  if (r.chance(0.9)) l["circulating_blasts"] = si ? lab(r, r.uniform(0, 20), "10*9/L") : lab(r, r.uniform(0, 20000), "/mm3");
  if (r.chance(0.95)) l["anc"] = lab(r, r.uniform(0.2, 4), "10*9/L");
  if (r.chance(0.95)) l["platelets"] = lab(r, r.uniform(20, 300), "x10^9/L");
  if (r.chance(0.9)) {
    l["total_bilirubin"] = si ? lab(r, r.uniform(5, 40), "umol/L", 20.5) : lab(r, r.uniform(0.3, 2.5), "mg/dL", 1.2);
  }
  if (r.chance(0.9)) l["ast"] = lab(r, r.uniform(10, 150), "U/L", 40);
  if (r.chance(0.9)) l["alt"] = lab(r, r.uniform(10, 150), "U/L", 40);
  if (r.chance(0.8)) l["qtcf"] = lab(r, r.uniform(380, 520), "ms");
  if (r.chance(0.85)) l["potassium"] = lab(r, r.uniform(3.0, 5.2), r.chance(0.3) ? "mEq/L" : "mmol/L");
  if (r.chance(0.8)) l["magnesium"] = r.chance(0.3) ? lab(r, r.uniform(1.4, 2.6), "mg/dL") : lab(r, r.uniform(0.6, 1.1), "mmol/L");
  return l;
}

json history(Random& r, int cycle, int day, double bsa) {
  json h{{"administrations", json::array()}, {"dose_reductions", json::array()}, {"toxicities", json::array()},
         {"interruptions", json::array()}, {"cytoreduction", json::array()}};
  // The doses of this cycle and the previous one (what hosts send), 7 days
  // apart within a cycle, 28 days per cycle.
  for (int c = std::max(1, cycle - 1); c <= cycle; ++c) {
    for (int d : {1, 8, 15}) {
      if (c == cycle && d >= day) break;
      const int at = 3 + (c - 1) * 28 + (d - 1);
      json dose{{"cycle", c}, {"day", d}, {"dose", quantity((d == 1 ? 0.8 : 0.5) * bsa, "mg")}, {"given_at", timestamp(at, 10)}};
      if (r.chance(0.3)) dose["bsa"] = quantity(bsa, "m2");
      h["administrations"].push_back(dose);
    }
  }
  if (r.chance(0.15)) {
    h["toxicities"].push_back({{"type", r.chance(0.5) ? "neutropenia" : "nonhematologic"},
                               {"grade", r.between(1, 3)}, {"onset", "2026-02-20"}, {"resolved", r.chance(0.7)}});
  }
  if (r.chance(0.03)) h["toxicities"].push_back({{"type", "vod"}, {"grade", 3}, {"onset", "2026-02-25"}, {"resolved", false}});
  if (cycle > 1 && r.chance(0.1)) {
    h["dose_reductions"].push_back({{"cycle", cycle}, {"level", "total-dose-25-percent"}, {"reason", "toxicity"}});
  }
  if (cycle > 1 && r.chance(0.08)) h["interruptions"].push_back({{"cycle", cycle - 1}, {"days", r.between(3, 30)}, {"reason", "toxicity"}});
  return h;
}

json request(Random& r, int index) {
  double bsa = 0;
  json q;
  q["id"] = fmt::format("bench-{:06}", index);
  q["patient"] = patient(r, bsa);
  const int cycle = r.between(1, 6);
  const int day = r.pick(kDays);
  const int today = 3 + (cycle - 1) * 28 + (day - 1);
  q["as_of"] = timestamp(today, 9);
  q["diagnosis"] = {{"condition", "b-cell-precursor-all"}, {"cd22_positive", true},
                    {"relapsed_or_refractory", r.chance(0.97)}, {"ph_positive", r.chance(0.3)}};
  const char* status = cycle == 1 ? "none" : r.pick(kStatuses);
  const double per_m2 = day == 1 && !(cycle >= 2 && (std::string(status) == "CR" || std::string(status) == "CRi")) ? 0.8 : 0.5;
  const double dose = per_m2 * bsa * (r.chance(0.8) ? 1.0 : r.uniform(0.85, 1.2));
  q["order"] = {{"drug", "inotuzumab ozogamicin"},
                {"dose", r.chance(0.1) ? quantity(dose * 1000, "ug") : quantity(dose, "mg")},
                {"route", r.chance(0.97) ? "IV" : "SC"},
                {"cycle", cycle},
                {"day", day},
                {"cycle_length", quantity(cycle == 1 ? 21 : 28, "d")},
                {"scheduled_at", timestamp(today, 10)},
                {"infusion_duration", r.chance(0.9) ? quantity(60, "min") : quantity(1, "h")}};
  q["preparation"] = {{"reconstituted_at", timestamp(today, 8, 30)}, {"diluted_at", timestamp(today, 9, r.between(0, 59))},
                      {"infusion_end_at", timestamp(today, 11)}, {"final_volume", quantity(50, "mL")},
                      {"diluent", r.chance(0.95) ? "sodium chloride 0.9%" : "dextrose 5%"},
                      {"protected_from_light", r.chance(0.95)}};
  q["plan"] = {{"hsct", r.chance(0.6)}};
  q["response"] = {{"status", status}, {"mrd_negative", r.chance(0.4)}};
  q["labs"] = labs(r);
  q["baseline_labs"] = {{"anc", quantity(r.uniform(0.5, 3), "10*9/L")}, {"platelets", quantity(r.uniform(30, 250), "10*9/L")}};
  json premeds = json::array();
  if (r.chance(0.95)) premeds.push_back({{"drug", r.pick(kSteroids)}, {"given_at", timestamp(today, 9, 15)}});
  if (r.chance(0.95)) premeds.push_back({{"drug", r.pick(kAntipyretics)}});
  if (r.chance(0.95)) premeds.push_back({{"drug", r.pick(kAntihistamines)}});
  q["premedications"] = premeds;
  json medications = json::array();
  for (int i = r.between(0, 8); i > 0; --i) medications.push_back({{"drug", r.pick(kMedications)}});
  q["medications"] = medications;
  q["history"] = history(r, cycle, day, bsa);
  return q;
}

}  // namespace

std::vector<std::string> make_corpus(uint64_t seed, std::size_t count, std::optional<std::size_t> medications) {
  Random r(seed);
  std::vector<std::string> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    json q = request(r, static_cast<int>(i));
    if (medications) {
      json& list = q["medications"] = json::array();
      for (std::size_t m = 0; m < *medications; ++m) list.push_back({{"drug", kMedications[m % kMedications.size()]}});
    }
    out.push_back(q.dump());
  }
  return out;
}

}  // namespace rxr::bench
