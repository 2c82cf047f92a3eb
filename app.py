"""Entry point for the ``flask`` CLI and WSGI servers."""

from tracker import create_app

app = create_app()
