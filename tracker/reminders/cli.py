"""``flask reminders run`` and ``flask scheduler``."""

from __future__ import annotations

import signal

import click
from flask import current_app
from flask.cli import AppGroup

from tracker.core.clock import today as local_today
from tracker.reminders import bench as _bench  # noqa: F401  (registers reminders_s with `flask bench`)

AUDIENCES = {"officer": "petugas OPD", "agency": "email kantor OPD", "admin": "koordinator", "leader": "pimpinan"}

reminders_cli = AppGroup("reminders", help="Scheduled email reminders.")


@reminders_cli.command("run")
@click.option("--today", "day", type=click.DateTime(["%Y-%m-%d"]), help="Run as on this date (YYYY-MM-DD).")
@click.option("--dry-run", is_flag=True, help="Print what would go to whom; write and send nothing.")
def run_command(day, dry_run: bool) -> None:
    """Run one reminder pass by hand (all rules, digests included)."""
    from tracker.i18n import format_day
    from tracker.reminders.outbox import deliver_outbox
    from tracker.reminders.services import plan, run_reminders

    today = day.date() if day else local_today()
    if dry_run:
        _print_plan(plan(today), today)
        return
    queued = run_reminders(today, simulated=bool(day))
    # Mails leave now and record the real time; the log keeps the simulated date (fired_on).
    counts = deliver_outbox()
    simulated = f" (simulasi untuk {format_day(today)})" if day else ""
    click.echo(f"{queued} surel diantrekan{simulated}; terkirim {counts['sent']}, menunggu {counts['waiting']}, "
               f"dicoba lagi {counts['retry']}, gagal {counts['failed']}.")


def _print_plan(groups: dict, today) -> None:
    from tracker.i18n import format_day
    from tracker.reminders.compose import RULE_LABELS, describe
    from tracker.reminders.engine import DIGEST_RULES

    click.echo(f"Uji coba (tidak ada yang ditulis atau dikirim) untuk {format_day(today)}:")
    if not groups:
        click.echo("Tidak ada pengingat yang jatuh tempo.")
    for email, items in groups.items():
        person = items[0].recipient
        role = AUDIENCES.get(person.audience, person.audience)
        who = f"{person.name}, {role}" if person.name else role
        click.echo(f"\nKepada: {email} ({who}) — {len(items)} hal")
        for item in items:
            if item.rule in DIGEST_RULES:
                click.echo(f"  - {RULE_LABELS[item.rule]}: {item.title}")
                continue
            text = describe(item)
            click.echo(f"  - {text['label']}: {item.title}\n      {text['text']}\n      {text['link']}")
    total = sum(len(items) for items in groups.values())
    click.echo(f"\nJumlah: {total} hal untuk {len(groups)} penerima.")


@click.command("scheduler")
def scheduler_command() -> None:
    """Run the reminder jobs in this process (rules 07:00, digests, outbox every minute)."""
    from tracker.reminders.scheduler import LeaderLoop

    loop = LeaderLoop(current_app._get_current_object())
    # systemd stops with SIGTERM: give the lock back at once so the standby leads without delay.
    signal.signal(signal.SIGTERM, lambda *_: loop.stop())
    click.echo(f"Penjadwal berjalan ({current_app.config['TRACKER_TIMEZONE']}); menunggu giliran bila ada "
               "penjadwal lain yang aktif. Hentikan dengan Ctrl+C.")
    try:
        loop.run()
    except (KeyboardInterrupt, SystemExit):
        loop.stop()
