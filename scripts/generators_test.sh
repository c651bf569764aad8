#!/usr/bin/env bash
# Both CMake generators build and install alab: Unix Makefiles (CMake's default, what most
# packagers' tooling drives) and Ninja. Each configures a fresh tree without the test binary,
# builds `alab` and the generated manual page and completions, installs into a temporary
# prefix and runs the installed binary. With ccache the objects are the ones build/ compiled.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/alab-generators.XXXXXX")"
trap 'rm -rf "$WORK" "$ROOT/build-generators-Unix-Makefiles" "$ROOT/build-generators-Ninja"' EXIT
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$ROOT}"
JOBS="${ALAB_JOBS:-2}"

fail() {
  echo "generators test: FAILED: $*" >&2
  exit 1
}

for gen in "Unix Makefiles" "Ninja"; do
  # The build trees sit directly in the project folder, as build/ does: with CCACHE_BASEDIR
  # the compiler sees the same relative paths (../src/...) and ccache reuses build/'s objects
  # (a tree under /tmp would compile everything again, twice).
  dir="$ROOT/build-generators-${gen// /-}"
  rm -rf "$dir"
  prefix="$WORK/prefix-${gen// /-}"
  echo "==> generators: $gen"
  cmake -S "$ROOT" -B "$dir" -G "$gen" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DALAB_TESTS=OFF \
    >"$WORK/configure.log" 2>&1 || { cat "$WORK/configure.log" >&2; fail "$gen: configure"; }
  cmake --build "$dir" -j "$JOBS" >"$WORK/build.log" 2>&1 || {
    tail -n 40 "$WORK/build.log" >&2
    fail "$gen: cmake --build"
  }
  cmake --install "$dir" --prefix "$prefix" >"$WORK/install.log" 2>&1 || {
    cat "$WORK/install.log" >&2
    fail "$gen: cmake --install"
  }
  [[ -x "$prefix/bin/alab" ]] || fail "$gen: no bin/alab in the install prefix"
  [[ -s "$prefix/share/man/man1/alab.1.gz" ]] || fail "$gen: no man page in the install prefix"
  [[ -s "$prefix/share/bash-completion/completions/alab" ]] || fail "$gen: no bash completion"
  "$prefix/bin/alab" --version | grep -q '^alab ' || fail "$gen: the installed alab does not run"
  (cd "$WORK" && rm -rf demo && "$prefix/bin/alab" init --demo demo >/dev/null &&
    "$prefix/bin/alab" -C demo new initial >/dev/null && "$prefix/bin/alab" -C demo migrate >/dev/null) ||
    fail "$gen: the installed alab cannot run the demo"
done
echo "generators test: Unix Makefiles and Ninja both build, install and run"
