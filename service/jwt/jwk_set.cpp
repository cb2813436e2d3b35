#include "service/jwt/jwk_set.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>

#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "service/jwt/base64url.h"

namespace rxrules::service {
namespace {

using Json = nlohmann::json;

struct KeyError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string member_text(const Json& jwk, const char* name) {
  const auto found = jwk.find(name);
  if (found == jwk.end()) throw KeyError(std::string("no \"") + name + "\"");
  if (!found->is_string()) throw KeyError(std::string("\"") + name + "\" is not a string");
  return found->get<std::string>();
}

std::string member_bytes(const Json& jwk, const char* name) {
  auto bytes = base64url_decode(member_text(jwk, name));
  if (!bytes || bytes->empty()) throw KeyError(std::string("\"") + name + "\" is not base64url");
  return *bytes;
}

using ParamBuilder = std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)>;
using Params = std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)>;
using Bignum = std::unique_ptr<BIGNUM, decltype(&BN_free)>;

std::shared_ptr<EVP_PKEY> key_from_params(const char* type, const OSSL_PARAM* params) {
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> context(
      EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr), EVP_PKEY_CTX_free);
  EVP_PKEY* key = nullptr;
  if (!context || EVP_PKEY_fromdata_init(context.get()) != 1 ||
      EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, const_cast<OSSL_PARAM*>(params)) != 1) {
    ERR_clear_error();
    throw KeyError("OpenSSL does not accept it as a public key");
  }
  std::shared_ptr<EVP_PKEY> owned(key, EVP_PKEY_free);
  // fromdata does not check that an EC point lies on its curve.
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> check(
      EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr), EVP_PKEY_CTX_free);
  if (!check || EVP_PKEY_public_check(check.get()) != 1) {
    ERR_clear_error();
    throw KeyError("the public key fails OpenSSL's check (not a point on the curve, or a bad modulus)");
  }
  return owned;
}

Jwk ec_key(const Json& jwk) {
  const std::string curve = member_text(jwk, "crv");
  Jwk result{};
  std::size_t coordinate_bytes = 0;
  const char* group = nullptr;
  if (curve == "P-256") {
    result.kind = KeyKind::ec_p256;
    coordinate_bytes = 32;
    group = "prime256v1";
  } else if (curve == "P-384") {
    result.kind = KeyKind::ec_p384;
    coordinate_bytes = 48;
    group = "secp384r1";
  } else {
    throw KeyError("curve \"" + curve + "\" is not P-256 or P-384");
  }
  const std::string x = member_bytes(jwk, "x");
  const std::string y = member_bytes(jwk, "y");
  if (x.size() != coordinate_bytes || y.size() != coordinate_bytes) {
    throw KeyError("\"x\" and \"y\" must be " + std::to_string(coordinate_bytes) + " bytes for " + curve);
  }
  const std::string point = std::string(1, '\x04') + x + y;  // SEC 1 uncompressed point
  ParamBuilder builder(OSSL_PARAM_BLD_new(), OSSL_PARAM_BLD_free);
  if (!builder || OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1) {
    throw KeyError("out of memory building the key");
  }
  Params params(OSSL_PARAM_BLD_to_param(builder.get()), OSSL_PARAM_free);
  result.key = key_from_params("EC", params.get());
  return result;
}

Bignum bignum(const std::string& bytes) {
  return Bignum(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()), nullptr),
                BN_free);
}

Jwk rsa_key(const Json& jwk) {
  const Bignum n = bignum(member_bytes(jwk, "n"));
  const Bignum e = bignum(member_bytes(jwk, "e"));
  if (!n || !e) throw KeyError("out of memory building the key");
  if (BN_num_bits(n.get()) < kMinimumRsaBits) {
    throw KeyError("the RSA modulus has " + std::to_string(BN_num_bits(n.get())) + " bits, fewer than " +
                   std::to_string(kMinimumRsaBits));
  }
  ParamBuilder builder(OSSL_PARAM_BLD_new(), OSSL_PARAM_BLD_free);
  if (!builder || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1) {
    throw KeyError("out of memory building the key");
  }
  Params params(OSSL_PARAM_BLD_to_param(builder.get()), OSSL_PARAM_free);
  Jwk result{};
  result.kind = KeyKind::rsa;
  result.key = key_from_params("RSA", params.get());
  return result;
}

// nullopt for a key the service is not meant to use (see the header).
std::optional<Jwk> usable_key(const Json& jwk) {
  if (!jwk.is_object()) throw KeyError("not a JSON object");
  if (const auto use = jwk.find("use"); use != jwk.end() && *use != "sig") return std::nullopt;
  std::optional<JwsAlgorithm> alg;
  if (const auto found = jwk.find("alg"); found != jwk.end()) {
    if (!found->is_string()) throw KeyError("\"alg\" is not a string");
    alg = accepted_algorithm(found->get<std::string>());
    if (!alg) return std::nullopt;
  }
  const std::string type = member_text(jwk, "kty");
  Jwk result{};
  if (type == "EC") {
    result = ec_key(jwk);
  } else if (type == "RSA") {
    result = rsa_key(jwk);
  } else {
    return std::nullopt;
  }
  if (alg && key_kind_for(*alg) != result.kind) {
    throw KeyError("its \"alg\" " + std::string(algorithm_name(*alg)) + " does not fit its key type");
  }
  result.alg = alg;
  if (jwk.contains("kid")) result.kid = member_text(jwk, "kid");
  return result;
}

}  // namespace

std::vector<Jwk> parse_jwk_set(std::string_view json, std::string_view origin) {
  const std::string where(origin);
  const Json set = Json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  if (set.is_discarded()) throw std::runtime_error(where + ": the JWK set is not valid JSON");
  if (!set.is_object() || !set.contains("keys") || !set["keys"].is_array()) {
    throw std::runtime_error(where + ": the JWK set has no \"keys\" array");
  }
  std::vector<Jwk> keys;
  std::set<std::string> kids;
  std::size_t index = 0;
  for (const Json& entry : set["keys"]) {
    std::optional<Jwk> key;
    try {
      key = usable_key(entry);
    } catch (const KeyError& e) {
      std::string name = "key " + std::to_string(index);
      if (entry.is_object() && entry.contains("kid") && entry["kid"].is_string()) {
        name += " (kid \"" + entry["kid"].get<std::string>() + "\")";
      }
      throw std::runtime_error(where + ": " + name + ": " + e.what());
    }
    ++index;
    if (!key) continue;
    if (!key->kid.empty() && !kids.insert(key->kid).second) {
      throw std::runtime_error(where + ": two keys share the kid \"" + key->kid + "\"");
    }
    keys.push_back(std::move(*key));
  }
  if (keys.empty()) {
    throw std::runtime_error(where + ": the JWK set holds no usable key (EC P-256/P-384 or RSA of at least " +
                             std::to_string(kMinimumRsaBits) + " bits, for signatures)");
  }
  return keys;
}

}  // namespace rxrules::service
