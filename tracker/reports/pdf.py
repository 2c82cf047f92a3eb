"""PDF rendering with WeasyPrint (Pango draws the text; fonts come from the system)."""

from __future__ import annotations

from flask import render_template, request


def render_pdf(template: str, **context) -> bytes:
    """Render ``template`` to HTML and print it to PDF bytes (A4, page numbers from its @page CSS)."""
    from weasyprint import HTML  # imported late: loading Pango is slow and only reports need it

    from tracker.reports.data import HEALTH_FILL

    context.setdefault("fills", {f"health-{code}": fill for code, fill in HEALTH_FILL.items()})
    html = render_template(template, **context)
    return HTML(string=html, base_url=request.host_url if request else None).write_pdf()
