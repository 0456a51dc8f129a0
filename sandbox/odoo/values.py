"""Values between the wire, the store and read(): conversion, shapes and integrity checks.

Conversion and the error messages follow what Odoo does with the same input, so a client
that sends a wrong shape fails here as it would against a real server.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from .domain import is_null, normalize
from .errors import ValidationError
from .fields import Field, Model
from .store import Record, Tx

if TYPE_CHECKING:
    from .orm import Env

X2MANY = ("one2many", "many2many")


def to_stored(model: Model, fname: str, field: Field, value: Any) -> Any:
    """Validate and convert one client value, the way Odoo's convert_to_cache would."""
    if value is None or (value is False and field.type != "boolean"):
        return None
    kind = field.type
    if kind == "many2one":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"Wrong value for {model.name}.{fname}: {value!r}")
        return value
    if kind in ("float", "monetary"):
        return float(value)
    if kind == "integer":
        return int(value)
    if kind == "boolean":
        return bool(value)
    if kind == "selection":
        if value not in {k for k, _ in field.selection or ()}:
            raise ValueError(f"Wrong value for {model.name}.{fname}: {value!r}")
        return value
    if kind in ("datetime", "date"):
        value = normalize(value, field)
        pattern = "%Y-%m-%d %H:%M:%S" if kind == "datetime" else "%Y-%m-%d"
        text = str(value)[: 10 if kind == "date" else None]
        dt.datetime.strptime(text, pattern)  # ValueError like Odoo for other formats
        return text
    return str(value)


def to_read(env: Env, model: Model, rec: Record, fname: str, load: Any = "_classic_read") -> Any:
    """A value in the shape Odoo's read() puts on the wire."""
    field = model.fields[fname]
    v = env.value(model, rec, fname)
    if field.type == "many2one":
        if not v:
            return False
        return [v, env.display_name(field.relation or "", v) or ""] if load else v
    if field.type in X2MANY:
        return list(v or [])
    if field.type in ("float", "monetary"):
        return float(v or 0.0)
    if field.type == "integer":
        return int(v or 0)
    if field.type == "boolean":
        return bool(v)
    if field.type == "datetime" and isinstance(v, str):
        return v[:19]  # stored with microseconds, read to the second (see orm.stamp)
    return False if v is None or v == "" else v


def check_links(tx: Tx, model: Model, data: Record) -> None:
    """Many2one values must point at existing records (Odoo: a foreign key violation)."""
    for fname, value in data.items():
        field = model.fields.get(fname)
        if field is None or value is None or field.type != "many2one" or field.readonly:
            continue
        if tx.get(field.relation or "", value) is None:
            raise ValidationError(
                "The operation cannot be completed: another model requires the record being "
                "deleted. If possible, archive it instead.\n\n"
                f"Model: {model.description} ({model.name})\n"
                f"Constraint: {model.name.replace('.', '_')}_{fname}_fkey\n"
            )


def check_required(model: Model, data: Record) -> None:
    """Required stored fields must be set (Odoo: a NOT NULL violation)."""
    for fname, field in model.fields.items():
        if field.required and field.store and is_null(data.get(fname)):
            raise ValidationError(
                "The operation cannot be completed:\n"
                "- Create/update: a mandatory field is not set.\n"
                "- Delete: another model requires the record being deleted. "
                "If possible, archive it instead.\n\n"
                f"Model: {model.description} ({model.name})\n"
                f"Field: {field.string} ({fname})\n"
            )


def describe(model: Model, allfields: Any = None, attributes: Any = None) -> dict[str, Any]:
    """What fields_get answers for each field (the attributes a client uses to adapt)."""
    out = {}
    for name, field in model.fields.items():
        if allfields and name not in allfields:
            continue
        desc: dict[str, Any] = {
            "type": field.type,
            "string": field.string,
            "required": field.required,
            "readonly": field.readonly or (not field.store and not field.related),
            "store": field.store,
            "searchable": True,
            "sortable": field.store,
        }
        if field.relation:
            desc["relation"] = field.relation
        if field.inverse:
            desc["relation_field"] = field.inverse
        if field.selection:
            desc["selection"] = [list(pair) for pair in field.selection]
        if field.type in ("char", "text", "html"):
            desc["translate"] = field.translate
        out[name] = {k: v for k, v in desc.items() if not attributes or k in attributes}
    return out
