#include "service/jwt/jws_signature.h"

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>

#include <memory>
#include <string>
#include <vector>

namespace rxrules::service {
namespace {

struct AlgorithmTraits {
  JwsAlgorithm algorithm;
  std::string_view name;
  KeyKind key;
  const EVP_MD* (*digest)();
  std::size_t ecdsa_half_bytes;  // size of R and of S in a raw ECDSA signature; 0 for RSA
};

constexpr AlgorithmTraits kAlgorithms[] = {
    {JwsAlgorithm::es256, "ES256", KeyKind::ec_p256, EVP_sha256, 32},
    {JwsAlgorithm::es384, "ES384", KeyKind::ec_p384, EVP_sha384, 48},
    {JwsAlgorithm::rs256, "RS256", KeyKind::rsa, EVP_sha256, 0},
    {JwsAlgorithm::rs384, "RS384", KeyKind::rsa, EVP_sha384, 0},
};

const AlgorithmTraits& traits(JwsAlgorithm algorithm) {
  for (const auto& entry : kAlgorithms) {
    if (entry.algorithm == algorithm) return entry;
  }
  return kAlgorithms[0];  // unreachable: every enumerator is in the table
}

// OpenSSL verifies ECDSA signatures in DER; JWS carries R and S as fixed-size big-endian integers.
std::optional<std::vector<unsigned char>> raw_ecdsa_to_der(std::string_view raw, std::size_t half) {
  if (raw.size() != 2 * half) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
  std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(ECDSA_SIG_new(), ECDSA_SIG_free);
  BIGNUM* r = BN_bin2bn(bytes, static_cast<int>(half), nullptr);
  BIGNUM* s = BN_bin2bn(bytes + half, static_cast<int>(half), nullptr);
  if (!sig || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  const int length = i2d_ECDSA_SIG(sig.get(), &der);
  if (length <= 0) return std::nullopt;
  std::vector<unsigned char> result(der, der + length);
  OPENSSL_free(der);
  return result;
}

}  // namespace

std::optional<JwsAlgorithm> accepted_algorithm(std::string_view name) {
  for (const auto& entry : kAlgorithms) {
    if (entry.name == name) return entry.algorithm;
  }
  return std::nullopt;
}

std::string_view algorithm_name(JwsAlgorithm algorithm) { return traits(algorithm).name; }

KeyKind key_kind_for(JwsAlgorithm algorithm) { return traits(algorithm).key; }

bool verify_jws_signature(JwsAlgorithm algorithm, EVP_PKEY* key, std::string_view signing_input,
                          std::string_view signature) {
  const AlgorithmTraits& t = traits(algorithm);
  std::vector<unsigned char> checked;
  if (t.ecdsa_half_bytes != 0) {
    auto der = raw_ecdsa_to_der(signature, t.ecdsa_half_bytes);
    if (!der) return false;
    checked = std::move(*der);
  } else {
    if (signature.size() != static_cast<std::size_t>(EVP_PKEY_get_size(key))) return false;
    checked.assign(signature.begin(), signature.end());
  }
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!context || EVP_DigestVerifyInit(context.get(), nullptr, t.digest(), nullptr, key) != 1) return false;
  const int verdict = EVP_DigestVerify(context.get(), checked.data(), checked.size(),
                                       reinterpret_cast<const unsigned char*>(signing_input.data()),
                                       signing_input.size());
  // A refused signature leaves OpenSSL errors queued on this thread; they belong to no later call.
  if (verdict != 1) ERR_clear_error();
  return verdict == 1;
}

}  // namespace rxrules::service
