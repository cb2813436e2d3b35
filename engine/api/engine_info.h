// What an engine has loaded, as the JSON of the C ABI's rxr_engine_info
// (c-abi.md 1.1): the ABI and engine versions, the catalogue's fingerprint,
// and per pack its name, version, fingerprint, drug names, policy values
// and notices. Hosts log it at start; the service publishes it.
#pragma once

#include <cstdint>
#include <string>

#include "api/catalogue.h"

namespace rxr::api {

// `abi` is the ABI version of the caller (RXR_ABI_VERSION for a plugin).
std::string engine_info_json(const Catalogue& catalogue, uint32_t abi);

}  // namespace rxr::api
