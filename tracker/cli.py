"""``flask`` commands: demo data, users, reference regions."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from tracker.bench.command import bench_command
from tracker.extensions import db
from tracker.ops.cli import backup_command, restore_command
from tracker.progress.cli import totals_cli
from tracker.reminders.cli import reminders_cli, scheduler_command

user_cli = AppGroup("user", help="Manage user accounts.")
regions_cli = AppGroup("regions", help="Reference data of regional governments.")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only when the database holds no agreement yet.")
def demo_command(if_empty: bool) -> None:
    """Load the Kotim–Seruyan example agreement (safe to run twice)."""
    from sqlalchemy import select

    from tracker.agreements.models import Agreement
    from tracker.demo import DEMO_PASSWORD, load_demo

    if if_empty and db.session.scalar(select(Agreement.id).limit(1)) is not None:
        click.echo("The database already holds agreements; demo data not loaded.")
        return
    created = load_demo()
    db.session.commit()
    if created:
        from tracker.reminders.history import replay_demo_history

        click.echo("Demo data loaded (example data: Kotim–Seruyan KB of 3 November 2025).")
        mails = replay_demo_history()
        click.echo(f"Reminder history replayed as of the demo's dates: {mails} mails sent.")
    else:
        click.echo("Demo data already present; nothing changed.")
    from tracker.demo import DEMO_USERS

    click.echo(f"Demo logins (password: {DEMO_PASSWORD}):")
    for email, _name, role, *_rest in DEMO_USERS:
        click.echo(f"  {role:8} {email}")


@regions_cli.command("load")
def regions_load() -> None:
    """Insert the 552 regional governments that are missing."""
    from tracker.parties.services import load_regions

    added = load_regions()
    db.session.commit()
    click.echo(f"{added} regions added.")


@user_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(["admin", "officer", "leader"]))
@click.option("--party", "party_key", help="Region code (e.g. 62.02) or name of the party.")
@click.option("--agency", "agency_name", help="Agency name within the party (officers).")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def user_create(email, name, role, party_key, agency_name, password) -> None:
    """Create a user account."""
    from tracker.users.services import UserError, create_user, find_agency, find_party

    if not party_key:
        raise click.UsageError("--party is required (region code such as 62.02, or the party's name).")
    party = find_party(party_key)
    if party is None:
        raise click.ClickException(f"Unknown party: {party_key!r}. Use a region code such as 62.02.")
    agency = None
    if agency_name:
        agency = find_agency(party, agency_name)
        if agency is None:
            raise click.ClickException(f"Unknown agency {agency_name!r} in {party.name}.")
    if len(password) < 8:
        raise click.ClickException("The password must have at least 8 characters.")
    try:
        user = create_user(
            email=email, name=name, role=role, party=party, agency=agency, password=password
        )
    except UserError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.role} {user.email} ({party.name}).")


COMMANDS = [demo_command, user_cli, regions_cli, backup_command, restore_command, reminders_cli, scheduler_command, bench_command,
            totals_cli]
