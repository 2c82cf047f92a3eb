"""``flask totals``: recount the kept programme totals, or check them against a recount."""

from __future__ import annotations

import click
from flask.cli import AppGroup

totals_cli = AppGroup("totals", help="Kept totals per programme (realised, entries, last entry).")


@totals_cli.command("rebuild")
def rebuild_command() -> None:
    """Replace every programme's kept totals by a full recount of its live entries."""
    from tracker.core.cache import bump
    from tracker.extensions import db
    from tracker.progress import totals

    with db.engine.begin() as conn:
        counted = totals.rebuild(conn)
    bump()  # a Core write the session hook cannot see
    click.echo(f"Kept totals rebuilt: {counted} programmes with progress entries.")


@totals_cli.command("check")
def check_command() -> None:
    """Compare the kept totals with a full recount; exit 1 when any differ."""
    from tracker.extensions import db
    from tracker.progress import totals

    with db.engine.connect() as conn:
        differing = totals.drift(conn)
    for programme_id, kept, counted in differing[:20]:
        click.echo(f"programme {programme_id}: kept {kept}, recount {counted}")
    if differing:
        raise click.ClickException(f"{len(differing)} programmes differ; run `flask totals rebuild`.")
    click.echo("Kept totals equal a full recount.")
