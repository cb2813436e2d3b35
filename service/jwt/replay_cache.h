// The `jti`s of tokens already accepted, each kept until its token expires.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <queue>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace rxrules::service {

class ReplayCache {
 public:
  using Clock = std::chrono::system_clock;

  // Beyond this many live tokens new ones are refused rather than memory grown without bound.
  static constexpr std::size_t kMaxLiveTokens = 1'000'000;

  enum class Admission { fresh, replay, full };

  // Records `key` (issuer and jti) as seen until `forget_after`; thread-safe.
  Admission admit(const std::string& key, Clock::time_point forget_after, Clock::time_point now);

 private:
  void forget_expired(Clock::time_point now);

  std::mutex mutex_;
  std::unordered_map<std::string, Clock::time_point> seen_;
  using Expiry = std::pair<Clock::time_point, std::string>;
  std::priority_queue<Expiry, std::vector<Expiry>, std::greater<>> by_expiry_;
};

}  // namespace rxrules::service
