// JwtVerifier against tokens signed here with freshly generated keys, the way
// an EHR's CDS client signs them (cds-hooks.md, "Security").
#include "service/jwt/jwt_verifier.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "test_keys.h"

namespace rxrules::service {
namespace {

using testing::TestKey;
using testing::base64url;
using testing::signed_token;
using Json = nlohmann::json;
using Clock = std::chrono::system_clock;

const Clock::time_point kNow = Clock::from_time_t(1'800'000'000);
constexpr const char* kIssuer = "https://ehr.example.org";
constexpr const char* kAudience = "https://cds.example.org/cds-services";

JwtRequirements requirements() { return {{kIssuer, "https://other-ehr.example.org"}, kAudience}; }

std::int64_t seconds_at(Clock::time_point at) {
  return std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
}

Json claims(std::string jti = "call-1") {
  return {{"iss", kIssuer},
          {"sub", "ehr-client"},
          {"aud", kAudience},
          {"iat", seconds_at(kNow) - 10},
          {"exp", seconds_at(kNow) + 290},
          {"jti", std::move(jti)}};
}

std::string bearer(const std::string& token) { return "Bearer " + token; }

// One key of each kind, generated once for the whole run (RSA keys take a while).
struct Keys {
  TestKey p256{TestKey::Type::ec_p256, "ec-256"};
  TestKey p384{TestKey::Type::ec_p384, "ec-384"};
  TestKey rsa{TestKey::Type::rsa, "rsa"};
  // Same kid as p256: a token it signs claims to come from p256.
  TestKey impostor{TestKey::Type::ec_p256, "ec-256"};
};
const Keys& keys() {
  static const Keys generated;
  return generated;
}

JwtVerifier verifier_of_all_keys() {
  const Json set = testing::jwk_set({keys().p256.jwk(), keys().p384.jwk(), keys().rsa.jwk()});
  return JwtVerifier::from_jwks_json(set.dump(), requirements());
}

JwtOutcome verify_es256(const Json& payload) {
  const JwtVerifier verifier = verifier_of_all_keys();
  return verifier.verify(bearer(signed_token({{"alg", "ES256"}, {"kid", "ec-256"}}, payload, keys().p256)), kNow);
}

struct AlgorithmCase {
  const char* alg;
  const TestKey& (*key)();
};

class EachAlgorithm : public ::testing::TestWithParam<AlgorithmCase> {};

TEST_P(EachAlgorithm, AcceptsATokenSignedWithItsKey) {
  const TestKey& key = GetParam().key();
  const JwtVerifier verifier = verifier_of_all_keys();
  const JwtOutcome outcome =
      verifier.verify(bearer(signed_token({{"alg", GetParam().alg}, {"kid", key.kid()}, {"typ", "JWT"}}, claims(),
                                          key)),
                      kNow);
  EXPECT_TRUE(outcome.ok) << outcome.error;
  EXPECT_EQ(outcome.issuer, kIssuer);
  EXPECT_EQ(outcome.subject, "ehr-client");
  EXPECT_EQ(outcome.jti, "call-1");
}

INSTANTIATE_TEST_SUITE_P(Jwt, EachAlgorithm,
                         ::testing::Values(AlgorithmCase{"ES256", []() -> const TestKey& { return keys().p256; }},
                                           AlgorithmCase{"ES384", []() -> const TestKey& { return keys().p384; }},
                                           AlgorithmCase{"RS256", []() -> const TestKey& { return keys().rsa; }},
                                           AlgorithmCase{"RS384", []() -> const TestKey& { return keys().rsa; }}),
                         [](const auto& test) { return std::string(test.param.alg); });

TEST(Jwt, ATamperedSignatureIsRefused) {
  const Json header = {{"alg", "ES256"}, {"kid", "ec-256"}};
  std::string signature = keys().p256.sign("ES256", base64url(header.dump()) + "." + base64url(claims().dump()));
  signature[5] = static_cast<char>(signature[5] ^ 0x01);
  const JwtVerifier verifier = verifier_of_all_keys();
  EXPECT_EQ(verifier.verify(bearer(testing::token_with_signature(header, claims(), signature)), kNow).error,
            "signature invalid");
}

TEST(Jwt, AChangedPayloadIsRefused) {
  const JwtVerifier verifier = verifier_of_all_keys();
  const std::string token = signed_token({{"alg", "RS256"}, {"kid", "rsa"}}, claims(), keys().rsa);
  Json elevated = claims();
  elevated["sub"] = "admin";
  const std::string forged = base64url(Json({{"alg", "RS256"}, {"kid", "rsa"}}).dump()) + "." +
                             base64url(elevated.dump()) + token.substr(token.rfind('.'));
  EXPECT_EQ(verifier.verify(bearer(forged), kNow).error, "signature invalid");
}

TEST(Jwt, ATokenSignedByAnotherKeyIsRefused) {
  const JwtVerifier verifier = verifier_of_all_keys();
  const std::string token = signed_token({{"alg", "ES256"}, {"kid", "ec-256"}}, claims(), keys().impostor);
  EXPECT_EQ(verifier.verify(bearer(token), kNow).error, "signature invalid");
}

TEST(Jwt, AnExpiredTokenIsRefusedBeyondTheLeeway) {
  Json expired = claims();
  expired["iat"] = seconds_at(kNow) - 400;
  expired["exp"] = seconds_at(kNow) - 61;
  EXPECT_EQ(verify_es256(expired).error, "token expired");
  expired["exp"] = seconds_at(kNow) - 30;  // within the 60 s allowed for clock skew
  EXPECT_TRUE(verify_es256(expired).ok);
}

TEST(Jwt, ATokenIssuedInTheFutureIsRefused) {
  Json early = claims();
  early["iat"] = seconds_at(kNow) + 120;
  early["exp"] = seconds_at(kNow) + 400;
  EXPECT_EQ(verify_es256(early).error, "token issued in the future (iat)");
}

TEST(Jwt, ATokenNotYetValidIsRefused) {
  Json early = claims();
  early["nbf"] = seconds_at(kNow) + 120;
  EXPECT_EQ(verify_es256(early).error, "token not yet valid (nbf)");
}

TEST(Jwt, ATokenLivingLongerThanAllowedIsRefused) {
  Json lasting = claims();
  lasting["exp"] = seconds_at(kNow) + 24 * 3600;
  EXPECT_EQ(verify_es256(lasting).error, "token lifetime (exp - iat) exceeds 3600 s");
}

TEST(Jwt, EachRequiredClaimMustBePresent) {
  for (const auto& [claim, error] : {std::pair{"exp", "token has no \"exp\""}, std::pair{"iat", "token has no \"iat\""},
                                     std::pair{"jti", "token has no \"jti\""}}) {
    Json missing = claims();
    missing.erase(claim);
    EXPECT_EQ(verify_es256(missing).error, error) << claim;
  }
  Json textual = claims();
  textual["exp"] = "tomorrow";
  EXPECT_EQ(verify_es256(textual).error, "\"exp\", \"iat\" and \"nbf\" must be NumericDates");
}

TEST(Jwt, TheIssuerMustBeAccepted) {
  Json other = claims();
  other["iss"] = "https://attacker.example.org";
  EXPECT_EQ(verify_es256(other).error, "issuer not accepted");
  other.erase("iss");
  EXPECT_EQ(verify_es256(other).error, "issuer not accepted");
  other["iss"] = "https://other-ehr.example.org";  // the second --issuer
  EXPECT_TRUE(verify_es256(other).ok);
}

TEST(Jwt, TheAudienceMustBeThisService) {
  Json other = claims();
  other["aud"] = "https://another-service.example.org";
  EXPECT_EQ(verify_es256(other).error, "audience is not this service");
  other["aud"] = Json::array({"https://another-service.example.org", kAudience});
  EXPECT_TRUE(verify_es256(other).ok);
}

TEST(Jwt, AReplayedJtiIsRefusedAndOtherIssuersHaveTheirOwn) {
  const JwtVerifier verifier = verifier_of_all_keys();
  const std::string token = bearer(signed_token({{"alg", "ES384"}, {"kid", "ec-384"}}, claims("once"), keys().p384));
  EXPECT_TRUE(verifier.verify(token, kNow).ok);
  EXPECT_EQ(verifier.verify(token, kNow + std::chrono::seconds(5)).error, "token replayed (its jti was already used)");
  Json from_other = claims("once");
  from_other["iss"] = "https://other-ehr.example.org";
  EXPECT_TRUE(verifier.verify(bearer(signed_token({{"alg", "ES384"}, {"kid", "ec-384"}}, from_other, keys().p384)), kNow).ok);
}

TEST(Jwt, OfManyThreadsPresentingOneTokenExactlyOneIsAccepted) {
  const JwtVerifier verifier = verifier_of_all_keys();
  const std::string token = bearer(signed_token({{"alg", "ES256"}, {"kid", "ec-256"}}, claims("race"), keys().p256));
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) accepted += verifier.verify(token, kNow).ok ? 1 : 0;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(accepted.load(), 1);
}

TEST(Jwt, AlgNoneIsRefused) {
  const JwtVerifier verifier = verifier_of_all_keys();
  const std::string token = base64url(Json({{"alg", "none"}}).dump()) + "." + base64url(claims().dump()) + ".";
  EXPECT_EQ(verifier.verify(bearer(token), kNow).error, "algorithm none not allowed");
}

TEST(Jwt, HmacWithThePublicKeyAsSecretIsRefused) {
  // The classic key-confusion attack: a verifier that took `alg` from the
  // token would check this HMAC with the public key it holds, and accept it.
  const JwtVerifier verifier = verifier_of_all_keys();
  for (const TestKey* key : {&keys().rsa, &keys().p256}) {
    const std::string token =
        testing::hmac_token({{"alg", "HS256"}, {"kid", key->kid()}}, claims(), key->public_pem());
    EXPECT_EQ(verifier.verify(bearer(token), kNow).error, "algorithm HS256 not allowed");
  }
}

TEST(Jwt, RsaPssIsNotOffered) {
  const JwtVerifier verifier = verifier_of_all_keys();
  const std::string token = signed_token({{"alg", "PS256"}, {"kid", "rsa"}}, claims(), keys().rsa);
  EXPECT_EQ(verifier.verify(bearer(token), kNow).error, "algorithm PS256 not allowed");
}

TEST(Jwt, AnAlgorithmThatDoesNotFitTheKeyIsRefused) {
  const JwtVerifier verifier = verifier_of_all_keys();
  // An RSA signature presented for the EC key, and an ES384 token for the P-256 key.
  const std::string rsa_for_ec = signed_token({{"alg", "RS256"}, {"kid", "ec-256"}}, claims(), keys().rsa);
  EXPECT_EQ(verifier.verify(bearer(rsa_for_ec), kNow).error, "algorithm RS256 does not fit the key \"ec-256\"");
  const std::string p384_for_p256 = signed_token({{"alg", "ES384"}, {"kid", "ec-256"}}, claims(), keys().p384);
  EXPECT_EQ(verifier.verify(bearer(p384_for_p256), kNow).error, "algorithm ES384 does not fit the key \"ec-256\"");
}

TEST(Jwt, AKeysOwnAlgIsHeldTo) {
  const Json set = testing::jwk_set({keys().rsa.jwk("RS384")});
  const JwtVerifier verifier = JwtVerifier::from_jwks_json(set.dump(), requirements());
  EXPECT_EQ(verifier.verify(bearer(signed_token({{"alg", "RS256"}, {"kid", "rsa"}}, claims("a"), keys().rsa)), kNow).error,
            "algorithm RS256 does not fit the key \"rsa\"");
  EXPECT_TRUE(verifier.verify(bearer(signed_token({{"alg", "RS384"}, {"kid", "rsa"}}, claims("b"), keys().rsa)), kNow).ok);
}

TEST(Jwt, KeySelection) {
  const JwtVerifier all = verifier_of_all_keys();
  EXPECT_EQ(all.verify(bearer(signed_token({{"alg", "ES256"}, {"kid", "nobody"}}, claims(), keys().p256)), kNow).error,
            "unknown key id");
  EXPECT_EQ(all.verify(bearer(signed_token({{"alg", "ES256"}}, claims(), keys().p256)), kNow).error,
            "token has no \"kid\" and the key set holds several keys");
  // A single key serves tokens that name no kid.
  const JwtVerifier one = JwtVerifier::from_jwks_json(testing::jwk_set({keys().p256.jwk()}).dump(), requirements());
  EXPECT_TRUE(one.verify(bearer(signed_token({{"alg", "ES256"}}, claims(), keys().p256)), kNow).ok);
}

TEST(Jwt, MalformedBase64urlIsRefused) {
  const JwtVerifier verifier = verifier_of_all_keys();
  const std::string token = signed_token({{"alg", "ES256"}, {"kid", "ec-256"}}, claims(), keys().p256);
  const auto dot = token.find('.');
  // Standard base64 characters and padding are not base64url.
  EXPECT_EQ(verifier.verify(bearer("+" + token.substr(1)), kNow).error,
            "token header is not a base64url-encoded JSON object");
  EXPECT_EQ(verifier.verify(bearer(token.substr(0, dot) + "=" + token.substr(dot)), kNow).error,
            "token header is not a base64url-encoded JSON object");
  EXPECT_EQ(verifier.verify(bearer(token + "*"), kNow).error, "token signature is not base64url");
  // Five characters cannot be an encoding; a nonzero unused tail is not the canonical one.
  EXPECT_EQ(verifier.verify(bearer(token.substr(0, token.rfind('.') + 1) + "AAAAA"), kNow).error,
            "token signature is not base64url");
  EXPECT_EQ(verifier.verify(bearer(token.substr(0, token.rfind('.') + 1) + "AB"), kNow).error,
            "token signature is not base64url");
}

TEST(Jwt, AHugeTokenIsRefusedBeforeDecoding) {
  const JwtVerifier verifier = verifier_of_all_keys();
  Json padded = claims();
  padded["filler"] = std::string(20000, 'x');
  const std::string token = signed_token({{"alg", "ES256"}, {"kid", "ec-256"}}, padded, keys().p256);
  EXPECT_EQ(verifier.verify(bearer(token), kNow).error, "authorization header larger than 8192 bytes");
}

TEST(Jwt, OnlyBearerAuthorizationIsRead) {
  const JwtVerifier verifier = verifier_of_all_keys();
  const std::string token = signed_token({{"alg", "ES256"}, {"kid", "ec-256"}}, claims(), keys().p256);
  EXPECT_EQ(verifier.verify("Basic dXNlcjpwYXNz", kNow).error, "authorization is not a Bearer token");
  EXPECT_EQ(verifier.verify(token, kNow).error, "authorization is not a Bearer token");
  EXPECT_EQ(verifier.verify("", kNow).error, "authorization is not a Bearer token");
  EXPECT_TRUE(verifier.verify("bearer " + token, kNow).ok);  // the scheme is case-insensitive (RFC 7235)
}

TEST(Jwt, GarbageIsRefusedWithAReason) {
  const JwtVerifier verifier = verifier_of_all_keys();
  for (const std::string token : {"", ".", "..", "...", "a.b.c", "e30.e30.", "bnVsbA.e30.AA", "W10.e30.AA",
                                  "eyJhbGciOjF9.e30.AA"}) {
    const JwtOutcome outcome = verifier.verify(bearer(token), kNow);
    EXPECT_FALSE(outcome.ok) << token;
    EXPECT_FALSE(outcome.error.empty()) << token;
  }
  std::mt19937 random(17);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 2000; ++round) {
    // A jti of its own: a refusal must come from the damage, not from a replay.
    std::string token =
        signed_token({{"alg", "ES256"}, {"kid", "ec-256"}}, claims("garbage-" + std::to_string(round)), keys().p256);
    char& damaged = token[static_cast<std::size_t>(random() % token.size())];
    const char original = damaged;
    while (damaged == original) damaged = static_cast<char>(byte(random));
    EXPECT_FALSE(verifier.verify(bearer(token), kNow).ok) << token;
  }
}

TEST(JwkSet, UnusableSetsAreRefusedWithTheReason) {
  const auto refusal = [](const Json& set) {
    try {
      JwtVerifier::from_jwks_json(set.dump(), requirements());
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(refusal(Json::array()), "JWK set: the JWK set has no \"keys\" array");
  const Json hmac_only = testing::jwk_set({{{"kty", "oct"}, {"k", "c2VjcmV0"}}});
  EXPECT_NE(refusal(hmac_only).find("holds no usable key"), std::string::npos) << refusal(hmac_only);
  Json off_curve = keys().p256.jwk();
  off_curve["y"] = off_curve["x"];
  EXPECT_NE(refusal(testing::jwk_set({off_curve})).find("JWK set: key 0 (kid \"ec-256\"): "),
            std::string::npos)
      << refusal(testing::jwk_set({off_curve}));
  Json short_x = keys().p384.jwk();
  short_x["x"] = base64url("short");
  EXPECT_EQ(refusal(testing::jwk_set({short_x})),
            "JWK set: key 0 (kid \"ec-384\"): \"x\" and \"y\" must be 48 bytes for P-384");
  Json small_rsa = keys().rsa.jwk();
  small_rsa["n"] = base64url(std::string(128, '\xC5'));
  EXPECT_EQ(refusal(testing::jwk_set({small_rsa})),
            "JWK set: key 0 (kid \"rsa\"): the RSA modulus has 1024 bits, fewer than 2048");
  EXPECT_EQ(refusal(testing::jwk_set({keys().p256.jwk(), keys().impostor.jwk()})),
            "JWK set: two keys share the kid \"ec-256\"");
  EXPECT_EQ(refusal(testing::jwk_set({keys().p256.jwk("RS256")})),
            "JWK set: key 0 (kid \"ec-256\"): its \"alg\" RS256 does not fit its key type");
}

TEST(JwkSet, KeysForOtherUsesAreSkipped) {
  Json encryption = keys().rsa.jwk();
  encryption["use"] = "enc";
  const JwtVerifier verifier = JwtVerifier::from_jwks_json(
      testing::jwk_set({encryption, {{"kty", "oct"}, {"k", "c2VjcmV0"}}, keys().p256.jwk()}).dump(), requirements());
  EXPECT_EQ(verifier.verify(bearer(signed_token({{"alg", "RS256"}, {"kid", "rsa"}}, claims(), keys().rsa)), kNow).error,
            "unknown key id");
  EXPECT_TRUE(verifier.verify(bearer(signed_token({{"alg", "ES256"}}, claims(), keys().p256)), kNow).ok);
}

TEST(JwkSet, FilesAreReadAndTheirErrorsNameThem) {
  const auto folder = std::filesystem::temp_directory_path() / ("rxr-jwks-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  const auto good = folder / "jwks.json";
  std::ofstream(good) << testing::jwk_set({keys().p384.jwk()}).dump();
  const JwtVerifier verifier = JwtVerifier::from_jwks_file(good, requirements());
  EXPECT_TRUE(verifier.verify(bearer(signed_token({{"alg", "ES384"}}, claims(), keys().p384)), kNow).ok);

  const auto broken = folder / "broken.json";
  std::ofstream(broken) << "{\"keys\": [";
  try {
    JwtVerifier::from_jwks_file(broken, requirements());
    ADD_FAILURE() << "a truncated JWK set was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), broken.string() + ": the JWK set is not valid JSON");
  }
  try {
    JwtVerifier::from_jwks_file(folder / "missing.json", requirements());
    ADD_FAILURE() << "a missing JWK set was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find((folder / "missing.json").string() + ": cannot read the JWK set"),
              std::string::npos);
  }
  std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace rxrules::service
