#!/usr/bin/env bash
# The whole suite on SQLite, then on PostgreSQL. Never passes on SQLite alone in CI.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin

bash scripts/ensure-redis.sh || true  # the throttle tests across gunicorn workers need it

echo "== Sinergi test suite on SQLite"
"$BIN/python" -m pytest -q -p no:cacheprovider
sqlite_status=$?

echo "== Sinergi test suite on PostgreSQL"
if bash scripts/ensure-postgres.sh; then
  TEST_DB=postgresql "$BIN/python" -m pytest -q -p no:cacheprovider
  pg_status=$?
else
  pg_status=1
fi

if [ "$sqlite_status" -ne 0 ] || [ "$pg_status" -ne 0 ]; then
  echo "FAILED: SQLite exit $sqlite_status, PostgreSQL exit $pg_status" >&2
  exit 1
fi
echo "== Both databases passed."
