"""`rxrules serve` against input an EHR should never send: no input gives a
5xx or a crash. A table of bad bodies with their expected status, garbage
FHIR (wrong JSON types everywhere) answered with valid cards, a bounded
random-mutation loop over a valid order-sign call, start-up refusals (bad
mapping file: exit 2; rules that do not load: exit 1), JWT (401 with an
OperationOutcome; a signed token with the right issuer and audience passes),
and HTTPS with --tls-cert/--tls-key.

usage: cds_hooks_bad_input_test.py RXRULES SOURCE_DIR WORK_DIR"""

import base64
import copy
import json
import os
import random
import shutil
import subprocess
import sys
import time
import uuid

import jsonschema

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cds_client as c  # noqa: E402

RXRULES, SOURCE, WORK = sys.argv[1:4]
SIGN = "/cds-services/rxrules-order-sign"
MAX_BODY = 65536
check = c.check


def is_outcome(body):
    return isinstance(body, dict) and body.get("resourceType") == "OperationOutcome" and \
        body["issue"][0]["severity"] == "error" and body["issue"][0]["diagnostics"]


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
rules = os.path.join(SOURCE, "rules")
with open(os.path.join(SOURCE, "tests/service/cds-hooks-2.0-response.schema.json")) as f:
    validator = jsonschema.Draft202012Validator(json.load(f))

# Start-up refusals.
bad_mapping = os.path.join(WORK, "bad-mapping.json")
with open(bad_mapping, "w") as f:
    json.dump({"format": "rxrules-fhir-mapping/1", "observations": {"statuses": ["final"], "codes": [{"path": 3}]}}, f)
run = subprocess.run([RXRULES, "serve", "--rules", rules, "--mapping", bad_mapping, "--listen", "127.0.0.1:0",
                      "--audit", os.path.join(WORK, "a.sqlite")], capture_output=True, text=True, timeout=30)
check(run.returncode == 2 and "/observations/codes/0/path" in run.stderr, "bad mapping file: exit 2 naming the place")
broken = os.path.join(WORK, "broken.rxr")
with open(broken, "w") as f:
    f.write('pack "x" version "1"\nrule A {\n')
run = subprocess.run([RXRULES, "serve", "--rules", broken, "--listen", "127.0.0.1:0",
                      "--audit", os.path.join(WORK, "a.sqlite")], capture_output=True, text=True, timeout=30)
check(run.returncode == 1 and "error" in run.stderr, "rules that do not load: exit 1 with diagnostics")
run = subprocess.run([RXRULES, "serve", "--rules", rules, "--listen", "nowhere"], capture_output=True, text=True)
check(run.returncode == 2, "a bad --listen: exit 2")

server = c.Server(RXRULES, rules, WORK, "--max-body-bytes", str(MAX_BODY))
try:
    valid = c.inotuzumab_call()
    # The shipped mapping declares no history complete: the right order's
    # empty history prefetch is absent data, reported in one card.
    status, answer, _ = server.call("POST", SIGN, valid)
    kinds = [(x["indicator"], x["summary"]) for x in answer["cards"]]
    check([k for k in kinds if k[0] != "info"] == [("warning", "inotuzumab ozogamicin: not checked for lack of data")],
          "shipped mapping: one lack-of-data card for the absent history, got %s" % kinds)
    lack = [x["detail"] for x in answer["cards"] if x["indicator"] == "warning"]
    check(lack and "`history." in lack[0], "the lack-of-data card names the history lists: %s" % lack)
    no_prefetch = copy.deepcopy(valid)
    del no_prefetch["prefetch"]
    wrong_hook = dict(valid, hook="patient-view")
    deep = "[" * 5000 + "]" * 5000
    many = copy.deepcopy(valid)
    many["context"]["draftOrders"]["entry"] *= 60
    table = [
        ("not JSON", SIGN, "{not json", 400),
        ("empty body", SIGN, "", 400),
        ("a JSON array", SIGN, "[]", 400),
        ("too large", SIGN, json.dumps(dict(valid, padding="x" * (MAX_BODY + 10))), 400),
        ("too deep", SIGN, deep, 400),
        ("too deep verify", "/verify", deep, 400),
        ("too many draft orders", SIGN, json.dumps(many), 400),
        ("unknown service", "/cds-services/unknown", json.dumps(valid), 404),
        ("unknown service feedback", "/cds-services/unknown/feedback", '{"feedback": []}', 404),
        ("no prefetch and no fhirServer", SIGN, json.dumps(no_prefetch), 412),
        ("wrong hook", SIGN, json.dumps(wrong_hook), 400),
        ("no hookInstance", SIGN, json.dumps({k: v for k, v in valid.items() if k != "hookInstance"}), 400),
        ("feedback without entries", SIGN + "/feedback", '{"feedback": "yes"}', 400),
        ("feedback bad outcome", SIGN + "/feedback", '{"feedback": [{"card": "x", "outcome": "maybe"}]}', 400),
        ("verify not JSON", "/verify", "nope", 400),
        ("unknown endpoint", "/nothing", "{}", 404),
    ]
    for name, path, body, expected in table:
        status, answer, _ = server.call("POST", path, body)
        check(status == expected and is_outcome(answer), "%s: %s with an OperationOutcome, got %s %s"
              % (name, expected, status, str(answer)[:200]))

    status, answer, _ = server.call("GET", "/healthz", headers={"X-Many-%d" % i: "x" for i in range(150)})
    check(status == 431 and is_outcome(answer), "too many header fields: 431, got %s" % status)

    # Garbage FHIR: every member of the call's resources given a wrong JSON type.
    def garbage(node, depth=0):
        if isinstance(node, dict):
            return {k: (garbage(v, depth + 1) if k in ("resourceType", "entry", "resource") else
                        [1, "x", {"a": None}][hash(k) % 3]) for k, v in node.items()}
        if isinstance(node, list):
            return [garbage(v, depth + 1) for v in node]
        return node
    junk = copy.deepcopy(valid)
    junk["context"]["draftOrders"] = garbage(junk["context"]["draftOrders"])
    junk["prefetch"] = {k: garbage(v) for k, v in junk["prefetch"].items()}
    status, answer, _ = server.call("POST", SIGN, junk)
    check(status == 200, "garbage FHIR: answered 200, got %s" % status)
    if status == 200:
        validator.validate(answer)

    # Random mutations of a valid call (bounded): never a 5xx; every 200 valid cards.
    rng = random.Random(17)
    replacements = [None, 0, -1, 1e308, "", "x" * 300, [], {}, [[]], True, "2026-13-45", {"value": "NaN"}]

    def mutate(node):
        if isinstance(node, dict) and node:
            key = rng.choice(list(node))
            choice = rng.random()
            if choice < 0.3:
                del node[key]
            elif choice < 0.6 or not isinstance(node[key], (dict, list)):
                node[key] = copy.deepcopy(rng.choice(replacements))
            else:
                mutate(node[key])
        elif isinstance(node, list) and node:
            i = rng.randrange(len(node))
            if isinstance(node[i], (dict, list)) and rng.random() < 0.7:
                mutate(node[i])
            else:
                node[i] = copy.deepcopy(rng.choice(replacements))

    conn = server.connection()
    deadline = time.time() + 30
    count = 0
    statuses = {}
    while count < 400 and time.time() < deadline:
        call = copy.deepcopy(valid)
        # Mostly inside the FHIR resources, where a bad value must read as absent; sometimes the envelope.
        targets = [call["context"]["draftOrders"]] * 4 + list(call["prefetch"].values()) * 2 + [call]
        for _ in range(rng.randint(1, 6)):
            mutate(rng.choice(targets))
        status, answer, _ = server.call("POST", SIGN, call, conn=conn)
        statuses[status] = statuses.get(status, 0) + 1
        count += 1
        if status >= 500:
            check(False, "mutation %d: %s for %s" % (count, status, json.dumps(call)[:300]))
            break
        if status == 200:
            try:
                validator.validate(answer)
            except jsonschema.ValidationError as e:
                check(False, "mutation %d: invalid cards: %s" % (count, e.message))
                break
    conn.close()
    print("mutations: %d calls, statuses %s" % (count, statuses))
    check(count >= 50, "the mutation loop ran")
    check(server.proc.poll() is None, "the server is still up after every bad input")
finally:
    code = server.stop()
check(code == 0, "SIGTERM: exit 0")


# JWT: an ES256 token signed with a key of the JWK set, iss and aud as configured.
from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature  # noqa: E402


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


key = ec.generate_private_key(ec.SECP256R1())
numbers = key.public_key().public_numbers()
jwks = os.path.join(WORK, "jwks.json")
with open(jwks, "w") as f:
    json.dump({"keys": [{"kty": "EC", "crv": "P-256", "kid": "k1", "alg": "ES256", "use": "sig",
                         "x": b64(numbers.x.to_bytes(32, "big")), "y": b64(numbers.y.to_bytes(32, "big"))}]}, f)


def token(aud, iss="https://ehr.example", key_to_sign=key):
    header = b64(json.dumps({"alg": "ES256", "typ": "JWT", "kid": "k1"}).encode())
    now = int(time.time())
    claims = b64(json.dumps({"iss": iss, "aud": aud, "exp": now + 300, "iat": now, "jti": str(uuid.uuid4()),
                             "sub": "ehr-client"}).encode())
    r, s = decode_dss_signature(key_to_sign.sign((header + "." + claims).encode(), ec.ECDSA(hashes.SHA256())))
    return header + "." + claims + "." + b64(r.to_bytes(32, "big") + s.to_bytes(32, "big"))


jwt_work = os.path.join(WORK, "jwt")
os.makedirs(jwt_work)
url = "https://cds.example/rxrules"
server = c.Server(RXRULES, rules, jwt_work, "--jwks", jwks, "--issuer", "https://ehr.example", "--public-url", url)
try:
    check("development mode" not in server.log(), "with --jwks there is no development mode")
    status, body, headers = server.call("GET", "/cds-services")
    check(status == 401 and is_outcome(body), "no token: 401 with an OperationOutcome")
    check(headers.get("WWW-Authenticate", "").startswith("Bearer"), "401 names the Bearer scheme")
    status, body, _ = server.call("GET", "/cds-services", headers={"Authorization": "Bearer " + token(url)})
    check(status == 200, "a valid token: discovery answers 200, got %s %s" % (status, body))
    status, body, _ = server.call("POST", SIGN, valid, headers={"Authorization": "Bearer " + token(url)})
    check(status == 200, "a valid token: order-sign answers 200")
    for name, bad in [("wrong audience", token("https://other.example")),
                      ("wrong issuer", token(url, iss="https://evil.example")),
                      ("other key", token(url, key_to_sign=ec.generate_private_key(ec.SECP256R1()))),
                      ("garbage", "abc.def.ghi")]:
        status, body, _ = server.call("POST", SIGN, valid, headers={"Authorization": "Bearer " + bad})
        check(status == 401 and is_outcome(body), "%s: 401, got %s" % (name, status))
    status, _, headers = server.call("OPTIONS", SIGN, headers={"Origin": "https://ehr.example"})
    check(status == 204 and headers.get("Access-Control-Allow-Headers", "").find("Authorization") >= 0,
          "a CORS preflight needs no token")
finally:
    check(server.stop() == 0, "SIGTERM with --jwks: exit 0")

# TLS: --tls-cert/--tls-key serve HTTPS; a key that does not load is exit 2.
import datetime  # noqa: E402
import http.client  # noqa: E402
import ssl  # noqa: E402
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402

name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
tls_key = ec.generate_private_key(ec.SECP256R1())
start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)
cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(tls_key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=1)).sign(tls_key, hashes.SHA256()))
cert_path, key_path = os.path.join(WORK, "cert.pem"), os.path.join(WORK, "key.pem")
with open(cert_path, "wb") as f:
    f.write(cert.public_bytes(serialization.Encoding.PEM))
with open(key_path, "wb") as f:
    f.write(tls_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
tls_work = os.path.join(WORK, "tls")
os.makedirs(tls_work)
server = c.Server(RXRULES, rules, tls_work, "--tls-cert", cert_path, "--tls-key", key_path)
try:
    context = ssl.create_default_context(cafile=cert_path)
    context.check_hostname = False
    conn = http.client.HTTPSConnection("127.0.0.1", server.port, context=context, timeout=30)
    conn.request("GET", "/cds-services")
    response = conn.getresponse()
    check(response.status == 200 and b"rxrules-order-sign" in response.read(), "HTTPS discovery answers 200")
    conn.close()
    check("public URL https://" in server.log(), "with TLS the public URL is https")
finally:
    check(server.stop() == 0, "SIGTERM with TLS: exit 0")
run = subprocess.run([RXRULES, "serve", "--rules", rules, "--listen", "127.0.0.1:0", "--audit",
                      os.path.join(WORK, "a.sqlite"), "--tls-cert", cert_path, "--tls-key", cert_path],
                     capture_output=True, text=True, timeout=30)
check(run.returncode == 2 and "TLS" in run.stderr, "a TLS key that does not load: exit 2")

c.finish()
