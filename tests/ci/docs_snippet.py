#!/usr/bin/env python3
"""The code block of a doc page that a test runs as printed:

  docs_snippet.py PAGE NAME     prints the block after `<!-- tested: NAME -->`

The tests of docs/ide.md's and docs/ci.md's snippets (editors, commit hooks,
CMake) take them from the page with this, so the page cannot drift from what
is tested. Importable: snippet(page, name)."""

import re
import sys


def snippet(page, name):
    with open(page, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"<!-- tested: %s -->\s*```[\w+-]*\n(.*?)```" % re.escape(name), text, re.S)
    if not m:
        sys.stderr.write("docs_snippet: %s has no code block marked <!-- tested: %s -->\n"
                         % (page, name))
        sys.exit(1)
    return m.group(1)


if __name__ == "__main__":
    sys.stdout.write(snippet(sys.argv[1], sys.argv[2]))
