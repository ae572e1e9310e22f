# Shared by the scripts: where the build goes and how it is configured.
# Sourced, not run.
TASKFIT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TASKFIT_BUILD="${TASKFIT_BUILD:-$TASKFIT_ROOT/build}"
TASKFIT_JOBS="${TASKFIT_JOBS:-$(nproc)}"

# Configures the main build: clang-19 for everything, Release for speed.
taskfit_configure() {
  cmake -S "$TASKFIT_ROOT" -B "$TASKFIT_BUILD" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 "$@"
}
