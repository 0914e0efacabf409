"""Citizens' rights (issue 9): ``motcua person export|erase``, ``motcua privacy-notice`` and
``motcua retention list|set``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.store.atomic import atomic_write_bytes
from app.usecases.person import erase_person, export_person, privacy_notice, retention_rules, set_retention
from cli.actor import resolve_actor

if TYPE_CHECKING:
    from cli.main import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("person", help="quyền của công dân với dữ liệu cá nhân: xuất, xóa")
    psub = p.add_subparsers(dest="person_cmd", required=True, metavar="LỆNH")
    e = psub.add_parser("export", help="xuất toàn bộ dữ liệu đang lưu về một người (JSON hoặc PDF)")
    e.add_argument("--id-number", required=True)
    e.add_argument("--out", type=Path, required=True, help="tệp .json hoặc .pdf")
    e.add_argument("--json", action="store_true")
    e.set_defaults(func=run_export)
    x = psub.add_parser("erase", help="xóa dữ liệu cá nhân khi mọi hồ sơ đã hết thời hạn lưu trữ")
    x.add_argument("--id-number", required=True)
    x.add_argument("--json", action="store_true")
    x.set_defaults(func=run_erase)

    n = sub.add_parser(
        "privacy-notice", help="in thông báo xử lý dữ liệu cá nhân để niêm yết tại bộ phận một cửa"
    )
    n.add_argument("--out", type=Path, required=True)
    n.set_defaults(func=run_notice)

    r = sub.add_parser("retention", help="thời hạn lưu trữ hồ sơ theo lĩnh vực")
    rsub = r.add_subparsers(dest="retention_cmd", required=True, metavar="LỆNH")
    ls = rsub.add_parser("list")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=run_retention_list)
    st = rsub.add_parser(
        "set", help="đặt thời hạn (số năm, hoặc 'vinh-vien') cho một lĩnh vực ('*': mọi lĩnh vực)"
    )
    st.add_argument("field")
    st.add_argument("years")
    st.add_argument("--source", default="")
    st.set_defaults(func=run_retention_set)


def run_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from cli.main import CliError

    suffix = args.out.suffix.lower()
    if suffix not in (".json", ".pdf"):
        raise CliError(f"--out: tệp phải có đuôi .json hoặc .pdf (đang là '{args.out.name}')")
    body, data = export_person(ctx.desk(), resolve_actor(ctx), args.id_number, suffix[1:])
    atomic_write_bytes(args.out, body)
    summary = {"out": str(args.out), "applicants": len(data["applicants"]), "dossiers": len(data["dossiers"])}
    if args.json:
        ctx.emit_json(summary)
    else:
        print(f"Đã ghi dữ liệu của công dân ({summary['dossiers']} hồ sơ) vào {args.out}")
    return 0


def run_erase(args: argparse.Namespace, ctx: CliContext) -> int:
    result = erase_person(ctx.desk(), resolve_actor(ctx), args.id_number)
    if args.json:
        ctx.emit_json(result)
    else:
        print(f"Đã xóa dữ liệu cá nhân ({len(result['dossiers'])} hồ sơ giữ lại dấu '[đã xóa]')")
    return 0


def run_notice(args: argparse.Namespace, ctx: CliContext) -> int:
    atomic_write_bytes(args.out, privacy_notice(ctx.desk(), resolve_actor(ctx)))
    print(f"Đã ghi thông báo xử lý dữ liệu cá nhân vào {args.out}")
    return 0


def run_retention_list(args: argparse.Namespace, ctx: CliContext) -> int:
    rows = retention_rules(ctx.desk(), resolve_actor(ctx))
    if args.json:
        ctx.emit_json(rows)
        return 0
    for r in rows:
        years = "vĩnh viễn" if r["years"] is None else f"{r['years']} năm"
        print(f"{r['field']:<45} {years:<10} {r['origin']:<9} {r['source']}")
    return 0


def run_retention_set(args: argparse.Namespace, ctx: CliContext) -> int:
    from cli.main import CliError

    raw = args.years.strip().lower()
    if raw in ("vinh-vien", "vĩnh-viễn", "permanent"):
        years = None
    else:
        try:
            years = int(raw)
        except ValueError:
            raise CliError(f"thời hạn '{args.years}' phải là số năm hoặc 'vinh-vien'") from None
    changed = set_retention(ctx.desk(), resolve_actor(ctx), args.field, years, source=args.source)
    print("Đã lưu thời hạn lưu trữ" if changed else "Không có gì thay đổi")
    return 0
