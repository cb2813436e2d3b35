// The registered claims of a JWT whose signature has been verified (RFC 7519 section 4.1).
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "service/jwt/jwt_verifier.h"

namespace rxrules::service {

struct CheckedClaims {
  std::string error;  // empty when every claim holds
  std::string issuer, subject, jti;
  std::chrono::system_clock::time_point expires;
};

// exp, iat and jti must be present; iss among the accepted issuers; aud (a
// string or an array) naming the audience; exp and nbf hold at `now` within the
// leeway, iat is not in the future, and exp - iat is at most max_lifetime.
CheckedClaims check_claims(const nlohmann::json& payload, const JwtRequirements& requirements,
                           std::chrono::system_clock::time_point now);

}  // namespace rxrules::service
