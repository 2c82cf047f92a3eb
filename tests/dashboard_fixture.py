"""A hand-built data set with hand-counted dashboard figures (TODAY = 15 June 2026).

Kabupaten A is the leader's Pemda. Every record below says what it should
count for; tests/test_dashboards.py asserts those counts on the pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

TODAY = date(2026, 6, 15)
ARCHIVED = datetime(2026, 6, 1, tzinfo=UTC)


@dataclass
class World:
    a: object = None
    b: object = None
    c: object = None
    ids: dict = field(default_factory=dict)


def build(make, db) -> World:
    w = World()
    w.a, w.b, w.c, d = make.party("Kabupaten A"), make.party("Kabupaten B"), make.party("Kabupaten C"), make.party("Kota D")
    da1, da2 = make.agency(w.a, "Dinas Pendidikan A"), make.agency(w.a, "Dinas Sosial A")
    db1, dc1 = make.agency(w.b, "Dinas Pendidikan B"), make.agency(w.c, "Dinas C")
    w.ids.update(da1=da1.id, da2=da2.id, db1=db1.id, dc1=dc1.id)
    ab = [w.a, w.b]

    # ag1: active; f1 has the work, f2 nothing, f3 only a cancelled programme, f4 archived.
    ag1 = make.agreement(ab, signed_on=date(2026, 1, 10), valid_until=date(2030, 1, 9), fields=["F1", "F2", "F3", "F4"])
    f1, f2, f3, f4 = ag1.fields
    f4.archived_at = ARCHIVED
    # ag2: ends today (still active, 0–30 days); its only field followed up by a done programme.
    ag2 = make.agreement(ab, signed_on=date(2025, 1, 1), valid_until=TODAY, fields=["F5"])
    # ag3: with C, ended 1 May 2026 without a decision (overdue review); its empty field is not counted.
    ag3 = make.agreement([w.a, w.c], signed_on=date(2024, 1, 1), valid_until=date(2026, 5, 1), fields=["F6"])
    # ag4: archived, full of trouble that must not count.
    ag4 = make.agreement(ab, signed_on=date(2026, 1, 1), fields=["F-arch"], archived_at=ARCHIVED)
    # ag5: another Pemda's agreement (C–D), must never count for A.
    ag5 = make.agreement([w.c, d], signed_on=date(2026, 1, 1), fields=["F-other", "F-other-empty"])
    # ag6: terminated; ag7: draft (unsigned) with an empty field; ag8: ends in 60 days.
    ag6 = make.agreement(ab, signed_on=date(2025, 1, 1), fields=["F-term"], terminated_on=date(2026, 3, 1),
                         termination_reason="Tidak dilanjutkan")
    ag7 = make.agreement(ab, signed_on=None, valid_from=None, valid_until=None, fields=["F7"])
    ag8 = make.agreement(ab, signed_on=date(2025, 6, 1), valid_until=date(2026, 8, 14), fields=["F8"])
    # ag9: a KB carried out by the PKS ag10: K1 has no programme of its own, only the PKS's p10
    # (so it is followed up); K2 has nothing (no follow-up).
    ag9 = make.agreement(ab, signed_on=date(2026, 2, 1), valid_until=date(2031, 1, 31), fields=["K1", "K2"])
    ag10 = make.agreement(ab, kind="PKS", parent=ag9, signed_on=date(2026, 3, 1), valid_until=date(2028, 2, 29),
                          fields=["P1"])
    ag10.fields[0].implements_field_id = ag9.fields[0].id
    db.session.commit()
    w.ids.update(ag1=ag1.id, ag2=ag2.id, ag3=ag3.id, ag4=ag4.id, ag5=ag5.id, ag6=ag6.id, ag7=ag7.id, ag8=ag8.id,
                 f1=f1.id, f2=f2.id, f3=f3.id, f4=f4.id, ag9=ag9.id, ag10=ag10.id, k1=ag9.fields[0].id,
                 k2=ag9.fields[1].id)

    run = dict(start_on=date(2026, 1, 1), status="running")
    # p1: due today (not overdue), half done, reported 14 days ago -> at risk (due soon).
    p1 = make.programme(f1, da1, target=100, due_on=TODAY, **run)
    make.progress(p1, quantity=20, reported_on=date(2026, 3, 1))
    make.progress(p1, quantity=30, reported_on=date(2026, 6, 1))
    # p2 (side B): due yesterday at 4/10 -> overdue; its archived entry must not count.
    p2 = make.programme(f1, db1, target=10, due_on=date(2026, 6, 14), **run)
    make.progress(p2, quantity=4, reported_on=date(2026, 2, 1))
    make.progress(p2, quantity=100, reported_on=date(2026, 6, 10), archived_at=ARCHIVED)
    # p3: last report 75 days ago -> stalled.
    p3 = make.programme(f1, da2, target=50, due_on=date(2026, 12, 31), **run)
    make.progress(p3, quantity=25, reported_on=date(2026, 4, 1))
    # p4: cancelled, the only programme of F3; its entries are activity in the period (17 May in, 16 May out).
    p4 = make.programme(f3, da1, target=100, status="cancelled")
    make.progress(p4, quantity=1, reported_on=date(2026, 5, 17))
    make.progress(p4, quantity=1, reported_on=date(2026, 5, 16))
    # p5: done, target reached.
    p5 = make.programme(ag2.fields[0], da1, target=20, start_on=date(2025, 2, 1), due_on=date(2026, 6, 30), status="done")
    make.progress(p5, quantity=20, reported_on=date(2026, 6, 10))
    # p6 (side B): planned, starts in September -> on track, 0 %.
    p6 = make.programme(ag8.fields[0], db1, target=40, start_on=date(2026, 9, 1), due_on=date(2027, 6, 30), status="planned")
    # p9: target reached -> on track.
    p9 = make.programme(f1, da1, target=10, due_on=date(2026, 12, 31), **run)
    make.progress(p9, quantity=10, reported_on=date(2026, 5, 20))
    # p7: archived and overdue: not counted, nor its entry.
    p7 = make.programme(f1, da1, target=10, due_on=date(2026, 1, 31), archived_at=ARCHIVED, **run)
    make.progress(p7, quantity=5, reported_on=date(2026, 6, 5))
    # Trouble in the archived agreement and in the other Pemda's agreement.
    make.progress(make.programme(ag4.fields[0], da1, target=10, due_on=date(2026, 2, 1), **run), quantity=1, reported_on=date(2026, 6, 2))
    make.progress(make.programme(ag5.fields[0], dc1, target=10, due_on=date(2026, 2, 1), **run), quantity=1, reported_on=date(2026, 6, 2))
    # p10: the PKS's programme on P1 (implements K1), half done, reported 10 days ago -> on track.
    p10 = make.programme(ag10.fields[0], da1, target=20, start_on=date(2026, 3, 1), due_on=date(2026, 12, 31),
                         status="running")
    make.progress(p10, quantity=10, reported_on=date(2026, 6, 5))
    w.ids["p10"] = p10.id
    w.ids.update(p1=p1.id, p2=p2.id, p3=p3.id, p4=p4.id, p5=p5.id, p6=p6.id, p7=p7.id, p9=p9.id)
    return w
