#!/usr/bin/env python3
"""Scaffolds a new taskfit check, the way LLVM's add_new_check.py does.

  python3 scripts/add-check.py NAME [--description TEXT] [--root DIR]

NAME is the check's name with or without its prefix: `lock-in-loop` or
`taskfit-lock-in-loop`. The script writes

  checker/checks/<Name>Check.h, .cpp   the check, derived from TaskfitCheck
  docs/checks/taskfit-NAME.md          its page (also SARIF's rule help)
  tests/checkers/taskfit-NAME.cpp      its lit test

and adds the check to

  checker/TaskfitTidyModule.cpp        the include and the registration
  checker/CMakeLists.txt               the checks/ source list
  README.md                            the row in the table of checks.

The scaffold builds as generated, is listed by `taskfit-tidy --list-checks`,
and its test passes: it reports every context the analysis found (a
placeholder finding marked FIXME). Replace that with what the check is
about; CONTRIBUTING.md has the steps. Nothing is written unless every
edit can be made: a name that is not lower-case words joined by '-', or a
check that already exists (in any of the places above), is an error.
"""

import argparse
import os
import re
import sys

PREFIX = "taskfit-"
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
# The registration of one check in TaskfitTidyModule.cpp, over one or two
# lines: CheckFactories.registerCheck<XCheck>(\n "taskfit-x");
REGISTRATION_RE = re.compile(
    r'^[ \t]*CheckFactories\.registerCheck<(\w+)>\(\s*"([^"]+)"\);[ \t]*\n', re.M)
CMAKE_SOURCE_RE = re.compile(r"^([ \t]+)checks/(\w+)\.cpp[ \t]*$", re.M)
README_ROW_RE = re.compile(r"^\| \[taskfit-[^\]]+\]\(docs/checks/[^)]+\) \|.*\|[ \t]*$", re.M)
INCLUDE_RE = re.compile(r'^#include "checks/(\w+)\.h"[ \t]*$', re.M)


class ScaffoldError(Exception):
    pass


def camel_case(name):
    return "".join(part.capitalize() for part in name.split("-"))


def title_line(left, right=""):
    """LLVM's file header line: //===--- left - right ----...---===// (80 columns)."""
    text = "//===--- " + left + (" - " + right if right else "") + " "
    return text + "-" * max(1, 80 - len(text) - 5) + "===//"


def header_source(cls, check, guard):
    return f"""{title_line(cls + '.h', check)}
//
// FIXME: which row of the decision table this check stands for, and what it
// finds there (one or two sentences: the user-facing text is in
// docs/checks/{check}.md).
//
//===----------------------------------------------------------------------===//

#ifndef {guard}
#define {guard}

#include "../TaskfitCheck.h"

namespace clang::tidy::taskfit {{

/// FIXME: what this check reports, in one sentence.
///
/// For the user-facing documentation see:
/// docs/checks/{check}.md
class {cls} : public TaskfitCheck {{
public:
  {cls}(StringRef Name, ClangTidyContext *Context)
      : TaskfitCheck(Name, Context) {{}}
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
}};

}} // namespace clang::tidy::taskfit

#endif // {guard}
"""


def impl_source(cls, check):
    return f"""{title_line(cls + '.cpp', check)}

#include "{cls}.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::taskfit {{

void {cls}::registerMatchers(MatchFinder *Finder) {{
  // Without a table (a broken user table, already reported) there is
  // nothing to check against.
  if (!table())
    return;
  // The facts come from the per-TU analysis, found once for all checks: one
  // match per translation unit is enough to walk them.
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}}

void {cls}::check(const MatchFinder::MatchResult &Result) {{
  TuAnalysis &A = analysis(*Result.Context);
  // FIXME: pick the contexts and the work this check is about (see
  // docs/architecture.md: which analysis answers which question), and word
  // the finding from the decision table's advice. This placeholder reports
  // every context the analysis found.
  for (const RunContext &C : A.contexts().all()) {{
    SourceLocation Loc = C.Body->getLocation();
    if (Loc.isMacroID() || !firstReportAt(Loc))
      continue;
    diag(Loc, "%0 runs here; FIXME: say what does not fit and what to do "
              "instead")
        << describeContext(C);
  }}
}}

}} // namespace clang::tidy::taskfit
"""


def doc_page(check, description):
    return f"""# {check}

{description}

## Why

FIXME: the decision table's row this check stands for, and what goes wrong
when code does what it finds.

```
FIXME: a short example and the warning it gets
```

## What is reported

FIXME: the shapes that are reported, and the look-alikes that are not.

## Fix-its

FIXME: what the fix-it rewrites, or why there is none.

## Options

None yet. The global options of every taskfit check (`taskfit.DecisionTable`,
`taskfit.ShowTableRow`, ...) are in the README.
"""


def lit_test(check):
    return f"""// RUN: %check_taskfit %s {check} %t -- -- -std=c++20
//
// FIXME: what this test proves. Every positive has a look-alike negative
// beside it.

#include <thread>

void worker() {{}}
// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: thread function 'worker' runs here; FIXME: say what does not fit and what to do instead [{check}]

int main() {{
  std::thread T(worker);
  T.join();
}}
"""


def registration(cls, check):
    one_line = f'    CheckFactories.registerCheck<{cls}>("{check}");'
    if len(one_line) <= 80:
        return one_line + "\n"
    return f'    CheckFactories.registerCheck<{cls}>(\n        "{check}");\n'


def edit_module(text, cls, check):
    includes = list(INCLUDE_RE.finditer(text))
    if not includes:
        raise ScaffoldError("TaskfitTidyModule.cpp: no #include \"checks/...h\" line found")
    if any(m.group(1) == cls for m in includes):
        raise ScaffoldError(f"TaskfitTidyModule.cpp already includes checks/{cls}.h")
    regs = list(REGISTRATION_RE.finditer(text))
    if not regs:
        raise ScaffoldError("TaskfitTidyModule.cpp: no CheckFactories.registerCheck<...> found")
    for m in regs:
        if m.group(2) == check or m.group(1) == cls:
            raise ScaffoldError(f"TaskfitTidyModule.cpp already registers {m.group(2)} "
                                f"({m.group(1)})")
    # The registration first (it is further down), then the include, so
    # the earlier offsets stay valid.
    after = next((m for m in regs if m.group(2) > check), None)
    at = after.start() if after else regs[-1].end()
    text = text[:at] + registration(cls, check) + text[at:]
    after = next((m for m in includes if m.group(1) > cls), None)
    line = f'#include "checks/{cls}.h"\n'
    if after:
        at = after.start()
    else:
        at = includes[-1].end() + 1
    return text[:at] + line + text[at:]


def edit_cmake(text, cls):
    sources = list(CMAKE_SOURCE_RE.finditer(text))
    if not sources:
        raise ScaffoldError("checker/CMakeLists.txt: no 'checks/<Name>Check.cpp' source line found")
    if any(m.group(2) == cls for m in sources):
        raise ScaffoldError(f"checker/CMakeLists.txt already lists checks/{cls}.cpp")
    indent = sources[0].group(1)
    line = f"{indent}checks/{cls}.cpp\n"
    after = next((m for m in sources if m.group(2) > cls), None)
    at = after.start() if after else sources[-1].end() + 1
    return text[:at] + line + text[at:]


def edit_readme(text, check, description):
    rows = list(README_ROW_RE.finditer(text))
    if not rows:
        raise ScaffoldError("README.md: no row '| [taskfit-...](docs/checks/...) | ... |' found")
    if any(f"[{check}]" in m.group(0) for m in rows):
        raise ScaffoldError(f"README.md already has a row for {check}")
    row = f"| [{check}](docs/checks/{check}.md) | {description} |\n"
    at = rows[-1].end() + 1
    return text[:at] + row + text[at:]


def parse_name(raw):
    name = raw[len(PREFIX):] if raw.startswith(PREFIX) else raw
    if not NAME_RE.match(name):
        raise ScaffoldError(
            f"'{raw}' is not a check name: use lower-case words and digits joined by '-' "
            f"(like 'lock-in-loop'), with or without the '{PREFIX}' prefix")
    return name


def scaffold(root, raw_name, description):
    name = parse_name(raw_name)
    check = PREFIX + name
    cls = camel_case(name) + "Check"
    guard = f"TASKFIT_CHECKER_CHECKS_{cls.upper()}_H"

    def path(*parts):
        return os.path.join(root, *parts)

    new_files = {
        path("checker", "checks", cls + ".h"): header_source(cls, check, guard),
        path("checker", "checks", cls + ".cpp"): impl_source(cls, check),
        path("docs", "checks", check + ".md"): doc_page(check, description),
        path("tests", "checkers", check + ".cpp"): lit_test(check),
    }
    edited = {
        path("checker", "TaskfitTidyModule.cpp"): lambda t: edit_module(t, cls, check),
        path("checker", "CMakeLists.txt"): lambda t: edit_cmake(t, cls),
        path("README.md"): lambda t: edit_readme(t, check, description),
    }

    # Everything is checked before anything is written: a second run, or a
    # name that is taken, leaves the tree as it was.
    for p in new_files:
        if os.path.exists(p):
            raise ScaffoldError(f"{os.path.relpath(p, root)} already exists: "
                                f"is {check} already there?")
    results = {}
    for p, edit in edited.items():
        if not os.path.isfile(p):
            raise ScaffoldError(f"{os.path.relpath(p, root)} not found: is {root} "
                                f"a taskfit checkout?")
        with open(p, encoding="utf-8") as f:
            results[p] = edit(f.read())

    for p, text in list(new_files.items()) + list(results.items()):
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        print(("created " if p in new_files else "updated ") + os.path.relpath(p, root))
    print(f"\n{check} is scaffolded. Next: build taskfit-tidy, see it listed by\n"
          f"  build/bin/taskfit-tidy --list-checks --checks='-*,{check}'\n"
          f"then replace each FIXME (CONTRIBUTING.md, 'Add a check').")


def main():
    ap = argparse.ArgumentParser(
        description="Scaffold a taskfit check: .h/.cpp, registration, CMake entry, "
                    "doc page, lit test, README row.")
    ap.add_argument("name", help="the check's name, e.g. lock-in-loop or taskfit-lock-in-loop")
    ap.add_argument("--description", default="FIXME: what it finds, in one line",
                    help="one line for the README's table of checks and the doc page")
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                    help="the taskfit checkout to edit (default: the one holding this script)")
    args = ap.parse_args()
    if "|" in args.description or "\n" in args.description:
        print("add-check.py: error: the description is one table cell: no '|' or newline",
              file=sys.stderr)
        return 1
    try:
        scaffold(os.path.abspath(args.root), args.name, args.description)
    except ScaffoldError as e:
        print(f"add-check.py: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
