#include "service/jwt/replay_cache.h"

namespace rxrules::service {

ReplayCache::Admission ReplayCache::admit(const std::string& key, Clock::time_point forget_after,
                                          Clock::time_point now) {
  std::lock_guard lock(mutex_);
  forget_expired(now);
  if (seen_.contains(key)) return Admission::replay;
  if (seen_.size() >= kMaxLiveTokens) return Admission::full;
  seen_.emplace(key, forget_after);
  by_expiry_.emplace(forget_after, key);
  return Admission::fresh;
}

void ReplayCache::forget_expired(Clock::time_point now) {
  while (!by_expiry_.empty() && by_expiry_.top().first < now) {
    seen_.erase(by_expiry_.top().second);
    by_expiry_.pop();
  }
}

}  // namespace rxrules::service
