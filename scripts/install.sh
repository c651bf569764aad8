#!/usr/bin/env bash
# Installs everything alab needs to build and test on Debian 12, non-interactively.
# Idempotent: safe to run again. Run as root (or with sudo available).
set -euo pipefail

cd "$(dirname "$0")/.."

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive

packages=(
  # build tools
  g++ cmake ninja-build pkg-config git ca-certificates ccache
  # the format check (scripts/format_check.sh, the repo's .clang-format)
  clang-format
  # libraries
  libjavascriptcoregtk-4.1-dev libsqlite3-dev sqlite3 libpq-dev
  libcli11-dev libfmt-dev nlohmann-json3-dev libyaml-cpp-dev libssl-dev
  libgtest-dev googletest
  # the test PostgreSQL server (scripts/test.sh starts a throwaway one)
  postgresql postgresql-client
  # toolchains that check the exported types offline
  golang-go python3 python3-mypy python3-pydantic
  librust-serde-dev librust-serde-derive-dev librust-serde-json-dev
  librust-chrono-dev librust-uuid-dev
  # Node.js (TypeScript checks of typings and exports)
  nodejs
  # compilers for quicktype's output from the JSON Schema export: Java + Jackson, C# +
  # Newtonsoft.Json, Kotlin (kotlinc; Debian has no Kotlin JSON library); C++ uses
  # nlohmann-json3-dev above and Go golang-go
  default-jdk-headless libjackson2-databind-java libjackson2-annotations-java libjackson2-core-java
  mono-mcs libnewtonsoft-json-cil-dev kotlin
  # headless browser for the docs page tests (alab docs, the Redoc page of the OpenAPI export),
  # with a font for its text
  chromium fonts-dejavu-core
  # benchmarks and campaigns: the peer compared in scripts/bench.sh, and clang's libFuzzer
  alembic python3-alembic python3-psycopg2 clang libclang-rt-14-dev
  # packaging (cpack's dpkg-shlibdeps, file) and the checks of the manual page and completions
  dpkg-dev file groff-base man-db bash zsh fish
)
# A cargo/rustc already on PATH (e.g. rustup) is kept; Debian's otherwise.
if ! command -v cargo >/dev/null 2>&1; then
  packages+=(cargo rustc)
fi
# npm comes with some nodejs builds (nodesource's conflicts with Debian's npm package).
if ! command -v npm >/dev/null 2>&1; then
  packages+=(npm)
fi

echo "==> apt-get update"
$SUDO apt-get update -q
echo "==> apt-get install ${#packages[@]} packages"
$SUDO apt-get install -y -q --no-install-recommends "${packages[@]}"

if [[ -f tests/toolchains/package-lock.json ]]; then
  echo "==> npm ci --prefix tests/toolchains (TypeScript, graphql, swagger-parser, redocly, ajv, quicktype)"
  npm ci --prefix tests/toolchains --no-audit --no-fund --loglevel=error
else
  echo "==> tests/toolchains/package-lock.json not found: skipping the npm toolchain install"
fi
echo "==> dependencies installed"
