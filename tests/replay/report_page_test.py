"""The replay's HTML report in headless Chromium (Debian's `chromium`): the
page renders with no network, every count it shows equals the JSON report's,
an id with markup stays text, and a screenshot is left in the build tree.
Usage: report_page_test.py RXRULES MAKE_CORPUS SOURCE_DIR WORK_DIR"""
import json
import shutil
import struct
import subprocess
import sys
import zlib
from html.parser import HTMLParser
from pathlib import Path

from replay_fixture import Fixture, errors_corpus

WIDTH, HEIGHT = 1200, 1600
failures = []


def check(condition, what):
    print(("ok: " if condition else "FAIL: ") + what)
    if not condition:
        failures.append(what)


class Page(HTMLParser):
    """The counts of the rendered DOM: by element id, per verdict change (table
    rows and chart bars), per rule and kind, and what each count cell shows."""

    def __init__(self):
        super().__init__()
        self.by_id, self.rows, self.bars, self.rules, self.shown = {}, {}, {}, {}, {}
        self.rule = None
        self.scripts = self.error_rows = 0
        self.open_count = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if "data-count" in a:
            count = int(a["data-count"])
            if "id" in a:
                self.by_id[a["id"]] = count
                self.open_count = a["id"]
            if a.get("class") == "verdict-change":
                self.rows[(a["data-from"], a["data-to"])] = count
            if a.get("class") == "bar":
                self.bars[(a["data-from"], a["data-to"])] = count
            if "data-kind" in a:
                self.rules.setdefault(self.rule, {})[a["data-kind"]] = count
        if a.get("class") == "rule":
            self.rule = a["data-rule"]
        if a.get("class") == "request-error":
            self.error_rows += 1

    def handle_data(self, data):
        if self.open_count is not None and data.strip():
            self.shown[self.open_count] = data.strip()
            self.open_count = None


def png_pixels(path):
    """Width, height and the distinct bytes of the inflated image data: a blank
    page has almost none."""
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, size = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return size, len(set(zlib.decompress(idat)))


def chromium(profile, *args):
    return subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                           "--no-first-run", "--disable-extensions", *args], capture_output=True, text=True, timeout=120)


def main(rxrules, make_corpus, root, work):
    if shutil.which("chromium") is None:
        print("FAIL: chromium is not installed (scripts/install-deps.sh installs it)")
        return 1
    f = Fixture(rxrules, make_corpus, root, work, count=2000, seed=17)
    corpus = f.work / "committee.jsonl"
    errors_corpus(f, f.work / "errors.jsonl")
    corpus.write_text(f.corpus.read_text() + (f.work / "errors.jsonl").read_text())
    # Both directions in one corpus would cancel out: the old catalogue against
    # the lowered limit gives requests that newly fire, verdict changes and errors.
    _, out, _ = f.replay(f.old_rules, f.new_rules, corpus, "json")
    report = json.loads(out)
    status, html, _ = f.replay(f.old_rules, f.new_rules, corpus, "html")
    check(status == 1, "the HTML report exits 1 on changes too")
    page_file = f.work / "replay-report.html"
    page_file.write_text(html)
    check("http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html,
          "the page refers to nothing outside itself")

    profile = f.work / "chromium-profile"
    dom = chromium(profile, "--dump-dom", page_file.as_uri())
    check(dom.returncode == 0 and "</html>" in dom.stdout, f"chromium renders the page (exit {dom.returncode})")
    page = Page()
    page.feed(dom.stdout)
    unchanged = report["verdicts"]["unchanged"]
    for key, value in [("requests", report["requests"]), ("verified", report["verified"]),
                       ("changed", report["changed"]), ("errors", len(report["errors"])), ("unchanged", unchanged)]:
        check(page.by_id.get(key) == value and page.shown.get(key) == str(value),
              f"{key}: the page shows {page.shown.get(key)} (data {page.by_id.get(key)}), the JSON says {value}")
    changes = {(c["from"], c["to"]): c["count"] for c in report["verdicts"]["changes"]}
    check(bool(changes) and page.rows == changes, f"verdict change rows {page.rows} equal the JSON's {changes}")
    check(page.bars == changes, f"the chart has one bar per verdict change with its count: {page.bars}")
    rules = {r["rule"]: {k: v["count"] for k, v in r.items() if k != "rule"} for r in report["rules"]}
    check(bool(rules) and page.rules == rules, f"each rule's table equals the JSON's: {page.rules} vs {rules}")
    check(page.error_rows == len(report["errors"]) == 2, "each request that cannot be judged has a row")
    check(page.scripts == 0, "an id with markup is text in the DOM, not a script element")

    screenshot = f.work / "replay-report.png"
    shot = chromium(profile, f"--screenshot={screenshot}", f"--window-size={WIDTH},{HEIGHT}",
                    "--hide-scrollbars", page_file.as_uri())
    check(shot.returncode == 0 and screenshot.exists(), f"chromium writes a screenshot (exit {shot.returncode})")
    if screenshot.exists():
        size, distinct = png_pixels(screenshot)
        check(size == (WIDTH, HEIGHT), f"the screenshot is {WIDTH}x{HEIGHT}: {size}")
        check(distinct > 32, f"the screenshot is not blank ({distinct} distinct byte values)")
    print(f"screenshot: {screenshot}")
    print(f"page: {page_file}")
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
