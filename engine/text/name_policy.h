// The one text policy for names: how a drug name, a code or a unit from a
// request or a rule file is made comparable, and which text is refused
// because it cannot be compared honestly. Applied alike to both sides, so a
// name pasted from a web page into a rule file and the same name sent by a
// host meet. docs/safety.md ("Text policy") states it for pharmacists.
//
//   1. Text must be UTF-8 without control characters (a tab, CR or LF
//      counts as a space) and without bidirectional controls (U+061C,
//      U+200E, U+200F, U+202A-U+202E, U+2066-U+2069): refused.
//   2. Unicode NFKC (compatibility forms: full-width letters, no-break and
//      ideographic spaces become their plain forms); names are also case
//      folded and lose default-ignorable characters (zero-width space, soft
//      hyphen, byte order mark, joiners). This is ICU's NFKC_Casefold.
//   3. A name mixing scripts (a Cyrillic 'о' among Latin letters) is refused:
//      it is a look-alike, not a spelling (ICU's spoof checker, "highly
//      restrictive" as in Unicode TR 39).
//   4. White space is trimmed and each inner run becomes one space.
#pragma once

#include <string>
#include <string_view>

namespace rxr::text {

enum class Refusal : uint8_t {
  kNone,
  kInvalidUtf8,
  kControl,       // a C0 or C1 control character, or DEL
  kBidiControl,   // reorders how text is displayed
  kMixedScripts,  // letters of scripts that are not used together
};

struct NameCheck {
  Refusal refusal = Refusal::kNone;
  char32_t character = 0;  // the refused character (kControl, kBidiControl)
  char32_t removed = 0;    // the first invisible character dropped, or 0

  bool refused() const { return refusal != Refusal::kNone; }
};

// The comparable form of a drug name or code, into `out` (replaced; its
// capacity is reused, so a caller that keeps `out` does not allocate for
// names no longer than earlier ones). `out` is empty when refused.
NameCheck normalize_name(std::string_view text, std::string& out);

// The comparable form of a unit: the same, but not case folded, because
// case carries meaning in UCUM (G/L is giga per litre, g/L grams per litre).
// The micro sign U+00B5 becomes the Greek mu U+03BC, as NFKC says.
NameCheck normalize_unit(std::string_view text, std::string& out);

// True when `text` is already what normalize_name makes of it: printable
// ASCII without capitals, words separated by single spaces, as nearly every
// code and drug name of a request is. Checked without copying.
bool is_normalized_name(std::string_view text);

// True when `text` is already what normalize_unit makes of it: printable
// ASCII without white space, as nearly every unit is. Checked without copying.
bool is_normalized_unit(std::string_view text);

// "U+200E LEFT-TO-RIGHT MARK, a bidirectional control character", for the
// message of a problem or a diagnostic. Empty when nothing was refused.
std::string describe_refusal(const NameCheck& check);
// "U+200B ZERO WIDTH SPACE": a character by its code point and Unicode name.
std::string describe_character(char32_t c);

}  // namespace rxr::text
