"""A backup restored into a fresh instance shows the same agreements, progress and files."""

from pathlib import Path

from sqlalchemy import func, select

from tracker import create_app
from tracker.agreements.models import Agreement
from tracker.extensions import db as _db
from tracker.progress.models import ProgressEntry


def test_backup_and_restore_round_trip(app, runner, make, tmp_path, empty_database_url):
    programme = make.programme()
    title = programme.field.agreement.title
    make.progress(programme, quantity=7, description="Penyaluran benih tahap I")
    uploads = Path(app.config["UPLOAD_FOLDER"])
    uploads.mkdir(parents=True, exist_ok=True)
    (uploads / "ab12cd.pdf").write_bytes(b"%PDF-1.4 scan")
    archive = tmp_path / "backup.tar.gz"

    result = runner.invoke(args=["backup", "--output", str(archive)])
    assert result.exit_code == 0, result.output
    assert archive.exists()

    fresh = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": empty_database_url,
        "UPLOAD_FOLDER": str(tmp_path / "fresh-uploads"),
    })
    with fresh.app_context():
        result = fresh.test_cli_runner().invoke(args=["restore", str(archive)])
        assert result.exit_code == 0, result.output
        assert _db.session.scalar(select(Agreement.title)) == title
        assert _db.session.scalar(select(func.sum(ProgressEntry.quantity))) == 7
        assert (tmp_path / "fresh-uploads" / "ab12cd.pdf").read_bytes() == b"%PDF-1.4 scan"
        # A second restore refuses to overwrite what is now there.
        again = fresh.test_cli_runner().invoke(args=["restore", str(archive)])
        assert again.exit_code != 0 and "not empty" in again.output
        _db.session.remove()
        _db.engine.dispose()
