#!/usr/bin/env python3
"""Prints the code flows (call chains as paths) of a SARIF log, one line per
step, for FileCheck, and checks what a viewer relies on:

  print_code_flows.py log.sarif

  result <ruleId> <uri>:<line>: <message>
    flow: <message>
      <executionOrder>. <uri>:<line>:<column> [<kinds>] <message>

- the first step is the result's own location, with the result's message;
- executionOrder counts 1, 2, 3, ... in the order of the steps;
- every later step is also one of the result's relatedLocations (same place,
  same message), for tools that read only those;
- each step has a file and a line.
A violation is printed as "error: ..." and the exit code is 1. Results
without code flows are printed too (with "no flow"), so a test can say which
findings must have none.
"""

import json
import sys


def where(physical):
    art = physical["artifactLocation"]
    region = physical.get("region", {})
    return "%s:%s:%s" % (art.get("uri"), region.get("startLine"), region.get("startColumn"))


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        log = json.load(f)
    errors = []
    for run in log["runs"]:
        for result in run.get("results", []):
            loc = result["locations"][0]["physicalLocation"]
            flows = result.get("codeFlows", [])
            print("result %s %s: %s%s" % (result["ruleId"], where(loc).rsplit(":", 1)[0],
                                          result["message"]["text"],
                                          "" if flows else " (no flow)"))
            related = {(where(r["physicalLocation"]), r["message"]["text"])
                       for r in result.get("relatedLocations", []) if "physicalLocation" in r}
            for flow in flows:
                print("  flow: %s" % flow.get("message", {}).get("text", ""))
                for thread in flow["threadFlows"]:
                    for i, step in enumerate(thread["locations"]):
                        physical = step["location"].get("physicalLocation")
                        text = step["location"].get("message", {}).get("text", "")
                        if not physical or "startLine" not in physical.get("region", {}):
                            errors.append("step %d has no file and line: %s" % (i + 1, step))
                            continue
                        print("    %s. %s [%s] %s" % (step.get("executionOrder"), where(physical),
                                                      ",".join(step.get("kinds", [])), text))
                        if step.get("executionOrder") != i + 1:
                            errors.append("step %d has executionOrder %s"
                                          % (i + 1, step.get("executionOrder")))
                        if i == 0:
                            if physical != loc or text != result["message"]["text"]:
                                errors.append("the first step is not the finding: %s" % step)
                        elif (where(physical), text) not in related:
                            errors.append("step %d is not among the relatedLocations: %s"
                                          % (i + 1, step))
    for e in errors:
        print("error: " + e)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
