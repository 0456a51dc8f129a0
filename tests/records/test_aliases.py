"""Aliases against a real PostgreSQL: what is refused and why, duplicates by their folded
form, an import that writes all of a file or none of it, and the version running agents watch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from core import db
from records import catalog
from records.aliases import Alias, add_alias, aliases, fold, import_aliases, remove_alias
from tests.support.databases import new_database


def product(odoo_id: int, ref: str, name: str) -> dict[str, Any]:
    return {
        "odoo_id": odoo_id, "tmpl_id": 100 + odoo_id, "ref": ref, "names": {"es": name},
        "category": "", "unit_id": 1, "barcode": None, "on_hand": None, "orderable": True,
        "write_date": "2026-01-01 00:00:00",
    }  # fmt: skip


@pytest.fixture()
def conn(postgres_url: str) -> Iterator[psycopg.Connection]:
    url = new_database(postgres_url, "aliases_")
    db.migrate(url)
    with psycopg.connect(url, autocommit=True) as connection:
        unit = {"odoo_id": 1, "name": "Units", "category": "Unit", "factor": 1.0,
                "uom_type": "reference"}  # fmt: skip
        catalog.store(connection, "unit", [unit], full=False)
        catalog.store(
            connection,
            "product",
            [product(1, "PAP-HIG", "Papel higiénico"), product(2, "CLO-1", "Cloro gel")],
            full=False,
        )
        yield connection


def test_fold_lowers_strips_accents_and_collapses_whitespace() -> None:
    assert fold("  Confórt   DOBLE\thoja ") == "confort doble hoja"
    assert fold("Ñuñoa") == "nunoa"


def test_an_alias_is_added_once_whatever_its_case_or_accents(conn: psycopg.Connection) -> None:
    assert add_alias(conn, "PAP-HIG", "Confort", lang="es")
    assert not add_alias(conn, "PAP-HIG", "  confórt ")
    assert add_alias(conn, "CLO-1", "confort")  # another product may use the same word
    assert aliases(conn, "PAP-HIG") == [Alias("PAP-HIG", "Confort", "es")]
    assert [a.ref for a in aliases(conn)] == ["CLO-1", "PAP-HIG"]


@pytest.mark.parametrize(
    ("ref", "alias", "lang", "reason"),
    [
        ("NOPE-1", "confort", None, "unknown product reference 'NOPE-1'"),
        ("PAP-HIG", "   ", None, "the alias is empty"),
        ("PAP-HIG", "x" * 121, None, "longer than 120"),
        ("PAP-HIG", "12-24", None, "has no letter"),
        ("PAP-HIG", "confort", "spanish", "two-letter code"),
    ],
)
def test_a_bad_alias_is_refused_with_a_reason(
    conn: psycopg.Connection, ref: str, alias: str, lang: str | None, reason: str
) -> None:
    with pytest.raises(ValueError, match=reason):
        add_alias(conn, ref, alias, lang)
    assert aliases(conn) == []


def test_remove_finds_the_alias_by_its_folded_form(conn: psycopg.Connection) -> None:
    add_alias(conn, "PAP-HIG", "Confort")
    assert remove_alias(conn, "PAP-HIG", "CONFÓRT")
    assert not remove_alias(conn, "PAP-HIG", "confort")
    assert aliases(conn) == []


def test_an_import_writes_every_line_or_none(conn: psycopg.Connection) -> None:
    add_alias(conn, "PAP-HIG", "confort")
    good: list[tuple[int, dict[str, str | None]]] = [
        (2, {"ref": "PAP-HIG", "alias": "Confort", "lang": "es"}),  # already there
        (3, {"ref": "PAP-HIG", "alias": "toilet paper", "lang": "en"}),
        (4, {"ref": "CLO-1", "alias": "lavandina", "lang": ""}),
        (5, {"ref": "CLO-1", "alias": "Lavandina", "lang": None}),  # twice in the file
    ]
    bad = [*good[1:], (6, {"ref": "NOPE-1", "alias": "algo", "lang": None})]

    with pytest.raises(ValueError, match=r"^line 6: unknown product reference 'NOPE-1'$"):
        import_aliases(conn, bad)
    assert len(aliases(conn)) == 1

    assert import_aliases(conn, good) == 2
    assert Alias("CLO-1", "lavandina", None) in aliases(conn)
    assert len(aliases(conn)) == 3


def test_a_change_moves_the_version_and_the_vocabulary_has_it(conn: psycopg.Connection) -> None:
    before = catalog.version(conn)
    add_alias(conn, "PAP-HIG", "confort", lang="es")
    assert catalog.version(conn) > before
    products, _ = catalog.vocabulary(conn)
    assert {ref: words for ref, _, _, words in products}["PAP-HIG"] == [["confort", "es"]]

    unchanged = catalog.version(conn)
    assert not add_alias(conn, "PAP-HIG", "Confort")
    assert catalog.version(conn) == unchanged  # nothing changed, nothing to rebuild
    assert remove_alias(conn, "PAP-HIG", "confort")
    assert catalog.version(conn) > unchanged


def test_stats_count_aliases_and_an_alias_is_no_sync(conn: psycopg.Connection) -> None:
    add_alias(conn, "PAP-HIG", "confort")
    stats = catalog.stats(conn)
    assert stats["aliases"] == 1
    assert stats["synced_at"] is None and stats["full_at"] is None  # Odoo was never read
