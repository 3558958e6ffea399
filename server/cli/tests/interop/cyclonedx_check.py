"""Judges a BOM the way CycloneDX's own Python library does.

Usage: python cyclonedx_check.py BOM.json
Validates the file against the official CycloneDX 1.6 JSON schema that
cyclonedx-python-lib ships (strict: no unknown keys), parses it into the
library's model, and prints what the library read as JSON (one entry per
component and service, in bom-ref order) for the Rust test to compare.
Exits 1 with the validation error when the BOM is not valid.
"""

import json
import sys

from cyclonedx.model.bom import Bom
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator


def props(item):
    return [[p.name, p.value] for p in item.properties]


def occurrence(o):
    """[location, line], and the context when there is one."""
    read = [o.location, o.line]
    if o.additional_context:
        read.append(o.additional_context)
    return read


def main(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
    if error is not None:
        print(f"{path}: not valid CycloneDX 1.6: {error}", file=sys.stderr)
        return 1
    bom = Bom.from_json(json.loads(text))
    items = []
    for c in bom.components:
        items.append({
            "bom-ref": c.bom_ref.value,
            "kind": c.type.value,
            "name": c.name,
            "supplier": c.supplier.name if c.supplier else None,
            "occurrences": [occurrence(o) for o in c.evidence.occurrences] if c.evidence else [],
            "properties": props(c),
        })
    for s in bom.services:
        items.append({
            "bom-ref": s.bom_ref.value,
            "kind": "service",
            "name": s.name,
            "provider": s.provider.name if s.provider else None,
            "trust-boundary": s.x_trust_boundary,
            "properties": props(s),
        })
    items.sort(key=lambda i: i["bom-ref"])
    dependencies = {
        d.ref.value: sorted(x.ref.value for x in d.dependencies) for d in bom.dependencies
    }
    main_component = bom.metadata.component
    print(json.dumps({
        "spec": "1.6",
        "main": main_component.name if main_component else None,
        "tools": [t.name for t in bom.metadata.tools.components],
        "items": items,
        "dependencies": dependencies,
    }, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
