"""Load proof: gunicorn (2 workers) on 127.0.0.1 against PostgreSQL filled by the bench generator.

    PROVE_SCALE=0.1 .venv/bin/python scripts/prove/load.py     # default, a few minutes
    PROVE_SCALE=1   .venv/bin/python scripts/prove/load.py     # the issue's target (10,000 agreements)

Phases, all against the same gunicorn: a mixed run (logins, leader dashboard, agreement list and
detail, progress submissions with CSRF tokens), then the agreement page alone and a trivial page
(anonymous GET /login, no database) alone, to compare the app against the framework's own limit.
Exit status 1 when a 5xx was answered or a progress entry was lost or stored twice.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

SCALE = float(os.environ.get("PROVE_SCALE", "0.1"))
CLIENTS = int(os.environ.get("PROVE_CLIENTS", "50"))
SECONDS = float(os.environ.get("PROVE_SECONDS", "30"))
PHASE_SECONDS = float(os.environ.get("PROVE_PHASE_SECONDS", "10"))


def main() -> int:
    url = common.PG_URL
    common.say(f"== load: scale {SCALE}, {CLIENTS} clients, {SECONDS:.0f} s mixed + 2 x {PHASE_SECONDS:.0f} s, {url}")
    common.recreate_database(url)
    data = common.fill(url, SCALE, officers=CLIENTS * 4 // 5, leaders=CLIENTS - CLIENTS * 4 // 5)
    common.say(f"generated {data['rows']} rows in {data['generate_s']} s; "
               f"{len(data['agreements'])} agreements of the busiest Pemda")
    run_id = f"L{int(time.time())}"
    before = common.progress_rows(url)
    log = Path(os.environ.get("PROVE_LOG_DIR") or tempfile.gettempdir()) / "sinergi-prove-gunicorn.log"
    with common.gunicorn(url, workers=2, log_path=log) as (host, port):
        mixed = common.load(host, port, data["users"], data["agreements"], SECONDS, run_id)
        agreement = common.load(host, port, data["users"], data["agreements"], PHASE_SECONDS, run_id + "a",
                                mix="agreement")
        trivial = common.load(host, port, data["users"], data["agreements"], PHASE_SECONDS, run_id + "t",
                              mix="trivial")
    after = common.progress_rows(url)
    figures = {
        "scale": SCALE,
        "mixed": common.summary(mixed, SECONDS),
        "progress": common.progress_check(mixed, url, run_id),
        "progress_rows_before_after": [before, after],
        "agreement_only_rps": common.summary(agreement, PHASE_SECONDS)["agreement"]["rps"],
        "trivial_only_rps": common.summary(trivial, PHASE_SECONDS)["trivial"]["rps"],
    }
    errors_5xx = sum(1 for records in (mixed, agreement, trivial) for r in records if common.is_5xx(r[1]))
    other = sum(1 for records in (mixed, agreement, trivial) for r in records if not isinstance(r[1], int))
    figures["5xx"], figures["connection_errors"] = errors_5xx, other
    figures["agreement_vs_trivial"] = round(figures["agreement_only_rps"] / figures["trivial_only_rps"], 2)
    _print(figures)
    if os.environ.get("PROVE_KEEP") != "1":
        common.drop_database(url)
    progress = figures["progress"]
    ok = (errors_5xx == 0 and other == 0 and progress["lost"] == 0 and progress["stored_twice"] == 0
          and after - before == progress["accepted"])
    common.say("load: OK" if ok else "load: FAILED")
    return 0 if ok else 1


def _print(figures: dict) -> None:
    common.say(f"{'kind':<10} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}  statuses")
    for kind, row in sorted(figures["mixed"].items()):
        common.say(f"{kind:<10} {row['n']:>8} {row['rps']:>7} {row['p50_ms']:>7} {row['p95_ms']:>7}  {row['status']}")
    progress = figures["progress"]
    common.say(f"5xx answers: {figures['5xx']}; connection errors: {figures['connection_errors']}")
    common.say(f"progress: {progress['accepted']} accepted, {progress['accepted_stored_once']} stored exactly once, "
               f"{progress['lost']} lost, {progress['stored_twice']} stored twice; rows before/after "
               f"{figures['progress_rows_before_after']}")
    common.say(f"agreement page alone: {figures['agreement_only_rps']} req/s; trivial page alone: "
               f"{figures['trivial_only_rps']} req/s; ratio {figures['agreement_vs_trivial']}")
    common.say("FIGURES " + json.dumps(figures))


if __name__ == "__main__":
    sys.exit(main())
