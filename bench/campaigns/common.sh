# Shared helpers for the robustness campaigns (sourced, not run).
set -euo pipefail
export PGOPTIONS="${PGOPTIONS:--c client_min_messages=warning}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ALAB="${ALAB:-$ROOT/build/alab}"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
[ -x "$ALAB" ] || { echo "campaign: $ALAB not built (run scripts/test.sh or cmake --build build)" >&2; exit 1; }

# pg_url_for NAME -> a fresh database on the server in ALAB_TEST_PG_URL.
pg_url_for() {
  local name="$1" base="${ALAB_TEST_PG_URL:?ALAB_TEST_PG_URL is not set (campaigns run under scripts/test.sh or with a server)}"
  psql "$base" -qc "DROP DATABASE IF EXISTS $name" >/dev/null
  psql "$base" -qc "CREATE DATABASE $name" >/dev/null
  "$PY" - "$base" "$name" <<'PYEOF'
import sys
url, name = sys.argv[1], sys.argv[2]
q = url.find("?")
slash = url.rfind("/", 0, q if q >= 0 else len(url))
print(url[:slash + 1] + name + (url[q:] if q >= 0 else ""))
PYEOF
}

# make_history DIR TABLES STEPS DIALECT URL: a project with STEPS migrations.
make_history() {
  local dir="$1" tables="$2" steps="$3" dialect="$4" url="$5" s
  for s in $(seq 1 "$steps"); do
    "$PY" "$ROOT/bench/gen_project.py" --out "$dir" --tables "$tables" --steps "$steps" --step "$s" \
      --dialect "$dialect" --url "$url" --columns 6
    (cd "$dir" && "$ALAB" new "step_$s" --yes -q >/dev/null)
  done
}
