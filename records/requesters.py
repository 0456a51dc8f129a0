"""The people allowed to order over chat (`purchasing.requester`)."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import psycopg
from psycopg.rows import class_row

E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")


@dataclass(frozen=True)
class Requester:
    id: int
    name: str
    phone: str | None
    email: str | None
    may_confirm: bool

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


_COLUMNS = "id, name, phone, email, may_confirm"


def normalise_phone(phone: str) -> str:
    """`+56 9 1111 2222` and `56911112222` both become `+56911112222`."""
    digits = re.sub(r"[^\d+]", "", phone.strip())
    if digits and not digits.startswith("+"):
        digits = "+" + digits
    return digits


def reachable_at(phone: str | None, email: str | None, who: str) -> str | None:
    """The phone in E.164, after checking the person can be reached by phone or email."""
    if phone is not None:
        phone = normalise_phone(phone)
        if not E164.match(phone):
            raise ValueError(f"phone {phone!r} is not E.164 (e.g. +56911112222)")
    if not phone and not email:
        raise ValueError(f"{who} needs a phone or an email")
    return phone


def add(
    conn: psycopg.Connection,
    *,
    name: str,
    phone: str | None,
    email: str | None,
    may_confirm: bool,
) -> Requester:
    phone = reachable_at(phone, email, "a requester")
    with conn.cursor(row_factory=class_row(Requester)) as cur:
        cur.execute(
            f"INSERT INTO purchasing.requester (name, phone, email, may_confirm)"
            f" VALUES (%s, %s, %s, %s) RETURNING {_COLUMNS}",
            (name, phone, email.lower() if email else None, may_confirm),
        )
        row = cur.fetchone()
    assert row is not None
    return row


def list_all(conn: psycopg.Connection) -> list[Requester]:
    with conn.cursor(row_factory=class_row(Requester)) as cur:
        cur.execute(f"SELECT {_COLUMNS} FROM purchasing.requester ORDER BY id")
        return cur.fetchall()


def remove(conn: psycopg.Connection, key: str) -> bool:
    """Remove by phone, email or id; True when a row went away."""
    cur = conn.execute(
        "DELETE FROM purchasing.requester WHERE phone = %s OR email = lower(%s) OR id::text = %s",
        (normalise_phone(key) if key.startswith("+") else key, key, key),
    )
    return cur.rowcount > 0


def get(conn: psycopg.Connection, requester_id: int) -> Requester | None:
    with conn.cursor(row_factory=class_row(Requester)) as cur:
        cur.execute(f"SELECT {_COLUMNS} FROM purchasing.requester WHERE id = %s", (requester_id,))
        return cur.fetchone()


def find(conn: psycopg.Connection, *, phone: str | None, email: str | None) -> Requester | None:
    """The requester behind a contact: phone first (WhatsApp, SMS), then email."""
    with conn.cursor(row_factory=class_row(Requester)) as cur:
        if phone:
            cur.execute(
                f"SELECT {_COLUMNS} FROM purchasing.requester WHERE phone = %s",
                (normalise_phone(phone),),
            )
            row = cur.fetchone()
            if row:
                return row
        if email:
            cur.execute(
                f"SELECT {_COLUMNS} FROM purchasing.requester WHERE email = lower(%s)",
                (email.strip(),),
            )
            return cur.fetchone()
    return None


def seed_from_catalog(conn: psycopg.Connection, catalog_path: Path) -> int:
    """Load the reference company's requesters when the table is empty (sandbox mode)."""
    if conn.execute("SELECT 1 FROM purchasing.requester LIMIT 1").fetchone():
        return 0
    people = json.loads(catalog_path.read_text())["requesters"]
    for person in people:
        add(
            conn,
            name=person["name"],
            phone=person.get("phone"),
            email=person.get("email"),
            may_confirm=bool(person.get("may_confirm")),
        )
    return len(people)
