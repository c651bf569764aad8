#!/usr/bin/env bash
# Builds alab, then runs the main job on the bundled demo project with SQLite, in a fresh
# folder. Each step is one `step` line; add new ones at the end.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${ALAB_BUILD_DIR:-$ROOT/build}"
JOBS="${ALAB_JOBS:-2}"

echo "==> building alab in $BUILD"
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C "$BUILD" -j"$JOBS" alab

DEMO="$(mktemp -d "${TMPDIR:-/tmp}/alab-demo.XXXXXX")"
ALAB="$BUILD/alab"
cd "$DEMO"

step() {
  echo
  echo "\$ alab $*"
  "$ALAB" "$@"
}

step init --demo .
step schema -f table
step new initial
step migrate
step status
step check
step export -f all --dir exports

echo
echo "==> demo project left in $DEMO"
