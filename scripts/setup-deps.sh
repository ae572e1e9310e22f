#!/usr/bin/env bash
# Installs the Debian 12 packages taskfit needs to build and test, and only
# those missing: quick (no apt-get at all) when everything is there.
# Usage: bash scripts/setup-deps.sh        (as root, or with sudo available)
set -euo pipefail

packages=(
  # build (lld links taskfit-clangd quickly; dpkg-dev has dpkg-shlibdeps for the .deb)
  cmake ninja-build python3 lld dpkg-dev
  # the checker: LLVM/Clang 19 LibTooling, clang-tidy, clangd libraries
  clang-19 clang-tidy-19 clang-tools-19 libclang-19-dev llvm-19-dev llvm-19-tools
  libclang-rt-19-dev nlohmann-json3-dev libgrpc++-dev libabsl-dev libprotobuf-dev
  # the project's own formatting (scripts/check-format.sh)
  clang-format-19
  # tests, benchmarks and the libraries the tests use as real headers
  libgtest-dev libbenchmark-dev libasio-dev libboost-dev pybind11-dev python3-dev
  libconcurrentqueue-dev libtbb-dev
  # scripts/plot-runtime-bench.py renders the benchmark plots
  python3-matplotlib
  # the programs users run taskfit from, driven by tests/ci: editors with
  # their LSP clients (nvim.test, emacs-*.test) and commit hooks (pre-commit.test)
  neovim emacs-nox elpa-eglot elpa-lsp-mode pre-commit git
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "setup-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "setup-deps: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
