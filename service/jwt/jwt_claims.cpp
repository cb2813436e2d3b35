#include "service/jwt/jwt_claims.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace rxrules::service {
namespace {

using Clock = std::chrono::system_clock;
using Json = nlohmann::json;

// Year 5138: later NumericDates are refused rather than overflowing a time_point.
constexpr double kLatestNumericDate = 1e11;

struct NumericDate {
  bool present = false;
  std::optional<Clock::time_point> at;  // nullopt when present but not a usable number
};

NumericDate numeric_date(const Json& payload, const char* name) {
  const auto found = payload.find(name);
  if (found == payload.end()) return {};
  if (!found->is_number()) return {true, std::nullopt};
  const double seconds = found->get<double>();
  if (!std::isfinite(seconds) || seconds < 0 || seconds > kLatestNumericDate) return {true, std::nullopt};
  return {true, Clock::time_point(std::chrono::seconds(static_cast<long long>(std::floor(seconds))))};
}

bool names_audience(const Json& payload, const std::string& audience) {
  const auto aud = payload.find("aud");
  if (aud == payload.end()) return false;
  if (aud->is_string()) return *aud == audience;
  if (!aud->is_array()) return false;
  return std::any_of(aud->begin(), aud->end(), [&](const Json& entry) { return entry.is_string() && entry == audience; });
}

std::string optional_text(const Json& payload, const char* name, bool& wrong_type) {
  const auto found = payload.find(name);
  if (found == payload.end()) return {};
  if (!found->is_string()) {
    wrong_type = true;
    return {};
  }
  return found->get<std::string>();
}

}  // namespace

CheckedClaims check_claims(const Json& payload, const JwtRequirements& requirements, Clock::time_point now) {
  CheckedClaims result;
  const NumericDate exp = numeric_date(payload, "exp");
  const NumericDate iat = numeric_date(payload, "iat");
  const NumericDate nbf = numeric_date(payload, "nbf");
  bool wrong_type = false;
  result.issuer = optional_text(payload, "iss", wrong_type);
  result.subject = optional_text(payload, "sub", wrong_type);
  result.jti = optional_text(payload, "jti", wrong_type);
  const auto fail = [&](std::string why) {
    result.error = std::move(why);
    return result;
  };
  if (wrong_type) return fail("\"iss\", \"sub\" and \"jti\" must be strings");
  if (!exp.present) return fail("token has no \"exp\"");
  if (!iat.present) return fail("token has no \"iat\"");
  if (result.jti.empty()) return fail("token has no \"jti\"");
  if (!exp.at || !iat.at || (nbf.present && !nbf.at)) return fail("\"exp\", \"iat\" and \"nbf\" must be NumericDates");
  if (std::find(requirements.issuers.begin(), requirements.issuers.end(), result.issuer) == requirements.issuers.end()) {
    return fail("issuer not accepted");
  }
  if (!names_audience(payload, requirements.audience)) return fail("audience is not this service");
  if (now > *exp.at + requirements.leeway) return fail("token expired");
  if (*iat.at > now + requirements.leeway) return fail("token issued in the future (iat)");
  if (nbf.at && *nbf.at > now + requirements.leeway) return fail("token not yet valid (nbf)");
  if (*exp.at - *iat.at > requirements.max_lifetime) {
    return fail("token lifetime (exp - iat) exceeds " + std::to_string(requirements.max_lifetime.count()) + " s");
  }
  result.expires = *exp.at;
  return result;
}

}  // namespace rxrules::service
