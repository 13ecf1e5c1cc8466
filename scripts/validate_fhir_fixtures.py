#!/usr/bin/env python3
"""Validates the FHIR fixtures in examples/fhir/ with the fhir.resources package (R4B models).

Usage: pip install 'fhir.resources>=7,<8'; python3 scripts/validate_fhir_fixtures.py
"""
import importlib
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "examples" / "fhir"


def model(resource_type):
    module = importlib.import_module(f"fhir.resources.R4B.{resource_type.lower()}")
    return getattr(module, resource_type)


def validate(resource):
    cls = model(resource["resourceType"])
    if hasattr(cls, "model_validate"):
        cls.model_validate(resource)
    else:
        cls.parse_obj(resource)


def resources(document):
    if isinstance(document, dict) and "resourceType" in document:
        yield document
    elif isinstance(document, dict):  # a CDS Hooks prefetch object
        for value in document.values():
            if value is not None:
                yield from resources(value)
    elif isinstance(document, list):
        for value in document:
            yield from resources(value)


def main():
    failures = 0
    files = sorted(ROOT.glob("*.json"))
    for path in files:
        document = json.loads(path.read_text())
        for resource in resources(document):
            try:
                validate(resource)
            except Exception as error:  # the validator's own error names the element
                failures += 1
                print(f"{path.name}: {resource.get('resourceType')}/{resource.get('id')}: {error}")
    print(f"{len(files)} files, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
