#!/usr/bin/env bash
# `npm test`: every check and test of the project, in order, stopping at the first failure.
#   type check, lint, format check → unit tests → data-layer tests on SQLite and PostgreSQL →
#   end-to-end tests of the production build in Debian's Chromium.
# Installs what is missing when it can (Chromium and the PostgreSQL server from apt, as root).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

passed=0
failed=0
started_all=$(date +%s)
started_marker=$(mktemp)
trap 'rm -f "$started_marker"' EXIT

step() {
  local name=$1
  shift
  local started=$(date +%s)
  printf '\n==> %s\n' "$name"
  if "$@"; then
    passed=$((passed + 1))
    printf '==> %s: ok (%ss)\n' "$name" $(($(date +%s) - started))
  else
    failed=$((failed + 1))
    printf '==> %s: FAILED (%ss)\n' "$name" $(($(date +%s) - started))
    printf '\ntest steps: %d passed, %d failed\n' "$passed" "$failed"
    exit 1
  fi
}

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "npm test: $1 is missing and installing it needs root: run 'apt-get install -y $2' and try again" >&2
    exit 1
  fi
  echo "npm test: installing $2 from apt (missing: $1)…"
  if [ -z "${APT_UPDATED:-}" ]; then
    apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

chromium_path=${CHROMIUM_PATH:-/usr/bin/chromium}
[ -x "$chromium_path" ] || apt_install "$chromium_path" chromium

have_pg() { ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || [ -n "${TEST_POSTGRES_URL:-}" ]; }
have_pg || apt_install "PostgreSQL server binaries (initdb)" postgresql

step "type check" npx tsc --noEmit
step "lint" npx eslint --max-warnings 0 .
step "format check" npx prettier --check --log-level warn .
step "unit tests" npx vitest run --project unit
step "database tests (SQLite and PostgreSQL)" npx vitest run --project db
step "end-to-end tests (production build, Chromium)" npx playwright test

# Every upload spools to a temp folder of its own and must remove it on every path, errors included.
no_spool_left() {
  local left
  left=$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'advisor-upload-*' -newer "$started_marker" 2>/dev/null)
  if [ -n "$left" ]; then
    printf 'spool folders left behind by the tests:\n%s\n' "$left"
    return 1
  fi
  echo "no spool folder left in ${TMPDIR:-/tmp}"
}
step "no upload spool folder left behind" no_spool_left

printf '\nall tests passed in %ss\n' $(($(date +%s) - started_all))
printf 'test steps: %d passed, %d failed\n' "$passed" "$failed"
