"""Desk users (scrypt passwords, roles, the last admin) and the hash-chained audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.desk import Desk
from app.domain.validation import ValidationError
from app.services import users
from app.store import audit
from app.store.engine import IntegrityError
from app.store.models import Audit, User
from tests.app.deskkit import counts, raw_db, receive

# scrypt at the shipped cost (n=2**14, about 50 ms a hash) only where the cost itself is checked;
# the rule tests hash with n=2**8 so the file stays fast. The parameters travel in the hash string.
REAL_COST = {"test_create_and_authenticate", "test_same_password_gets_a_different_salt"}


@pytest.fixture(autouse=True)
def cheap_scrypt(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.node.originalname not in REAL_COST:
        monkeypatch.setitem(users._SCRYPT, "n", 2**8)


def add(
    desk: Desk, username: str, role: str = "clerk", password: str = "mat-khau-8", name: str = "Cán Bộ"
) -> users.UserInfo:
    with desk.tx() as s:
        return users.create_user(s, username, name, role, password, actor="test:admin")


def login(desk: Desk, username: str, password: str) -> users.UserInfo | None:
    with desk.tx() as s:
        return users.authenticate(s, username, password)


def test_create_and_authenticate(desk: Desk) -> None:
    info = add(desk, " Hoa.Nguyen ", "leader", "mật-khẩu-dài", "Nguyễn Thị Hoà")
    assert info == users.UserInfo("hoa.nguyen", "Nguyễn Thị Hoà", "leader", True)
    with desk.read() as s:
        stored = s.scalars(select(User.password_hash)).one()
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert "mật-khẩu-dài" not in stored
    assert users.verify_password("mật-khẩu-dài", stored)
    assert not users.verify_password("mật-khẩu-dàI", stored)
    assert not users.verify_password("mật-khẩu-dài", "md5$abc")
    assert not users.verify_password("x", "garbage")
    assert login(desk, "HOA.NGUYEN", "mật-khẩu-dài") == info
    assert login(desk, "hoa.nguyen", "sai-mat-khau") is None
    assert login(desk, "khong.co", "mat-khau-8") is None


def test_same_password_gets_a_different_salt() -> None:
    a, b = users.hash_password("mat-khau-8"), users.hash_password("mat-khau-8")
    assert a != b and users.verify_password("mat-khau-8", a) and users.verify_password("mat-khau-8", b)


def test_failed_login_is_audited_and_committed_by_the_caller(desk: Desk) -> None:
    add(desk, "an")
    before = counts(desk)["audit"]
    assert login(desk, "an", "wrong-password") is None
    assert login(desk, "an", "mat-khau-8") is not None
    with desk.read() as s:
        rows = s.scalars(select(Audit).order_by(Audit.id.desc()).limit(2)).all()
    assert [(r.action, r.actor, r.entity_id) for r in reversed(rows)] == [
        ("login.fail", "an", "an"),
        ("login.ok", "an", "an"),
    ]
    assert counts(desk)["audit"] == before + 2


def test_inactive_user_cannot_log_in(desk: Desk) -> None:
    add(desk, "boss", "admin")
    add(desk, "binh")
    with desk.tx() as s:
        users.set_user(s, "binh", actor="boss", active=False)
    assert login(desk, "binh", "mat-khau-8") is None
    with desk.read() as s:
        infos = {u.username: u for u in users.list_users(s)}
    assert not infos["binh"].can("intake")


@pytest.mark.parametrize(
    ("username", "role", "password", "name", "fields"),
    [
        ("an", "clerk", "1234567", "An", {"password"}),
        ("nguyễn", "clerk", "mat-khau-8", "An", {"username"}),
        ("an hoa", "clerk", "mat-khau-8", "An", {"username"}),
        ("", "clerk", "mat-khau-8", "An", {"username"}),
        ("an", "boss", "mat-khau-8", "An", {"role"}),
        ("an", "clerk", "mat-khau-8", "  ", {"full_name"}),
        ("", "boss", "short", "", {"username", "role", "password", "full_name"}),
    ],
)
def test_create_user_rules(
    desk: Desk, username: str, role: str, password: str, name: str, fields: set[str]
) -> None:
    before = counts(desk)
    with pytest.raises(ValidationError) as exc:
        add(desk, username, role, password, name)
    assert {i.field for i in exc.value.issues} == fields
    assert counts(desk) == before


def test_usernames_are_unique_ignoring_case(desk: Desk) -> None:
    add(desk, "an")
    with pytest.raises(ValidationError) as exc:
        add(desk, "AN")
    assert [(i.field, i.rule) for i in exc.value.issues] == [("username", "unique")]


def test_the_last_active_admin_cannot_be_demoted_or_locked(desk: Desk) -> None:
    add(desk, "boss", "admin")
    for change in ({"role": "clerk"}, {"active": False}):
        with pytest.raises(users.AuthError, match="ít nhất một quản trị viên"), desk.tx() as s:
            users.set_user(s, "boss", actor="boss", **change)
        with desk.read() as s:
            u = s.scalars(select(User)).one()
            assert (u.role, u.active) == ("admin", True)
    add(desk, "phu", "admin")
    with desk.tx() as s:
        assert users.set_user(s, "boss", actor="phu", role="leader").role == "leader"
    with pytest.raises(users.AuthError), desk.tx() as s:
        users.set_user(s, "phu", actor="phu", active=False)


def test_set_user_rules(desk: Desk) -> None:
    add(desk, "boss", "admin")
    add(desk, "an")
    with pytest.raises(users.AuthError, match="khong.co"), desk.tx() as s:
        users.set_user(s, "khong.co", actor="boss", role="clerk")
    with pytest.raises(ValidationError, match="password"), desk.tx() as s:
        users.set_user(s, "an", actor="boss", password="ngan")
    with pytest.raises(ValidationError, match="role"), desk.tx() as s:
        users.set_user(s, "an", actor="boss", role="chief")
    with desk.tx() as s:
        users.set_user(s, "an", actor="boss", password="mat-khau-moi-9")
    assert login(desk, "an", "mat-khau-8") is None
    assert login(desk, "an", "mat-khau-moi-9") is not None
    with desk.read() as s:
        last = s.scalars(select(Audit).where(Audit.action == "user.update").order_by(Audit.id.desc())).first()
        assert last is not None and last.after["password_changed"] is True
        assert "mat-khau" not in str(last.after) + str(last.before)


def test_permissions_by_role() -> None:
    clerk = users.UserInfo("a", "A", "clerk", True)
    leader = users.UserInfo("b", "B", "leader", True)
    admin = users.UserInfo("c", "C", "admin", True)
    assert clerk.can("intake") and not clerk.can("extend") and not clerk.can("users")
    assert leader.can("extend") and leader.can("override_due") and not leader.can("catalogue")
    assert admin.can("users") and admin.can("calendar")
    assert not users.UserInfo("d", "D", "admin", False).can("intake")


# --------------------------------------------------------------------------- audit chain


def _chain(desk: Desk) -> audit.ChainReport:
    with desk.read() as s:
        return audit.verify(s)


def _raw(desk: Desk, sql: str, *params: object) -> None:
    """Tamper as someone with the file and a DB browser would: drop the append-only triggers
    (migration 0002) first, then edit; the hash chain must still tell."""
    con = raw_db(desk.db_path)
    try:
        con.execute("DROP TRIGGER IF EXISTS audit_no_update")
        con.execute("DROP TRIGGER IF EXISTS audit_no_delete")
        con.execute(sql, params)
        con.commit()
    finally:
        con.close()


def _busy_store(desk: Desk) -> list[int]:
    add(desk, "boss", "admin")
    for _ in range(3):
        receive(desk)
    login(desk, "boss", "wrong-password")
    with desk.read() as s:
        return list(s.scalars(select(Audit.id).order_by(Audit.id)))


def test_chain_verifies_and_links_every_row(desk: Desk) -> None:
    ids = _busy_store(desk)
    report = _chain(desk)
    assert (report.ok, report.rows, report.broken_at) == (True, len(ids), None)
    with desk.read() as s:
        rows = s.scalars(select(Audit).order_by(Audit.id)).all()
    assert rows[0].prev_hash == audit.GENESIS
    for prev, cur in zip(rows, rows[1:], strict=False):
        assert cur.prev_hash == prev.hash and len(cur.hash) == 64


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("actor", "ke-gian"),
        ("action", "dossier.deleted"),
        ("at", "2020-01-01T00:00:00+07:00"),
        ("after", '{"x":1}'),
    ],
)
def test_chain_detects_an_edited_row(desk: Desk, column: str, value: str) -> None:
    ids = _busy_store(desk)
    victim = ids[3]
    _raw(desk, f'UPDATE audit SET "{column}"=? WHERE id=?', value, victim)
    assert _chain(desk).broken_at == victim


def test_chain_detects_an_edit_whose_hash_was_recomputed(desk: Desk) -> None:
    ids = _busy_store(desk)
    victim = ids[2]
    _raw(desk, "UPDATE audit SET actor='ke-gian', hash=? WHERE id=?", "f" * 64, victim)
    # The row itself now fails, and so would the next one whose prev_hash no longer matches.
    assert _chain(desk).broken_at == victim
    with desk.read() as s:
        row = s.get(Audit, victim)
        assert row is not None
        good_next_prev = s.scalar(select(Audit.prev_hash).where(Audit.id == ids[3]))
    forged = audit._digest(row.prev_hash, row)
    _raw(desk, "UPDATE audit SET hash=? WHERE id=?", forged, victim)
    assert forged != good_next_prev
    assert _chain(desk).broken_at == ids[3]


def test_chain_detects_a_deleted_row(desk: Desk) -> None:
    ids = _busy_store(desk)
    _raw(desk, "DELETE FROM audit WHERE id=?", ids[4])
    report = _chain(desk)
    assert report.broken_at == ids[5]
    assert report.rows == 5  # counted up to and including the first broken row


def test_audit_rows_cannot_be_changed_while_the_triggers_stand(desk: Desk) -> None:
    ids = _busy_store(desk)
    con = raw_db(desk.db_path)
    try:
        with pytest.raises(IntegrityError, match="append-only"):
            con.execute("UPDATE audit SET actor='ke-gian' WHERE id=?", (ids[1],))
        with pytest.raises(IntegrityError, match="append-only"):
            con.execute("DELETE FROM audit WHERE id=?", (ids[1],))
        with pytest.raises(IntegrityError, match="append-only"):
            con.execute("DELETE FROM dossier_event")
    finally:
        con.close()
    assert _chain(desk).ok
