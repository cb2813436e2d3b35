#include "capi/embedded_pack.h"

namespace rxr::plugin {

EmbeddedPack embedded_pack() { return {}; }

}  // namespace rxr::plugin
