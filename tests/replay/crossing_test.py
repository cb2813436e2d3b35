"""rxrules replay, run as a pharmacist runs it before a release: the shipped
catalogue against a copy with QTCF_LIMIT lowered must report exactly the
requests whose QTcF lies between the two limits, and nothing else.
Usage: crossing_test.py RXRULES MAKE_CORPUS SOURCE_DIR WORK_DIR"""
import json
import os
import pty
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from replay_fixture import Fixture, errors_corpus

failures = []


def check(condition, what):
    print(("ok: " if condition else "FAIL: ") + what)
    if not condition:
        failures.append(what)


def verdicts(rxrules, rules, folder):
    lines = subprocess.run([rxrules, "verify", "--rules", str(rules), str(folder)], capture_output=True,
                           check=True, text=True).stdout.splitlines()
    return [json.loads(line)["verdict"] for line in lines]


def replay_on_terminal(rxrules, old, new, corpus):
    """Runs a JSON replay with stderr on a pseudo-terminal; returns its status, stdout and stderr."""
    master, slave = pty.openpty()
    done = subprocess.Popen([rxrules, "replay", "--old", str(old), "--new", str(new), str(corpus), "--format", "json"],
                            stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    out = done.stdout.read()
    bar = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal's other end is closed
            break
        if not chunk:
            break
        bar += chunk
    os.close(master)
    return done.wait(), out.decode(), bar.decode("utf-8", "replace")


def rule_ids(report, rule, kind):
    for entry in report["rules"]:
        if entry["rule"] == rule:
            return [r["id"] for r in entry[kind]["requests"]]
    return []


def main(rxrules, make_corpus, root, work):
    f = Fixture(rxrules, make_corpus, root, work)
    expected = f.crossing_ids()
    check(len(expected) > 20, f"the corpus has requests between {f.new_limit} and {f.old_limit} ms ({len(expected)})")

    status, out, err = f.replay(f.old_rules, f.new_rules, f.corpus)
    report = json.loads(out)
    check(status == 1, f"a change found exits 1 (got {status}: {err})")
    check(report["requests"] == len(f.requests) and report["verified"] == len(f.requests), "every request is verified")
    check([r["rule"] for r in report["rules"]] == ["INO-QT-004"], f"only INO-QT-004 changes: {[r['rule'] for r in report['rules']]}")
    check(rule_ids(report, "INO-QT-004", "newly_fires") == expected, "INO-QT-004 newly fires on exactly the crossing requests, in corpus order")
    for kind in ("stops_firing", "severity_changes", "new_missing_data"):
        check(rule_ids(report, "INO-QT-004", kind) == [], f"nothing {kind}")
    check(report["changed"] == len(expected), "the changed count is the crossing requests")
    fired = report["rules"][0]["newly_fires"]["requests"]
    check(all(r["new_severity"] == "warn" and "old_severity" not in r for r in fired), "it newly fires as warn")

    # The verdict changes, against `rxrules verify` of each crossing request under both versions.
    crossing = f.work / "crossing"
    crossing.mkdir()
    by_id = {r["id"]: r for r in f.requests}
    for index, rid in enumerate(expected):
        (crossing / f"{index:05}.json").write_text(json.dumps(by_id[rid]))
    (crossing / "notes.txt").write_text("not a request")
    transitions = defaultdict(list)
    for rid, old, new in zip(expected, verdicts(rxrules, f.old_rules, crossing), verdicts(rxrules, f.new_rules, crossing)):
        if old != new:
            transitions[(old, new)].append(rid)
    reported = {(c["from"], c["to"]): c["ids"] for c in report["verdicts"]["changes"]}
    check(reported == dict(transitions), f"verdict changes are those verify gives: {sorted(reported)} vs {sorted(transitions)}")
    check(all(c["count"] == len(c["ids"]) for c in report["verdicts"]["changes"]), "verdict counts match their ids")
    check(report["verdicts"]["unchanged"] + sum(len(v) for v in transitions.values()) == len(f.requests),
          "unchanged and changed verdicts add up to the corpus")

    # A folder of request files: ids are the requests' own; other files are named and skipped.
    status, out, err = f.replay(f.old_rules, f.new_rules, crossing)
    check(status == 1 and rule_ids(json.loads(out), "INO-QT-004", "newly_fires") == expected, "a corpus folder gives the same list")
    check("skipped" in err and "notes.txt" in err, "a file that is not a request is named on stderr")

    # The other way round the same requests stop firing; the same rules change nothing.
    status, out, _ = f.replay(f.new_rules, f.old_rules, f.corpus)
    check(status == 1 and rule_ids(json.loads(out), "INO-QT-004", "stops_firing") == expected, "reverting stops it on the same requests")
    status, out, _ = f.replay(f.old_rules, f.old_rules, f.corpus)
    same = json.loads(out)
    check(status == 0 and same["changed"] == 0 and same["rules"] == [] and same["verdicts"]["changes"] == [],
          "the same rules on both sides: no change, exit 0")
    status, out, _ = f.replay(f.old_rules, f.old_rules, f.corpus, "text")
    check(status == 0 and "No change" in out, "the text report says there is no change")

    _, _, err = f.replay(f.old_rules, f.new_rules, f.corpus)
    check(err == "", "no progress bar when stderr is not a terminal")
    status, out, bar = replay_on_terminal(rxrules, f.old_rules, f.new_rules, f.corpus)
    check(status == 1 and rule_ids(json.loads(out), "INO-QT-004", "newly_fires") == expected,
          "on a terminal the report on stdout is the same")
    check(f"/{len(f.requests)}" in bar and "%" in bar and bar.endswith("\r\x1b[K"),
          f"on a terminal stderr shows a progress bar, cleared at the end: {bar[-80:]!r}")

    status, out, _ = f.replay(f.old_rules, f.new_rules, f.corpus, "text")
    check(status == 1 and f"newly fires: {len(expected)}: {expected[0]} (warn)" in out, "the text report counts and names them")

    # INO-QT-004 made a block: it changes severity wherever it fired, and nowhere else.
    severe = f.variant("qt-004-block", lambda rule: rule.replace("severity warn", "severity block"))
    status, out, _ = f.replay(f.old_rules, severe, f.corpus)
    report = json.loads(out)
    fired = [r["id"] for r in f.requests if f.fires_before(r)]
    check(status == 1 and [r["rule"] for r in report["rules"]] == ["INO-QT-004"], "a severity change touches only its rule")
    check(rule_ids(report, "INO-QT-004", "severity_changes") == fired and len(fired) > 20,
          f"it changes severity on exactly the requests it fired on ({len(fired)})")
    changes = report["rules"][0]["severity_changes"]["requests"]
    check(all((c["old_severity"], c["new_severity"]) == ("warn", "block") for c in changes), "from warn to block")
    check(all(c["from"] != "pass" and c["to"] == "block" for c in report["verdicts"]["changes"]), "verdicts only become block")

    # Without its `is present` guard INO-QT-004 cannot be decided without a current QTcF: new missing data.
    unguarded = f.variant("qt-004-unguarded", lambda rule: rule.replace(
        "(labs.qtcf is present and labs.qtcf > QTCF_LIMIT)", "labs.qtcf > QTCF_LIMIT"))
    status, out, _ = f.replay(f.old_rules, unguarded, f.corpus)
    report = json.loads(out)
    lacking = [r["id"] for r in f.requests if not f.long_qt(r) and f.current_qtcf(r) is None]
    check(status == 1 and len(lacking) > 20 and rule_ids(report, "INO-QT-004", "new_missing_data") == lacking,
          f"new missing data on exactly the requests without a current QTcF ({len(lacking)})")
    missing = report["rules"][0]["new_missing_data"]["requests"] if report["rules"] else []
    check(all(m["missing"] == ["labs.qtcf"] for m in missing), "each names labs.qtcf")
    check(rule_ids(report, "INO-QT-004", "newly_fires") == lacking, "undecided where it was quiet: it newly fires")

    # Lines that are not requests are counted and listed, never dropped; ids are printable and escaped.
    bad = f.work / "errors.jsonl"
    error_labels, crossing_ids = errors_corpus(f, bad)
    status, out, _ = f.replay(f.old_rules, f.new_rules, bad)
    report = json.loads(out)
    check(status == 1 and report["requests"] == 5 and report["verified"] == 3, "5 requests, 3 verified (a blank line is none)")
    check([e["id"] for e in report["errors"]] == error_labels, f"errors listed by line: {report['errors']}")
    check(all(e["message"] for e in report["errors"]), "each error says why")
    check(rule_ids(report, "INO-QT-004", "newly_fires") == crossing_ids, "ids from the request, else file:line")
    status, out, _ = f.replay(f.old_rules, f.new_rules, bad, "text")
    check("\u001b" not in out and "evil\\u{001B}[8m" in out, "an escape sequence in an id is shown, not sent to the terminal")
    check("Requests that cannot be judged: 2" in out and "errors.jsonl:2" in out, "the text report lists the errors")
    status, out, _ = f.replay(f.old_rules, f.new_rules, bad, "html")
    check("<script>alert" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out, "an id with markup is escaped in HTML")

    # Usage, IO and rules that do not load: exit 2 with a message.
    broken = f.work / "broken.rxr"
    broken.write_text('pack "p" version "1"\nconst X = 1 mgg\n')
    empty = f.work / "empty.jsonl"
    empty.write_text("\n")
    for what, args, message in [
        ("old rules that do not load", ["--old", broken, "--new", f.new_rules, f.corpus], "old rules"),
        ("new rules that do not load", ["--old", f.old_rules, "--new", broken, f.corpus], "new rules"),
        ("a corpus that does not exist", ["--old", f.old_rules, "--new", f.new_rules, f.work / "none.jsonl"], "does not exist"),
        ("an empty corpus", ["--old", f.old_rules, "--new", f.new_rules, empty], "no requests"),
        ("an unknown format", ["--old", f.old_rules, "--new", f.new_rules, f.corpus, "--format", "pdf"], "pdf"),
        ("no --new", ["--old", f.old_rules, f.corpus], "--new"),
    ]:
        done = subprocess.run([rxrules, "replay", *map(str, args)], capture_output=True, text=True)
        check(done.returncode == 2 and message in done.stderr, f"{what}: exit 2 naming it (got {done.returncode}: {done.stderr.strip()[-120:]})")

    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
