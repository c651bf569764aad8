#!/usr/bin/env bash
# The Debian package, end to end: `cpack -G DEB` in a build folder (default build/) makes
# alab_<version>_amd64.deb; its Depends line (from dpkg-shlibdeps) must name the packages of
# every library the binary loads; `dpkg -x` extracts it into a fresh root, whose usr/bin/alab
# then prints its version and runs the demo (init --demo, new, migrate, check) in a temp
# folder; the manual page renders and the bash completion completes. Exit 0 only if all hold.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="$(cd "${1:-$ROOT/build}" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/alab-package.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

log() { echo "==> package: $*"; }
fail() {
  echo "package test: FAILED: $*" >&2
  exit 1
}

VERSION="$(sed -n 's/^project(alab VERSION \([0-9.]*\).*/\1/p' "$ROOT/CMakeLists.txt")"
[[ -n "$VERSION" ]] || fail "cannot read the version from CMakeLists.txt"
ARCH="$(dpkg --print-architecture)"
DEB="$BUILD/alab_${VERSION}_${ARCH}.deb"

log "cpack -G DEB in $BUILD"
rm -f "$DEB"
(cd "$BUILD" && cpack -G DEB) > "$WORK/cpack.log" 2>&1 || {
  cat "$WORK/cpack.log" >&2
  fail "cpack -G DEB"
}
[[ -f "$DEB" ]] || fail "no $(basename "$DEB") after cpack (see cpack's output: $(ls "$BUILD"/*.deb 2>/dev/null))"

log "dpkg-deb -I $(basename "$DEB")"
dpkg-deb -I "$DEB" | tee "$WORK/info"
DEPENDS="$(sed -n 's/^ Depends: //p' "$WORK/info")"
[[ -n "$DEPENDS" ]] || fail "the package has no Depends line"
grep -q "^ Package: alab$" "$WORK/info" || fail "package name"
grep -q "^ Version: $VERSION$" "$WORK/info" || fail "package version"
grep -q "^ Architecture: $ARCH$" "$WORK/info" || fail "architecture"
grep -q "^ Maintainer: " "$WORK/info" || fail "no Maintainer"
grep -q "^ Section: " "$WORK/info" || fail "no Section"

log "contents"
dpkg-deb -c "$DEB" | tee "$WORK/contents"
for path in ./usr/bin/alab ./usr/share/man/man1/alab.1.gz ./usr/share/bash-completion/completions/alab \
  ./usr/share/zsh/vendor-completions/_alab ./usr/share/fish/vendor_completions.d/alab.fish; do
  grep -q " $path\$" "$WORK/contents" || fail "$path is not in the package"
done

log "dpkg -x into a fresh root"
dpkg -x "$DEB" "$WORK/root"
ALAB="$WORK/root/usr/bin/alab"
[[ -x "$ALAB" ]] || fail "usr/bin/alab is not executable"

# Every library the binary loads belongs to a package named in Depends (or to the C/C++
# runtime that every Debian system has), so installing the .deb brings what it needs.
log "libraries against Depends"
# The package owning a library file, tried as loaded, resolved, and across the /usr merge.
owner() {
  local real candidate
  real="$(readlink -f "$1")"
  for candidate in "$1" "$real" "${1#/usr}" "/usr${1#/usr}" "${real#/usr}" "/usr${real#/usr}"; do
    if dpkg -S "$candidate" > /dev/null 2>&1; then
      dpkg -S "$candidate" | head -n 1 | cut -d: -f1
      return
    fi
  done
}
ldd "$ALAB" > "$WORK/ldd"
if grep -q "not found" "$WORK/ldd"; then
  cat "$WORK/ldd" >&2
  fail "unresolved libraries"
fi
for needed in $(objdump -p "$ALAB" | awk '/NEEDED/ {print $2}'); do
  lib="$(awk -v n="$needed" '$1 == n {print $3}' "$WORK/ldd")"
  pkg="$(owner "$lib")"
  [[ -n "$pkg" ]] || fail "$needed ($lib) belongs to no Debian package"
  case "$pkg" in
    libc6 | libgcc-s1 | libstdc++6) ;;
    *) [[ ", $DEPENDS" == *", $pkg "* || ", $DEPENDS," == *", $pkg,"* ]] || fail "$needed is in $pkg, which Depends does not name: $DEPENDS" ;;
  esac
  echo "  $needed: $pkg"
done

log "alab --version"
got="$("$ALAB" --version)"
echo "  $got"
[[ "$got" == "alab $VERSION" ]] || fail "alab --version printed '$got'"

log "the demo with the packaged binary"
mkdir "$WORK/demo"
(
  cd "$WORK/demo"
  for step in "init --demo ." "new initial" "migrate" "check"; do
    echo "\$ alab $step"
    # shellcheck disable=SC2086
    "$ALAB" --no-color $step
  done
) > "$WORK/demo.log" 2>&1 || {
  cat "$WORK/demo.log" >&2
  fail "the demo flow"
}
sed 's/^/  /' "$WORK/demo.log" | tail -n 12
ls "$WORK/demo"/migrations/*.js > /dev/null || fail "the demo wrote no migration"

log "man page"
MANWIDTH=100 man -l "$WORK/root/usr/share/man/man1/alab.1.gz" > "$WORK/man.txt" 2> "$WORK/man.err" ||
  fail "man -l alab.1.gz: $(cat "$WORK/man.err")"
[[ ! -s "$WORK/man.err" ]] || fail "man -l warnings: $(cat "$WORK/man.err")"
for section in NAME SYNOPSIS COMMANDS "EXIT STATUS" ENVIRONMENT FILES "JSON OUTPUT"; do
  grep -q "^$section" "$WORK/man.txt" || fail "the man page has no $section section"
done
head -n 8 "$WORK/man.txt" | sed 's/^/  /'

log "bash completion from the package"
got="$(bash -c 'source "$1"; COMP_WORDS=(alab mi); COMP_CWORD=1; _alab; echo "${COMPREPLY[*]}"' \
  bash "$WORK/root/usr/share/bash-completion/completions/alab")"
[[ "$got" == "migrate" ]] || fail "alab mi<TAB> completed to '$got'"
echo "  alab mi<TAB> -> $got"

log "passed ($(basename "$DEB"), $(du -h "$DEB" | cut -f1))"
