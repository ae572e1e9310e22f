#!/usr/bin/env python3
"""Lists the functions in checker/**/*.cpp whose body runs past a screen.

A function body is counted from the line of its opening brace to the line of
its closing brace. A longer function passes if the comment just above it (the
comment lines right before its first line) says "long because" and gives the
reason. Exits 1 and names each other long function as file:line: name (N
lines); exits 0 when there is none.

The C++ is read as text, not parsed: comments, strings and preprocessor lines
are blanked, then braces are matched. A brace at namespace or class scope
opens a function body when the text before it (since the last ';', '{' or
'}') has a parameter list and ends like a declarator: ')', a trailing
qualifier, a trailing return type, or a constructor's initializer list.
Lambdas and blocks count toward the function they are in.

Usage: function_length.py SOURCE_ROOT [--max-lines N]
"""
import argparse
import os
import re
import sys

MAX_LINES = 80
REASON = "long because"


def blank(text):
    """Returns text with comments, string and character literals and
    preprocessor lines replaced by spaces; newlines are kept, so offsets and
    line numbers still match the file."""
    out = list(text)
    i, n = 0, len(text)
    line_start = True

    def clear(a, b):
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = text[i]
        if line_start and c == "#":
            # A directive, with its continuation lines.
            j = i
            while j < n and not (text[j] == "\n" and text[j - 1] != "\\"):
                j += 1
            clear(i, j)
            i = j
            continue
        if c == "\n":
            line_start = True
            i += 1
            continue
        if not c.isspace():
            line_start = False
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            clear(i, j)
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            clear(i, j)
            i = j
        elif c == "R" and text.startswith('R"', i) and not (
                i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_")):
            open_paren = text.find("(", i + 2)
            delim = text[i + 2:open_paren]
            end = text.find(")" + delim + '"', open_paren)
            j = n if end < 0 else end + len(delim) + 2
            clear(i, j)
            i = j
        elif c in "\"'":
            if c == "'" and i > 0 and text[i - 1].isalnum():
                i += 1  # a digit separator: 1'000
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            clear(i + 1, j)
            i = j + 1
        else:
            i += 1
    return "".join(out)


ACCESS = re.compile(r"^\s*(public|private|protected)\s*:(?!:)")
# A trailing qualifier or return type after the parameter list.
DECLARATOR_END = re.compile(
    r"\)\s*((const|volatile|override|final|noexcept|mutable|&&|&)\s*)*"
    r"(->[^;{}]*)?$")


def depth0(head, chars):
    """Whether one of chars occurs in head outside (), [] and <>-less
    nesting."""
    depth = 0
    for c in head:
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif depth == 0 and c in chars:
            return True
    return False


def classify(head):
    """What a brace opened after head at namespace or class scope is:
    'function', 'init' (an initializer, opaque) or 'scope' (namespace,
    class, enum, extern block)."""
    h = ACCESS.sub("", head).strip()
    # operator=, operator== and friends are names, not initializers.
    h_no_ops = re.sub(r"operator\s*[^\s(]+", "operator", h)
    if "(" not in h_no_ops:
        return "scope" if not h_no_ops.rstrip().endswith("=") else "init"
    if depth0(re.sub(r"[=!<>]=", "", h_no_ops), "="):
        return "init"
    if DECLARATOR_END.search(h_no_ops):
        return "function"
    # A constructor's initializer list: Foo() : A(a), B{b} {
    if re.search(r"\)\s*:(?!:)", h_no_ops) and h_no_ops.endswith(("}", ")")):
        return "function"
    return "init"


def functions(text):
    """Yields (name, first_line, open_line, close_line) for each function
    body in text (lines are 1-based)."""
    code = blank(text)
    line_of = []
    line = 1
    for c in code:
        line_of.append(line)
        if c == "\n":
            line += 1
    # Each entry: (kind, head_start, open_offset, name).
    stack = []
    head_start = 0
    for i, c in enumerate(code):
        inside = bool(stack) and stack[-1][0] != "scope"
        if c == "{":
            if inside:
                stack.append(("block", 0, i, ""))
                continue
            head = code[head_start:i]
            kind = classify(head)
            name = ""
            if kind == "function":
                m = re.search(r"([\w:~<>]+|operator\s*\S+?)\s*\(", ACCESS.sub("", head))
                name = m.group(1) if m else "?"
            stack.append((kind, head_start, i, name))
            if kind == "scope":
                head_start = i + 1
        elif c == "}":
            if not stack:
                continue
            kind, start, opened, name = stack.pop()
            if kind == "function":
                first = start + len(code[start:opened]) - len(
                    ACCESS.sub("", code[start:opened]).lstrip())
                yield name, line_of[first], line_of[opened], line_of[i]
            if not stack or stack[-1][0] == "scope":
                if kind == "init" and not code[i + 1:].lstrip().startswith((";", ",")):
                    # Braces inside a declaration head (a constructor's
                    # initializer list) leave the head going.
                    continue
                head_start = i + 1
        elif c == ";" and not inside:
            head_start = i + 1


def reason_above(lines, first_line):
    """The comment lines right above line first_line (1-based), joined."""
    block = []
    k = first_line - 2
    while k >= 0 and lines[k].lstrip().startswith("//"):
        block.insert(0, lines[k].strip().lstrip("/").strip())
        k -= 1
    return " ".join(block)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", help="the taskfit source tree")
    parser.add_argument("--max-lines", type=int, default=MAX_LINES)
    args = parser.parse_args()
    checker = os.path.join(args.root, "checker")
    long_ones = []
    for dirpath, _, files in sorted(os.walk(checker)):
        for f in sorted(files):
            if not f.endswith(".cpp"):
                continue
            path = os.path.join(dirpath, f)
            with open(path, encoding="utf-8") as src:
                text = src.read()
            lines = text.split("\n")
            for name, first, opened, closed in functions(text):
                length = closed - opened + 1
                if length <= args.max_lines:
                    continue
                if REASON in reason_above(lines, first).lower():
                    continue
                long_ones.append("%s:%d: %s (%d lines)" % (
                    os.path.relpath(path, args.root), first, name, length))
    for entry in long_ones:
        print(entry)
    print("function_length: %d functions in checker/ longer than %d lines "
          "without a comment saying why (\"%s ...\")"
          % (len(long_ones), args.max_lines, REASON))
    return 1 if long_ones else 0


if __name__ == "__main__":
    sys.exit(main())
