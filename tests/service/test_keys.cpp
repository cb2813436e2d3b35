#include "test_keys.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <stdexcept>
#include <vector>

namespace rxrules::service::testing {
namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("OpenSSL failed: ") + what);
}

std::string big_endian(const EVP_PKEY* key, const char* param, int width) {
  BIGNUM* value = nullptr;
  require(EVP_PKEY_get_bn_param(key, param, &value) == 1, param);
  const int size = width > 0 ? width : BN_num_bytes(value);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  BN_bn2binpad(value, reinterpret_cast<unsigned char*>(bytes.data()), size);
  BN_free(value);
  return bytes;
}

const EVP_MD* digest_of(std::string_view alg) { return alg.ends_with("384") ? EVP_sha384() : EVP_sha256(); }

std::string compact(const nlohmann::json& header, const nlohmann::json& payload) {
  return base64url(header.dump()) + "." + base64url(payload.dump());
}

}  // namespace

std::string base64url(std::string_view bytes) {
  std::vector<unsigned char> out(4 * ((bytes.size() + 2) / 3) + 1);
  const int length = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                                     static_cast<int>(bytes.size()));
  std::string text(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(length));
  for (char& c : text) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

TestKey::TestKey(Type type, std::string kid) : type_(type), kid_(std::move(kid)) {
  EVP_PKEY* key = type == Type::rsa ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048})
                                    : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC",
                                                        type == Type::ec_p256 ? "P-256" : "P-384");
  require(key != nullptr, "key generation");
  key_.reset(key, EVP_PKEY_free);
}

nlohmann::json TestKey::jwk(std::string_view alg) const {
  nlohmann::json jwk;
  if (type_ == Type::rsa) {
    jwk = {{"kty", "RSA"},
           {"n", base64url(big_endian(key_.get(), OSSL_PKEY_PARAM_RSA_N, 0))},
           {"e", base64url(big_endian(key_.get(), OSSL_PKEY_PARAM_RSA_E, 0))}};
  } else {
    const int width = type_ == Type::ec_p256 ? 32 : 48;
    jwk = {{"kty", "EC"},
           {"crv", type_ == Type::ec_p256 ? "P-256" : "P-384"},
           {"x", base64url(big_endian(key_.get(), OSSL_PKEY_PARAM_EC_PUB_X, width))},
           {"y", base64url(big_endian(key_.get(), OSSL_PKEY_PARAM_EC_PUB_Y, width))}};
  }
  if (!kid_.empty()) jwk["kid"] = kid_;
  if (!alg.empty()) jwk["alg"] = alg;
  return jwk;
}

std::string TestKey::sign(std::string_view alg, std::string_view signing_input) const {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  require(EVP_DigestSignInit(context.get(), nullptr, digest_of(alg), nullptr, key_.get()) == 1, "sign init");
  std::size_t size = 0;
  const auto* input = reinterpret_cast<const unsigned char*>(signing_input.data());
  require(EVP_DigestSign(context.get(), nullptr, &size, input, signing_input.size()) == 1, "sign size");
  std::vector<unsigned char> signature(size);
  require(EVP_DigestSign(context.get(), signature.data(), &size, input, signing_input.size()) == 1, "sign");
  signature.resize(size);
  if (type_ == Type::rsa) return std::string(signature.begin(), signature.end());
  // ECDSA: OpenSSL gives DER, JWS wants R and S as fixed-width big-endian integers.
  const unsigned char* der = signature.data();
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &der, static_cast<long>(signature.size()));
  require(sig != nullptr, "DER signature");
  const int half = type_ == Type::ec_p256 ? 32 : 48;
  std::string raw(static_cast<std::size_t>(2 * half), '\0');
  BN_bn2binpad(ECDSA_SIG_get0_r(sig), reinterpret_cast<unsigned char*>(raw.data()), half);
  BN_bn2binpad(ECDSA_SIG_get0_s(sig), reinterpret_cast<unsigned char*>(raw.data()) + half, half);
  ECDSA_SIG_free(sig);
  return raw;
}

std::string TestKey::public_pem() const {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  require(PEM_write_bio_PUBKEY(bio.get(), key_.get()) == 1, "PEM");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

nlohmann::json jwk_set(std::initializer_list<nlohmann::json> keys) {
  nlohmann::json set = {{"keys", nlohmann::json::array()}};
  for (const auto& key : keys) set["keys"].push_back(key);
  return set;
}

std::string signed_token(const nlohmann::json& header, const nlohmann::json& payload, const TestKey& key) {
  const std::string input = compact(header, payload);
  return input + "." + base64url(key.sign(header.at("alg").get<std::string>(), input));
}

std::string token_with_signature(const nlohmann::json& header, const nlohmann::json& payload,
                                 std::string_view signature) {
  return compact(header, payload) + "." + base64url(signature);
}

std::string hmac_token(const nlohmann::json& header, const nlohmann::json& payload, std::string_view secret) {
  const std::string input = compact(header, payload);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  require(HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
               reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &size) != nullptr,
          "HMAC");
  return input + "." + base64url(std::string_view(reinterpret_cast<const char*>(mac), size));
}

}  // namespace rxrules::service::testing
