"""Sinergi: follow cooperation agreements between regions from signature to results."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from tracker import config as config_module

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Application factory: settings, extensions, blueprints, CLI, template helpers."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_relative_config=True,
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(config_module.DEFAULTS)
    app.config.update(config_module.from_environment(app.instance_path))
    app.config.update(test_config or {})
    app.config["MAX_CONTENT_LENGTH"] = app.config.get("MAX_CONTENT_LENGTH") or (
        app.config["MAX_UPLOAD_MB"] * 1024 * 1024 * 6
    )
    config_module.check_shared_storage(app.config)
    register_proxies(app)
    register_extensions(app)
    register_blueprints(app)
    register_cli(app)
    register_template_helpers(app)
    register_hooks(app)
    register_scheduler(app)
    return app


def register_proxies(app: Flask) -> None:
    """Trust X-Forwarded-For/-Proto only from the PROXY_HOPS proxies in front (nginx: 1)."""
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def register_extensions(app: Flask) -> None:
    from tracker import models  # noqa: F401  (metadata for Alembic)
    from tracker.extensions import babel, bootstrap, csrf, db, limiter, login_manager, mail, migrate
    from tracker.i18n import select_locale

    db.init_app(app)
    with app.app_context():
        from sqlalchemy import event

        from tracker.extensions import enable_sqlite_foreign_keys

        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", enable_sqlite_foreign_keys)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=lambda: app.config["TRACKER_TIMEZONE"],
        default_translation_directories=str(PROJECT_ROOT / "translations"),
    )
    bootstrap.init_app(app)
    limiter.init_app(app)
    configure_mail(app)
    mail.init_app(app)
    login_manager.init_app(app)
    from tracker.core import cache as page_cache
    from tracker.users import auth

    page_cache.init_app(app)

    auth.configure_login(login_manager)


def configure_mail(app: Flask) -> None:
    """Without a mail server, write mails as .eml files to instance/mail/."""
    if app.config.get("MAIL_BACKEND"):
        return
    if app.config.get("MAIL_SERVER"):
        app.config["MAIL_BACKEND"] = "smtp"
    else:
        app.config["MAIL_BACKEND"] = "tracker.core.eml.EmailBackend"
        app.config.setdefault("MAIL_FILE_PATH", str(Path(app.instance_path) / "mail"))


def register_blueprints(app: Flask) -> None:
    from tracker.blueprints import BLUEPRINTS

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)


def register_cli(app: Flask) -> None:
    from tracker.cli import COMMANDS

    for command in COMMANDS:
        app.cli.add_command(command)


def register_template_helpers(app: Flask) -> None:
    from functools import partial

    from tracker import i18n, labels, permissions
    from tracker.agreements.status import agreement_status
    from tracker.audit.queries import change_value
    from tracker.core import translations
    from tracker.core.clock import today
    from tracker.core.links import link_args

    translations.install(app)
    app.jinja_env.filters.update(
        day=i18n.format_day,
        moment=i18n.format_moment,
        number=i18n.format_number,
        percent=i18n.format_percent,
        month=i18n.format_month,
        rupiah=i18n.format_rupiah,
        field_name=labels.field_name,
    )
    app.jinja_env.globals.update(
        can=permissions.can,
        may_publish=permissions.may_publish,
        today=today,
        agreement_status=agreement_status,
        labels=labels,
        link_args=link_args,
        change_value=change_value,
        period=i18n.format_period,
        status_label=partial(labels.label, labels.AGREEMENT_STATUS),
        health_label=partial(labels.label, labels.HEALTH),
    )


def register_hooks(app: Flask) -> None:
    from tracker.core import web
    from tracker.ops import logs

    logs.configure(app)
    web.register(app)


def register_scheduler(app: Flask) -> None:
    """Run the reminder jobs in the web process for ``make run`` (RUN_SCHEDULER_IN_WEB)."""
    from tracker.reminders.scheduler import register_scheduler as start_in_web

    start_in_web(app)
