#!/usr/bin/env bash
# Fuzz campaign: libFuzzer on the config parser, the lock file parser, the JS-to-IR
# boundary and the evaluation cache reader (bit flips and truncations of real packs), each
# with a seeded corpus.
#   fuzz.sh [SECONDS_PER_TARGET] [BUILD_DIR]
# FUZZ_TARGETS="fuzz_cache ..." runs only those targets (scripts/test.sh runs fuzz_cache for
# a few seconds; the full campaign is `fuzz.sh 600` by hand).
# BUILD_DIR must be configured with clang and -DALAB_FUZZ=ON (scripts/test.sh's
# sanitizer build is); without one, a clang build is made in build-fuzz/.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SECONDS_PER_TARGET="${1:-600}"
BUILD="${2:-$ROOT/build-fuzz}"
BUILD="$(mkdir -p "$BUILD" && cd "$BUILD" && pwd)"  # absolute: the targets run from a work folder
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -G Ninja -DALAB_FUZZ=ON -DALAB_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
targets="${FUZZ_TARGETS:-$(cd "$ROOT/fuzz" && ls fuzz_*.cc | sed 's/\.cc$//')}"
ninja -C "$BUILD" $targets >/dev/null
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
# Seed corpora from the tests' data.
mkdir -p "$WORK/fuzz_config" "$WORK/fuzz_js" "$WORK/fuzz_lockfile" "$WORK/fuzz_cache"
find "$ROOT/testdata" "$ROOT/scripts" -name '*.yaml' -size -64k -exec cp {} "$WORK/fuzz_config/" \; 2>/dev/null || true
i=0; while IFS= read -r f; do cp "$f" "$WORK/fuzz_js/seed_$i.js"; i=$((i+1)); done \
  < <(find "$ROOT/testdata" -name '*.js' -size -64k 2>/dev/null | head -300)
i=0; while IFS= read -r f; do cp "$f" "$WORK/fuzz_lockfile/seed_$i"; i=$((i+1)); done \
  < <(find "$ROOT/testdata" -name 'alab.lock' 2>/dev/null | head -50)
printf 'database:\n  dialect: sqlite\n  url: ./app.db\nenvironments:\n  prod:\n    url: ${DATABASE_URL}\n' >"$WORK/fuzz_config/seed.yaml"
printf 'abc\nabc migrations/001_a.js\n' >"$WORK/fuzz_lockfile/seed_min"
# fuzz_cache inputs are damages to its own real packs (see fuzz/fuzz_cache.cc): none, one flip,
# a truncation, for each pack.
printf '\x00' >"$WORK/fuzz_cache/seed_schemas"; printf '\x01' >"$WORK/fuzz_cache/seed_migrations"
printf '\x00\x40\x00\x03' >"$WORK/fuzz_cache/seed_flip"; printf '\x03\x80\x00' >"$WORK/fuzz_cache/seed_truncate"
fail=0
for t in $targets; do
  mkdir -p "$WORK/$t"
  # -rss_limit_mb: JavaScriptCore reserves large virtual ranges; RSS is what matters here.
  if (cd "$WORK" && "$BUILD/$t" -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=4096 \
        -timeout=20 -print_final_stats=1 "$WORK/$t" >"$WORK/$t.log" 2>&1); then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$WORK/$t.log" | grep -o '[0-9]*$' || echo "?")
    echo "fuzz campaign [$t]: ${SECONDS_PER_TARGET}s, $runs executions, no crash"
  else
    echo "fuzz campaign [$t]: FAILED"; tail -40 "$WORK/$t.log"; fail=1
    mkdir -p "$ROOT/fuzz/crashes"; cp "$WORK"/crash-* "$WORK"/timeout-* "$ROOT/fuzz/crashes/" 2>/dev/null || true
  fi
done
[ "$fail" -eq 0 ]
