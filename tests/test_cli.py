"""flask demo and flask user create."""

from sqlalchemy import func, select

from tracker.agreements.models import Agreement, Field
from tracker.parties.models import Party
from tracker.programs.models import Programme
from tracker.users.models import User


def _counts(db):
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (Party, Agreement, Field, Programme, User))


def test_demo_loads_the_founding_case_and_is_idempotent(runner, db):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "koordinator@kotim.example" in result.output
    first = _counts(db)
    assert first[0] >= 552 and first[1] == 1 and first[2] == 4
    kb = db.session.scalar(select(Agreement))
    assert kb.signed_on.isoformat() == "2025-11-03" and kb.signed_place == "Sampit"
    assert [link.party.region_code for link in kb.parties] == ["62.02", "62.07"]
    assert kb.parties[0].signatory_name == "Halikinnor"
    assert all(len(f.responsibilities) == 2 for f in kb.fields)
    assert {u.role for u in db.session.scalars(select(User))} == {"admin", "officer", "leader"}
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0 and "nothing changed" in again.output
    assert _counts(db) == first


def test_user_create(runner, db, make):
    party = make.party("Kabupaten Seruyan", "62.07")
    agency = make.agency(party, "Dinas Perikanan")
    result = runner.invoke(args=["user", "create", "--email", "Ika@Seruyan.example", "--name", "Ika",
                                 "--role", "officer", "--party", "62.07", "--agency", "dinas perikanan",
                                 "--password", "rahasia-123"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "ika@seruyan.example"))
    assert user.agency_id == agency.id and user.role == "officer"


def test_user_create_by_party_name_prompts_for_password(runner, db, make):
    make.party("Kabupaten Seruyan", "62.07")
    result = runner.invoke(
        args=["user", "create", "--email", "b@s.example", "--name", "B", "--role", "leader", "--party", "kabupaten seruyan"],
        input="rahasia-123\nrahasia-123\n",
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User).where(User.email == "b@s.example")).password_hash.startswith("$argon2")


def test_user_create_errors(runner, make):
    party = make.party("Kabupaten Seruyan", "62.07")
    make.user("admin", party=party, email="ada@s.example")
    base = ["user", "create", "--name", "X", "--password", "rahasia-123"]
    cases = [
        (["--email", "new@s.example", "--role", "leader", "--party", "99.99"], "Unknown party"),
        (["--email", "new@s.example", "--role", "officer", "--party", "62.07", "--agency", "Dinas Tidak Ada"], "Unknown agency"),
        (["--email", "ADA@s.example", "--role", "leader", "--party", "62.07"], "sudah terdaftar"),
        (["--email", "new@s.example", "--role", "officer", "--party", "62.07"], "perangkat daerah"),
        (["--email", "new@s.example", "--role", "boss", "--party", "62.07"], "Invalid value"),
    ]
    for extra, message in cases:
        result = runner.invoke(args=base + extra)
        assert result.exit_code != 0
        assert message in result.output, (extra, result.output)
