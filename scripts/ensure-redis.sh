#!/usr/bin/env bash
# Make sure Redis answers on 127.0.0.1:6379 (the login-throttle tests use its database 1);
# under CI=true, install and start it when it does not.
set -uo pipefail
ready() { (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; }

if ready; then exit 0; fi
if [ "${CI:-}" = "true" ]; then
  if ! command -v redis-server >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq redis-server >/dev/null
  fi
  echo "Redis is not answering on 127.0.0.1:6379; starting it (CI)." >&2
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save "" --appendonly no >/dev/null
  for _ in $(seq 1 30); do ready && exit 0; sleep 0.5; done
fi
echo "Redis is not reachable on 127.0.0.1:6379: the throttle tests across workers are skipped (fail under CI)." >&2
exit 1
