"""The import rules of ARCHITECTURE.md, checked on every module's imports (lazy ones too)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# What each top-level package may import of the project; anything not listed is forbidden.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "tools": {"core"},
    "records": {"core"},
    "contract": {"core", "records", "tools"},
    "catalog": {"core", "records", "tools"},
    "graphs": {"core", "records", "tools", "contract", "catalog"},
    "ingest": {"core", "records", "tools", "contract", "catalog"},
    "commands": {"core", "records", "tools", "contract", "catalog", "graphs", "ingest"},
    "sandbox": set(),
}
PROJECT = set(ALLOWED) | {"tests"}


def imported_packages(path: Path) -> set[str]:
    """The project's top-level packages a module imports (relative imports stay inside)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & PROJECT


def violations() -> list[str]:
    broken = []
    for package, allowed in ALLOWED.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            for target in sorted(imported_packages(path) - allowed - {package}):
                broken.append(f"{path.relative_to(ROOT)} imports {target}")
    return broken


def test_every_package_imports_only_the_layers_below_it() -> None:
    assert violations() == []


def test_the_graph_never_reaches_the_ingest_nor_the_ingest_the_graph(tmp_path: Path) -> None:
    """The checker sees a forbidden import, a lazy one included."""
    module = tmp_path / "sneaky.py"
    module.write_text("def f():\n    from ingest.webhook import classify\n    import graphs.auth\n")
    assert imported_packages(module) == {"ingest", "graphs"}
    assert not imported_packages(module) <= ALLOWED["graphs"]
    assert not imported_packages(module) <= ALLOWED["ingest"]


def test_every_top_level_package_has_a_rule() -> None:
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert packages - {"tests"} == set(ALLOWED)
