"""Plain-dict views of stored rows: what goes into the outbox, the CLI's JSON and the slips.

One function per entity so that the payload frozen into the outbox and the JSON a script reads
describe a dossier the same way.
"""

from __future__ import annotations

from typing import Any

from app.domain.clock import iso
from app.domain.lifecycle import PORTAL_CODE, Status
from app.domain.text import mask_id
from app.store.models import Applicant, Dossier, DossierEvent


def applicant_dict(a: Applicant | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {
        "uuid": a.uuid,
        "name": a.name,
        "id_type": a.id_type,
        "id_number": a.id_number,
        "birth_date": a.birth_date.isoformat() if a.birth_date else None,
        "gender": a.gender,
        "address": a.address,
        "phone": a.phone,
        "email": a.email,
    }


def dossier_dict(d: Dossier, *, unit_code: str = "") -> dict[str, Any]:
    return {
        "uuid": d.uuid,
        "code": d.code,
        "unit_code": unit_code,
        "procedure_code": d.procedure.code,
        "procedure_name": d.procedure.name,
        "field": d.procedure.field,
        "owner": applicant_dict(d.owner),
        "submitter": applicant_dict(d.submitter),
        "channel": d.channel,
        "return_method": d.return_method,
        "received_at": iso(d.received_at),
        "due_at": iso(d.due_at),
        "status": d.status,
        "portal_status": PORTAL_CODE[Status(d.status)],
        "documents": d.documents,
        "sets_count": d.sets_count,
        "fee": d.fee,
        "summary": d.summary,
        "notes": d.notes,
        "received_by": d.received_by,
        "extended": d.extended,
        "resolved_at": iso(d.resolved_at),
        "returned_at": iso(d.returned_at),
    }


def event_dict(e: DossierEvent, d: Dossier) -> dict[str, Any]:
    return {
        "uuid": e.uuid,
        "dossier_uuid": d.uuid,
        "dossier_code": d.code,
        "kind": e.kind,
        "at": iso(e.at),
        "actor": e.actor,
        "from_status": e.from_status,
        "to_status": e.to_status,
        "due_before": iso(e.due_before),
        "due_after": iso(e.due_after),
        "note": e.note,
        "data": e.data,
        "origin": e.origin,
    }


def search_row(d: Dossier) -> dict[str, Any]:
    """One row of a list (queue, search): the ID number masked to its last 4 digits (issue 9)."""
    return {
        "code": d.code,
        "uuid": d.uuid,
        "name": d.owner.name,
        "id_number": mask_id(d.owner.id_number),
        "phone": d.owner.phone,
        "procedure_code": d.procedure.code,
        "procedure_name": d.procedure.name,
        "status": d.status,
        "received_at": iso(d.received_at),
        "due": iso(d.due_at),
    }
