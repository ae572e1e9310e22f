#!/usr/bin/env python3
"""Validates SARIF logs against a JSON schema (by default the SARIF 2.1.0
subset beside this file), with the standard library only.

  validate_sarif.py [--schema S] log.sarif...

Prints "valid: <file>" per good log, or one line per violation naming the
JSON pointer of the offending value; exits 1 if any log is invalid.

Supports the draft-04 keywords the SARIF schema uses: type, enum, required,
properties, additionalProperties, items, $ref (local), anyOf, oneOf, allOf,
minimum, maximum, minItems, uniqueItems, pattern. `format` is not checked
(draft-04 makes it optional).
"""

import argparse
import json
import os
import re
import sys

TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "null": lambda v: v is None,
}
IGNORED = {"$schema", "$comment", "title", "description", "default", "format", "id",
           "definitions"}


class Validator:
    def __init__(self, root):
        self.root = root

    def resolve(self, ref):
        if not ref.startswith("#/"):
            raise ValueError("only local $refs are supported: " + ref)
        node = self.root
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def errors(self, value, schema, path="", depth=0):
        """Every violation of `schema` by `value`, as (pointer, message)."""
        if depth > 200:
            return [(path, "schema recursion too deep")]
        out = []
        for key in schema:
            if key not in IGNORED and key not in KEYWORDS:
                raise ValueError("unsupported schema keyword '%s' at %s" % (key, path))
        if "$ref" in schema:
            out += self.errors(value, self.resolve(schema["$ref"]), path, depth + 1)
        if "type" in schema:
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            if not any(TYPES[t](value) for t in types):
                return out + [(path, "expected %s, got %s" % ("|".join(types), json.dumps(value)[:60]))]
        if "enum" in schema and value not in schema["enum"]:
            out.append((path, "%s is not one of %s" % (json.dumps(value), schema["enum"])))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                out.append((path, "%s is below the minimum %s" % (value, schema["minimum"])))
            if "maximum" in schema and value > schema["maximum"]:
                out.append((path, "%s is above the maximum %s" % (value, schema["maximum"])))
        if isinstance(value, str) and "pattern" in schema \
                and not re.search(schema["pattern"], value):
            out.append((path, "%s does not match /%s/" % (json.dumps(value), schema["pattern"])))
        if isinstance(value, dict):
            for name in schema.get("required", []):
                if name not in value:
                    out.append((path, "missing required property '%s'" % name))
            props = schema.get("properties", {})
            extra = schema.get("additionalProperties", True)
            for name, v in value.items():
                p = "%s/%s" % (path, name.replace("~", "~0").replace("/", "~1"))
                if name in props:
                    out += self.errors(v, props[name], p, depth + 1)
                elif extra is False:
                    out.append((p, "property '%s' is not allowed here" % name))
                elif isinstance(extra, dict):
                    out += self.errors(v, extra, p, depth + 1)
        if isinstance(value, list):
            if "minItems" in schema and len(value) < schema["minItems"]:
                out.append((path, "fewer than %d items" % schema["minItems"]))
            if schema.get("uniqueItems"):
                seen = [json.dumps(v, sort_keys=True) for v in value]
                if len(seen) != len(set(seen)):
                    out.append((path, "items are not unique"))
            if "items" in schema:
                for i, v in enumerate(value):
                    out += self.errors(v, schema["items"], "%s/%d" % (path, i), depth + 1)
        if "allOf" in schema:
            for sub in schema["allOf"]:
                out += self.errors(value, sub, path, depth + 1)
        if "anyOf" in schema:
            if all(self.errors(value, sub, path, depth + 1) for sub in schema["anyOf"]):
                out.append((path, "matches none of anyOf %s" % json.dumps(schema["anyOf"])[:120]))
        if "oneOf" in schema:
            n = sum(not self.errors(value, sub, path, depth + 1) for sub in schema["oneOf"])
            if n != 1:
                out.append((path, "matches %d of oneOf, not exactly one" % n))
        return out


KEYWORDS = {"$ref", "type", "enum", "minimum", "maximum", "pattern", "required", "properties",
            "additionalProperties", "items", "minItems", "uniqueItems", "allOf", "anyOf", "oneOf"}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--schema", default=os.path.join(here, "sarif-schema-2.1.0-subset.json"))
    ap.add_argument("logs", nargs="+")
    args = ap.parse_args()
    with open(args.schema, encoding="utf-8") as f:
        schema = json.load(f)
    validator = Validator(schema)
    bad = False
    for log in args.logs:
        try:
            with open(log, encoding="utf-8") as f:
                value = json.load(f)
        except (OSError, ValueError) as e:
            print("invalid: %s: not JSON: %s" % (log, e))
            bad = True
            continue
        errs = validator.errors(value, schema)
        if errs:
            bad = True
            for pointer, msg in errs:
                print("invalid: %s: %s: %s" % (log, pointer or "/", msg))
        else:
            print("valid: %s" % log)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
