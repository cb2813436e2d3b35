// Text from outside (requests, rule files, file names) made safe to print on
// a terminal, which would act on some characters instead of showing them:
// an ESC sequence can hide the rest of a line ("pass\u001b[8m"), a C1 CSI
// does the same, and a bidirectional control reorders what is shown.
#pragma once

#include <string>
#include <string_view>

namespace rxr::text {

// A character that must not reach a terminal as it is: a control character
// (C0 other than tab and line feed, DEL, C1) or a bidirectional control.
bool is_unprintable(char32_t c);

// Appends `text` with each such character written as \u{XXXX}, and each
// byte that is not UTF-8 as \x{XX}; everything else as it is.
void append_printable(std::string_view text, std::string& out);
std::string printable(std::string_view text);

// `printable(text)` with & < > " ' written as character references: safe as
// the text or an attribute of an HTML or XML document (the replay report,
// the JUnit file), where control characters are not even allowed.
std::string markup_escaped(std::string_view text);

}  // namespace rxr::text
