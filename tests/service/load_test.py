"""Load test of `rxrules serve` on loopback, bounded, stopping by itself: 16
concurrent keep-alive clients make 20,000 order-sign calls, with a SIGHUP
reload when half are done. Zero errors, every call audited, the chain intact.
Then SIGTERM under load (8 clients): exit 0, every call answered 200 audited.
Prints the latency and throughput measured (docs/performance.md has the
figures; they are reported, not asserted).

usage: load_test.py RXRULES LOAD_CLIENT SOURCE_DIR WORK_DIR [CLIENTS CALLS [RESULT.json [DURABILITY]]]"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cds_client as c  # noqa: E402

RXRULES, CLIENT, SOURCE, WORK = sys.argv[1:5]
CLIENTS = int(sys.argv[5]) if len(sys.argv) > 5 else 16
CALLS = int(sys.argv[6]) if len(sys.argv) > 6 else 20000
RESULT = sys.argv[7] if len(sys.argv) > 7 and sys.argv[7] != "-" else None
DURABILITY = sys.argv[8] if len(sys.argv) > 8 else "power-failure"
check = c.check


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
mapping = c.complete_history_mapping(os.path.join(SOURCE, "service/mapping/default-mapping.json"),
                                     os.path.join(WORK, "mapping.json"))
body = os.path.join(WORK, "call.json")
with open(body, "w") as f:
    json.dump(c.inotuzumab_call(), f)

server = c.Server(RXRULES, os.path.join(SOURCE, "rules"), WORK, "--mapping", mapping, "--threads", str(CLIENTS),
                  "--audit-durability", DURABILITY)
try:
    load = subprocess.run([CLIENT, str(server.port), body, str(CLIENTS), str(CALLS), str(server.proc.pid)],
                          capture_output=True, text=True, timeout=110)
    print(load.stdout.strip())
    sys.stderr.write(load.stderr)
    stats = json.loads(load.stdout)
    check(load.returncode == 0 and stats["errors"] == 0 and stats["ok"] == CALLS, "every call answered 200")
finally:
    code = server.stop()
check(code == 0, "SIGTERM after the load: exit 0")
check("rules reloaded" in server.log(), "the SIGHUP in the middle reloaded the rules")

db = sqlite3.connect(server.audit)
rows = db.execute("SELECT count(*) FROM audit_rows WHERE kind = 'call'").fetchone()[0]
db.close()
check(rows == CALLS, "every call audited: %d rows for %d calls" % (rows, CALLS))
verify = subprocess.run([RXRULES, "audit", "verify", server.audit], capture_output=True, text=True)
check(verify.returncode == 0, "the audit chain is intact: " + verify.stdout + verify.stderr)
# SIGTERM under load: the calls in flight finish, every call answered 200 is
# audited, the chain is intact, exit 0.
drain_work = os.path.join(WORK, "drain")
os.makedirs(drain_work)
server = c.Server(RXRULES, os.path.join(SOURCE, "rules"), drain_work, "--mapping", mapping, "--threads", "8")
load = subprocess.run([CLIENT, str(server.port), body, "8", "4000", str(server.proc.pid), "term"],
                      capture_output=True, text=True, timeout=110)
drained = json.loads(load.stdout)
code = server.proc.wait(timeout=30)
check(code == 0, "SIGTERM under load: exit 0, got %s" % code)
# The other 7 clients may each have one call numbered before the signal not yet sent.
check(drained["ok"] >= 2000 - 7, "the calls before the SIGTERM were answered: %d" % drained["ok"])
db = sqlite3.connect(server.audit)
rows = db.execute("SELECT count(*) FROM audit_rows WHERE kind = 'call'").fetchone()[0]
db.close()
check(rows == drained["ok"], "SIGTERM under load: %d answered calls, %d audit rows" % (drained["ok"], rows))
verify = subprocess.run([RXRULES, "audit", "verify", server.audit], capture_output=True, text=True)
check(verify.returncode == 0, "after SIGTERM under load the chain is intact")
print("drain: %d answered before the shutdown, %d refused after it" % (drained["ok"], drained["errors"]))

if RESULT:
    with open(RESULT, "w") as f:
        json.dump(stats, f)
c.finish()
