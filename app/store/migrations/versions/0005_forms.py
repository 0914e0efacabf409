"""Register book and running number, and the area of each dossier (issue 11, forms).

Revision ID: 0005_forms
Revises: 0002
Create Date: 2026-11-29

- ``dossier.register_book`` / ``register_number``: "Vào Sổ theo dõi hồ sơ, Quyển số …, Số thứ
  tự …" printed on the receipt (Mẫu 01). Back-filled: one book per year of receipt, numbered in
  order of receipt, for every dossier the desk accepted or refused (not online submissions
  still waiting).
- ``dossier.area``: Địa bàn phát sinh hồ sơ, a structured field (the commune, or a hamlet from
  the office's list). Back-filled with the office's commune.
- ``office.register_book`` (the book in use; "" = one per year) and ``office.hamlets``.

Plain ALTER TABLE ADD COLUMN, not batch mode: rebuilding ``dossier`` would drop its FTS triggers.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_forms"
down_revision = "0004_privacy"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "dossier", sa.Column("register_book", sa.String(length=20), nullable=False, server_default="")
    )
    op.add_column("dossier", sa.Column("register_number", sa.Integer(), nullable=True))
    op.add_column("dossier", sa.Column("area", sa.String(length=120), nullable=False, server_default=""))
    op.create_index("ix_dossier_register", "dossier", ["register_book", "register_number"], unique=False)
    op.add_column(
        "office", sa.Column("register_book", sa.String(length=20), nullable=False, server_default="")
    )
    op.add_column("office", sa.Column("hamlets", sa.Text(), nullable=False, server_default="[]"))
    conn = op.get_bind()
    commune = conn.execute(sa.text("SELECT commune FROM office WHERE id = 1")).scalar() or ""
    # received_at is stored as local ISO-8601 text: its first four characters are the year.
    rows = conn.execute(
        sa.text(
            "SELECT id, substr(received_at, 1, 4) FROM dossier WHERE status != 'submitted' "
            "ORDER BY received_at, id"
        )
    ).fetchall()
    counters: dict[str, int] = {}
    params = []
    for dossier_id, year in rows:
        counters[year] = counters.get(year, 0) + 1
        params.append({"b": year, "n": counters[year], "i": dossier_id})
    if params:
        conn.execute(
            sa.text("UPDATE dossier SET register_book = :b, register_number = :n WHERE id = :i"), params
        )
    if commune:
        conn.execute(sa.text("UPDATE dossier SET area = :a"), {"a": commune})


def downgrade() -> None:
    op.drop_index("ix_dossier_register", table_name="dossier")
    for column in ("area", "register_number", "register_book"):
        op.drop_column("dossier", column)
    for column in ("hamlets", "register_book"):
        op.drop_column("office", column)
