"""The conflict table compares values by type and shows them as the reader reads them."""

from __future__ import annotations

import re

import pytest

from tests.test_programmes import form_data, world  # noqa: F401  (the fixture)


def _conflict_rows(html: str) -> list[list[str]]:
    table = html.split("Tersimpan sekarang", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
            for row in rows]


@pytest.mark.parametrize("target", ["150", "150,00"])
def test_equal_numbers_are_no_difference_and_real_ones_read_in_indonesian(client, login, world, make, target):  # noqa: F811
    programme = make.programme(world["field"], world["disdik"], name="Program awal", target=150,
                               baseline=0, budget=1_250_000, unit="anak")
    login(world["officer"])
    data = form_data(world["disdik"], name="Program awal", target="150", baseline="0", budget="1.250.000",
                     start_on=programme.start_on.isoformat(), due_on=programme.due_on.isoformat(),
                     description=programme.description or "", version="1")
    assert client.post(f"/programmes/{programme.id}/edit",
                       data={**data, "name": "Versi rekan", "budget": "2.500.000"}).status_code == 302
    mine = client.post(f"/programmes/{programme.id}/edit",
                       data={**data, "name": "Versi saya", "target": target, "baseline": "0,00"})
    rows = _conflict_rows(mine.get_data(as_text=True))
    labels = [row[0] for row in rows]
    assert not any(label.startswith(("Target", "Kondisi awal")) for label in labels), rows  # 150.00 = 150, 0.00 = 0
    assert ["Anggaran (Rp)", "Rp 2.500.000", "Rp 1.250.000"] in rows, rows
