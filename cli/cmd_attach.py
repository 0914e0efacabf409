"""``motcua attach`` / ``attachments`` / ``attachment get``: digitised papers and e-results.

motcua attach CODE --component "Tờ khai" a.pdf b.jpg [--result] --json → {sha256, pages, bytes}
motcua attach CODE --component "Giấy khai sinh" --scanner test:0 [--pages N]
motcua attachments CODE [--history] --json
motcua attachments CODE --reusable --json      (what the owner brought before)
motcua attachments CODE --reuse UUID [--component NAME]
motcua attachments evict --older-than DAYS     (admin: free space, the hub keeps the bytes)
motcua attachment get SHA256 --out F.pdf
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cli.common import positive_int

if TYPE_CHECKING:
    from app.attachments.ingest import ColorMode
    from cli.main import CliContext

MAX_SCAN_PAGES = 200


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    a = sub.add_parser("attach", help="số hóa: đính kèm bản quét giấy tờ hoặc kết quả điện tử vào hồ sơ")
    a.add_argument("code", help="mã hồ sơ")
    a.add_argument("files", nargs="*", type=Path, metavar="TỆP", help="tệp PDF, JPEG hoặc PNG")
    # ``--component NAME FILE…`` (the documented order) and ``CODE FILE… --component NAME`` both
    # work: argparse cannot give a '*' positional the words that follow an option, so the option
    # takes them and the handler splits the name from the files.
    a.add_argument(
        "--component", nargs="+", default=[], metavar="TÊN [TỆP ...]",
        help="tên thành phần hồ sơ (theo danh mục của thủ tục), rồi các tệp",
    )  # fmt: skip
    a.add_argument("--result", action="store_true", help="đính kèm kết quả giải quyết điện tử")
    a.add_argument("--scanner", metavar="THIẾT_BỊ", help="quét trực tiếp từ máy quét (ví dụ test:0)")
    a.add_argument("--pages", type=positive_int, default=1, help="số trang quét (khi dùng --scanner)")
    a.add_argument("--color", action="store_true", help="quét/lưu màu (mặc định: thang xám)")
    a.add_argument(
        "--source",
        choices=("file", "folder"),
        default="file",
        help="nguồn của tệp (tệp chọn tay hoặc thư mục quét)",
    )
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=run_attach)

    ls = sub.add_parser("attachments", help="danh sách tệp số hóa của hồ sơ; dùng lại; giải phóng bộ nhớ")
    ls.add_argument("code", help="mã hồ sơ, hoặc 'evict' để giải phóng bản lưu cũ")
    ls.add_argument("--history", action="store_true", help="cả các phiên bản cũ")
    ls.add_argument("--reusable", action="store_true", help="giấy tờ người nộp đã mang đến trước đây")
    ls.add_argument("--reuse", metavar="UUID", help="dùng lại một giấy tờ đã số hóa cho hồ sơ này")
    ls.add_argument("--component", default="", help="tên thành phần khi dùng lại (mặc định: như cũ)")
    ls.add_argument("--older-than", type=int, default=None, metavar="NGÀY", help="với 'evict'")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=run_attachments)

    g = sub.add_parser("attachment", help="lấy một tệp số hóa theo mã băm")
    gsub = g.add_subparsers(dest="attachment_cmd", metavar="LỆNH", required=True)
    get = gsub.add_parser("get", help="ghi tệp PDF ra đĩa")
    get.add_argument("sha256")
    get.add_argument("--out", type=Path, required=True)
    get.add_argument("--json", action="store_true")
    get.set_defaults(func=run_get)


def _read_files(paths: list[Path]) -> list[Any]:
    from app.attachments.ingest import MAX_FILE_BYTES, Incoming
    from cli.main import CliError

    items = []
    for path in paths:
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise CliError(
                    f"tệp '{path.name}' quá lớn ({size // 1024 // 1024} MB): mỗi tệp tối đa "
                    f"{MAX_FILE_BYTES // 1024 // 1024} MB"
                )
            items.append(Incoming(path.name, path.read_bytes()))
        except FileNotFoundError as exc:
            raise CliError(f"không tìm thấy tệp '{path}'") from exc
        except IsADirectoryError as exc:
            raise CliError(f"'{path}' là thư mục, không phải tệp") from exc
        except PermissionError as exc:
            raise CliError(f"không có quyền đọc tệp '{path}'") from exc
    return items


def run_attach(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.attachments import scanner
    from app.usecases import attachments
    from cli.main import CliError

    mode: ColorMode = "color" if args.color else "gray"
    component = args.component[0] if args.component else ""
    args.files = [*args.files, *(Path(p) for p in args.component[1:])]
    args.component = component
    if args.scanner:
        if args.files:
            raise CliError("dùng --scanner hoặc tệp, không dùng cả hai")
        if args.pages > MAX_SCAN_PAGES:
            raise CliError(f"--pages tối đa {MAX_SCAN_PAGES}")
        run = scanner.scan(args.scanner, pages=args.pages, mode=mode)
        if run.error:
            sys.stderr.write(f"cảnh báo: {run.error}; giữ {len(run.images)} trang đã quét\n")
        info = attachments.attach(
            ctx.desk(), ctx.actor, args.code, args.component, scanned=run.images,
            result=args.result, source="scanner", mode=mode,
        )  # fmt: skip
    else:
        if not args.files:
            raise CliError("chưa có tệp nào để đính kèm (hoặc dùng --scanner)")
        files = _read_files(args.files)
        info = attachments.attach(
            ctx.desk(), ctx.actor, args.code, args.component, files,
            result=args.result, source=args.source, mode=mode,
        )  # fmt: skip
    if args.json:
        ctx.emit_json({"sha256": info.sha256, "pages": info.pages, "bytes": info.size, **info.as_json()})
    else:
        print(f"Đã số hóa '{info.component}' của hồ sơ {info.code}: {info.pages} trang, {info.size:,} byte")
    return 0


def run_attachments(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.usecases import attachments
    from cli.main import CliError

    actor = ctx.actor
    if args.code == "evict":
        if args.older_than is None:
            raise CliError("'attachments evict' cần --older-than NGÀY")
        out = attachments.evict_old(ctx.desk(), actor, args.older_than)
        if args.json:
            ctx.emit_json(out)
        else:
            print(
                f"Đã giải phóng {out['evicted']} tệp ({out['bytes_freed']:,} byte); máy chủ vẫn giữ bản lưu"
            )
        return 0
    if args.reuse:
        info = attachments.reuse(ctx.desk(), actor, args.code, args.reuse, component=args.component)
        if args.json:
            ctx.emit_json(info.as_json())
        else:
            print(f"Đã dùng lại '{info.component}' ({info.pages} trang) cho hồ sơ {info.code}")
        return 0
    if args.reusable:
        desk = ctx.desk()
        from app.usecases.attachments import owner_id_number

        rows = attachments.reusable_papers(
            desk, actor, owner_id_number(desk, actor, args.code), for_code=args.code
        )
    else:
        rows = attachments.list_attachments(ctx.desk(), actor, args.code, history=args.history)
    if args.json:
        ctx.emit_json([r.as_json() for r in rows])
        return 0
    if not rows:
        print("Chưa có tệp số hóa nào")
    for r in rows:
        where = "" if r.present else " [chỉ có trên máy chủ]"
        kind = "kết quả" if r.kind == "result" else r.source
        print(f"{r.component}: {r.pages} trang, {r.size:,} byte, {kind}, {r.sha256[:12]}{where}")
    return 0


def run_get(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.store.atomic import atomic_write_bytes
    from app.usecases import attachments
    from cli.main import CliError

    desk, actor = ctx.desk(), ctx.actor
    try:
        fetched = attachments.get_attachment(desk, actor, args.sha256)
    except attachments.NotHere:
        # Evicted here (or scanned at a sibling desk): bring it back from the hub, then read it.
        from sync.blobs import client_for, download
        from sync.client import SyncError

        try:
            with client_for(desk) as client:
                data = download(client, args.sha256.strip().lower())
        except SyncError as exc:
            raise CliError(f"tệp không còn trên máy này và không tải được từ máy chủ: {exc}") from exc
        attachments.store_fetched(desk, actor, args.sha256, data)
        fetched = attachments.get_attachment(desk, actor, args.sha256)
    try:
        atomic_write_bytes(args.out, fetched.data)
    except OSError as exc:
        raise CliError(f"không ghi được tệp '{args.out}': {exc.strerror or exc}") from exc
    if args.json:
        ctx.emit_json(
            {
                "sha256": fetched.sha256,
                "pages": fetched.pages,
                "bytes": len(fetched.data),
                "out": str(args.out),
            }
        )
    else:
        print(f"Đã ghi {args.out} ({fetched.pages} trang)")
    return 0
