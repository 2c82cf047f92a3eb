"""API endpoints, grouped by what they serve; importing this module attaches them to ``blp``."""

from tracker.api.views import dashboard, reference, work  # noqa: F401
