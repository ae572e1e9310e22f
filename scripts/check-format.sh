#!/usr/bin/env bash
# Checks (or, with --fix, applies) the project's formatting: every C++ file
# git knows, with the .clang-format nearest to it (LLVM style for checker/,
# the runtime's style for runtime/, bench/ and tests/runtime/; test inputs
# and examples are left as written). Exits 1 and names the files that
# clang-format-19 would change.
# Usage: bash scripts/check-format.sh [--fix]
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 2
format=$(command -v clang-format-19 || true)
if [ -z "$format" ]; then
  echo "check-format: clang-format-19 not found (bash scripts/setup-deps.sh installs it)" >&2
  exit 2
fi
mapfile -t files < <(git ls-files '*.cpp' '*.h' '*.hpp' '*.cc')
if [ "${1:-}" = "--fix" ]; then
  "$format" -i --style=file "${files[@]}"
  exit 0
fi
bad=0
for f in "${files[@]}"; do
  if ! "$format" --dry-run -Werror --style=file "$f" >/dev/null 2>&1; then
    echo "check-format: $f is not formatted (bash scripts/check-format.sh --fix)"
    bad=$((bad + 1))
  fi
done
echo "check-format: ${#files[@]} files, $bad not formatted"
[ "$bad" -eq 0 ]
