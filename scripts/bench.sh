#!/usr/bin/env bash
# The benchmark: builds a Release alab in build-release/, starts a throwaway PostgreSQL
# server (unless ALAB_TEST_PG_URL is set), and runs bench/bench.py, which prints every
# figure and writes them to bench/out/bench.json. Arguments go to bench.py (--quick, --json).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source "$ROOT/scripts/pg.sh"
cmake -S "$ROOT" -B "$ROOT/build-release" -G Ninja -DCMAKE_BUILD_TYPE=Release -DALAB_TESTS=OFF >/dev/null
ninja -C "$ROOT/build-release" -j"${ALAB_JOBS:-2}" alab >/dev/null
if [[ -z "${ALAB_TEST_PG_URL:-}" ]]; then
  trap stop_pg EXIT
  start_pg || echo "warning: no PostgreSQL server: PostgreSQL figures are skipped" >&2
fi
PY=/usr/bin/python3
[[ -x "$PY" ]] || PY=python3
"$PY" "$ROOT/bench/bench.py" --alab "$ROOT/build-release/alab" "$@"
