"""The factory, configuration and the first page."""

from pathlib import Path

from tracker import create_app
from tracker.config import normalise_database_url


def test_factory_finds_top_level_templates(app):
    root = Path(__file__).resolve().parent.parent
    assert Path(app.template_folder) == root / "templates"
    assert app.jinja_env.get_template("base.html") is not None


def test_config_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db.example/sinergi")
    monkeypatch.setenv("TRACKER_TIMEZONE", "Asia/Makassar")
    monkeypatch.setenv("BASE_URL", "https://sinergi.example.go.id/")
    app = create_app({"TESTING": True})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/sinergi"
    assert app.config["TRACKER_TIMEZONE"] == "Asia/Makassar"
    assert app.config["BASE_URL"] == "https://sinergi.example.go.id"
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_postgres_urls_use_psycopg3():
    assert normalise_database_url("postgres://a@b/c") == "postgresql+psycopg://a@b/c"
    assert normalise_database_url("sqlite:///x") == "sqlite:///x"


def test_without_mail_server_mail_goes_to_files(monkeypatch):
    monkeypatch.delenv("MAIL_SERVER", raising=False)
    app = create_app({"TESTING": True})
    assert app.config["MAIL_BACKEND"] == "tracker.core.eml.EmailBackend"
    assert app.config["MAIL_FILE_PATH"].endswith("mail")


def test_first_page_lists_agreements_with_parties_fields_and_validity(client, make, login):
    kotim = make.party("Kabupaten Kotawaringin Timur", "62.02")
    seruyan = make.party("Kabupaten Seruyan", "62.07")
    make.agreement([kotim, seruyan], title="KB Kotim Seruyan", fields=["Anak tidak sekolah", "Benih ikan nila"])
    login(make.user("admin", party=kotim))  # an admin's home page is the agreement list
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "KB Kotim Seruyan" in page
    assert "Kabupaten Seruyan" in page
    assert "Anak tidak sekolah" in page and "Benih ikan nila" in page
    assert "3 November 2025" in page and "2 November 2030" in page


def test_bootstrap_is_served_locally(client, make, login):
    login(make.user("leader"))
    page = client.get("/agreements/").get_data(as_text=True)
    assert "cdn." not in page and "jsdelivr" not in page
    css = client.get("/bootstrap/static/css/bootstrap.min.css")
    assert css.status_code == 200


def test_tuning_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("PROGRAMME_STALLED_DAYS", "45")
    monkeypatch.setenv("LOGIN_LIMIT_PER_EMAIL", "3 per 10 minutes")
    monkeypatch.setenv("REMINDER_MAIL_MAX_ATTEMPTS", "not-a-number")
    monkeypatch.setenv("INVITE_MAX_AGE", "172800")
    app = create_app({"TESTING": True})
    assert app.config["PROGRAMME_STALLED_DAYS"] == 45
    assert app.config["INVITE_MAX_AGE"] == 172800
    assert app.config["LOGIN_LIMIT_PER_EMAIL"] == "3 per 10 minutes"
    assert "REMINDER_MAIL_MAX_ATTEMPTS" not in app.config  # a typo never crashes start-up
