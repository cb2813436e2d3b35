#!/usr/bin/env python3
"""`rxrules schema` as an integrator meets it: the JSON Schema it prints is a
valid draft 2020-12 schema, accepts the shipped example orders and refuses
requests the engine would report as problems (a unit of the wrong dimension,
a number written as text, a code outside a closed set). The catalogue's
schema carries each pack's own fields.

usage: request_schema_test.py RXRULES SOURCE_DIR FIXTURE_CATALOGUE"""
import copy
import glob
import json
import subprocess
import sys

import jsonschema

rxrules, source, catalogue = sys.argv[1:4]
failures = []


def schema_of(path):
    run = subprocess.run([rxrules, "schema", path], capture_output=True, text=True, check=False)
    if run.returncode != 0:
        sys.exit(f"rxrules schema {path}: exit {run.returncode}: {run.stderr}")
    schema = json.loads(run.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def expect(validator, request, valid, what):
    errors = list(validator.iter_errors(request))
    if valid and errors:
        failures.append(f"{what}: refused: {errors[0].message} at {list(errors[0].absolute_path)}")
    if not valid and not errors:
        failures.append(f"{what}: accepted, but the engine reports it as a problem")


shipped = schema_of(f"{source}/rules")
examples = sorted(glob.glob(f"{source}/examples/*.json"))
if len(examples) < 4:
    failures.append(f"expected the shipped example orders, found {examples}")
for path in examples:
    with open(path, encoding="utf-8") as f:
        example = json.load(f)
    expect(shipped, example, True, path)

with open(f"{source}/examples/adult-cycle1-day1.json", encoding="utf-8") as f:
    base = json.load(f)


def changed(edit):
    request = copy.deepcopy(base)
    edit(request)
    return request


expect(shipped, changed(lambda r: r["labs"]["anc"].update(unit="cells")), False, "an unknown unit")
expect(shipped, changed(lambda r: r["patient"]["weight"].update(unit="mg/dL")), False, "a weight in mg/dL")
expect(shipped, changed(lambda r: r["patient"]["weight"].update(value="70")), False, "a weight as text")
expect(shipped, changed(lambda r: r["patient"]["weight"].update(value=0)), False, "a weight of 0")
expect(shipped, changed(lambda r: r["patient"]["weight"].pop("unit")), False, "a weight without unit")
expect(shipped, changed(lambda r: r["order"].update(cycle=1.5)), False, "cycle 1.5")
expect(shipped, changed(lambda r: r["order"].update(scheduled_at="10/03/2026")), False, "a time not ISO 8601")
expect(shipped, changed(lambda r: r["response"].update(status="better")), False, "a response status not listed")
expect(shipped, changed(lambda r: r["patient"].update(pregnant="no")), False, "a flag as text")
# What the engine accepts: a bilirubin in umol/L (a declared conversion), null as absent, the micro sign.
expect(shipped, changed(lambda r: r["labs"]["total_bilirubin"].update(value=19, unit="umol/L", uln=21)), True, "bilirubin in umol/L")
expect(shipped, changed(lambda r: r["patient"].update(bsa=None)), True, "bsa null")
expect(shipped, changed(lambda r: r["order"].update(dose={"value": 1480, "unit": "\u00b5g"})), True, "a dose in micrograms")
expect(shipped, changed(lambda r: r.update(unknown_member={"anything": 1})), True, "a member no pack declares")

# A catalogue of the shipped packs and the test pack: its own fields are checked as declared.
both = schema_of(catalogue)
testamab = {"order": {"drug": "testamab", "daily_dose": {"value": 20, "unit": "mcg/d"},
                      "infusion_rate": {"value": 10, "unit": "mL/h"}},
            "preparation": {"concentration": {"value": 0.1, "unit": "mcg/mL"}}}
expect(both, testamab, True, "a testamab order")
expect(both, base, True, "an inotuzumab order in the catalogue")
bad_rate = copy.deepcopy(testamab)
bad_rate["order"]["infusion_rate"]["unit"] = "mg"
bad_rate["order"]["dose"] = {"value": 1, "unit": "mL/h"}  # refused by every pack: no pack accepts it
expect(both, bad_rate, False, "a pump rate in mg")
defs = both.schema["$defs"]
if "daily_dose" not in defs["testamab"]["properties"]["order"]["properties"]:
    failures.append("the testamab schema lacks its own field order.daily_dose")
if "daily_dose" in defs["inotuzumab-ozogamicin"]["properties"]["order"]["properties"]:
    failures.append("the inotuzumab schema has the testamab field order.daily_dose")
toxicity = defs["testamab"]["properties"]["history"]["properties"]["toxicities"]["items"]["properties"]["type"]
if "testitis" not in toxicity["enum"]:
    failures.append("the testamab schema lacks its extended toxicity code")

for failure in failures:
    print(failure)
print(f"request_schema_test: {len(examples)} examples, {len(failures)} failures")
sys.exit(1 if failures else 0)
