#!/usr/bin/env python3
"""The TextMate grammar for .rxr files (editors/textmate) against the lexer.

Every keyword of grammar/RxrLexer.g4 is highlighted as a keyword (and the
grammar highlights no keyword the lexer lacks), so the two cannot drift; the
grammar is valid JSON whose every regular expression compiles; and strings,
placeholders, comments, numbers with units and limit multiples get their
scopes, on sample lines and on every shipped rule file.

The grammar is run by a small TextMate tokenizer below (match, begin/end,
captures, includes): enough for this grammar, whose constructs all end on
the line they begin, as the lexer's strings and comments do.

Usage: textmate_test.py SOURCE_DIR
"""
import json
import pathlib
import re
import sys
import unittest

SOURCE = pathlib.Path(sys.argv.pop(1) if len(sys.argv) > 1 else ".").resolve()
GRAMMAR_PATH = SOURCE / "editors/textmate/rxrules.tmLanguage.json"
LEXER_PATH = SOURCE / "grammar/RxrLexer.g4"


def lexer_keywords():
    """Token rules of the lexer that are one lowercase word: NAME: 'word';"""
    text = LEXER_PATH.read_text(encoding="utf-8")
    return sorted(set(re.findall(r"^[A-Z_]+\s*:\s*'([a-z]+)'\s*;", text, re.MULTILINE)))


class Tokenizer:
    def __init__(self, grammar):
        self.grammar = grammar
        self.repository = grammar.get("repository", {})
        self.compiled = {}

    def regex(self, source):
        if source not in self.compiled:
            self.compiled[source] = re.compile(source)
        return self.compiled[source]

    def flatten(self, patterns):
        for pattern in patterns:
            if "include" in pattern:
                name = pattern["include"]
                if not name.startswith("#") or name[1:] not in self.repository:
                    raise AssertionError(f"include {name} names no rule of the repository")
                yield from self.flatten([self.repository[name[1:]]])
            elif "patterns" in pattern and "begin" not in pattern:
                yield from self.flatten(pattern["patterns"])
            else:
                yield pattern

    def scopes(self, line):
        """The scopes of each character of `line`, outermost first."""
        out = [["source.rxrules"] for _ in line]
        self._scan(self.grammar["patterns"], line, 0, ["source.rxrules"], None, out)
        return out

    def _paint(self, out, start, end, scopes):
        for i in range(start, min(end, len(out))):
            out[i] = list(scopes)

    def _captures(self, match, captures, scopes, out):
        for group, capture in captures.items():
            g = int(group)
            if match.group(g) is not None and "name" in capture:
                self._paint(out, match.start(g), match.end(g), scopes + [capture["name"]])

    def _scan(self, patterns, line, pos, scopes, end, out):
        rules = list(self.flatten(patterns))
        while pos <= len(line):
            end_match = self.regex(end).search(line, pos) if end else None
            best = None
            for rule in rules:
                match = self.regex(rule.get("match") or rule["begin"]).search(line, pos)
                if match and (best is None or match.start() < best[1].start()):
                    best = (rule, match)
            if end_match and (best is None or end_match.start() <= best[1].start()):
                self._paint(out, pos, end_match.start(), scopes)
                return end_match
            if best is None:
                self._paint(out, pos, len(line), scopes)
                return None
            rule, match = best
            self._paint(out, pos, match.start(), scopes)
            inner = scopes + ([rule["name"]] if "name" in rule else [])
            if "match" in rule:
                self._paint(out, match.start(), match.end(), inner)
                self._captures(match, rule.get("captures", {}), inner, out)
                pos = match.end() if match.end() > match.start() else match.end() + 1
                continue
            self._paint(out, match.start(), match.end(), inner)
            self._captures(match, rule.get("beginCaptures", {}), inner, out)
            closed = self._scan(rule.get("patterns", []), line, match.end(), inner, rule["end"], out)
            if closed is None:
                self._paint(out, match.start(), len(line), inner)
                return None
            self._paint(out, closed.start(), closed.end(), inner)
            self._captures(closed, rule.get("endCaptures", {}), inner, out)
            pos = closed.end() if closed.end() > match.start() else closed.end() + 1
        return None


GRAMMAR = json.loads(GRAMMAR_PATH.read_text(encoding="utf-8"))
TOKENIZER = Tokenizer(GRAMMAR)


def scope_at(line, fragment, occurrence=0):
    """The innermost scope of the first character of the n-th `fragment` in `line`."""
    index = -1
    for _ in range(occurrence + 1):
        index = line.index(fragment, index + 1)
    return TOKENIZER.scopes(line)[index][-1]


def is_keyword_scope(scope):
    return scope.startswith("keyword.") or scope.startswith("constant.language.")


class GrammarFile(unittest.TestCase):
    def test_names_the_language_and_its_files(self):
        self.assertEqual(GRAMMAR["scopeName"], "source.rxrules")
        self.assertIn("rxr", GRAMMAR["fileTypes"])

    def test_every_regular_expression_compiles_and_every_include_resolves(self):
        def walk(node):
            if isinstance(node, dict):
                for key, value in node.items():
                    if key in ("match", "begin", "end"):
                        re.compile(value)
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)
        walk(GRAMMAR)
        list(TOKENIZER.flatten(GRAMMAR["patterns"]))
        for rule in GRAMMAR["repository"].values():
            list(TOKENIZER.flatten(rule.get("patterns", [])))


class Keywords(unittest.TestCase):
    def test_the_lexer_has_keywords(self):
        # A regex that stopped matching the .g4 would make the tests below vacuous.
        self.assertGreaterEqual(len(lexer_keywords()), 40)
        self.assertIn("otherwise", lexer_keywords())

    def test_every_lexer_keyword_is_highlighted_as_a_keyword(self):
        for word in lexer_keywords():
            with self.subTest(word=word):
                self.assertTrue(is_keyword_scope(scope_at(f"x {word} y", word)), scope_at(f"x {word} y", word))

    def test_the_grammar_highlights_no_keyword_the_lexer_lacks(self):
        highlighted = set()
        for rule in GRAMMAR["repository"].values():
            if is_keyword_scope(rule.get("name", "")):
                for group in re.findall(r"\\b\(\?:([a-z|]+)\)\\b", rule["match"]):
                    highlighted.update(group.split("|"))
        self.assertTrue(highlighted)
        self.assertEqual(sorted(highlighted - set(lexer_keywords())), [])
        self.assertEqual(sorted(set(lexer_keywords()) - highlighted), [])

    def test_a_keyword_after_a_dot_is_a_name(self):
        self.assertEqual(scope_at("when order.drug in qt", "drug"), "variable.other.member.rxrules")
        self.assertEqual(scope_at("when order.drug in qt", "when"), "keyword.control.rxrules")

    def test_a_keyword_inside_a_name_is_not_highlighted(self):
        self.assertEqual(scope_at("let listed = interval", "listed"), "entity.name.rxrules")
        self.assertFalse(is_keyword_scope(scope_at("when interval > 3", "interval")))


class Scopes(unittest.TestCase):
    def test_comments(self):
        self.assertEqual(scope_at('const A = 5 %  # rule "x" when', "when"), "comment.line.number-sign.rxrules")

    def test_strings_escapes_and_placeholders(self):
        line = r'message "ANC {labs.anc} below {ANC_MIN as /mm3}; \"quoted\"" cite PI'
        self.assertEqual(scope_at(line, "ANC "), "string.quoted.double.rxrules")
        self.assertEqual(scope_at(line, "anc}"), "variable.other.member.rxrules")
        self.assertEqual(scope_at(line, "as /"), "keyword.operator.word.rxrules")
        self.assertEqual(scope_at(line, "/mm3"), "keyword.other.unit.rxrules")
        self.assertEqual(scope_at(line, r"\""), "constant.character.escape.rxrules")
        self.assertEqual(scope_at(line, "cite"), "keyword.control.rxrules")

    def test_numbers_and_units(self):
        line = "when order.dose > 0.8 mg/m2 and labs.anc < 10000 /mm3 or x within 5 % of y"
        self.assertEqual(scope_at(line, "0.8"), "constant.numeric.rxrules")
        self.assertEqual(scope_at(line, "mg/m2"), "keyword.other.unit.rxrules")
        self.assertEqual(scope_at(line, "/mm3"), "keyword.other.unit.rxrules")
        self.assertEqual(scope_at(line, "%"), "keyword.other.unit.rxrules")
        self.assertEqual(scope_at("when age > 3 d", "d"), "keyword.other.unit.rxrules")
        self.assertEqual(scope_at(line, "and"), "keyword.operator.word.rxrules")
        self.assertEqual(scope_at("if a then 5 else 6", "else"), "keyword.operator.word.rxrules")

    def test_limit_multiples(self):
        self.assertEqual(scope_at("labs.ast > 1.5 x ULN", "x ULN"), "support.constant.limit.rxrules")
        self.assertEqual(scope_at("labs.ast > 2 \u00d7 LLN", "\u00d7"), "support.constant.limit.rxrules")

    def test_declared_names(self):
        self.assertEqual(scope_at('rule INO-CYTO-001 "Title" {', "INO-CYTO-001"), "entity.name.rxrules")
        self.assertEqual(scope_at("policy const LAB_RECENCY = 3 d", "LAB_RECENCY"), "entity.name.rxrules")
        self.assertEqual(scope_at("policy const LAB_RECENCY = 3 d", "policy"), "keyword.declaration.rxrules")


def outside_strings_and_comments(line):
    """(start, word) of each word the lexer would read as an IDENT or keyword, not after a dot."""
    words = []
    i = 0
    while i < len(line):
        c = line[i]
        if c == "#":
            break
        if c == '"':
            j = i + 1
            while j < len(line) and line[j] != '"':
                j += 2 if line[j] == "\\" else 1
            i = j + 1
            continue
        match = re.compile(r"[A-Za-z\u00b5][A-Za-z0-9_]*(?:-[A-Za-z0-9]+[A-Za-z0-9_]*)*").match(line, i)
        if match and (i == 0 or not re.match(r"[A-Za-z0-9_.]", line[i - 1])):
            words.append((i, match.group(0)))
            i = match.end()
            continue
        i += 1
    return words


class ShippedRuleFiles(unittest.TestCase):
    def test_every_keyword_in_every_shipped_file_is_highlighted(self):
        keywords = set(lexer_keywords())
        files = sorted((SOURCE / "rules").glob("*/*.rxr"))
        self.assertGreater(len(files), 5)
        checked = 0
        for path in files:
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                scopes = TOKENIZER.scopes(line)
                for start, word in outside_strings_and_comments(line):
                    if word in keywords:
                        checked += 1
                        with self.subTest(file=path.name, line=number, word=word):
                            self.assertTrue(is_keyword_scope(scopes[start][-1]), scopes[start])
        self.assertGreater(checked, 500)


if __name__ == "__main__":
    unittest.main(verbosity=1)
