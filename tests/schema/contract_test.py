#!/usr/bin/env python3
"""docs/contract/ as a vendor receives it (it is installed under
share/doc/rxrules/contract): the spec pages are exact copies of the shared
spec (copied, never forked), request.schema.json is what `rxrules schema
rules/` prints today, and every response the shipped rules give (the golden
responses, each example order with and without --explain, the regression
cases' requests) is valid against response.schema.json.

usage: contract_test.py RXRULES SOURCE_DIR"""
import glob
import json
import os
import subprocess
import sys

import jsonschema

rxrules, source = sys.argv[1:3]
contract = os.path.join(source, "docs", "contract")
spec = os.path.normpath(os.path.join(source, "..", "shared", "spec"))
failures = []

if not os.path.isdir(spec):
    sys.exit(f"{spec} is missing: the contract copies are checked against the shared spec beside the checkout")
spec_pages = sorted(p for p in os.listdir(spec) if p.endswith(".md"))
copied_pages = sorted(p for p in os.listdir(contract) if p.endswith(".md") and p != "README.md")
if spec_pages != copied_pages:
    failures.append(f"docs/contract has {copied_pages}, the shared spec {spec_pages}")
for page in set(spec_pages) & set(copied_pages):
    with open(os.path.join(spec, page), "rb") as a, open(os.path.join(contract, page), "rb") as b:
        if a.read() != b.read():
            failures.append(f"docs/contract/{page} differs from the shared spec: copy it again (cp ../shared/spec/{page} docs/contract/)")

printed = subprocess.run([rxrules, "schema", f"{source}/rules"], capture_output=True, text=True, check=True).stdout
with open(os.path.join(contract, "request.schema.json"), encoding="utf-8") as f:
    if f.read() != printed:
        failures.append("docs/contract/request.schema.json is not `rxrules schema rules/`: regenerate it")

with open(os.path.join(contract, "response.schema.json"), encoding="utf-8") as f:
    response_schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(response_schema)
validator = jsonschema.Draft202012Validator(response_schema)


def check(response_text, what):
    errors = list(validator.iter_errors(json.loads(response_text)))
    if errors:
        failures.append(f"{what}: {errors[0].message} at {list(errors[0].absolute_path)}")


goldens = sorted(glob.glob(f"{source}/tests/golden/*.response.json"))
requests = sorted(glob.glob(f"{source}/examples/*.json")) + sorted(glob.glob(f"{source}/rules/*/tests/requests/*.json"))
if len(goldens) < 4 or len(requests) < 8:
    sys.exit(f"found {len(goldens)} golden responses and {len(requests)} requests: the test lost its inputs")
for golden in goldens:
    with open(golden, encoding="utf-8") as f:
        check(f.read(), os.path.relpath(golden, source))
for request in requests:
    for flags in ([], ["--explain"]):
        run = subprocess.run([rxrules, "verify", "--rules", f"{source}/rules", *flags, request],
                             capture_output=True, text=True, check=False)
        if run.returncode != 0:
            failures.append(f"verify {' '.join(flags)} {request}: exit {run.returncode}: {run.stderr}")
            continue
        check(run.stdout, f"verify {' '.join(flags)} {os.path.relpath(request, source)}")

for failure in failures:
    print("FAIL:", failure)
print(f"{len(goldens)} goldens and {2 * len(requests)} responses checked, {len(failures)} failures")
sys.exit(1 if failures else 0)
