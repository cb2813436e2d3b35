"""A CDS Hooks client for the tests of `rxrules serve`: starts the server on a
free loopback port, builds FHIR R4 hook requests, and talks HTTP with the
standard library only, as an EHR would."""

import datetime
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid

UCUM = "http://unitsofmeasure.org"
LOINC = "http://loinc.org"
EXT = "urn:rxrules:fhir:"

failures = []


def check(condition, what):
    """One assertion of a test: a failure is printed and counted, the test goes on."""
    if not condition:
        failures.append(what)
        print("FAIL:", what)


def finish():
    """Ends the test: exit status 1 when any check failed."""
    print("%d failures" % len(failures) if failures else "all checks passed")
    sys.exit(1 if failures else 0)


class Server:
    """`rxrules serve` on 127.0.0.1:<free port>, stopped with SIGTERM."""

    def __init__(self, rxrules, rules, workdir, *extra):
        self.audit = os.path.join(workdir, "audit.sqlite")
        self.stderr_path = os.path.join(workdir, "serve.stderr")
        self.stderr = open(self.stderr_path, "w+")
        self.proc = subprocess.Popen([rxrules, "serve", "--rules", rules, "--listen", "127.0.0.1:0",
                                      "--audit", self.audit, *extra],
                                     stdout=subprocess.DEVNULL, stderr=self.stderr)
        deadline = time.time() + 20
        self.port = None
        while time.time() < deadline and self.port is None:
            if self.proc.poll() is not None:
                raise RuntimeError("rxrules serve exited %d: %s" % (self.proc.returncode, self.log()))
            match = re.search(r"listening on 127\.0\.0\.1:(\d+)", self.log())
            if match:
                self.port = int(match.group(1))
            else:
                time.sleep(0.05)
        if self.port is None:
            self.proc.kill()
            raise RuntimeError("rxrules serve did not start: " + self.log())

    def log(self):
        with open(self.stderr_path) as f:
            return f.read()

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def call(self, method, path, body=None, headers=None, conn=None):
        """(status, parsed JSON body or raw text, response headers)."""
        own = conn is None
        conn = conn or self.connection()
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        all_headers = {"Content-Type": "application/json"}
        all_headers.update(headers or {})
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        raw = response.read().decode("utf-8", "replace")
        if own:
            conn.close()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = raw
        return response.status, parsed, dict(response.getheaders())

    def signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self):
        """SIGTERM; the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise


def now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def quantity(value, code):
    return {"value": value, "unit": code, "system": UCUM, "code": code}


def ext(name, **value):
    return dict({"url": EXT + name}, **value)


def medication_request(rid, drug, dose=None, start=None, extensions=None, status="draft", route_iv=False):
    dosage = {}
    if dose is not None:
        dosage["doseAndRate"] = [{"doseQuantity": quantity(*dose)}]
    if start is not None:
        dosage["timing"] = {"repeat": {"boundsPeriod": {"start": iso(start)}}}
    if route_iv:
        dosage["route"] = {"coding": [{"system": "http://snomed.info/sct", "code": "47625008",
                                       "display": "Intravenous route"}]}
    resource = {"resourceType": "MedicationRequest", "id": rid, "status": status, "intent": "order",
                "subject": {"reference": "Patient/p1"},
                "medicationCodeableConcept": {"text": drug}}
    if dosage:
        resource["dosageInstruction"] = [dosage]
    if extensions:
        resource["extension"] = extensions
    return resource


def observation(loinc, value, code, at, high=None, low=None, status="final"):
    o = {"resourceType": "Observation", "status": status,
         "code": {"coding": [{"system": LOINC, "code": loinc}]},
         "subject": {"reference": "Patient/p1"},
         "effectiveDateTime": iso(at), "valueQuantity": quantity(value, code)}
    if high is not None or low is not None:
        rr = {}
        if high is not None:
            rr["high"] = quantity(high, code)
        if low is not None:
            rr["low"] = quantity(low, code)
        o["referenceRange"] = [rr]
    return o


def bundle(resources, kind="collection"):
    return {"resourceType": "Bundle", "type": kind, "entry": [{"resource": r} for r in resources]}


def inotuzumab_call(t=None, dose_mg=1.48, medications=("acyclovir", "allopurinol"), hook="order-sign"):
    """An inotuzumab ozogamicin cycle 1 day 1 order as examples/adult-cycle1-day1.json
    describes it, in FHIR R4: right when dose_mg is 0.8 mg/m2 x 1.85 m2."""
    t = t or now()
    minutes = datetime.timedelta(minutes=1)
    order_ext = [
        ext("cycle", valueInteger=1), ext("day", valueInteger=1),
        ext("cycle-length", valueQuantity=quantity(21, "d")),
        ext("infusion-duration", valueQuantity=quantity(60, "min")),
        ext("diagnosis-condition", valueCode="b-cell-precursor-all"),
        ext("cd22-positive", valueBoolean=True), ext("relapsed-or-refractory", valueBoolean=True),
        ext("ph-positive", valueBoolean=False), ext("hsct-planned", valueBoolean=True),
        ext("response-status", valueCode="none"), ext("mrd-negative", valueBoolean=False),
        ext("pregnant", valueBoolean=False), ext("breastfeeding", valueBoolean=False),
        ext("reconstituted-at", valueDateTime=iso(t - 30 * minutes)),
        ext("diluted-at", valueDateTime=iso(t)),
        ext("infusion-end-at", valueDateTime=iso(t + 120 * minutes)),
        ext("final-volume", valueQuantity=quantity(50, "mL")),
        ext("diluent", valueString="sodium chloride 0.9%"),
        ext("protected-from-light", valueBoolean=True),
    ]
    order = medication_request("ino-1", "inotuzumab ozogamicin", (dose_mg, "mg"), t + 60 * minutes, order_ext,
                               route_iv=True)
    premeds = [medication_request("pre-1", "methylprednisolone sodium succinate", None, t + 15 * minutes),
               medication_request("pre-2", "acetaminophen"),
               medication_request("pre-3", "diphenhydramine")]
    day = datetime.timedelta(days=1)
    labs = [observation("30376-8", 8000, "/mm3", t - day),
            observation("751-8", 1.2, "10*9/L", t - day),
            observation("777-3", 80, "10*9/L", t - day),
            observation("1975-2", 1.1, "mg/dL", t - day, high=1.2),
            observation("1920-8", 35, "U/L", t - day, high=40),
            observation("1742-6", 30, "U/L", t - day, high=40),
            observation("76634-5", 440, "ms", t - day),
            observation("2823-3", 4.1, "mmol/L", t - day),
            observation("19123-9", 0.9, "mmol/L", t - day),
            observation("29463-7", 70, "kg", t - day),
            observation("8302-2", 175, "cm", t - day),
            observation("3140-1", 1.85, "m2", t - day)]
    birth = (t - datetime.timedelta(days=int(34.5 * 365.25))).strftime("%Y-%m-%d")
    patient = {"resourceType": "Patient", "id": "p1", "birthDate": birth, "gender": "female"}
    active = [medication_request("m%d" % i, drug, status="active") for i, drug in enumerate(medications)]
    draft = bundle([order] + premeds)
    context = {"userId": "Practitioner/ph1", "patientId": "p1", "draftOrders": draft}
    if hook == "order-select":
        context["selections"] = ["MedicationRequest/ino-1"]
    return {
        "hook": hook,
        "hookInstance": str(uuid.uuid4()),
        "context": context,
        "prefetch": {"patient": patient, "observations": bundle(labs, "searchset"),
                     "medications": bundle(active, "searchset"),
                     "administrations": bundle([], "searchset"), "adverse_events": bundle([], "searchset")},
    }


def complete_history_mapping(default_mapping, path):
    """The shipped mapping with every history list declared complete (a site
    whose EHR records every administration, adverse event, reduction and
    interruption in FHIR, and every patient condition code on the order)."""
    with open(default_mapping) as f:
        mapping = json.load(f)
    mapping["administrations"]["complete"] = True
    mapping["adverse_events"]["complete"] = True
    for lst in mapping["order_lists"]:
        lst["complete"] = True
    for field in mapping["order_extensions"]:
        if field["type"] == "codes":
            field["complete"] = True
    with open(path, "w") as f:
        json.dump(mapping, f)
    return path
