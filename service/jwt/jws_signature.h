// The JWS algorithms the service accepts and their signature check (RFC 7518 section 3).
#pragma once

#include <openssl/evp.h>

#include <optional>
#include <string_view>

namespace rxrules::service {

// Asymmetric algorithms only: `none` and the HMACs are refused, since anyone
// holding the public key could forge an HMAC. PS256/PS384 are not offered.
enum class JwsAlgorithm { es256, es384, rs256, rs384 };

std::optional<JwsAlgorithm> accepted_algorithm(std::string_view name);
std::string_view algorithm_name(JwsAlgorithm algorithm);

// The key a JWS algorithm needs: ES256 a P-256 EC key, ES384 a P-384 one, RS* RSA.
enum class KeyKind { ec_p256, ec_p384, rsa };
KeyKind key_kind_for(JwsAlgorithm algorithm);

// `signature` as the JWS carries it: raw R||S for ECDSA, PKCS #1 v1.5 for RSA.
// The key must be of key_kind_for(algorithm).
bool verify_jws_signature(JwsAlgorithm algorithm, EVP_PKEY* key, std::string_view signing_input,
                          std::string_view signature);

}  // namespace rxrules::service
