"""The procedure catalogue in the store: bundled on first run, replaced by a province's import."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.domain.catalogue import ProcedureRecord
from app.domain.clock import now
from app.domain.text import fold
from app.store import audit
from app.store.models import Procedure


@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "codes_added": self.added,
            "codes_updated": self.updated,
        }


def _apply(row: Procedure, rec: ProcedureRecord) -> None:
    row.name = rec.name
    row.name_key = fold(rec.name)
    row.field = rec.field
    row.field_code = rec.field_code
    row.limit_unit = rec.limit_unit
    row.limit_value = rec.limit_value
    row.limit_text = rec.limit_text
    row.fee_text = rec.fee_text
    row.fee_rule = rec.fee_rule
    row.documents = [d.__dict__ for d in rec.documents]
    row.processing_body = rec.processing_body
    row.level = rec.level
    row.source = rec.source
    row.notes = rec.notes
    row.active = rec.active


def _snapshot(row: Procedure) -> dict[str, object]:
    return {
        "name": row.name,
        "field": row.field,
        "field_code": row.field_code,
        "limit_unit": row.limit_unit,
        "limit_value": row.limit_value,
        "limit_text": row.limit_text,
        "fee_text": row.fee_text,
        "fee_rule": row.fee_rule,
        "documents": row.documents,
        "processing_body": row.processing_body,
        "level": row.level,
        "source": row.source,
        "notes": row.notes,
        "active": row.active,
    }


def upsert(session: Session, records: list[ProcedureRecord], *, actor: str, origin: str) -> ImportResult:
    """Insert or update every record in one transaction (the caller's); returns what changed."""
    result = ImportResult()
    existing = {p.code: p for p in session.scalars(select(Procedure))}
    for rec in records:
        row = existing.get(rec.code)
        if row is None:
            row = Procedure(code=rec.code, updated_at=now(), version=1)
            _apply(row, rec)
            session.add(row)
            result.added.append(rec.code)
            continue
        before = _snapshot(row)
        _apply(row, rec)
        if _snapshot(row) == before:
            result.unchanged.append(rec.code)
        else:
            row.version += 1
            row.updated_at = now()
            result.updated.append(rec.code)
    session.flush()
    audit.record(session, actor, "catalogue.import", "procedure", origin, None, result.as_json())
    return result


def find(session: Session, text: str, *, limit: int = 20, include_inactive: bool = False) -> list[Procedure]:
    """Procedures by code prefix or by name (accents optional), for the picker and the CLI."""
    key = fold(text)
    stmt = select(Procedure)
    if not include_inactive:
        stmt = stmt.where(Procedure.active.is_(True))
    if key:
        code_prefix = Procedure.code.startswith(text.strip())
        for word in key.split(" "):
            stmt = stmt.where(or_(code_prefix, Procedure.name_key.contains(word)))
    return list(session.scalars(stmt.order_by(Procedure.field, Procedure.code).limit(limit)))


def get(session: Session, code: str) -> Procedure | None:
    return session.scalar(select(Procedure).where(Procedure.code == code.strip()))
