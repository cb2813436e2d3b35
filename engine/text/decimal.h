// Numbers to a fixed count of decimals, as printf's "%.1f" and "%.2f"
// write them (the exact binary value rounded, half to even), without
// printf's or fmt's general machinery: messages and the response's
// `computed` show them on every request.
#pragma once

#include <string>

namespace rxr::text {

// `decimals` is 1 or 2. Appends to `out`: "59.4", "1.80", "-0.0", "nan".
void append_fixed(double value, int decimals, std::string& out);

}  // namespace rxr::text
