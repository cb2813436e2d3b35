// A JWK set (RFC 7517) reduced to the public keys the service can verify with.
#pragma once

#include <openssl/evp.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/jwt/jws_signature.h"

namespace rxrules::service {

struct Jwk {
  std::string kid;                    // empty when the key has none
  std::optional<JwsAlgorithm> alg;    // the key's own `alg`, when it names one
  KeyKind kind;
  std::shared_ptr<EVP_PKEY> key;
};

// Smallest RSA modulus accepted (NIST SP 800-131A: 2048 bits).
inline constexpr int kMinimumRsaBits = 2048;

// Keys that are not for signatures (`use` other than "sig"), of another type
// (oct, OKP), or for an algorithm outside JwsAlgorithm are skipped: a shared
// key set may hold them. A malformed EC or RSA key, a duplicate `kid`, or a set
// with no usable key throws std::runtime_error naming `origin` and the key.
std::vector<Jwk> parse_jwk_set(std::string_view json, std::string_view origin);

}  // namespace rxrules::service
