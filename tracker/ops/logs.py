"""Structured request logs: one JSON line per request with request id, user id and duration."""

from __future__ import annotations

import json
import logging
import time
import uuid

from flask import Flask, g, request
from flask_login import current_user

logger = logging.getLogger("tracker.request")


class JSONFormatter(logging.Formatter):
    """Log records as JSON objects; ``extra`` fields are kept as keys."""

    RESERVED = set(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        data.update({k: v for k, v in vars(record).items() if k not in self.RESERVED})
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str, ensure_ascii=False)


def _start() -> None:
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming[:64] if incoming.replace("-", "").isalnum() else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response):
    started = g.get("request_started")
    if started is None:
        return response
    response.headers["X-Request-ID"] = g.request_id
    if request.endpoint not in ("static", "bootstrap.static"):
        logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "request_id": g.request_id,
                "user_id": getattr(current_user, "id", None) if current_user else None,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "method": request.method,
                "path": request.path,
            },
        )
    return response


def configure(app: Flask) -> None:
    """JSON logs to stderr when LOG_FORMAT=json (production); request timing always."""
    if app.config.get("LOG_FORMAT") == "json":
        handler = logging.StreamHandler()
        handler.setFormatter(JSONFormatter())
        root = logging.getLogger("tracker")
        root.handlers[:] = [handler]
        root.propagate = False
    logging.getLogger("tracker").setLevel(logging.INFO)
    app.before_request(_start)
    app.after_request(_finish)
