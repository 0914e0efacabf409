"""``motcua-hub``: the reference hub's command line (design.md "Command line")."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from server import admin, cli_lan
from server.db import HubDB
from server.store import STATUSES, office_stats

DEFAULT_DB = "sqlite:///motcua-hub.sqlite3"


def _emit(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="motcua-hub", description="Máy chủ đồng bộ tham chiếu của Một Cửa Xã")
    p.add_argument(
        "--db",
        default=os.environ.get("MOTCUA_HUB_DB", DEFAULT_DB),
        help="SQLAlchemy URL (sqlite:///… hoặc postgresql+psycopg://…)",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="LỆNH")

    serve = sub.add_parser("serve", help="chạy máy chủ HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument(
        "--workers", type=int, default=1, metavar="N",
        help="số tiến trình phục vụ (mặc định 1; PostgreSQL: tới số nhân CPU)",
    )  # fmt: skip
    serve.add_argument(
        "--write-threads", type=int, default=None, metavar="N",
        help="số luồng ghi đồng thời mỗi tiến trình (mặc định 2: nhiều hơn làm chậm lượt tải về)",
    )  # fmt: skip
    serve.add_argument(
        "--blobs", default=None, metavar="THƯ_MỤC",
        help="thư mục lưu tệp số hóa (mặc định: cạnh tệp SQLite, hoặc ./motcua-hub-blobs)",
    )  # fmt: skip
    cli_lan.add_serve_options(serve)
    serve.set_defaults(func=run_serve)

    office = sub.add_parser("office", help="quản lý đơn vị").add_subparsers(dest="office_cmd", required=True)
    add = office.add_parser("add", help="thêm đơn vị, in ra mã truy cập (chỉ hiện một lần)")
    add.add_argument("--unit-code", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=run_office_add)
    stats = office.add_parser("stats", help="số hồ sơ, sự kiện, thay đổi đã nhận của đơn vị")
    stats.add_argument("--unit-code", required=True)
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(func=run_office_stats)
    ls = office.add_parser("list")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=run_office_list)

    dossier = sub.add_parser("dossier", help="hồ sơ trên máy chủ").add_subparsers(
        dest="dossier_cmd", required=True
    )
    st = dossier.add_parser("set-status", help="cập nhật trạng thái như bộ phận xử lý")
    st.add_argument("code")
    st.add_argument("--to", required=True, choices=STATUSES)
    st.add_argument("--note", default="")
    st.add_argument("--actor", default="Bộ phận xử lý")
    st.add_argument(
        "--due", type=datetime.fromisoformat, default=None, help="ngày hẹn mới (ISO-8601 có múi giờ)"
    )
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=run_set_status)
    sb = dossier.add_parser("submit", help="một hồ sơ nộp trực tuyến gửi về đơn vị")
    sb.add_argument("--unit-code", required=True)
    sb.add_argument("--procedure", required=True)
    sb.add_argument("--name", required=True)
    sb.add_argument("--id-number", required=True)
    sb.add_argument("--id-type", default="cccd", choices=("cccd", "cmnd", "passport"))
    sb.add_argument("--phone", default="")
    sb.add_argument("--address", default="")
    sb.add_argument("--summary", default="")
    sb.add_argument("--json", action="store_true")
    sb.set_defaults(func=run_submit)

    cat = sub.add_parser("catalogue", help="công bố danh mục thủ tục").add_subparsers(
        dest="cat_cmd", required=True
    )
    pub = cat.add_parser("publish", help="gửi danh mục (JSON motcua-catalogue) tới các đơn vị")
    pub.add_argument("file", type=Path)
    pub.add_argument("--unit-code", default=None, help="chỉ gửi tới một đơn vị (mặc định: tất cả)")
    pub.add_argument("--json", action="store_true")
    pub.set_defaults(func=run_catalogue_publish)

    cal = sub.add_parser("calendar", help="công bố lịch nghỉ/làm bù").add_subparsers(
        dest="cal_cmd", required=True
    )
    cp = cal.add_parser(
        "publish", help="một ngày (--day/--kind) hoặc một tệp JSON [{day, kind, name, source}]"
    )
    cp.add_argument("--day", type=date.fromisoformat, default=None)
    cp.add_argument("--kind", choices=("off", "work"), default=None)
    cp.add_argument("--name", default="")
    cp.add_argument("--source", default="")
    cp.add_argument("--file", type=Path, default=None)
    cp.add_argument("--unit-code", default=None)
    cp.add_argument("--json", action="store_true")
    cp.set_defaults(func=run_calendar_publish)
    cli_lan.register(sub)
    ret = sub.add_parser("retention", help="công bố thời hạn lưu trữ hồ sơ theo lĩnh vực").add_subparsers(
        dest="ret_cmd", required=True
    )
    rp = ret.add_parser("publish", help="thời hạn (số năm, hoặc bỏ --years: vĩnh viễn) cho một lĩnh vực")
    rp.add_argument("--field", required=True, help="tên lĩnh vực như trong danh mục; '*' cho mọi lĩnh vực")
    rp.add_argument("--years", type=int, default=None)
    rp.add_argument("--source", default="", help="văn bản quy định")
    rp.add_argument("--unit-code", default=None)
    rp.add_argument("--json", action="store_true")
    rp.set_defaults(func=run_retention_publish)
    return p


def run_serve(args: argparse.Namespace, db: HubDB) -> int:
    import uvicorn

    from server import app as hub_app
    from server import http_common

    if not 1 <= args.workers <= 64:
        raise admin.AdminError("--workers phải từ 1 đến 64")
    writers = args.write_threads or http_common.DEFAULT_WRITE_THREADS
    if not 1 <= writers <= 32:
        raise admin.AdminError("--write-threads phải từ 1 đến 32")
    db.dispose()
    background = cli_lan.Background(args)  # office mode: relay upstream, mDNS announce
    try:
        if args.workers == 1:
            app = hub_app.create_app(args.db, blob_dir=args.blobs, write_threads=writers)
            hub_app.settle_heap()
            uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
        else:
            # Each worker process builds its own app (and engine) from the environment: uvicorn
            # needs an import string for that. The relay and the announce stay in this process.
            os.environ[hub_app.DB_ENV] = args.db
            os.environ[hub_app.BLOBS_ENV] = args.blobs or ""
            os.environ[hub_app.WRITERS_ENV] = str(writers)
            uvicorn.run("server.app:app_from_env", factory=True, workers=args.workers,
                        host=args.host, port=args.port, log_level="warning")  # fmt: skip
    finally:
        background.close()
    return 0


def run_office_add(args: argparse.Namespace, db: HubDB) -> int:
    with db.write() as s:
        token = admin.add_office(s, args.unit_code, args.name)
    if args.json:
        _emit({"unit_code": args.unit_code, "token": token})
    else:
        print(token)
    return 0


def run_office_list(args: argparse.Namespace, db: HubDB) -> int:
    with db.read() as s:
        rows = [{"unit_code": o.unit_code, "name": o.name} for o in admin.offices(s)]
    if args.json:
        _emit(rows)
    else:
        for r in rows:
            print(f"{r['unit_code']}\t{r['name']}")
    return 0


def run_office_stats(args: argparse.Namespace, db: HubDB) -> int:
    with db.read() as s:
        from server.blobs import blob_stats

        office = admin.get_office(s, args.unit_code)
        stats = {**office_stats(s, office), **blob_stats(s, office)}
    if args.json:
        _emit(stats)
    else:
        for k, v in stats.items():
            print(f"{k}: {v}")
    return 0


def run_set_status(args: argparse.Namespace, db: HubDB) -> int:
    with db.write() as s:
        out = admin.set_status(s, args.code, args.to, note=args.note, actor=args.actor, due=args.due)
    _emit(out) if args.json else print(f"Hồ sơ {out['code']}: {out['status']}")
    return 0


def run_submit(args: argparse.Namespace, db: HubDB) -> int:
    owner = {
        "name": args.name, "id_type": args.id_type, "id_number": args.id_number,
        "phone": args.phone, "address": args.address, "email": "", "birth_date": None, "gender": "",
    }  # fmt: skip
    with db.write() as s:
        out = admin.submit(s, args.unit_code, args.procedure, owner, summary=args.summary)
    _emit(out) if args.json else print(out["code"])
    return 0


def run_catalogue_publish(args: argparse.Namespace, db: HubDB) -> int:
    if not args.file.is_file():
        raise admin.AdminError(f"không đọc được tệp '{args.file}'")
    procedures = admin.load_procedures(args.file.read_text(encoding="utf-8-sig"))
    with db.write() as s:
        count, seqs = admin.publish_to(s, args.unit_code, "procedure", {"procedures": procedures})
    _emit({"offices": count, "procedures": len(procedures), "seqs": seqs}) if args.json else print(
        f"Đã công bố {len(procedures)} thủ tục tới {count} đơn vị"
    )
    return 0


def run_calendar_publish(args: argparse.Namespace, db: HubDB) -> int:
    if args.file is not None:
        data = json.loads(args.file.read_text(encoding="utf-8-sig"))
        days = data.get("days", []) if isinstance(data, dict) else data
    elif args.day is not None and args.kind is not None:
        days = [{"day": args.day.isoformat(), "kind": args.kind, "name": args.name, "source": args.source}]
    else:
        raise admin.AdminError("cần --file hoặc cả --day và --kind")
    checked = admin.check_days(days)
    with db.write() as s:
        count, seqs = admin.publish_to(s, args.unit_code, "calendar", {"days": checked})
    _emit({"offices": count, "days": len(checked), "seqs": seqs}) if args.json else print(
        f"Đã công bố {len(checked)} ngày tới {count} đơn vị"
    )
    return 0


def run_retention_publish(args: argparse.Namespace, db: HubDB) -> int:
    if not args.field.strip() or len(args.field) > 200:
        raise admin.AdminError("--field: cần tên lĩnh vực (tối đa 200 ký tự)")
    if args.years is not None and not 1 <= args.years <= 100:
        raise admin.AdminError("--years phải từ 1 đến 100")
    rule = {"field": args.field.strip(), "years": args.years, "source": args.source}
    with db.write() as s:
        count, seqs = admin.publish_to(s, args.unit_code, "retention", {"rules": [rule]})
    _emit({"offices": count, "seqs": seqs}) if args.json else print(
        f"Đã công bố thời hạn lưu trữ tới {count} đơn vị"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
    args = build_parser().parse_args(argv)
    db = HubDB(args.db)
    try:
        db.init()
        return int(args.func(args, db) or 0)
    except admin.AdminError as exc:
        sys.stderr.write(f"lỗi: {exc}\n")
        return 2
    finally:
        db.dispose()


if __name__ == "__main__":
    sys.exit(main())
