"""What the replay tests share: the shipped catalogue next to a copy with one
changed threshold (QTcF, INO-QT-004), a corpus from bench/make_corpus, and an
oracle that says from the requests alone which of them cross the threshold."""
import json
import re
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

PACK = Path("inotuzumab_ozogamicin") / "pack.rxr"
QTCF_LINE = re.compile(r"^policy const QTCF_LIMIT = (\d+) ms$", re.M)
RECENCY_LINE = re.compile(r"^policy const LAB_RECENCY = (\d+) d$", re.M)
LOWERED_BY_MS = 20


class Fixture:
    def __init__(self, rxrules, make_corpus, root, work, count=3000, seed=16):
        self.rxrules = rxrules
        self.work = Path(work)
        if self.work.exists():
            shutil.rmtree(self.work)
        self.work.mkdir(parents=True)
        self.old_rules = Path(root) / "rules"
        self.new_rules = self.work / "rules-lower-qtcf"
        shutil.copytree(self.old_rules, self.new_rules)
        text = (self.new_rules / PACK).read_text()
        found = QTCF_LINE.search(text)
        assert found, f"QTCF_LIMIT is no longer a policy const in ms in {PACK}: update this test"
        self.old_limit = int(found.group(1))
        self.new_limit = self.old_limit - LOWERED_BY_MS
        changed = QTCF_LINE.sub(f"policy const QTCF_LIMIT = {self.new_limit} ms", text)
        (self.new_rules / PACK).write_text(changed)
        self.recency = timedelta(days=int(RECENCY_LINE.search(text).group(1)))
        self.corpus = self.work / "corpus.jsonl"
        with open(self.corpus, "w") as out:
            subprocess.run([make_corpus, str(seed), str(count)], stdout=out, check=True)
        self.requests = [json.loads(line) for line in self.corpus.read_text().splitlines()]

    def current_qtcf(self, request):
        """The QTcF in ms the rules read: a lab taken more than LAB_RECENCY
        before the dose reads as absent (None)."""
        qtcf = request.get("labs", {}).get("qtcf")
        if qtcf is None:
            return None
        assert qtcf["unit"] == "ms"
        if "at" in qtcf:
            dose_time = request["order"].get("scheduled_at") or request["as_of"]
            if time(dose_time) - time(qtcf["at"]) > self.recency:
                return None
        return qtcf["value"]

    @staticmethod
    def long_qt(request):
        return "congenital-long-qt" in request["patient"].get("conditions", [])

    def crosses(self, request):
        """INO-QT-004 fires on congenital long QT or labs.qtcf > QTCF_LIMIT."""
        qtcf = self.current_qtcf(request)
        return not self.long_qt(request) and qtcf is not None and self.new_limit < qtcf <= self.old_limit

    def fires_before(self, request):
        qtcf = self.current_qtcf(request)
        return self.long_qt(request) or (qtcf is not None and qtcf > self.old_limit)

    def variant(self, name, edit):
        """A copy of the shipped catalogue with INO-QT-004's text changed by `edit`."""
        rules = self.work / name
        shutil.copytree(self.old_rules, rules)
        path = rules / "inotuzumab_ozogamicin" / "interaction.rxr"
        text = path.read_text()
        start = text.index("rule INO-QT-004")
        end = text.find("\nrule ", start + 1)  # the next rule, or the end of the file
        end = len(text) if end < 0 else end
        changed = edit(text[start:end])
        assert changed != text[start:end], f"the edit of INO-QT-004 for {name} changed nothing: update this test"
        path.write_text(text[:start] + changed + text[end:])
        return rules

    def crossing_ids(self):
        return [r["id"] for r in self.requests if self.crosses(r)]

    def replay(self, old, new, corpus, fmt="json"):
        done = subprocess.run([self.rxrules, "replay", "--old", str(old), "--new", str(new), str(corpus),
                               "--format", fmt], capture_output=True)
        return done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")


def time(text):
    if len(text) == 10:
        text += "T00:00:00Z"
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def errors_corpus(fixture, path):
    """Three crossing requests (an id with markup, one with an escape sequence,
    one without an id) among lines that are not requests. Returns the labels
    of the lines that are errors and the ids the crossing ones are reported by."""
    crossing = [r for r in fixture.requests if fixture.crosses(r)][:3]
    markup, escape, anonymous = (dict(r) for r in crossing)
    markup["id"] = "<script>alert(1)</script>"
    escape["id"] = "evil\u001b[8m"
    del anonymous["id"]
    lines = [json.dumps(markup), "not json {", "[1, 2]", "", json.dumps(anonymous), json.dumps(escape)]
    Path(path).write_text("\n".join(lines) + "\n")
    name = Path(path).name
    return [f"{name}:2", f"{name}:3"], [markup["id"], f"{name}:5", escape["id"]]
