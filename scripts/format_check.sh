#!/usr/bin/env bash
# The C++ files of src/ and tests/ are formatted as the repo's .clang-format says: runs
# `clang-format --dry-run -Werror` over them and fails naming each file that differs (with
# clang-format's own diagnostics). Nothing is rewritten; to format, run clang-format -i.
# Usage: scripts/format_check.sh [file...]   (default: every *.cc and *.h under src/ and tests/)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
CLANG_FORMAT="${CLANG_FORMAT:-clang-format}"
if ! command -v "$CLANG_FORMAT" >/dev/null 2>&1; then
  echo "format check: $CLANG_FORMAT not found (scripts/install.sh installs it)" >&2
  exit 1
fi

files=()
if [[ $# -gt 0 ]]; then
  files=("$@")
else
  # Sorted, so the report reads the same on every machine.
  while IFS= read -r f; do files+=("$f"); done < <(find src tests -type f \( -name '*.cc' -o -name '*.h' \) \
    -not -path 'tests/toolchains/*' | LC_ALL=C sort)
fi

bad=()
for f in "${files[@]}"; do
  "$CLANG_FORMAT" --style=file --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [[ ${#bad[@]} -gt 0 ]]; then
  echo "format check: ${#bad[@]} of ${#files[@]} files are not formatted as .clang-format says:" >&2
  printf '  %s\n' "${bad[@]}" >&2
  echo "(see one with: $CLANG_FORMAT --style=file --dry-run ${bad[0]})" >&2
  exit 1
fi
echo "format check: ${#files[@]} files formatted as .clang-format says"
