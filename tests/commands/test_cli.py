"""The command line against a real PostgreSQL: migrations, people, catalogue and aliases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest

from core import db
from records import catalog
from tests.support.databases import new_database


@pytest.fixture()
def database(postgres_url: str) -> str:
    return new_database(postgres_url, "cli_")


def cli(database: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"DATABASE_URL": database, "PURCHASE_AGENT_DATA_DIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "commands.main", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_migrate_is_idempotent(database: str, tmp_path: Path) -> None:
    first = cli(database, tmp_path, "migrate")
    assert first.returncode == 0 and "001_communication.sql" in first.stdout
    again = cli(database, tmp_path, "migrate")
    assert again.returncode == 0 and "up to date" in again.stdout


def test_requesters_add_list_remove(database: str, tmp_path: Path) -> None:
    added = cli(
        database, tmp_path, "requesters", "add", "--name", "Diego", "--phone", "+56 9 3333 4444"
    )
    assert added.returncode == 0
    assert json.loads(added.stdout)["phone"] == "+56933334444"
    listed = cli(database, tmp_path, "requesters", "list")
    assert [json.loads(line)["name"] for line in listed.stdout.splitlines()] == ["Diego"]
    assert cli(database, tmp_path, "requesters", "remove", "+56933334444").returncode == 0
    assert cli(database, tmp_path, "requesters", "list").stdout == ""


def test_approvers_add_list_remove(database: str, tmp_path: Path) -> None:
    added = cli(
        database, tmp_path, "approvers", "add", "--name", "Ana", "--email", "Ana@X.cl",
        "--limit", "5000",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout) | {"id": 0} == {
        "id": 0, "name": "Ana", "phone": None, "email": "ana@x.cl", "limit": 5000.0,
    }  # fmt: skip
    twice = cli(database, tmp_path, "approvers", "add", "--name", "Ana", "--email", "ana@x.cl")
    assert twice.returncode == 2 and "duplicate" in twice.stderr
    listed = cli(database, tmp_path, "approvers", "list")
    assert [json.loads(line)["email"] for line in listed.stdout.splitlines()] == ["ana@x.cl"]
    assert cli(database, tmp_path, "approvers", "remove", "ana@x.cl").returncode == 0
    assert cli(database, tmp_path, "approvers", "list").stdout == ""
    assert cli(database, tmp_path, "approvers", "remove", "ana@x.cl").returncode == 1


def test_bad_phone_is_refused_with_a_reason(database: str, tmp_path: Path) -> None:
    bad = cli(database, tmp_path, "requesters", "add", "--name", "X", "--phone", "12")
    assert bad.returncode == 2 and "E.164" in bad.stderr


def test_schema_enforces_one_active_conversation_and_legal_transitions(
    database: str, tmp_path: Path
) -> None:
    assert cli(database, tmp_path, "migrate").returncode == 0
    with psycopg.connect(database, autocommit=True) as conn:
        insert = (
            "INSERT INTO communication.conversation (user_identifier, channel,"
            " chatwoot_account_id, chatwoot_conversation_id) VALUES ('+569', 'whatsapp', 1, %s)"
        )
        conn.execute(insert, (1,))
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute(insert, (2,))
        conn.execute(
            "INSERT INTO communication.message (conversation_id, direction, status, content)"
            " SELECT id, 'inbound', 'received', 'hola' FROM communication.conversation"
        )
        conn.execute("UPDATE communication.message SET status = 'read'")
        with pytest.raises(psycopg.errors.RaiseException):
            conn.execute("UPDATE communication.message SET status = 'received'")


def test_catalog_commands_on_an_empty_catalogue(database: str, tmp_path: Path) -> None:
    stats = cli(database, tmp_path, "catalog", "stats")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout) | {"synced_at": None, "full_at": None} == {
        "products": 0, "orderable": 0, "vendor_products": 0, "vendors": 0, "units": 0,
        "aliases": 0, "synced_at": None, "full_at": None,
    }  # fmt: skip
    assert cli(database, tmp_path, "catalog", "list").stdout == ""
    missing = cli(database, tmp_path, "catalog", "show", "NOPE-1")
    assert missing.returncode == 1 and "NOPE-1" in missing.stderr


def with_products(database: str, *refs: str) -> None:
    """The catalogue as a sync would leave it with these products."""
    db.migrate(database)
    unit = {"odoo_id": 1, "name": "Units", "category": "Unit", "factor": 1.0,
            "uom_type": "reference"}  # fmt: skip
    products = [
        {"odoo_id": i, "tmpl_id": i, "ref": ref, "names": {"es": ref}, "category": "",
         "unit_id": 1, "barcode": None, "on_hand": None, "orderable": True,
         "write_date": "2026-01-01 00:00:00"}
        for i, ref in enumerate(refs, start=1)
    ]  # fmt: skip
    with psycopg.connect(database, autocommit=True) as conn:
        catalog.store(conn, "unit", [unit], full=True)
        catalog.store(conn, "product", products, full=True)


def test_catalog_alias_add_list_remove(database: str, tmp_path: Path) -> None:
    with_products(database, "PAP-HIG")

    def alias(*args: str) -> subprocess.CompletedProcess[str]:
        return cli(database, tmp_path, "catalog", "alias", *args)

    added = alias("add", "PAP-HIG", "Confort", "--lang", "es")
    assert added.returncode == 0, added.stderr
    assert alias("add", "PAP-HIG", "confórt").returncode == 0  # already there: nothing new
    assert [json.loads(line) for line in alias("list", "PAP-HIG").stdout.splitlines()] == [
        {"ref": "PAP-HIG", "alias": "Confort", "lang": "es"}
    ]
    unknown = alias("add", "NOPE-1", "algo")
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == "error: unknown product reference 'NOPE-1'"
    assert alias("remove", "PAP-HIG", "confort").returncode == 0
    assert alias("remove", "PAP-HIG", "confort").returncode == 1


def test_catalog_alias_import_of_a_bad_file_writes_nothing(database: str, tmp_path: Path) -> None:
    with_products(database, "PAP-HIG", "CLO-1")
    path = tmp_path / "aliases.csv"
    path.write_text("ref,alias,lang\nPAP-HIG,confort,es\nCLO-1,,\nCLO-1,lavandina,\n")
    bad = cli(database, tmp_path, "catalog", "alias", "import", str(path))
    assert bad.returncode == 2 and bad.stderr.strip() == "error: line 3: the alias is empty"
    assert cli(database, tmp_path, "catalog", "alias", "list").stdout == ""

    path.write_text("ref,alias,lang\nPAP-HIG,confort,es\nCLO-1,lavandina,\n")
    good = cli(database, tmp_path, "catalog", "alias", "import", str(path))
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout) == {"lines": 2, "new": 2}


def test_nlu_predict_understands_another_company_given_its_catalogue(
    database: str, tmp_path: Path
) -> None:
    company = {
        "company": {"name": "Limpieza Total SpA", "currency": "USD"},
        "products": [
            {"code": "DET-5", "name": "Detergente industrial", "name_en": "Industrial detergent",
             "uom": "l"},
        ],
    }  # fmt: skip
    path = tmp_path / "company.json"
    path.write_text(json.dumps(company), encoding="utf-8")
    line = json.dumps({"id": "1", "text": "necesito 20 litros de detergente industrial"}) + "\n"

    def predict(*extra: str) -> dict[str, Any]:
        done = subprocess.run(
            [sys.executable, "-m", "commands.main", "nlu", "predict", *extra],
            input=line, env=os.environ | {"DATABASE_URL": database}, capture_output=True,
            text=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return dict(json.loads(done.stdout))

    assert predict("--catalog", str(path))["items"][0]["code"] == "DET-5"
    assert predict()["items"][0]["code"] is None  # the reference company has no detergent
