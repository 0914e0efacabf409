"""``motcua-hub`` commands of office mode: desks, conflicts, the upstream relay, discovery."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

from server import admin, blob_relay, desks, discovery, relay
from server.db import HubDB
from sync.client import SyncError


def _emit(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def register(sub: Any) -> None:
    desk = sub.add_parser("desk", help="máy trạm của máy chủ xã").add_subparsers(
        dest="desk_cmd", required=True
    )
    add = desk.add_parser("add", help="cấp mã truy cập cho một máy trạm (chỉ hiện một lần)")
    add.add_argument("--unit-code", required=True)
    add.add_argument("--workstation", type=int, required=True)
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=run_desk_add)
    ls = desk.add_parser("list", help="các máy trạm, lần kết nối gần nhất và hồ sơ đang mở")
    ls.add_argument("--unit-code", default=None)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=run_desk_list)
    rv = desk.add_parser("revoke", help="thu hồi mã truy cập của một máy trạm")
    rv.add_argument("--workstation", type=int, required=True)
    rv.add_argument("--unit-code", default=None)
    rv.add_argument("--json", action="store_true")
    rv.set_defaults(func=run_desk_revoke)

    conf = sub.add_parser("conflicts", help="xung đột giữa các máy trạm").add_subparsers(
        dest="conf_cmd", required=True
    )
    cl = conf.add_parser("list", help="thay đổi bị thay thế hoặc bị từ chối vì máy khác làm trước")
    cl.add_argument("--unit-code", default=None)
    cl.add_argument("--json", action="store_true")
    cl.set_defaults(func=run_conflicts_list)

    up = sub.add_parser("upstream", help="chuyển tiếp lên máy chủ tỉnh").add_subparsers(
        dest="up_cmd", required=True
    )
    us = up.add_parser("set", help="địa chỉ và mã truy cập của đơn vị trên máy chủ tỉnh")
    us.add_argument("--url", required=True)
    us.add_argument("--token", required=True)
    us.add_argument("--unit-code", default=None)
    us.add_argument("--json", action="store_true")
    us.set_defaults(func=run_upstream_set)
    st = up.add_parser("status", help="hàng đợi chuyển tiếp, lỗi gần nhất, thay đổi bị từ chối")
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=run_upstream_status)
    once = up.add_parser("sync", help="chuyển tiếp một lần ngay (không cần serve)")
    once.add_argument("--json", action="store_true")
    once.set_defaults(func=run_upstream_sync)

    disc = sub.add_parser("discover", help="tìm máy chủ xã trong mạng nội bộ (mDNS/DNS-SD)")
    disc.add_argument("--timeout", type=float, default=3.0)
    disc.add_argument("--interface", action="append", default=None, help="địa chỉ IPv4 của giao diện mạng")
    disc.add_argument("--json", action="store_true")
    disc.set_defaults(func=run_discover)


def add_serve_options(serve: argparse.ArgumentParser) -> None:
    serve.add_argument("--no-relay", action="store_true", help="không chuyển tiếp lên máy chủ tỉnh")
    serve.add_argument("--relay-interval", type=float, default=1.0)
    serve.add_argument("--announce", action="store_true", help="quảng bá máy chủ xã qua mDNS/DNS-SD")
    serve.add_argument("--announce-address", default=None, help="địa chỉ IPv4 quảng bá (mặc định: --host)")


def run_desk_add(args: argparse.Namespace, db: HubDB) -> int:
    with db.write() as s:
        token = desks.add_desk(s, args.unit_code, args.workstation)
    _emit(
        {"unit_code": args.unit_code, "workstation": args.workstation, "token": token}
    ) if args.json else print(token)
    return 0


def run_desk_list(args: argparse.Namespace, db: HubDB) -> int:
    with db.read() as s:
        rows = desks.list_desks(s, args.unit_code)
    if args.json:
        _emit(rows)
    else:
        for r in rows:
            state = "đã thu hồi" if r["revoked"] else (r["last_seen_at"] or "chưa kết nối")
            print(f"{r['unit_code']}\tmáy {r['workstation']}\t{state}\thồ sơ đang mở: {r['open_dossiers']}")
    return 0


def run_desk_revoke(args: argparse.Namespace, db: HubDB) -> int:
    with db.write() as s:
        desks.revoke_desk(s, args.workstation, args.unit_code)
    _emit({"workstation": args.workstation, "revoked": True}) if args.json else print(
        f"Đã thu hồi mã truy cập của máy {args.workstation}"
    )
    return 0


def run_conflicts_list(args: argparse.Namespace, db: HubDB) -> int:
    with db.read() as s:
        rows = desks.conflicts(s, args.unit_code)
    if args.json:
        _emit(rows)
    else:
        for r in rows:
            print(f"{r['at']}\t{r['kind']}\t{r['code']}\t{json.dumps(r['detail'], ensure_ascii=False)}")
    return 0


def run_upstream_set(args: argparse.Namespace, db: HubDB) -> int:
    unit = relay.set_upstream(db, args.url, args.token, args.unit_code)
    _emit({"unit_code": unit, "url": args.url}) if args.json else print(
        f"Đơn vị {unit} chuyển tiếp lên {args.url}"
    )
    return 0


def run_upstream_status(args: argparse.Namespace, db: HubDB) -> int:
    out = relay.status(db)
    if args.json:
        _emit(out)
    else:
        for k, v in out.items():
            print(f"{k}: {v}")
    return 0


def run_upstream_sync(args: argparse.Namespace, db: HubDB) -> int:
    try:
        rep = relay.Relay(db).run_once()
        from server.blobs import BlobStore, default_root

        files = blob_relay.BlobRelay(db, BlobStore(default_root(db.url))).run_once()
    except SyncError as exc:
        raise admin.AdminError(str(exc)) from exc
    out = {"pushed": rep.pushed, "rejected": rep.rejected, "pulled": rep.pulled, "warnings": rep.warnings,
           "attachments": {"uploaded": files.uploaded, "already_there": files.already_there,
                           "bytes_sent": files.bytes_sent, "fetched": files.fetched, "failed": files.failed}}  # fmt: skip
    _emit(out) if args.json else print(out)
    return 0


def run_discover(args: argparse.Namespace, db: HubDB) -> int:
    hubs = [h.as_json() for h in discovery.browse(args.timeout, args.interface)]
    if args.json:
        _emit(hubs)
    else:
        for h in hubs:
            print(f"{h['url']}\t{h['unit_code']}\t{h['name']}\t{h['fingerprint']}")
    return 0


class Background:
    """What ``serve`` runs beside the HTTP server in office mode: the relay and the announce."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.db = HubDB(args.db)
        self.relay: relay.Relay | None = None
        self.announcer: discovery.Announcer | None = None
        self.blob_relay: blob_relay.BlobRelay | None = None
        if not getattr(args, "no_relay", False):
            self.relay = relay.Relay(self.db, interval=getattr(args, "relay_interval", 1.0))
            self.relay.start()
            # Attachment bytes on their own thread: a long file never holds back the changes.
            from server.blobs import BlobStore, default_root

            root = Path(args.blobs) if getattr(args, "blobs", None) else default_root(args.db)
            self.blob_relay = blob_relay.BlobRelay(
                self.db, BlobStore(root), interval=getattr(args, "relay_interval", 1.0)
            )
            self.blob_relay.start()
        if getattr(args, "announce", False):
            with self.db.read() as s:
                office_rows = admin.offices(s)
            if len(office_rows) == 1:
                address = args.announce_address or (
                    args.host if args.host not in ("0.0.0.0", "") else "127.0.0.1"
                )
                try:
                    self.announcer = discovery.Announcer(
                        unit_code=office_rows[0].unit_code, name=office_rows[0].name,
                        fp=discovery.fingerprint(self.db), port=args.port, address=address,
                        interfaces=[address] if address.startswith("127.") else None,
                    )  # fmt: skip
                except OSError as exc:  # multicast blocked: the manual address still works
                    logging.getLogger("motcua.hub").warning("mDNS announce failed: %s", exc)

    def close(self) -> None:
        if self.announcer is not None:
            self.announcer.close()
        if self.blob_relay is not None:
            self.blob_relay.stop()
        if self.relay is not None:
            self.relay.stop()
        self.db.dispose()
