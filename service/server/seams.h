// What the service needs from the outside and is given at start: who may
// call (JWT) and where calls are recorded (audit log). Kept as plain
// functions so that the HTTP layer and the tests need not know the
// libraries behind them.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "service/audit/audit_log.h"

namespace rxrules::service {

// The reason the caller is refused, or nothing when the Authorization header is acceptable.
using Authorize = std::function<std::optional<std::string>(std::string_view authorization_header)>;

// Records a row and returns once it is committed; throws when it cannot be.
struct Audit {
  std::function<void(const AuditCall&)> call;
  std::function<void(const AuditFeedback&)> feedback;
};

}  // namespace rxrules::service
