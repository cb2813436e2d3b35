// SHA-256 as lower-case hex (the audit log's request hash).
#pragma once

#include <string>
#include <string_view>

namespace rxrules::service {

std::string sha256_hex(std::string_view bytes);

}  // namespace rxrules::service
