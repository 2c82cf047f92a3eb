"""The public blueprint with all its routes (pages, open data, photos)."""

from tracker.publication import opendata, photos, views  # noqa: F401  (they add routes to bp)
from tracker.publication.blueprint import bp

__all__ = ["bp"]
