#include "service/jwt/jwt_verifier.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "service/jwt/base64url.h"
#include "service/jwt/jwk_set.h"
#include "service/jwt/jwt_claims.h"
#include "service/jwt/replay_cache.h"

namespace rxrules::service {
namespace {

using Json = nlohmann::json;

// A JWK set file is a few keys; anything this large is not one.
constexpr std::uintmax_t kMaxJwksFileBytes = 1 << 20;

JwtOutcome refused(std::string why) {
  JwtOutcome outcome;
  outcome.error = std::move(why);
  return outcome;
}

// A header value quoted in an error: printable ASCII, and short.
std::string shown(std::string_view text) {
  constexpr std::size_t kLongest = 32;
  std::string result;
  for (const char c : text.substr(0, kLongest)) result.push_back(c >= 0x20 && c < 0x7F ? c : '?');
  return result;
}

bool starts_with_bearer(std::string_view value) {
  constexpr std::string_view kScheme = "bearer ";
  if (value.size() < kScheme.size()) return false;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    const char c = value[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != kScheme[i]) return false;
  }
  return true;
}

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

Json json_object(std::string_view base64) {
  const auto bytes = base64url_decode(base64);
  if (!bytes) return Json::value_t::discarded;
  Json parsed = Json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  return parsed.is_object() ? parsed : Json(Json::value_t::discarded);
}

}  // namespace

JwtVerifier::JwtVerifier(std::vector<Jwk> keys, JwtRequirements requirements)
    : keys_(std::move(keys)), requirements_(std::move(requirements)), replays_(std::make_unique<ReplayCache>()) {
  if (requirements_.issuers.empty()) throw std::runtime_error("JWT verification needs at least one accepted issuer");
  if (requirements_.audience.empty()) throw std::runtime_error("JWT verification needs the service's URL as audience");
}

JwtVerifier::JwtVerifier(JwtVerifier&&) noexcept = default;
JwtVerifier& JwtVerifier::operator=(JwtVerifier&&) noexcept = default;
JwtVerifier::~JwtVerifier() = default;

JwtVerifier JwtVerifier::from_jwks_json(std::string_view jwks, JwtRequirements requirements) {
  return JwtVerifier(parse_jwk_set(jwks, "JWK set"), std::move(requirements));
}

JwtVerifier JwtVerifier::from_jwks_file(const std::filesystem::path& path, JwtRequirements requirements) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) throw std::runtime_error(path.string() + ": cannot read the JWK set: " + error.message());
  if (size > kMaxJwksFileBytes) throw std::runtime_error(path.string() + ": too large for a JWK set");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw std::runtime_error(path.string() + ": cannot read the JWK set");
  return JwtVerifier(parse_jwk_set(text.str(), path.string()), std::move(requirements));
}

// A token naming a kid gets that key. A token without one is accepted only
// when the set holds a single key: trying every key would let an unnamed token
// pick whichever key suits it, and hides a misconfigured issuer.
const Jwk* JwtVerifier::select_key(const std::string& kid, std::string& error) const {
  if (kid.empty()) {
    if (keys_.size() == 1) return &keys_.front();
    error = "token has no \"kid\" and the key set holds several keys";
    return nullptr;
  }
  for (const Jwk& key : keys_) {
    if (key.kid == kid) return &key;
  }
  error = "unknown key id";
  return nullptr;
}

JwtOutcome JwtVerifier::verify(std::string_view authorization, std::chrono::system_clock::time_point now) const {
  if (authorization.size() > kMaxTokenBytes) {
    return refused("authorization header larger than " + std::to_string(kMaxTokenBytes) + " bytes");
  }
  if (!starts_with_bearer(authorization)) return refused("authorization is not a Bearer token");
  const std::string_view token = trimmed(authorization.substr(7));
  const auto first_dot = token.find('.');
  const auto second_dot = first_dot == std::string_view::npos ? first_dot : token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos || token.find('.', second_dot + 1) != std::string_view::npos) {
    return refused("token is not a compact JWS (three parts separated by dots)");
  }
  const Json header = json_object(token.substr(0, first_dot));
  if (header.is_discarded()) return refused("token header is not a base64url-encoded JSON object");
  const auto alg = header.find("alg");
  if (alg == header.end() || !alg->is_string()) return refused("token header has no \"alg\"");
  const std::string alg_name = alg->get<std::string>();
  const auto algorithm = accepted_algorithm(alg_name);
  if (!algorithm) return refused("algorithm " + shown(alg_name) + " not allowed");
  // RFC 7515 4.1.11: an extension the recipient does not understand must make it reject the token.
  if (header.contains("crit")) return refused("token header has \"crit\" extensions, which are not supported");
  std::string kid;
  if (const auto found = header.find("kid"); found != header.end()) {
    if (!found->is_string()) return refused("token header's \"kid\" is not a string");
    kid = found->get<std::string>();
  }
  std::string error;
  const Jwk* key = select_key(kid, error);
  if (key == nullptr) return refused(error);
  if (key->kind != key_kind_for(*algorithm) || (key->alg && *key->alg != *algorithm)) {
    return refused("algorithm " + alg_name + " does not fit the key" + (kid.empty() ? "" : " \"" + shown(kid) + "\""));
  }
  const auto signature = base64url_decode(token.substr(second_dot + 1));
  if (!signature) return refused("token signature is not base64url");
  if (!verify_jws_signature(*algorithm, key->key.get(), token.substr(0, second_dot), *signature)) {
    return refused("signature invalid");
  }
  const Json payload = json_object(token.substr(first_dot + 1, second_dot - first_dot - 1));
  if (payload.is_discarded()) return refused("token payload is not a base64url-encoded JSON object");
  CheckedClaims claims = check_claims(payload, requirements_, now);
  if (!claims.error.empty()) return refused(std::move(claims.error));
  // Issuers pick their own jtis, so a jti is unique only within its issuer.
  switch (replays_->admit(claims.issuer + '\0' + claims.jti, claims.expires + requirements_.leeway, now)) {
    case ReplayCache::Admission::replay:
      return refused("token replayed (its jti was already used)");
    case ReplayCache::Admission::full:
      return refused("too many live tokens to remember; retry later");
    case ReplayCache::Admission::fresh:
      break;
  }
  JwtOutcome outcome;
  outcome.ok = true;
  outcome.issuer = std::move(claims.issuer);
  outcome.subject = std::move(claims.subject);
  outcome.jti = std::move(claims.jti);
  return outcome;
}

}  // namespace rxrules::service
