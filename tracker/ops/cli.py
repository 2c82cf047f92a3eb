"""``flask backup`` and ``flask restore``."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.ops.backup import BackupError, create_backup, restore_backup


@click.command("backup")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Archive path (.tar.gz).")
def backup_command(output: Path | None) -> None:
    """Back up the database and uploaded files into one archive."""
    try:
        path = create_backup(output)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {path}")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(archive: Path) -> None:
    """Restore an archive made by ``flask backup`` into an empty instance."""
    try:
        manifest = restore_backup(archive)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {manifest['dialect']} backup of {manifest['created']}.")
