"""Print a slip of a stored dossier (or the register of a period): render, save and/or print, log.

Every print and reprint leaves, in one transaction, a ``slip_log`` row (with the SHA-256 of the
exact bytes), the outbox change that tells the hub, and a hash-chained audit row. The read and the
render happen before that transaction, so the write lock is held for milliseconds, not for a
layout; a failed save or print logs nothing it did not do.
"""

from __future__ import annotations

import hashlib
import uuid as uuidlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.desk import Desk
from app.domain.clock import at as at_local
from app.domain.clock import iso, now
from app.domain.lifecycle import Status
from app.services import access_log
from app.services.access_log import record_access
from app.services.transitions import get_dossier
from app.slips import printing
from app.slips.data import SlipRegister, from_dossier, office_from_row
from app.slips.formsets import REGISTER, SlipError, default_copies, form_title, normalize_form
from app.slips.render import form_set_for, render
from app.store import audit, outbox
from app.store.atomic import atomic_write_bytes
from app.store.models import Dossier, DossierEvent, Office, SlipLog


@dataclass(frozen=True)
class SlipResult:
    uuid: str
    form: str
    form_set: str
    copies: int
    page_size: str
    sha256: str
    size: int
    reprint: bool
    at: datetime
    code: str = ""  # dossier code; the period for the register
    destination: str = ""
    printer: str = ""
    job_id: str = ""

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["at"] = iso(self.at)
        return out


@contextmanager
def _session(target: Desk | Session) -> Iterator[Session]:
    """The caller's session as is, or a fresh transaction of the desk."""
    if isinstance(target, Session):
        yield target
    else:
        with target.tx() as s:
            yield s


def _office(s: Session) -> Office:
    office = s.get(Office, 1)
    if office is None:
        raise SlipError("Chưa thiết lập thông tin cơ quan (motcua setup): không in được tiêu đề của phiếu")
    return office


def _output(
    pdf: bytes, out: Path | None, printer: str | None, title: str
) -> tuple[str, printing.PrintJob | None, printing.PrintError | None]:
    """Save and/or print; a print failure after a successful save is returned, so the save is logged."""
    if out is None and printer is None:
        raise SlipError(
            "Cần chỉ ra nơi nhận phiếu: lưu ra tệp (--out FILE.pdf) và/hoặc gửi máy in (--printer)"
        )
    destination = ""
    if out is not None:
        target = Path(out)
        if target.suffix.lower() != ".pdf":
            raise SlipError(f"Tệp lưu phiếu (--out) phải có đuôi .pdf: '{target}'")
        atomic_write_bytes(target, pdf)
        destination = str(target.resolve())
    if printer is None:
        return destination, None, None
    try:
        # The copies (liên) are pages of the PDF already: the queue prints the document once.
        return destination, printing.print_pdf(pdf, printer=printer, copies=1, title=title), None
    except printing.PrintError as exc:
        if not destination:
            raise
        return destination, None, exc


def _log(
    s: Session,
    *,
    dossier: Dossier | None,
    form: str,
    form_set: str,
    copies: int,
    page_size: str,
    pdf: bytes,
    destination: str,
    job: printing.PrintJob | None,
    actor: str,
    entity_id: str,
    shown: tuple[str, ...] = (),
) -> SlipResult:
    digest = hashlib.sha256(pdf).hexdigest()
    reprint = False
    if dossier is not None:
        reprint = bool(
            s.scalar(select(exists().where(SlipLog.dossier_id == dossier.id, SlipLog.form == form)))
        )
    stamp = now()
    row = SlipLog(
        uuid=str(uuidlib.uuid4()),
        dossier_id=dossier.id if dossier is not None else None,
        form=form,
        form_set=form_set,
        copies=copies,
        page_size=page_size,
        printer=job.printer if job else "",
        destination=destination,
        actor=actor,
        at=stamp,
        sha256=digest,
        reprint=reprint,
    )
    s.add(row)
    if dossier is not None:
        # The timeline shows every print and reprint (design.md: 'printed' events); the slip log
        # change carries it upstream, so the event itself is not queued a second time.
        s.add(
            DossierEvent(
                uuid=str(uuidlib.uuid4()),
                dossier_id=dossier.id,
                kind="printed",
                at=stamp,
                actor=actor,
                from_status=dossier.status,
                to_status=dossier.status,
                due_before=dossier.due_at,
                due_after=dossier.due_at,
                note=form_title(form, form_set).capitalize() + (" (in lại)" if reprint else ""),
                data={"form": form, "form_set": form_set, "copies": copies, "slip_uuid": row.uuid},
                origin="desk",
            )
        )
    payload = {
        "uuid": row.uuid,
        "dossier_uuid": dossier.uuid if dossier is not None else None,
        "dossier_code": dossier.code if dossier is not None else None,
        "form": form,
        "form_set": form_set,
        "copies": copies,
        "page_size": page_size,
        "printer": row.printer,
        "actor": actor,
        "at": iso(stamp),
        "sha256": digest,
        "reprint": reprint,
    }
    if dossier is None:
        payload["period"] = entity_id
    outbox.enqueue(s, outbox.SLIP_PRINTED, row.uuid, payload)
    audit.record(
        s,
        actor,
        "slip.print",
        "dossier" if dossier is not None else "register",
        entity_id,
        None,
        {
            k: payload[k]
            for k in ("uuid", "form", "form_set", "copies", "page_size", "printer", "sha256", "reprint")
        }
        | {"destination": destination},
    )
    # Nhật ký xử lý dữ liệu cá nhân (issue 9): a print hands a citizen's data to paper; the
    # register hands every dossier of the period (``shown``).
    if dossier is not None:
        record_access(
            s,
            actor,
            access_log.REPRINT if reprint else access_log.PRINT,
            dossiers=[dossier.code],
            person=dossier.owner.id_number or None,
            detail=f"{form} ({form_set}), {copies} bản",
        )
    else:
        record_access(
            s, actor, access_log.REGISTER, dossiers=shown, detail=f"kỳ {entity_id}, {len(shown)} hồ sơ"
        )
    s.flush()
    return SlipResult(
        uuid=row.uuid,
        form=form,
        form_set=form_set,
        copies=copies,
        page_size=page_size,
        sha256=digest,
        size=len(pdf),
        reprint=reprint,
        at=stamp,
        code=entity_id,
        destination=destination,
        printer=row.printer,
        job_id=job.job_id if job else "",
    )


def render_dossier_slip(
    target: Desk | Session,
    code: str,
    form: str,
    *,
    copies: int | None = None,
    page_size: str | None = None,
    form_set: str | None = None,
) -> tuple[bytes, str, str]:
    """PDF bytes for a preview (nothing logged): returns (pdf, form_set, page_size)."""
    name = normalize_form(form)
    if name == REGISTER:
        raise SlipError("Sổ theo dõi hồ sơ in theo kỳ (motcua register --from … --to …), không theo mã hồ sơ")
    with _session(target) as s:
        office = _office(s)
        data = from_dossier(get_dossier(s, code), office)
        size = (page_size or office.page_size or "A4").upper()
    fs = form_set_for(data, form_set, name)
    n = copies if copies is not None else default_copies(name)
    return render(name, data, form_set=fs, page_size=size, copies=n), fs, size


def print_slip(
    target: Desk | Session,
    code: str,
    form: str,
    *,
    out: Path | None = None,
    printer: str | None = None,
    copies: int | None = None,
    actor: str,
    page_size: str | None = None,
    form_set: str | None = None,
) -> SlipResult:
    """Render ``form`` for dossier ``code``, save it to ``out`` and/or queue it on ``printer``
    (``''`` = the system default printer), and log the print. Raises SlipError/PrintError."""
    name = normalize_form(form)
    copies = copies if copies is not None else default_copies(name)
    pdf, fs, size = render_dossier_slip(
        target, code, name, copies=copies, page_size=page_size, form_set=form_set
    )
    # Saved and printed outside the write transaction: a slow print queue must not hold the store.
    destination, job, failure = output_pdf(pdf, out, printer, slip_title(code, name))
    result = log_output(
        target, code, name, pdf=pdf, form_set=fs, page_size=size, copies=copies,
        destination=destination, job=job, actor=actor,
    )  # fmt: skip
    if failure is not None:
        raise failure
    return result


def slip_title(code: str, form: str) -> str:
    return f"{code.strip().upper()}_{normalize_form(form)}"


# The GUI runs the three steps of ``print_slip`` on two threads (issue 8 §8): render and log on
# the DB worker, the spooler (which can hang for its whole timeout) on a print worker.
output_pdf = _output


def log_output(
    target: Desk | Session,
    code: str,
    form: str,
    *,
    pdf: bytes,
    form_set: str,
    page_size: str,
    copies: int,
    destination: str,
    job: printing.PrintJob | None,
    actor: str,
) -> SlipResult:
    """Log a print/save already done: slip_log, timeline event, outbox and audit in one transaction."""
    with _session(target) as s:
        dossier = get_dossier(s, code)
        return _log(
            s,
            dossier=dossier,
            form=normalize_form(form),
            form_set=form_set,
            copies=copies,
            page_size=page_size,
            pdf=pdf,
            destination=destination,
            job=job,
            actor=actor,
            entity_id=dossier.code,
        )


def register_data(s: Session, start: date, end: date) -> SlipRegister:
    if end < start:
        raise SlipError(f"Kỳ của sổ theo dõi: ngày kết thúc (--to {end}) trước ngày bắt đầu (--from {start})")
    office = _office(s)
    slip_office = office_from_row(office)
    lo = at_local(start, datetime.min.time())
    hi = at_local(end + timedelta(days=1), datetime.min.time())
    rows = s.scalars(
        select(Dossier)
        .where(Dossier.received_at >= lo, Dossier.received_at < hi, Dossier.status != Status.SUBMITTED.value)
        .order_by(Dossier.received_at, Dossier.code)
    ).unique()
    return SlipRegister(slip_office, start, end, tuple(from_dossier(d, slip_office) for d in rows))


def print_register(
    target: Desk | Session,
    start: date,
    end: date,
    *,
    out: Path | None = None,
    printer: str | None = None,
    actor: str,
    form_set: str | None = None,
) -> SlipResult:
    """The register of dossiers received from ``start`` to ``end`` (inclusive), A4 landscape."""
    with _session(target) as s:
        data = register_data(s, start, end)
    fs = form_set_for(data, form_set)
    pdf = render(REGISTER, data, form_set=fs)
    period = f"{start.isoformat()}..{end.isoformat()}"
    destination, job, failure = _output(pdf, out, printer, f"so-theo-doi_{period}")
    with _session(target) as s:
        result = _log(
            s,
            dossier=None,
            form=REGISTER,
            form_set=fs,
            copies=1,
            page_size="A4",
            pdf=pdf,
            destination=destination,
            job=job,
            actor=actor,
            entity_id=period,
            shown=tuple(r.code for r in data.rows),
        )
    if failure is not None:
        raise failure
    return result
