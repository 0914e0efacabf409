"""Citizens' data encrypted at rest (issue 9): SQLCipher store, key custody, recovery, backups.

Everything runs against real files: the SQLCipher store in tmp_path, real key files, a real
0.1.0 store converted in place, real PDF sheets. Only the OS key stores that cannot run here are
fakes: an in-memory keyring backend (no Secret Service on this machine) and a DPAPI stand-in.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError

from app.desk import Desk
from app.services.office import profile_of, save_profile
from app.store import keys
from app.store.atrest import opens
from app.store.backup import backup_to, inspect_file
from app.store.engine import DB_FILENAME, WrongKey, connect_file, is_plaintext, rekey_file
from app.store.recovery import RecoveryKeyError, format_recovery_key, parse_recovery_key, read_recovery_file
from tests.app.deskkit import (
    CliResult,
    cccd,
    data_key,
    dossier_count,
    open_desk,
    person,
    raw_db,
    receive,
    request,
)

NAME = "Phạm Thị Bích Ngọc"
ID_NUMBER = cccd(424242, female=True)
PHONE = "0987654321"
TOKEN = "tok-9f8e7d6c5b4a39281706"
OLD = Path(__file__).parent / "data" / "stores" / "release-0.1.0-rev0001.db"
Cli = Callable[..., CliResult]


def _needles() -> list[bytes]:
    out = []
    for text in (NAME, ID_NUMBER, PHONE, TOKEN, "Bích Ngọc"):
        out += [text.encode("utf-8"), text.encode("utf-16-le")]
    return out


def _files(*roots: Path) -> list[Path]:
    found = []
    for root in roots:
        found += [p for p in root.rglob("*") if p.is_file()] if root.is_dir() else [root]
    return found


def _grep(paths: list[Path], needles: list[bytes]) -> list[tuple[str, bytes]]:
    return [(str(p), n) for p in paths for n in needles if n in p.read_bytes()]


@pytest.fixture
def memory_keyring() -> Iterator[Any]:
    """A working keyring backend in memory, as a Secret Service would be on a desktop session."""

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.items: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.items.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.items[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            if (service, username) not in self.items:
                raise PasswordDeleteError(username)
            del self.items[(service, username)]

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def _setup_with_token(desk: Desk) -> None:
    with desk.tx() as s:
        from app.store.models import Office

        profile = profile_of(s.get(Office, 1))  # type: ignore[arg-type]
        profile.server_url, profile.server_token = "http://127.0.0.1:9", TOKEN
        save_profile(s, profile, actor="test:admin")


# --------------------------------------------------------------------------- the store itself


def test_store_wal_and_backup_hold_no_clear_personal_data_or_token(tmp_path: Path, no_keyring: None) -> None:
    data = tmp_path / "data"
    desk = open_desk(data)
    _setup_with_token(desk)
    for i in range(30):  # enough rows that the WAL carries many pages
        receive(
            desk,
            request(
                owner=person(
                    NAME if i == 7 else f"Người Thứ {'ABCDEFGHIK'[i % 10]}", ID_NUMBER if i == 7 else cccd(i)
                )
            ),
        )
    receive(desk, request(owner=person("Lê Văn Gọi", cccd(77), phone=PHONE)))
    backup = backup_to(desk.db_path, data / "backups" / "b.sqlite3", key=desk.key)
    wal = data / f"{DB_FILENAME}-wal"
    assert wal.exists() and wal.stat().st_size > 0  # grep while the desk is open: WAL and SHM too
    files = _files(data, backup)
    assert {p.name for p in files} >= {DB_FILENAME, f"{DB_FILENAME}-wal", "b.sqlite3", "motcua.key.json"}
    assert _grep(files, _needles()) == []
    desk.close()
    assert _grep(_files(data, backup), _needles()) == []
    # ...and yet everything is there for whoever holds the key.
    con = raw_db(backup, data_key(data), readonly=True)
    try:
        assert con.execute("SELECT count(*) FROM applicant WHERE name=?", (NAME,)).fetchone()[0] == 1
        assert con.execute("SELECT server_token FROM office").fetchone()[0] == TOKEN
    finally:
        con.close()
    # The key itself never sits in the data dir or the backup.
    key = data_key(data)
    assert _grep(_files(data, backup), [key, key.hex().encode(), format_recovery_key(key).encode()]) == []


def test_data_dir_files_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    with open_desk(data) as desk:
        receive(desk)
        backup_to(desk.db_path, data / "backups" / "b.sqlite3", key=desk.key)
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
        for p in _files(data):
            assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
        assert stat.S_IMODE((data / "backups").stat().st_mode) == 0o700
    info = keys.read_info(data)
    assert info is not None and info.custody == keys.CUSTODY_FILE
    assert stat.S_IMODE(keys.key_file_path(info).stat().st_mode) == 0o600


def test_round_trip_and_wrong_key(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with open_desk(data) as desk:
        code = receive(desk, request(owner=person(NAME, ID_NUMBER))).code
        key = desk.key
    assert key is not None and len(key) == 32 and is_plaintext(data / DB_FILENAME) is False
    with Desk.open(data) as desk:  # the key comes back from custody
        assert dossier_count(desk) == 1 and desk.key == key
    with pytest.raises(WrongKey):
        connect_file(data / DB_FILENAME, os.urandom(32))
    with pytest.raises(WrongKey):
        connect_file(data / DB_FILENAME, None)  # and not as a plain file either
    con = connect_file(data / DB_FILENAME, key)
    assert con.execute("SELECT code FROM dossier").fetchall() == [(code,)]
    con.close()
    # A key file that no longer matches (someone replaced it): a clear refusal, not a crash.
    info = keys.read_info(data)
    assert info is not None
    keys.key_file_path(info).write_text(os.urandom(32).hex(), encoding="ascii")
    with pytest.raises(keys.KeyMissing, match="không mở được"):
        Desk.open(data)


def test_fts_search_and_migrations_work_on_the_encrypted_store(tmp_path: Path) -> None:
    from app.services.search import search
    from app.store import migrate

    with open_desk(tmp_path / "data") as desk:
        receive(desk, request(owner=person(NAME, ID_NUMBER)))
        assert migrate.current_revision(desk.engine) == migrate.head_revision()
        with desk.read() as s:
            assert [d.owner.name for d in search(s, "bich ngoc")] == [NAME]
            assert [d.owner.name for d in search(s, ID_NUMBER[-6:])] == [NAME]
        with desk.engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert c.exec_driver_sql("PRAGMA cipher_version").scalar().startswith("4.")


# --------------------------------------------------------------------------- custody


def test_without_a_keyring_the_key_goes_to_a_private_key_file_and_check_warns(
    tmp_path: Path, no_keyring: None, motcua: Cli
) -> None:
    data = tmp_path / "data"
    open_desk(data).close()
    info = keys.read_info(data)
    assert info is not None and info.custody == keys.CUSTODY_FILE
    path = keys.key_file_path(info)
    assert str(path).startswith(os.environ["XDG_CONFIG_HOME"]) and not path.is_relative_to(data)
    check = motcua("check", "--json", data_dir=data)
    assert check.code == 0, check.err
    out = check.json()
    assert out["key_custody"] == "file" and any("yếu hơn" in w for w in out["warnings"])
    assert "CẢNH BÁO" in motcua("check", data_dir=data).out


def test_with_a_keyring_the_key_lives_there_and_nowhere_on_disk(
    tmp_path: Path, memory_keyring: Any, motcua: Cli
) -> None:
    data = tmp_path / "data"
    with open_desk(data) as desk:
        receive(desk)
        key = desk.key
    info = keys.read_info(data)
    assert info is not None and info.custody == keys.CUSTODY_KEYRING
    assert memory_keyring.items == {(keys.SERVICE, f"store-{info.store_id}"): key.hex()}  # type: ignore[union-attr]
    assert not keys.key_file_path(info).exists()
    with Desk.open(data) as desk:
        assert dossier_count(desk) == 1
    check = motcua("check", "--json", data_dir=data)
    assert check.json()["key_custody"] == "keyring"
    assert not any("yếu hơn" in w for w in check.json()["warnings"])
    memory_keyring.items.clear()  # a wiped keyring: a clear message, nothing created
    with pytest.raises(keys.KeyMissing, match="không tìm thấy khóa"):
        Desk.open(data)


class FakeDpapi:
    """Stands in for CryptProtectData (LOCAL_MACHINE): a blob only this 'machine' can unwrap."""

    def __init__(self, machine: bytes) -> None:
        self.machine = machine

    def _xor(self, data: bytes) -> bytes:
        pad = (self.machine * (len(data) // len(self.machine) + 1))[: len(data)]
        return bytes(a ^ b for a, b in zip(data, pad, strict=True))

    def protect(self, data: bytes) -> bytes:
        return b"DPAPI" + self.machine[:4] + self._xor(data)

    def unprotect(self, blob: bytes) -> bytes:
        if blob[5:9] != self.machine[:4]:
            raise keys.KeyMissing("Windows DPAPI từ chối mở khóa dữ liệu (mã lỗi 13)")
        return self._xor(blob[9:])


def test_dpapi_custody_keeps_only_the_wrapped_key_beside_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setattr(keys, "protector", lambda: FakeDpapi(b"machine-A-secret"))
    info, key = keys.create(data, custody=keys.CUSTODY_DPAPI)
    blob = keys.read_info(data).wrapped  # type: ignore[union-attr]
    assert blob and key.hex() not in (data / keys.KEYINFO_NAME).read_text()
    with open_desk(data) as desk:
        receive(desk)
        assert desk.key == key
    assert not keys.key_file_path(info).exists()  # nothing in the user's profile
    # The data dir copied to another PC: that machine's DPAPI cannot unwrap the blob.
    monkeypatch.setattr(keys, "protector", lambda: FakeDpapi(b"machine-B-secret"))
    with pytest.raises(keys.KeyMissing, match="DPAPI"):
        Desk.open(data)


def test_windows_acl_command_names_users_and_administrators_by_sid(tmp_path: Path) -> None:
    from app.store.perms import windows_acl_command

    cmd = windows_acl_command(tmp_path)
    assert cmd[:4] == ["icacls", str(tmp_path), "/inheritance:r", "/grant:r"]
    assert {"*S-1-5-18:(OI)(CI)F", "*S-1-5-32-544:(OI)(CI)F", "*S-1-5-32-545:(OI)(CI)M"} <= set(cmd)
    assert not any("S-1-1-0" in c for c in cmd)  # never Everyone


# --------------------------------------------------------------------------- conversion of 0.1/0.2


def test_a_real_plain_store_is_converted_in_place_after_a_verified_backup(tmp_path: Path) -> None:
    from app.services.search import search

    data = tmp_path / "data"
    (data / "backups").mkdir(parents=True)
    shutil.copyfile(OLD, data / DB_FILENAME)
    shutil.copyfile(OLD, data / "backups" / "motcua-20261120-170000.sqlite3")  # an old clear backup
    old_name = "Lê Văn An".encode()
    assert old_name in (data / DB_FILENAME).read_bytes()
    with Desk.open(data) as desk:
        assert dossier_count(desk) == 303
        with desk.read() as s:
            assert "Lê Văn An" in {d.owner.name for d in search(s, "le van an", limit=50)}
        key = desk.key
    assert key is not None
    assert not is_plaintext(data / DB_FILENAME)
    converted = sorted((data / "backups").glob("motcua-truoc-ma-hoa-*.sqlite3"))
    assert len(converted) == 1
    report = inspect_file(converted[0], key=key)  # the verified backup holds the 0.1.0 rows
    assert report.ok and report.dossiers == 303 and report.schema_revision == "0001"
    assert not is_plaintext(data / "backups" / "motcua-20261120-170000.sqlite3")
    assert _grep(_files(data), [old_name]) == []
    # Opening again does not convert again.
    with Desk.open(data) as desk:
        assert dossier_count(desk) == 303
    assert len(list((data / "backups").glob("motcua-truoc-ma-hoa-*"))) == 1


def test_an_interrupted_conversion_is_finished_at_the_next_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copyfile(OLD, data / DB_FILENAME)
    keys.create(data)  # the key was made, then the power went before the store was converted
    assert is_plaintext(data / DB_FILENAME)
    with Desk.open(data) as desk:
        assert dossier_count(desk) == 303
    assert not is_plaintext(data / DB_FILENAME)


# --------------------------------------------------------------------------- recovery and restore


def test_recovery_key_text_round_trip_and_typo() -> None:
    key = os.urandom(32)
    text = format_recovery_key(key)
    assert len(text.split("-")) == 17 and all(len(g) == 4 for g in text.split("-"))
    assert parse_recovery_key(f"Khóa khôi phục:\n  {text.lower().replace('-', ' ')}\n") == key
    typo = ("0" if text[5] != "0" else "1").join((text[:5], text[6:]))
    with pytest.raises(RecoveryKeyError, match="nhóm kiểm tra"):
        parse_recovery_key(typo)
    with pytest.raises(RecoveryKeyError, match="không tìm thấy"):
        parse_recovery_key("không có gì")


def test_recovery_sheet_pdf_has_the_key_as_text_and_qr(tmp_path: Path, motcua: Cli) -> None:
    data = tmp_path / "data"
    open_desk(data).close()
    out = tmp_path / "phieu.pdf"
    r = motcua("key", "export", "--out", str(out), "--json", data_dir=data)
    assert r.code == 0, r.err
    assert r.json()["file"] == str(out) and stat.S_IMODE(out.stat().st_mode) == 0o600
    key = data_key(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "PHIẾU KHÓA KHÔI PHỤC" in text and "Trung tâm Phục vụ hành chính công xã Tân Lập" in text
    groups = format_recovery_key(key).split("-")
    assert all(g in text for g in groups)
    assert read_recovery_file(out) == key  # --key-file accepts the PDF itself
    if shutil.which("zbarimg"):
        png = tmp_path / "phieu"
        subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(out), str(png)], check=True)
        qr = subprocess.run(
            ["zbarimg", "--raw", "-q", f"{png}.png"], capture_output=True, text=True, check=True
        ).stdout.strip()
        assert parse_recovery_key(qr) == key


def test_setup_hands_out_the_sheet_once_and_never_prints_the_token(tmp_path: Path, motcua: Cli) -> None:
    data = tmp_path / "data"
    sheet = tmp_path / "safe" / "phieu.pdf"
    setup = ("setup", "--unit-code", "000.00.12.H29", "--office-name", "Bộ phận một cửa xã Tân Lập")
    first = motcua(*setup, "--server", "http://127.0.0.1:9", "--token", TOKEN, "--recovery-out", str(sheet),
                   "--json", data_dir=data)  # fmt: skip
    assert first.code == 0, first.err
    assert first.json()["recovery_sheet"] == str(sheet) and read_recovery_file(sheet) == data_key(data)
    assert TOKEN not in first.out + first.err and first.json()["server_token"] == "***"
    again = motcua(*setup, "--json", data_dir=data)
    assert again.json()["recovery_sheet"] is None  # once
    text = motcua(*setup, data_dir=data)
    assert TOKEN not in text.out + text.err and "Phiếu khóa" not in text.out


def test_token_can_come_from_stdin_so_it_is_never_on_the_command_line(
    tmp_path: Path, motcua: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    data = tmp_path / "data"
    monkeypatch.setattr("sys.stdin", io.StringIO(TOKEN + "\n"))
    r = motcua("setup", "--unit-code", "000.00.12.H29", "--office-name", "Xã Tân Lập", "--server",
               "http://127.0.0.1:9", "--token", "-", "--json", data_dir=data)  # fmt: skip
    assert r.code == 0, r.err
    assert TOKEN not in r.out + r.err
    con = raw_db(data / DB_FILENAME)
    try:
        assert con.execute("SELECT server_token FROM office").fetchone()[0] == TOKEN
    finally:
        con.close()


def test_default_sheet_goes_to_documents_not_the_data_dir(tmp_path: Path, motcua: Cli) -> None:
    data = tmp_path / "data"
    r = motcua(
        "setup", "--unit-code", "000.00.12.H29", "--office-name", "Xã Tân Lập", "--json", data_dir=data
    )
    sheet = Path(r.json()["recovery_sheet"])
    assert sheet.is_file() and str(sheet).startswith(os.environ["XDG_DOCUMENTS_DIR"])
    assert not sheet.is_relative_to(data)


def _new_machine(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    """Another PC (or a re-installed Windows): its own home and config dir, no key of ours."""
    monkeypatch.setenv("HOME", str(root / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(root / "home" / ".config"))


def test_restore_on_a_new_machine_takes_the_recovery_key_and_refuses_without_it(
    tmp_path: Path, motcua: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "old-pc"
    with open_desk(old) as desk:
        code = receive(desk, request(owner=person(NAME, ID_NUMBER))).code
        backup = backup_to(desk.db_path, tmp_path / "usb" / "sao-luu.sqlite3", key=desk.key)
    sheet = tmp_path / "safe" / "phieu.txt"
    assert motcua("key", "export", "--out", str(sheet), data_dir=old).code == 0

    _new_machine(monkeypatch, tmp_path / "new-pc")
    new = tmp_path / "new-pc" / "data"
    refused = motcua("restore", str(backup), data_dir=new)
    assert refused.code == 2 and refused.out == ""
    assert "--key-file" in refused.err and str(backup) in refused.err
    assert not new.exists() and not (tmp_path / "new-pc").exists()  # nothing created

    wrong = tmp_path / "other.txt"
    wrong.write_text(format_recovery_key(os.urandom(32)), encoding="utf-8")
    refused = motcua("restore", str(backup), "--key-file", str(wrong), data_dir=new)
    assert refused.code == 2 and "không mở được" in refused.err and not new.exists()

    ok = motcua("restore", str(backup), "--key-file", str(sheet), "--json", data_dir=new)
    assert ok.code == 0, ok.err
    assert ok.json()["dossiers"] == 1
    info = keys.read_info(new)
    assert info is not None and str(keys.key_file_path(info)).startswith(str(tmp_path / "new-pc"))
    assert info.recovery_issued  # the sheet in the safe still opens this PC's store
    with Desk.open(new) as desk:  # the new PC now holds the key itself
        with desk.read() as s:
            from app.store.models import Dossier

            assert [d.code for d in s.query(Dossier)] == [code]
    assert _grep(_files(new), _needles()) == []


def test_restore_on_the_same_desk_needs_no_key_file(tmp_path: Path, motcua: Cli) -> None:
    data = tmp_path / "data"
    with open_desk(data) as desk:
        receive(desk)
        backup = backup_to(desk.db_path, tmp_path / "b.sqlite3", key=desk.key)
        receive(desk, request(owner=person("Trần Văn Sau", cccd(900))))
    r = motcua("restore", str(backup), "--json", data_dir=data)
    assert r.code == 0, r.err
    assert r.json()["dossiers"] == 1
    kept = Path(r.json()["previous_kept_as"])
    assert not is_plaintext(kept) and opens(kept, data_key(data))


def test_a_plain_backup_of_an_old_version_is_restored_encrypted(tmp_path: Path, motcua: Cli) -> None:
    data = tmp_path / "data"
    open_desk(data).close()
    r = motcua("restore", str(OLD), "--json", data_dir=data)
    assert r.code == 0, r.err
    assert r.json()["dossiers"] == 303 and not is_plaintext(data / DB_FILENAME)


# --------------------------------------------------------------------------- rotation


def test_rotation_rekeys_the_store_and_old_sheets_stop_working(tmp_path: Path, motcua: Cli) -> None:
    data = tmp_path / "data"
    with open_desk(data) as desk:
        receive(desk)
        before = backup_to(desk.db_path, tmp_path / "before.sqlite3", key=desk.key)
    old_key = data_key(data)
    r = motcua("key", "rotate", data_dir=data)
    assert r.code == 0, r.err
    assert "KHÔNG còn mở được" in r.out and "key export" in r.out
    new_key = data_key(data)
    assert new_key != old_key
    assert not opens(data / DB_FILENAME, old_key) and opens(data / DB_FILENAME, new_key)
    assert not (data / f"{DB_FILENAME}-wal").exists() or opens(data / DB_FILENAME, new_key)
    assert opens(before, old_key)  # old backups stay under the key of the old sheet
    with Desk.open(data) as desk:
        assert dossier_count(desk) == 1
        receive(desk, request(owner=person("Sau Khi Đổi", cccd(5))))
    status = motcua("key", "status", "--json", data_dir=data).json()
    assert status["recovery_issued"] is False  # the old sheet does not count any more
    out = tmp_path / "moi.pdf"
    rotated = motcua("key", "rotate", "--out", str(out), "--json", data_dir=data)
    assert rotated.json()["recovery_sheet"] == str(out) and read_recovery_file(out) == data_key(data)
    with Desk.open(data) as desk, desk.read() as s:
        from app.store import audit
        from app.store.models import Audit

        assert audit.verify(s).ok
        assert [a.action for a in s.query(Audit).filter(Audit.action.like("key.%")).order_by(Audit.id)] == [
            "key.rotate",
            "key.rotate",
            "key.recovery_export",
        ]


def test_a_rotation_cut_short_after_the_rekey_is_finished_at_next_open(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with open_desk(data) as desk:
        receive(desk)
    info = keys.read_info(data)
    assert info is not None
    old = keys.load_key(info)
    assert old is not None
    new = keys.new_key()
    keys.save_key(data, info, new, keys.NEXT)
    rekey_file(data / DB_FILENAME, old, new)  # ...and the power went before the promotion
    with Desk.open(data) as desk:
        assert dossier_count(desk) == 1 and desk.key == new
    assert keys.load_key(info) == new and keys.load_key(info, keys.NEXT) is None


def test_key_import_puts_a_lost_key_back_from_the_sheet(tmp_path: Path, motcua: Cli) -> None:
    data = tmp_path / "data"
    open_desk(data).close()
    sheet = tmp_path / "phieu.txt"
    assert motcua("key", "export", "--out", str(sheet), data_dir=data).code == 0
    info = keys.read_info(data)
    assert info is not None
    keys.key_file_path(info).unlink()  # the key is gone (wiped profile)
    lost = motcua("check", data_dir=data)
    assert lost.code == 2 and "key import" in lost.err
    assert motcua("key", "import", "--key-file", str(sheet), data_dir=data).code == 0
    assert motcua("check", "--json", data_dir=data).json()["ok"] is True


def test_restore_over_an_encrypted_store_whose_key_info_is_gone_is_refused(
    tmp_path: Path, motcua: Cli
) -> None:
    data = tmp_path / "data"
    with open_desk(data) as desk:
        receive(desk)
        backup = backup_to(desk.db_path, tmp_path / "b.sqlite3", key=desk.key)
    sheet = tmp_path / "k.txt"
    sheet.write_text(format_recovery_key(data_key(data)), encoding="utf-8")
    (data / keys.KEYINFO_NAME).unlink()
    before = sorted(p.name for p in data.iterdir())
    r = motcua("restore", str(backup), "--key-file", str(sheet), data_dir=data)
    assert r.code == 2 and "key import" in r.err
    assert sorted(p.name for p in data.iterdir()) == before


def test_binding_keeps_none_alive(tmp_path: Path) -> None:
    """sqlcipher3 0.6.4 lost a reference to None per bind of a value needing adaptation (None,
    bytes, bool, StrEnum members): an abort on CPython 3.11 once None's count ran out. The
    adapters and the engine's parameter hook in engine.py prevent it."""
    import enum
    import gc
    import sys

    from sqlalchemy import text

    from app.store.engine import make_engine

    class Kind(enum.StrEnum):
        A = "a"

    engine = make_engine(tmp_path / "n.sqlite3", key=os.urandom(32))
    try:
        with engine.begin() as c:
            c.exec_driver_sql("CREATE TABLE t(a, b)")
        gc.disable()
        try:
            before = sys.getrefcount(None)
            with engine.begin() as c:
                for i in range(1500):  # distinct SQL: each statement is prepared afresh
                    for value in (None, b"x", True, Kind.A):
                        c.execute(text(f"INSERT INTO t VALUES ({i}, :v)"), {"v": value})
            lost = before - sys.getrefcount(None)
        finally:
            gc.enable()
        with engine.connect() as c:
            kinds = dict(c.exec_driver_sql("SELECT typeof(b), count(*) FROM t GROUP BY 1").all())
    finally:
        engine.dispose()
    assert lost < 200, f"None lost {lost} references"
    assert kinds == {"null": 1500, "blob": 1500, "integer": 1500, "text": 1500}
