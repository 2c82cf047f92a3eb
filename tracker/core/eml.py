"""Mail without a mail server: one .eml file per message in instance/mail/, as a mail client opens it."""

from __future__ import annotations

import os
import re
import secrets
from datetime import datetime
from pathlib import Path

from flask_mailman.backends.base import BaseEmailBackend

_UNSAFE = re.compile(r"[^A-Za-z0-9@._-]+")


class EmailBackend(BaseEmailBackend):
    """Writes each message, with its headers and every part, to its own ``.eml`` file."""

    def __init__(self, *args, file_path: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.folder = Path(file_path or self.mailman.file_path)
        self.folder.mkdir(parents=True, exist_ok=True)

    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                self._write(message)
            except OSError:
                if not self.fail_silently:
                    raise
                continue
            sent += 1
        return sent

    def _write(self, message) -> Path:
        recipient = _UNSAFE.sub("_", message.recipients()[0])[:60]
        name = f"{datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(4)}-{recipient}.eml"
        final, partial = self.folder / name, self.folder / f".{name}.part"
        partial.write_bytes(message.message().as_bytes(linesep="\r\n"))
        os.replace(partial, final)  # a reader never sees half a message
        return final
