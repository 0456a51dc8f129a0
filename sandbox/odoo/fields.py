"""Field and model declarations: the vocabulary schema.py describes Odoo's models with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Field:
    """One field; `store=False` means computed or related at read time."""

    type: str
    string: str
    relation: str | None = None
    inverse: str | None = None  # one2many: the many2one on `relation` pointing back
    selection: tuple[tuple[str, str], ...] | None = None
    required: bool = False
    readonly: bool = False
    store: bool = True
    related: str | None = None  # "m2o_field.target_field", one hop
    default: Any = None
    translate: bool = False  # stored per language (see translate.py)


@dataclass(frozen=True)
class Model:
    """A model: its fields, default `_order` and the fields name_search looks in."""

    name: str
    description: str
    fields: dict[str, Field]
    order: str = "id"
    rec_names: tuple[str, ...] = ("name",)
    active_test: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "active_test", "active" in self.fields)


def char(string: str, **kw: Any) -> Field:
    return Field("char", string, **kw)


def num(string: str, kind: str = "float", **kw: Any) -> Field:
    return Field(kind, string, **kw)


def m2o(relation: str, string: str, **kw: Any) -> Field:
    return Field("many2one", string, relation=relation, **kw)


def o2m(relation: str, inverse: str, string: str, **kw: Any) -> Field:
    return Field("one2many", string, relation=relation, inverse=inverse, store=False, **kw)


def sel(selection: tuple[tuple[str, str], ...], string: str, **kw: Any) -> Field:
    return Field("selection", string, selection=selection, **kw)


def flag(string: str, default: bool) -> Field:
    return Field("boolean", string, default=default)


def computed(kind: str, string: str, relation: str | None = None, **kw: Any) -> Field:
    return Field(kind, string, relation=relation, readonly=True, store=False, **kw)


def related(path: str, kind: str, string: str, relation: str | None = None, **kw: Any) -> Field:
    return Field(kind, string, relation=relation, store=False, related=path, **kw)


def base(fields: dict[str, Field]) -> dict[str, Field]:
    """Add the magic fields every Odoo model has."""
    return {
        "id": Field("integer", "ID", readonly=True),
        "display_name": computed("char", "Display Name"),
        **fields,
        "create_date": Field("datetime", "Created on", readonly=True),
        "create_uid": m2o("res.users", "Created by", readonly=True),
        "write_date": Field("datetime", "Last Updated on", readonly=True),
        "write_uid": m2o("res.users", "Last Updated by", readonly=True),
    }
