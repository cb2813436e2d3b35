// Base64url without padding (RFC 7515 section 2), decoded strictly.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rxrules::service {

// Nothing outside the alphabet, no '=' padding, no length that cannot be an
// encoding, and zero bits in the unused tail: one text per byte string, so a
// token cannot be altered without changing its signed bytes.
std::optional<std::string> base64url_decode(std::string_view text);

std::string base64url_encode(std::string_view bytes);

}  // namespace rxrules::service
