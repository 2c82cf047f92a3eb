"""Riwayat shows stored numbers as the reader reads them: "Target: 250.000", "Anggaran: Rp 350.000.000"."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from tracker.audit.services import record
from tracker.labels import change_value


@pytest.mark.parametrize(("locale", "target", "budget", "quantity"), [
    ("id", "250.000", "Rp 350.000.000", "12,5"),
    ("en", "250,000", "Rp 350,000,000", "12.5"),
])
def test_stored_numbers_read_in_the_readers_language(app, locale, target, budget, quantity):
    with app.test_request_context(), force_locale(locale):
        assert change_value("target", "250000") == target  # Decimals are stored as plain text
        assert change_value("budget", 350000000) == budget
        assert change_value("quantity", "12.50") == quantity
        assert change_value("due_soon_days", "14,7,1") == "14, 7, 1"
        assert change_value("title", "Naskah 2.0") == "Naskah 2.0"  # text stays text
        assert change_value("target", "banyak") == "banyak"  # an odd stored value never breaks the page


def test_programme_history_panel_groups_the_figures(client, login, make, db):
    kotim = make.party("Kotim", "62.02")
    disdik = make.agency(kotim, "Dinas Pendidikan")
    programme = make.programme(make.field(make.agreement([kotim, make.party("Seruyan", "62.07")]), lead=disdik),
                               disdik, target=150)
    record("update", programme, {"target": ("150.00", "250000"), "budget": (1_000_000, 350_000_000)},
           summary=programme.name, user=None)
    db.session.commit()
    login(make.user("admin", party=kotim))
    page = client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert "250.000" in page and "Rp 350.000.000" in page
    assert "250000" not in page and "350000000" not in page
