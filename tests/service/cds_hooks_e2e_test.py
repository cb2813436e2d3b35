"""`rxrules serve` end to end, as an EHR and an auditor meet it: discovery, an
order-sign for an inotuzumab order (right; wrong dose; a QT drug among the
active medications; data missing), order-select, feedback, /verify, /healthz,
SIGHUP reload (broken rules keep the old ones), SIGTERM; then the audit rows
and their hash chain (rxrules audit verify, also after tampering).

usage: cds_hooks_e2e_test.py RXRULES SOURCE_DIR WORK_DIR"""

import http.server
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse

import jsonschema

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cds_client as c  # noqa: E402

RXRULES, SOURCE, WORK = sys.argv[1:4]
SIGN = "/cds-services/rxrules-order-sign"
SELECT = "/cds-services/rxrules-order-select"
check = c.check


def cards_of(body):
    return body["cards"] if isinstance(body, dict) and "cards" in body else []


def indicators(cards):
    return [card["indicator"] for card in cards]


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
rules = os.path.join(WORK, "rules")
shutil.copytree(os.path.join(SOURCE, "rules"), rules)
mapping = c.complete_history_mapping(os.path.join(SOURCE, "service/mapping/default-mapping.json"),
                                     os.path.join(WORK, "mapping.json"))
with open(os.path.join(SOURCE, "tests/service/cds-hooks-2.0-response.schema.json")) as f:
    schema = json.load(f)
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())

server = c.Server(RXRULES, rules, WORK, "--mapping", mapping)
answered = 0  # 2xx calls the audit log must hold (order-sign, order-select, /verify)
try:
    check("development mode" in server.log(), "without --jwks the service says it runs in development mode")

    # Discovery: both services, their hooks and prefetch templates.
    status, body, headers = server.call("GET", "/cds-services")
    check(status == 200, "discovery answers 200")
    services = {s["id"]: s for s in body["services"]}
    check(services.get("rxrules-order-sign", {}).get("hook") == "order-sign", "order-sign service discovered")
    check(services.get("rxrules-order-select", {}).get("hook") == "order-select", "order-select service discovered")
    prefetch = services["rxrules-order-sign"]["prefetch"]
    check(prefetch["patient"] == "Patient/{{context.patientId}}", "patient prefetch template")
    check("http://loinc.org|751-8" in prefetch["observations"] and "76634-5" in prefetch["observations"],
          "observations prefetch names the lab LOINC codes")
    check("MedicationRequest?patient={{context.patientId}}&status=active" == prefetch["medications"],
          "medications prefetch: active MedicationRequests")
    check(headers.get("Access-Control-Allow-Origin") == "*", "CORS header on answers")

    # A right order with complete data: no warning, no critical card.
    right = c.inotuzumab_call()
    status, body, _ = server.call("POST", SIGN, right)
    answered += status == 200
    check(status == 200, "right order answered 200")
    validator.validate(body)
    check(not {"warning", "critical"} & set(indicators(cards_of(body))),
          "right order: no warning or critical card, got %s" % [x["summary"] for x in cards_of(body)])
    first_uuids = sorted(x["uuid"] for x in cards_of(body))
    status, again, _ = server.call("POST", SIGN, right)
    answered += status == 200
    check(sorted(x["uuid"] for x in cards_of(again)) == first_uuids, "card uuids stable for the same hook instance")

    # A wrong dose: a critical card with a suggestion of the expected dose.
    status, body, _ = server.call("POST", SIGN, c.inotuzumab_call(dose_mg=2.5))
    answered += status == 200
    validator.validate(body)
    critical = [x for x in cards_of(body) if x["indicator"] == "critical"]
    check(len(critical) == 1, "wrong dose: one critical card, got %s" % [x["summary"] for x in cards_of(body)])
    if critical:
        card = critical[0]
        check(len(card["summary"]) <= 140 and "inotuzumab" in card["summary"], "summary names the drug, <= 140")
        check("overrideReasons" not in card, "critical cards carry no override reasons")
        check("2.5 mg" in card["detail"] and "1.48 mg" in card["detail"], "detail shows ordered and expected dose")
        check(card["source"]["label"].startswith("rxrules inotuzumab-ozogamicin "), "source label names the pack")
        action = card.get("suggestions", [{}])[0].get("actions", [{}])[0]
        dose = action.get("resource", {}).get("dosageInstruction", [{}])[0].get("doseAndRate", [{}])[0]
        check(action.get("type") == "update" and dose.get("doseQuantity", {}).get("value") == 1.48
              and dose["doseQuantity"].get("code") == "mg", "suggestion updates the order to 1.48 mg")

    # A QT-prolonging drug among the active medications (clinical/qt-drugs.md): a warning card.
    status, body, _ = server.call("POST", SIGN, c.inotuzumab_call(medications=("acyclovir", "fluconazole")))
    answered += status == 200
    validator.validate(body)
    warnings = [x for x in cards_of(body) if x["indicator"] == "warning"]
    check(any("fluconazole" in x["detail"].lower() for x in warnings),
          "QT drug: a warning card naming it, got %s" % [x["summary"] for x in cards_of(body)])
    check(all(r["system"] == "urn:rxrules:override-reason" and r["display"] for x in warnings
              for r in x.get("overrideReasons", [])) and all(x.get("overrideReasons") for x in warnings),
          "warning cards carry coded override reasons")
    check("critical" not in indicators(cards_of(body)), "QT drug: no critical card")

    # Labs absent (prefetch null): one "not checked for lack of data" card, not one per rule.
    gaps = c.inotuzumab_call()
    gaps["prefetch"]["observations"] = None
    status, body, _ = server.call("POST", SIGN, gaps)
    answered += status == 200
    validator.validate(body)
    lack = [x for x in cards_of(body) if "lack of data" in x["summary"]]
    check(len(lack) == 1 and lack[0]["indicator"] == "warning", "missing labs: exactly one lack-of-data card")
    if lack:
        check("`labs.total_bilirubin`" in lack[0]["detail"], "lack-of-data card names the missing bilirubin")

    # No prefetch but a fhirServer: the service fetches each entry itself,
    # with the call's access token (a small FHIR responder on loopback).
    fetched = c.inotuzumab_call()
    served_prefetch = fetched.pop("prefetch")
    seen = []

    class Fhir(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append((self.path, self.headers.get("Authorization")))
            path = urllib.parse.urlparse(self.path).path
            key = {"/fhir/Patient/p1": "patient", "/fhir/Observation": "observations",
                   "/fhir/MedicationRequest": "medications", "/fhir/MedicationAdministration": "administrations",
                   "/fhir/AdverseEvent": "adverse_events"}.get(path)
            body = json.dumps(served_prefetch[key]).encode() if key else b"{}"
            self.send_response(200 if key else 404)
            self.send_header("Content-Type", "application/fhir+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    fhir = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Fhir)
    threading.Thread(target=fhir.serve_forever, daemon=True).start()
    fetched["fhirServer"] = "http://127.0.0.1:%d/fhir" % fhir.server_address[1]
    fetched["fhirAuthorization"] = {"access_token": "tok-123", "token_type": "Bearer", "expires_in": 300,
                                    "scope": "patient/*.read", "subject": "rxrules"}
    status, body, _ = server.call("POST", SIGN, fetched)
    answered += status == 200
    check(status == 200 and not {"warning", "critical"} & set(indicators(cards_of(body))),
          "fetched from fhirServer: the right order gets no warning or critical card, got %s %s" % (status, body))
    check(len(seen) == 5 and all(auth == "Bearer tok-123" for _, auth in seen), "five FHIR reads with the token")
    check(any("code=http%3A%2F%2Floinc.org%7C751-8" in p or "http://loinc.org|751-8" in urllib.parse.unquote(p)
              for p, _ in seen), "the Observation query names the LOINC codes")
    fhir.shutdown()
    fhir.server_close()
    status, body, _ = server.call("POST", SIGN, dict(fetched, hookInstance=str(c.uuid.uuid4())))
    check(status == 412, "a fhirServer that does not answer: 412, got %s" % status)

    # order-select: only the selected order is verified.
    select = c.inotuzumab_call(dose_mg=2.5, hook="order-select")
    status, body, _ = server.call("POST", SELECT, select)
    answered += status == 200
    check(status == 200 and "critical" in indicators(cards_of(body)), "order-select verifies the selection")
    select["context"]["selections"] = ["MedicationRequest/pre-1"]
    status, body, _ = server.call("POST", SELECT, select)
    answered += status == 200
    check(status == 200 and cards_of(body) == [], "order-select: an unselected order gets no card")

    # Feedback on the wrong-dose call's card, and an override of a warning card.
    status, body, _ = server.call("POST", SIGN + "/feedback", {"feedback": [
        {"card": first_uuids[0] if first_uuids else "x", "outcome": "accepted", "outcomeTimestamp": c.iso(c.now())},
        {"card": "f0e1d2c3-0000-8000-8000-000000000001", "outcome": "overridden",
         "overrideReason": {"reason": {"code": "clinically-appropriate", "system": "urn:rxrules:override-reason"},
                            "userComment": "QTcF checked on the ward"},
         "outcomeTimestamp": c.iso(c.now())}]})
    check(status == 200, "feedback answered 200")
    feedback_rows = 2

    # /verify: exactly rxr_verify's response (as `rxrules verify` prints it).
    example = os.path.join(SOURCE, "examples/adult-cycle1-day1.json")
    with open(example) as f:
        example_text = f.read()
    conn = server.connection()
    conn.request("POST", "/verify", body=example_text, headers={"Content-Type": "application/json"})
    raw = conn.getresponse().read().decode()
    conn.close()
    answered += 1
    cli = subprocess.run([RXRULES, "verify", "--rules", rules, example], capture_output=True, text=True)
    check(raw == cli.stdout.rstrip("\n"), "/verify answers exactly the verification response")

    status, body, _ = server.call("GET", "/healthz")
    check(status == 200 and isinstance(body, dict) and "inotuzumab-ozogamicin" in json.dumps(body),
          "healthz answers 200 with the engine info naming the loaded pack: %s" % str(body)[:200])

    # SIGHUP: broken rules are not loaded (the old ones answer), fixed rules are.
    pack = os.path.join(rules, "inotuzumab_ozogamicin", "regimen.rxr")
    with open(pack) as f:
        original = f.read()
    with open(pack, "w") as f:
        f.write(original + "\nrule BROKEN {\n")
    server.signal(signal.SIGHUP)
    time.sleep(1.0)
    check("the old rules stay" in server.log(), "a reload of broken rules says the old rules stay")
    status, body, _ = server.call("POST", SIGN, c.inotuzumab_call(dose_mg=2.5))
    answered += status == 200
    check(status == 200 and "critical" in indicators(cards_of(body)), "after a failed reload the old rules answer")
    with open(pack, "w") as f:
        f.write(original)
    server.signal(signal.SIGHUP)
    time.sleep(1.0)
    check("rules reloaded" in server.log(), "a reload of good rules is taken")
finally:
    code = server.stop()
check(code == 0, "SIGTERM: exit 0, got %s" % code)

# The audit log: a row per answered call and per feedback, chained.
db = sqlite3.connect(server.audit)
calls = db.execute("SELECT count(*) FROM audit_rows WHERE kind = 'call'").fetchone()[0]
feedbacks = db.execute("SELECT count(*) FROM audit_rows WHERE kind = 'feedback'").fetchone()[0]
row = db.execute("SELECT service, hook_instance, request_sha256, request, verdict FROM audit_rows "
                 "WHERE kind = 'call' AND service = 'rxrules-order-sign' LIMIT 1").fetchone()
reason = db.execute("SELECT override_reason, comment FROM audit_rows WHERE outcome = 'overridden'").fetchone()
db.close()
check(calls == answered, "audit: %d call rows for %d answered calls" % (calls, answered))
check(feedbacks == feedback_rows, "audit: %d feedback rows" % feedbacks)
check(row is not None and row[1] == right["hookInstance"] and len(row[2]) == 64 and row[3] is None
      and row[4] == "pass", "audit row: hook instance, request hash, no request without --audit-requests, verdict")
check(reason == ("clinically-appropriate", "QTcF checked on the ward"), "audit keeps the override reason and comment")
verify = subprocess.run([RXRULES, "audit", "verify", server.audit], capture_output=True, text=True)
check(verify.returncode == 0, "rxrules audit verify: chain intact (%s)" % verify.stdout + verify.stderr)

tampered = os.path.join(WORK, "tampered.sqlite")
shutil.copy(server.audit, tampered)
db = sqlite3.connect(tampered)
db.execute("DROP TRIGGER IF EXISTS audit_rows_append_only_update")
db.execute("UPDATE audit_rows SET verdict = 'pass' WHERE seq = 3")
db.commit()
db.close()
verify = subprocess.run([RXRULES, "audit", "verify", tampered], capture_output=True, text=True)
check(verify.returncode == 1, "rxrules audit verify finds a changed row")

c.finish()
