#!/usr/bin/env python3
"""make_compile_db.py BUILD_DIR SOURCE_DIR [FLAG...]: writes
BUILD_DIR/compile_commands.json compiling every *.cpp under SOURCE_DIR with
clang++ and FLAGs: what CMake's CMAKE_EXPORT_COMPILE_COMMANDS would write,
without configuring a project."""
import json
import os
import sys

build, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
flags = sys.argv[3:]
entries = []
for root, _, files in os.walk(src):
    for name in sorted(files):
        if name.endswith(".cpp"):
            path = os.path.join(root, name)
            entries.append({"directory": build, "file": path,
                            "arguments": ["clang++", "-std=c++20"] + flags + ["-c", path]})
os.makedirs(build, exist_ok=True)
with open(os.path.join(build, "compile_commands.json"), "w") as f:
    json.dump(sorted(entries, key=lambda e: e["file"]), f, indent=2)
