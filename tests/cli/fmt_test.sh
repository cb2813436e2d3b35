#!/usr/bin/env bash
# `rxrules fmt` as a pharmacist runs it: the shipped packs are formatted; a
# copy of them laid out badly (lines re-indented, spaces widened, continuation
# lines joined) formats to packs with the same rules: every regression case
# passes and every example gets the same response, fingerprint aside; fmt of
# formatted files changes nothing; a file that does not parse is refused and
# left as it was; --check rewrites nothing.
source "$(dirname "$0")/lib.sh"
checksums() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }

expect 0 "fmt --check on the shipped packs" -- "$bin" fmt --check "$root/rules"
[ -s "$tmp/out" ] && fail "fmt --check printed files to change: $(cat "$tmp/out")"

# A badly laid-out copy of rules/.
cp -r "$root/rules" "$tmp/rules"
python3 - "$tmp/rules" <<'PY'
import pathlib, re, sys
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.rxr")):
    out, in_table = [], False
    for n, line in enumerate(path.read_text().split("\n")):
        stripped = line.strip()
        if stripped.startswith("table "):
            in_table = True
        # a continuation line joined to the line before (not inside tables, not after a comment)
        if (not in_table and out and "#" not in out[-1] and "#" not in line
                and re.match(r"(and|or|where|select|else|\"|plausible)\b", stripped)):
            out[-1] += "   " + stripped
            continue
        if stripped == "}":
            in_table = False
        if "#" not in line and '"' not in line:
            stripped = re.sub(r" ", "  ", stripped)
        out.append(" " * (n % 5) + stripped + ("\t " if n % 3 == 0 else ""))
    path.write_text("\r\n".join(out))
PY
before=$(checksums "$tmp/rules")
expect 1 "fmt --check on the messy copy" -- "$bin" fmt --check "$tmp/rules"
grep -q "regimen.rxr:[0-9]*: not in the canonical layout" "$tmp/out" || fail "--check names no file: $(cat "$tmp/out")"
[ "$before" = "$(checksums "$tmp/rules")" ] || fail "--check rewrote files"
expect 0 "the messy copy passes its cases" -- "$bin" test --coverage --strict "$tmp/rules"
tail -1 "$tmp/out" >"$tmp/messy-summary"

expect 0 "fmt the messy copy" -- "$bin" fmt "$tmp/rules"
grep -q "^formatted .*regimen.rxr$" "$tmp/out" || fail "fmt lists no formatted file"
expect 0 "fmt --check after fmt" -- "$bin" fmt --check "$tmp/rules"
formatted=$(checksums "$tmp/rules")
expect 0 "fmt of formatted files" -- "$bin" fmt "$tmp/rules"
[ -s "$tmp/out" ] && fail "fmt of formatted files rewrote: $(cat "$tmp/out")"
[ "$formatted" = "$(checksums "$tmp/rules")" ] || fail "fmt is not idempotent"
# Joined lines stay joined: the formatted copy differs from rules/, so the
# comparisons below are between two layouts of the same rules.
diff -r -q "$root/rules" "$tmp/rules" >/dev/null && fail "the messy copy formatted back to rules/: nothing to compare"
ls -A "$tmp/rules"/*/ | grep -q fmt- && fail "temporary files left behind"

expect 0 "test --coverage --strict on the formatted copy" -- "$bin" test --coverage --strict "$tmp/rules"
shipped_summary=$("$bin" test --coverage --strict "$root/rules" | tail -1)
[ "$(tail -1 "$tmp/out")" = "$shipped_summary" ] || fail "cases differ: $(tail -1 "$tmp/out") vs $shipped_summary"
[ "$(cat "$tmp/messy-summary")" = "$shipped_summary" ] || fail "messy cases differ"
for request in "$root"/examples/*.json; do
  a=$("$bin" verify --rules "$root/rules" "$request" | sed 's/sha256:[0-9a-f]*/FP/g')
  b=$("$bin" verify --rules "$tmp/rules" "$request" | sed 's/sha256:[0-9a-f]*/FP/g')
  [ "$a" = "$b" ] || fail "$(basename "$request"): responses differ after fmt"
done
echo "ok: every example gets the same response from the formatted copy"

# Refusals.
printf 'pack "p" version "1"\nrule A "t" {\n   when order.day = 1\n}\n' >"$tmp/bad.rxr"
bad=$(sha256sum <"$tmp/bad.rxr")
expect 2 "fmt of a file that does not parse" -- "$bin" fmt "$tmp/bad.rxr"
grep -q "bad.rxr:3:[0-9]*: error: " "$tmp/err" || fail "no located diagnostic: $(cat "$tmp/err")"
grep -q "not formatted: it does not parse" "$tmp/err" || fail "no refusal message"
[ "$bad" = "$(sha256sum <"$tmp/bad.rxr")" ] || fail "an unparsable file was rewritten"
printf 'pack "p"   version "1"\n' >"$tmp/loose.rxr"
expect 1 "fmt --check of a file to change" -- "$bin" fmt --check "$tmp/loose.rxr"
grep -q 'pack "p"   version' "$tmp/loose.rxr" || fail "--check rewrote the file"
chmod 640 "$tmp/loose.rxr"
expect 0 "fmt of a file" -- "$bin" fmt "$tmp/loose.rxr"
[ "$(cat "$tmp/loose.rxr")" = 'pack "p" version "1"' ] || fail "not formatted: $(cat "$tmp/loose.rxr")"
[ "$(stat -c %a "$tmp/loose.rxr")" = 640 ] || fail "permissions not kept"
expect 2 "fmt of a path that does not exist" -- "$bin" fmt "$tmp/nowhere"
expect 2 "fmt without a path" -- "$bin" fmt

finish
