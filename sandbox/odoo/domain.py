"""Odoo search domains and `order` specs, evaluated in Python over records.

Domains use Odoo's prefix notation: `&`, `|`, `!` and leaves `(path, operator, value)` with an
implicit `&` between consecutive terms. NULL handling follows what Odoo's SQL does
(`!=`, `not in`, `not like` also match unset values; comparisons never do).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, Protocol

from .fields import Field, Model

NEGATIVE = {"!=": "=", "<>": "=", "not in": "in", "not like": "like", "not ilike": "ilike"}
OPERATORS = {
    "=", "!=", "<>", "<", "<=", ">", ">=", "=?", "in", "not in",
    "like", "ilike", "not like", "not ilike", "=like", "=ilike", "any", "not any",
}  # fmt: skip
Predicate = Callable[[dict[str, Any]], bool]


class Values(Protocol):
    """What domain evaluation needs from the ORM: field values and related records."""

    def value(self, model: Model, rec: dict[str, Any], fname: str) -> Any: ...
    def records(self, model: str, ids: list[int]) -> list[dict[str, Any]]: ...
    def display_name(self, model: str, rid: int | None) -> str | None: ...


def is_null(v: Any) -> bool:
    return v is None or v is False or v == ""


def normalize(value: Any, field: Field | None = None) -> Any:
    """Bring client values to the stored representation (dates are UTC strings)."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if (
        field is not None
        and field.type == "datetime"
        and isinstance(value, str)
        and len(value) == 10
    ):
        return value + " 00:00:00"
    if isinstance(value, (list, tuple)):
        return [normalize(v, field) for v in value]
    return value


def _like(v: Any, pattern: str, insensitive: bool) -> bool:
    if is_null(v):
        return False
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    flags = re.DOTALL | (re.IGNORECASE if insensitive else 0)
    return re.fullmatch(regex, str(v), flags) is not None


def compare(v: Any, op: str, value: Any) -> bool:
    """One scalar comparison with SQL-like NULL semantics."""
    if op in NEGATIVE:
        if op in ("!=", "<>") and is_null(value):
            return not is_null(v)
        if op == "not in" and isinstance(value, (list, tuple)) and any(x is False for x in value):
            return not is_null(v) and not compare(v, "in", value)
        return is_null(v) or not compare(v, NEGATIVE[op], value)
    if op == "=?":
        return True if value is None or value is False else compare(v, "=", value)
    if op == "=":
        return is_null(v) if value is None or value is False else (not is_null(v) and v == value)
    if op == "in":
        values = value if isinstance(value, (list, tuple)) else [value]
        if is_null(v):
            return any(x is None or x is False for x in values)
        try:
            return v in set(values)  # ("id", "in", [1,000 ids]) over 10,000 rows
        except TypeError:  # unhashable values compare one by one
            return any(compare(v, "=", x) for x in values)
    if op in ("like", "ilike"):
        return _like(v, f"%{'' if value is False else value}%", op == "ilike")
    if op in ("=like", "=ilike"):
        return _like(v, str(value), op == "=ilike")
    if is_null(v) or value is None or value is False:
        return False
    try:
        if op == "<":
            return bool(v < value)
        if op == "<=":
            return bool(v <= value)
        if op == ">":
            return bool(v > value)
        return bool(v >= value)
    except TypeError:
        return False


def _combine(op: str, a: Predicate, b: Predicate) -> Predicate:
    if op == "&":
        return lambda r: a(r) and b(r)
    return lambda r: a(r) or b(r)


def _negate(p: Predicate) -> Predicate:
    return lambda r: not p(r)


class Evaluator:
    """Compiles a domain against one model into a predicate over its records."""

    def __init__(self, values: Values, models: dict[str, Model]) -> None:
        self.values = values
        self.models = models

    def compile(self, model: Model, domain: Any) -> Predicate:
        if not isinstance(domain, (list, tuple)):
            raise ValueError(f"Invalid domain: {domain!r}")
        stack: list[Predicate] = []
        for term in reversed(domain):
            if term in ("&", "|"):
                if len(stack) < 2:
                    raise ValueError(f"Invalid domain: {domain!r}")
                stack.append(_combine(term, stack.pop(), stack.pop()))
            elif term == "!":
                if not stack:
                    raise ValueError(f"Invalid domain: {domain!r}")
                stack.append(_negate(stack.pop()))
            else:
                stack.append(self._leaf(model, term))
        return lambda r: all(p(r) for p in stack)

    def _leaf(self, model: Model, leaf: Any) -> Predicate:
        if not isinstance(leaf, (list, tuple)) or len(leaf) != 3:
            raise ValueError(f"Invalid leaf {leaf!r}")
        path, op, value = leaf
        if path in (0, 1) and op == "=" and value == 1:  # TRUE_LEAF / FALSE_LEAF
            return lambda _r: bool(path)
        if not isinstance(path, str) or not isinstance(op, str) or op.lower() not in OPERATORS:
            raise ValueError(f"Invalid leaf {leaf!r}")
        return self._path(model, path, op.lower(), value, leaf)

    def _path(self, model: Model, path: str, op: str, value: Any, leaf: Any) -> Predicate:
        fname, _, rest = path.partition(".")
        field = model.fields.get(fname)
        if field is None:
            raise ValueError(f"Invalid field {model.name}.{fname} in leaf {tuple(leaf)!r}")
        relational = field.type in ("many2one", "one2many", "many2many")
        if (rest or op in ("any", "not any")) and not relational:
            raise ValueError(f"Invalid leaf {tuple(leaf)!r}: {fname} is not relational")
        if rest or op in ("any", "not any"):
            comodel = self.models[field.relation or ""]
            if op in ("any", "not any"):
                found = self._related(model, fname, comodel.name, self.compile(comodel, value))
                return found if op == "any" else (lambda r: not found(r))
            if field.type == "many2one":  # the sub-search keeps the operator; unset never matches
                sub = self._path(comodel, rest, op, value, leaf)
                return self._related(model, fname, comodel.name, sub)
            positive = NEGATIVE.get(op, op)  # x2many: "no line matches" for negative operators
            sub = self._path(comodel, rest, positive, value, leaf)
            found = self._related(model, fname, comodel.name, sub)
            return found if positive == op else (lambda r: not found(r))
        value = normalize(value, field)
        if relational:
            return self._relational(model, field, fname, op, value)
        if field.type == "boolean":
            return lambda r: compare(bool(self.values.value(model, r, fname)), op, value)
        return lambda r: compare(self.values.value(model, r, fname), op, value)

    def _ids(self, model: Model, rec: dict[str, Any], fname: str) -> list[int]:
        v = self.values.value(model, rec, fname)
        return list(v) if isinstance(v, list) else ([] if is_null(v) else [v])

    def _related(self, model: Model, fname: str, comodel: str, sub: Predicate) -> Predicate:
        return lambda r: any(
            sub(t) for t in self.values.records(comodel, self._ids(model, r, fname))
        )

    def _relational(self, model: Model, field: Field, fname: str, op: str, value: Any) -> Predicate:
        by_name = isinstance(value, str) or (
            isinstance(value, list) and any(isinstance(x, str) for x in value)
        )
        relation = field.relation or ""

        def keys(rec: dict[str, Any]) -> list[Any]:
            ids = self._ids(model, rec, fname)
            return [self.values.display_name(relation, i) for i in ids] if by_name else ids

        if field.type == "many2one":
            return lambda r: compare((keys(r) or [None])[0], op, value)
        if op in ("=", "!=", "<>") and (value is False or value is None):
            return lambda r: bool(keys(r)) == (op != "=")
        if op in NEGATIVE:
            positive = NEGATIVE[op]
            return lambda r: not any(compare(k, positive, value) for k in keys(r))
        return lambda r: any(compare(k, op, value) for k in keys(r))


def sort(
    values: Values, model: Model, records: list[dict[str, Any]], order: Any
) -> list[dict[str, Any]]:
    """Sort like `ORDER BY`: nulls last ascending, first descending; m2o by display name."""
    spec = order if isinstance(order, str) and order.strip() else model.order
    out = sorted(records, key=lambda r: r["id"])
    for term in reversed([t.strip() for t in spec.split(",") if t.strip()]):
        words = term.split()
        fname, desc = words[0], len(words) > 1 and words[1].lower() == "desc"
        field = model.fields.get(fname)
        if field is None or field.type in ("one2many", "many2many") or len(words) > 4:
            raise ValueError(f"Invalid field {fname!r} on model {model.name!r}")

        def key(r: dict[str, Any], fname: str = fname, field: Field = field) -> tuple[bool, Any]:
            v = values.value(model, r, fname)
            if field.type == "many2one":
                v = values.display_name(field.relation or "", v) if v else None
            if isinstance(v, str):
                v = v.lower()
            return (is_null(v) and field.type != "boolean", v if not is_null(v) else 0)

        out.sort(key=key, reverse=desc)
    return out
