// Keys generated for a test run, and JWTs signed with them, through OpenSSL
// directly (not through the code under test).
#pragma once

#include <openssl/evp.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace rxrules::service::testing {

std::string base64url(std::string_view bytes);

class TestKey {
 public:
  enum class Type { ec_p256, ec_p384, rsa };
  TestKey(Type type, std::string kid);

  // The public key as a JWK, with `kid` (and `alg` when given).
  nlohmann::json jwk(std::string_view alg = {}) const;
  // The JWS signature of `signing_input` under `alg` (ES256/ES384 raw R||S, RS256/RS384 PKCS #1 v1.5).
  std::string sign(std::string_view alg, std::string_view signing_input) const;
  // The SubjectPublicKeyInfo PEM text, the "secret" of the HMAC key-confusion attack.
  std::string public_pem() const;
  const std::string& kid() const { return kid_; }

 private:
  Type type_;
  std::string kid_;
  std::shared_ptr<EVP_PKEY> key_;
};

nlohmann::json jwk_set(std::initializer_list<nlohmann::json> keys);

// header.payload.signature, with `key` signing under header["alg"].
std::string signed_token(const nlohmann::json& header, const nlohmann::json& payload, const TestKey& key);
// header.payload.signature with the signature given as bytes.
std::string token_with_signature(const nlohmann::json& header, const nlohmann::json& payload,
                                 std::string_view signature);
// HS256 over header.payload with `secret` as the HMAC key.
std::string hmac_token(const nlohmann::json& header, const nlohmann::json& payload, std::string_view secret);

}  // namespace rxrules::service::testing
