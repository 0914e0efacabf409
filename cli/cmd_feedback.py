"""``motcua feedback add|list|answer``: the feedback box (hòm thư góp ý, PAKN)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.usecases import citizen

if TYPE_CHECKING:
    from cli.main import CliContext


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("feedback", help="hòm thư góp ý, phản ánh kiến nghị")
    inner = p.add_subparsers(dest="feedback_command", metavar="LỆNH", required=True)
    a = inner.add_parser("add", help="ghi một góp ý")
    a.add_argument("--text", required=True)
    a.add_argument("--dossier", default="", help="mã hồ sơ liên quan (nếu có)")
    a.add_argument("--contact", default="", help="cách liên hệ lại (điện thoại, thư)")
    a.add_argument(
        "--kind", choices=("suggestion", "complaint"), default="suggestion", help="góp ý hoặc phản ánh"
    )
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=run_add)
    ls = inner.add_parser("list", help="danh sách góp ý")
    ls.add_argument("--status", choices=("all", "open", "answered"), default="all")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=run_list)
    ans = inner.add_parser("answer", help="trả lời một góp ý (lãnh đạo)")
    ans.add_argument("id", type=int, help="số thứ tự góp ý")
    ans.add_argument("--text", required=True)
    ans.add_argument("--json", action="store_true")
    ans.set_defaults(func=run_answer)


def run_add(args: argparse.Namespace, ctx: CliContext) -> int:
    out = citizen.add_feedback(
        ctx.desk(), ctx.actor, args.text, kind=args.kind, dossier_code=args.dossier, contact=args.contact
    )
    if args.json:
        ctx.emit_json(out)
    else:
        print(f"Đã ghi góp ý số {out['id']}")
    return 0


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    rows = citizen.list_feedback(ctx.desk(), ctx.actor, status=args.status)
    if args.json:
        ctx.emit_json({"feedback": rows})
    else:
        for r in rows:
            state = "đã trả lời" if r["status"] == "answered" else "chưa trả lời"
            print(f"{r['id']}\t{r['created_at'][:10]}\t{state}\t{r['text'][:60]}")
    return 0


def run_answer(args: argparse.Namespace, ctx: CliContext) -> int:
    out = citizen.answer_feedback(ctx.desk(), ctx.actor, args.id, args.text)
    if args.json:
        ctx.emit_json(out)
    else:
        print(f"Đã trả lời góp ý số {out['id']}")
    return 0
