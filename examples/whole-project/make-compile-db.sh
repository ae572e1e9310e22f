#!/usr/bin/env bash
# Writes DIR/compile_commands.json for every .cpp of this example, with
# absolute paths and the flags CMakeLists.txt uses, so that tests can analyse
# the project without running cmake.
# Usage: bash examples/whole-project/make-compile-db.sh DIR
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$1"
out="$(cd "$1" && pwd)"
compiler="${CXX_FOR_DB:-clang++-19}"
python_include="${PYTHON_INCLUDE:-/usr/include/python3.11}"

json_string() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

mapfile -t files < <(cd "$src" && find src python -name '*.cpp' | LC_ALL=C sort)
{
  echo "["
  for i in "${!files[@]}"; do
    file="$src/${files[$i]}"
    obj="$out/obj/${files[$i]%.cpp}.o"
    args=("$compiler" -std=c++20 -DASIO_HAS_CO_AWAIT -DASIO_HAS_STD_COROUTINE
          "-I$src/include" "-I$python_include" -c "$file" -o "$obj")
    printf '  {\n    "directory": %s,\n    "file": %s,\n    "output": %s,\n    "arguments": [' \
      "$(json_string "$out")" "$(json_string "$file")" "$(json_string "$obj")"
    for j in "${!args[@]}"; do
      [ "$j" -gt 0 ] && printf ', '
      json_string "${args[$j]}"
    done
    printf ']\n  }'
    [ "$i" -lt $((${#files[@]} - 1)) ] && printf ','
    printf '\n'
  done
  echo "]"
} >"$out/compile_commands.json"
echo "$out/compile_commands.json: ${#files[@]} files"
