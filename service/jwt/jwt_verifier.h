// Bearer JWTs checked against a JWK set, as `rxrules serve --jwks` requires
// (shared/spec/cds-hooks.md, "Security"; the policy is docs/jwt.md).
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rxrules::service {

struct JwtRequirements {
  std::vector<std::string> issuers;        // --issuer (at least one)
  std::string audience;                    // the service's own URL
  std::chrono::seconds leeway{60};         // clock skew allowed (a named policy constant)
  // Longest exp - iat accepted: bounds how long a jti must be remembered
  // (CDS Hooks clients mint a token per call, valid minutes).
  std::chrono::seconds max_lifetime{3600};
};

struct JwtOutcome {
  bool ok = false;
  std::string error;     // why not, for the 401 body: "token expired", "unknown key id", "algorithm HS256 not allowed", ...
  std::string issuer, subject, jti;
};

struct Jwk;
class ReplayCache;

class JwtVerifier {
 public:
  // Larger Authorization values are refused before any decoding.
  static constexpr std::size_t kMaxTokenBytes = 8192;

  // Throws std::runtime_error with a clear message (file, what is wrong) when the JWK set cannot be read or holds no usable key.
  static JwtVerifier from_jwks_file(const std::filesystem::path& path, JwtRequirements requirements);
  static JwtVerifier from_jwks_json(std::string_view jwks, JwtRequirements requirements);

  // `authorization` is the whole header value ("Bearer <jwt>"). Thread-safe. A jti seen before (until its exp) is refused as a replay.
  JwtOutcome verify(std::string_view authorization, std::chrono::system_clock::time_point now) const;

  JwtVerifier(JwtVerifier&&) noexcept;
  JwtVerifier& operator=(JwtVerifier&&) noexcept;
  ~JwtVerifier();

 private:
  JwtVerifier(std::vector<Jwk> keys, JwtRequirements requirements);
  const Jwk* select_key(const std::string& kid, std::string& error) const;

  std::vector<Jwk> keys_;
  JwtRequirements requirements_;
  std::unique_ptr<ReplayCache> replays_;
};

}  // namespace rxrules::service
