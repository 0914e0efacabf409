"""The office hub's relay towards the province (design.md "Sync", several desks of one commune).

It is the desk's outbox design, one level up. The desks' changes that the office hub applied were
written to ``relay_outbox`` in the very transaction that applied them (server/desks.py), so a
SIGKILL at any moment loses nothing; a row becomes ``acked`` only in the transaction that stores
the province's answer, and the province de-duplicates by change_id, so a row resent after a crash
is answered "duplicate". Rejections are kept with the province's reason. Pulled updates, their
effect on the office's dossiers, their copy in the office's feed and the cursor commit together.
The province sees the office token and the desks' own change_ids: one desk or ten look the same.

The HTTP client and the pacing are the desk's (sync/client.py, sync/backoff.py: standard library
and requests only, no app/).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, update

from server import blob_relay
from server.admin import EVENT_FOR, AdminError, get_office, offices, publish
from server.db import HubDB, dumps, now_iso
from server.models import DossierRow, EventRow, Meta, OfficeRow
from server.models_lan import RelayRow
from server.relay_loop import RelayLoop
from sync.client import HubClient, Refused, Timeouts

log = logging.getLogger("motcua.hub.relay")
SKEW_WARN_SECONDS = 300.0
BATCH = 500  # changes per request (the protocol allows 1000)
PAGE = 200
_EVENT_KIND: dict[str, str] = {str(k): v for k, v in EVENT_FOR.items()}  # keyed by the plain status


def _get(s: Any, key: str, default: str = "") -> str:
    row = s.get(Meta, key)
    return row.value if row is not None else default


def upstream_config(db: HubDB) -> tuple[str, str, OfficeRow] | None:
    """The province's URL, this office's token there and the office it relays for; None until
    ``upstream set`` has given all three (both relays, changes and files, read it each cycle)."""
    with db.read() as s:
        url, token, unit = _get(s, "upstream_url"), _get(s, "upstream_token"), _get(s, "upstream_unit")
        if not (url and token and unit):
            return None
        office = s.scalar(select(OfficeRow).where(OfficeRow.unit_code == unit))
        return (url, token, office) if office is not None else None


def _set(s: Any, key: str, value: str) -> None:
    row = s.get(Meta, key)
    if row is None:
        s.add(Meta(key=key, value=value))
    else:
        row.value = value


def set_upstream(db: HubDB, url: str, token: str, unit_code: str | None = None) -> str:
    if not url.startswith(("http://", "https://")):
        raise AdminError(f"--url '{url}' phải bắt đầu bằng http:// hoặc https://")
    if not token.strip():
        raise AdminError("--token: mã truy cập của đơn vị trên máy chủ tỉnh là bắt buộc")
    with db.write() as s:
        if unit_code:
            office = get_office(s, unit_code)
        else:
            rows = offices(s)
            if len(rows) != 1:
                raise AdminError("--unit-code: máy chủ xã phải có đúng một đơn vị (hoặc ghi rõ --unit-code)")
            office = rows[0]
        _set(s, "upstream_url", url.rstrip("/"))
        _set(s, "upstream_token", token.strip())
        _set(s, "upstream_unit", office.unit_code)
        return office.unit_code


def status(db: HubDB) -> dict[str, Any]:
    with db.read() as s:
        unit = _get(s, "upstream_unit")
        office = s.scalar(select(OfficeRow).where(OfficeRow.unit_code == unit)) if unit else None
        office_id = office.id if office is not None else -1  # no upstream yet: nothing relayed
        counts = dict(
            s.execute(
                select(RelayRow.state, func.count())
                .where(RelayRow.office_id == office_id)
                .group_by(RelayRow.state)
            ).all()
        )
        rejected = [
            {"change_id": r.change_id, "reason": r.last_error}
            for r in s.scalars(
                select(RelayRow)
                .where(RelayRow.office_id == office_id, RelayRow.state == "rejected")
                .order_by(RelayRow.id)
            )
        ]
        return {
            "url": _get(s, "upstream_url") or None,
            "unit_code": _get(s, "upstream_unit") or None,
            "pending": int(counts.get("pending", 0)),
            "acked": int(counts.get("acked", 0)),
            "rejected": int(counts.get("rejected", 0)),
            "rejected_items": rejected,
            "cursor": int(_get(s, "relay_cursor", "0") or 0),
            "last_ok_at": _get(s, "relay_last_ok_at") or None,
            "last_error": _get(s, "relay_last_error") or None,
            "clock_skew_seconds": float(_get(s, "relay_skew", "0") or 0.0),
            "warning": _get(s, "relay_warning") or None,
            "attachments": blob_relay.status(s, office_id),
        }


@dataclass
class CycleReport:
    pushed: int = 0
    rejected: int = 0
    pulled: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


class Relay(RelayLoop):
    label = "relay"

    def __init__(self, db: HubDB, *, interval: float = 1.0, timeouts: Timeouts | None = None,
                 seed: int | None = None) -> None:  # fmt: skip
        super().__init__(interval=interval, seed=seed)
        self.db = db
        self.timeouts = timeouts or Timeouts(5.0, 30.0)

    # -------------------------------------------------------------- one cycle

    def config(self) -> tuple[str, str, OfficeRow] | None:
        return upstream_config(self.db)

    def run_once(self) -> CycleReport:
        """Health, push every pending row, pull every page. Raises Transient/AuthFailed on the link."""
        report = CycleReport()
        cfg = self.config()
        if cfg is None:
            return report
        url, token, office = cfg
        with HubClient(url, token, timeouts=self.timeouts) as client:
            _body, skew = client.health()
            warning = ""
            if abs(skew) > SKEW_WARN_SECONDS:
                direction = "chậm hơn" if skew > 0 else "nhanh hơn"
                warning = (
                    f"Đồng hồ máy chủ xã {direction} máy chủ tỉnh {abs(skew) / 60:.0f} phút: hãy chỉnh giờ"
                )
                report.warnings.append(warning)
                log.warning("relay: clock skew %.0f s against the province", skew)
            with self.db.write() as s:
                _set(s, "relay_skew", f"{skew:.1f}")
                _set(s, "relay_warning", warning)
            self._push(client, office, report)
            self._pull(client, office, report)
        with self.db.write() as s:
            _set(s, "relay_last_ok_at", now_iso())
            _set(s, "relay_last_error", "")
        return report

    def _push(self, client: HubClient, office: OfficeRow, report: CycleReport) -> None:
        size, after = BATCH, 0
        while True:
            with self.db.read() as s:
                rows = list(
                    s.scalars(select(RelayRow).where(RelayRow.office_id == office.id, RelayRow.state == "pending", RelayRow.id > after)
                              .order_by(RelayRow.id).limit(size))
                )  # fmt: skip
            if not rows:
                return
            try:
                reply = client.push(office.unit_code, [r.body for r in rows])
            except Refused as exc:
                if exc.status == 409 and exc.change_ids:
                    self._reject([r for r in rows if r.change_id in exc.change_ids], exc.detail)
                elif len(rows) > 1:
                    size = max(1, len(rows) // 2)  # bisect until the one bad change is alone
                else:
                    self._reject(rows, exc.detail)
                    report.rejected += 1
                    after = rows[-1].id
                continue
            by_id = {str(r.get("change_id")): r for r in reply.results if isinstance(r, dict)}
            stamp = now_iso()
            params: list[dict[str, Any]] = []
            for row in rows:
                res = by_id.get(row.change_id)
                if res is None:
                    continue  # unanswered: resent on the next cycle
                if res.get("status") in ("applied", "duplicate"):
                    params.append({"office_id": row.office_id, "id": row.id, "attempts": row.attempts + 1, "state": "acked",
                                   "acked_at": stamp, "last_error": ""})  # fmt: skip
                    report.pushed += 1
                else:
                    params.append({"office_id": row.office_id, "id": row.id, "attempts": row.attempts + 1, "state": "rejected", "acked_at": None,
                                   "last_error": str(res.get("reason") or "bị từ chối (không rõ lý do)")})  # fmt: skip
                    report.rejected += 1
            if params:
                with self.db.write() as s:
                    s.execute(update(RelayRow), params)  # bulk, by primary key, one transaction
            after = rows[-1].id
            size = BATCH

    def _reject(self, rows: list[RelayRow], reason: str) -> None:
        with self.db.write() as s:
            for row in rows:
                db_row = s.get(RelayRow, (row.office_id, row.id))
                if db_row is not None:
                    db_row.state, db_row.attempts, db_row.last_error = (
                        "rejected",
                        db_row.attempts + 1,
                        reason[:1000],
                    )

    def _pull(self, client: HubClient, office: OfficeRow, report: CycleReport) -> None:
        while True:
            with self.db.read() as s:
                cursor = int(_get(s, "relay_cursor", "0") or 0)
            page = client.updates(cursor, PAGE)
            with self.db.write() as s:
                for u in page["updates"]:
                    apply_down(s, office, u)
                    report.pulled += 1
                # Same transaction as what it covers: an update is relayed down once, or not yet.
                _set(s, "relay_cursor", str(page["cursor"]))
            if not page.get("has_more"):
                return

    # -------------------------------------------------------------- the thread (RelayLoop)

    def on_link_error(self, message: str) -> None:
        self._note_error(message)

    def on_bug(self, message: str) -> None:
        self._note_error(message)

    def _note_error(self, message: str) -> None:
        try:
            with self.db.write() as s:
                _set(s, "relay_last_error", message[:1000])
        except Exception:
            log.exception("relay: could not record the error")


def apply_down(s: Any, office: OfficeRow, u: dict[str, Any]) -> None:
    """One province update: applied to the office hub's copy and fed to its desks, unchanged."""
    kind, p = u["type"], u["payload"]
    if kind == "status":
        d = s.scalar(
            select(DossierRow).where(DossierRow.office_id == office.id, DossierRow.uuid == p["dossier_uuid"])
        )
        e = p["event"]
        if d is not None and s.scalar(select(EventRow.id).where(EventRow.office_id == office.id,
                                                               EventRow.uuid == e["uuid"])) is None:  # fmt: skip
            to = e.get("to_status")
            s.add(EventRow(office_id=office.id, uuid=e["uuid"], dossier_id=d.id, kind=e.get("kind") or _EVENT_KIND.get(to or "", "updated"),
                           at=e["at"], actor=e.get("actor") or "", from_status=e.get("from_status"), to_status=to,
                           due_after=e.get("due_after"), note=e.get("note") or "",
                           data=dumps(e["data"]) if e.get("data") is not None else None, origin="upstream",
                           received_at=now_iso()))  # fmt: skip
            if to:
                d.status = to
            d.due_at, d.updated_at = e.get("due_after"), now_iso()
        if d is not None:
            p = {**p, "dossier_status": d.status, "due_at": d.due_at}
            # A file attached upstream (the processing body's e-result): fetched for the desks.
            blob_relay.enqueue_down(s, office.id, e, d.uuid)
    elif kind == "submission":
        dossier = p["dossier"]
        if s.scalar(select(DossierRow.id).where(DossierRow.office_id == office.id,
                                                DossierRow.uuid == dossier["uuid"])) is None:  # fmt: skip
            row = DossierRow(
                uuid=dossier["uuid"], office_id=office.id, code=dossier["code"],
                procedure_code=dossier["procedure_code"], channel=dossier.get("channel") or "online",
                status=dossier.get("status") or "submitted", received_at=dossier["received_at"],
                due_at=dossier.get("due_at"), snapshot=dumps(dossier), origin="upstream",
                created_at=now_iso(), updated_at=now_iso(),
            )  # fmt: skip
            s.add(row)
            s.flush()
            if (
                p.get("event_uuid")
                and s.scalar(
                    select(EventRow.id).where(
                        EventRow.office_id == office.id, EventRow.uuid == p["event_uuid"]
                    )
                )
                is None
            ):
                s.add(EventRow(office_id=office.id, uuid=p["event_uuid"], dossier_id=row.id, kind="submitted", at=dossier["received_at"],
                               actor="Cổng DVC", to_status="submitted", origin="upstream", received_at=now_iso()))  # fmt: skip
    publish(s, [office.id], kind, p)


def relay_loads(body: str) -> dict[str, Any]:
    return dict(json.loads(body))
