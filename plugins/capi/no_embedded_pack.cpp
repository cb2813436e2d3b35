#include "capi/embedded_pack.h"

namespace rxr::plugin {

EmbeddedRules embedded_rules() { return {}; }

}  // namespace rxr::plugin
