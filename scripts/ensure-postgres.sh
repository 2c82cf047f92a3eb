#!/usr/bin/env bash
# Make sure the test PostgreSQL answers; under CI=true, try to start it first.
set -uo pipefail
url=${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/sinergi_test}
host=$(printf '%s' "$url" | sed -E 's#^[^/]*//([^@/]*@)?([^:/]+).*#\2#')
port=$(printf '%s' "$url" | sed -nE 's#^[^/]*//([^@/]*@)?[^:/]+:([0-9]+).*#\2#p')
port=${port:-5432}

ready() { pg_isready -q -h "$host" -p "$port" 2>/dev/null || \
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; }

if ready; then exit 0; fi
if [ "${CI:-}" = "true" ] && command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "PostgreSQL is not answering on $host:$port; starting it (CI)." >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
fi
cat >&2 <<MSG

  !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
  !!  PostgreSQL is NOT reachable at $host:$port.
  !!  The PostgreSQL half of the suite cannot run, so 'make test' FAILS.
  !!  Start it (pg_ctlcluster ... main start) or set TEST_DATABASE_URL.
  !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!

MSG
exit 1
