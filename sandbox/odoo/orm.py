"""A tiny ORM with Odoo's RPC surface: search/read/create/write/unlink and friends.

`Env` is one call's context (transaction, user, clock, language: translatable fields read and
write in `context['lang']`, see translate.py); `Behaviour` implements the generic
model methods and is subclassed in purchase.py for models with business rules. Only methods
decorated with `@rpc` can be called remotely, like Odoo's public/private split.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from . import translate
from .domain import Evaluator, sort
from .errors import AccessError, MissingError, UserError
from .fields import Model
from .schema import MODELS
from .store import Record, Tx
from .values import X2MANY, check_links, check_required, describe, to_read, to_stored

ADMIN_MODELS = {"res.company", "res.currency", "res.users", "res.lang", "uom.uom", "uom.category"}
MAGIC = ("id", "create_date", "create_uid", "write_date", "write_uid")
F = TypeVar("F", bound=Callable[..., Any])

COMPUTE: dict[tuple[str, str], Callable[[Env, Record], Any]] = {}
DISPLAY: dict[str, Callable[[Env, Record], str]] = {}
BEHAVIOURS: dict[str, type[Behaviour]] = {}


def rpc(records: bool = False, readonly: bool = False) -> Callable[[F], F]:
    """Mark a method callable over RPC; `records=True` means args[0] is the ids."""

    def mark(fn: F) -> F:
        fn.rpc = {"records": records, "readonly": readonly}  # type: ignore[attr-defined]
        return fn

    return mark


def compute(model: str, *fields: str) -> Callable[[F], F]:
    def register(fn: F) -> F:
        for name in fields:
            COMPUTE[(model, name)] = fn
        return fn

    return register


def behaviour(model: str) -> Callable[[type[Behaviour]], type[Behaviour]]:
    def register(cls: type[Behaviour]) -> type[Behaviour]:
        BEHAVIOURS[model] = cls
        return cls

    return register


def fmt(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def stamp(moment: dt.datetime) -> str:
    """A create/write date as Odoo's column holds it: UTC with microseconds (read() cuts them
    off), so `write_date > 'what read() said'` finds the records of that same second again."""
    return fmt(moment) + (f".{moment.microsecond:06d}" if moment.microsecond else "")


class Env:
    """One RPC call: its transaction, user and context, plus value access for domains."""

    def __init__(self, tx: Tx, uid: int, manager: bool, context: dict[str, Any] | None = None):
        self.tx = tx
        self.uid = uid
        self.manager = manager
        self.context = context or {}
        moment = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        self.now = moment.replace(microsecond=0)
        self.stamp = stamp(moment)  # one per call, like Odoo's cr.now() per transaction
        self.domains = Evaluator(self, MODELS)
        self._lang: str | None | bool = False

    @property
    def lang(self) -> str | None:
        """The context's language if installed, else None (the source), like Odoo 16's env.lang."""
        if self._lang is False:
            wanted = self.context.get("lang")
            installed = {r.get("code") for r in self.tx.all("res.lang").values() if r.get("active")}
            self._lang = wanted if wanted in installed | {translate.SOURCE} else None
        return self._lang if isinstance(self._lang, str) else None

    def tr(self, value: Any) -> Any:
        """A stored translatable value in this call's language."""
        return translate.pick(value, self.lang)

    def with_lang(self, lang: str | None) -> Env:
        return Env(self.tx, self.uid, self.manager, {**self.context, "lang": lang})

    def model(self, name: str) -> Model:
        if name not in MODELS:
            raise UserError(f"Object {name} doesn't exist")
        return MODELS[name]

    def __getitem__(self, name: str) -> Behaviour:
        return BEHAVIOURS.get(name, Behaviour)(self, self.model(name))

    def company(self) -> Record:
        return min(self.tx.all("res.company").values(), key=lambda r: r["id"])

    def records(self, model: str, ids: list[int]) -> list[Record]:
        found = self.tx.get_many(model, ids)
        return [found[i] for i in ids if i in found]

    def display_name(self, model: str, rid: int | None) -> str | None:
        rec = self.tx.get(model, rid) if rid else None
        if rec is None:
            return None
        show = DISPLAY.get(model)
        return show(self, rec) if show else (self.tr(rec.get("name")) or f"{model},{rid}")

    def value(self, model: Model, rec: Record, fname: str) -> Any:
        """The internal value: ids for relations, computed and related fields resolved."""
        field = model.fields[fname]
        if fname == "id":
            return rec["id"]
        if fname == "display_name":
            return self.display_name(model.name, rec["id"])
        if field.related:
            link, target = field.related.split(".", 1)
            linked = model.fields[link].relation or ""
            trec = self.tx.get(linked, rec[link]) if rec.get(link) else None
            if trec is None:
                return [] if field.type in X2MANY else None
            return self.value(MODELS[linked], trec, target)
        if field.type == "one2many":
            comodel = MODELS[field.relation or ""]
            rows = self.tx.where(comodel.name, field.inverse or "", [rec["id"]])
            if comodel.active_test and self.context.get("active_test", True):
                rows = [r for r in rows if r.get("active", True)]
            return [r["id"] for r in sort(self, comodel, rows, None)]
        if not field.store:
            return COMPUTE[(model.name, fname)](self, rec)
        return self.tr(rec.get(fname)) if field.translate else rec.get(fname)


class Behaviour:
    """Generic model methods; subclasses add business rules through the `_on_*` hooks."""

    cascade: tuple[str, ...] = ()  # one2many fields whose records die with their parent

    def __init__(self, env: Env, model: Model) -> None:
        self.env = env
        self.model = model
        self.tx = env.tx

    # --- helpers -----------------------------------------------------------------------------

    def browse(self, ids: list[int]) -> list[Record]:
        found = self.tx.get_many(self.model.name, ids)
        missing = [i for i in ids if i not in found]
        if missing:
            raise MissingError(
                "Record does not exist or has been deleted.\n"
                f"(Record: {self.model.name}({', '.join(map(str, missing))},), User: {self.env.uid})"
            )
        return [found[i] for i in ids]

    def get(self, rec: Record, fname: str) -> Any:
        return self.env.value(self.model, rec, fname)

    def filter(self, domain: Any) -> list[Record]:
        records = list(self.tx.all(self.model.name).values())
        terms = [t for t in domain if isinstance(t, (list, tuple))] if domain else []
        if (
            self.model.active_test
            and self.env.context.get("active_test", True)
            and not any(t and t[0] == "active" for t in terms)
        ):
            records = [r for r in records if r.get("active", True)]
        keep = self.env.domains.compile(self.model, domain or [])
        return [r for r in records if keep(r)]

    def _search(
        self, domain: Any, offset: Any = 0, limit: Any = None, order: Any = None
    ) -> list[Record]:
        ordered = sort(self.env, self.model, self.filter(domain), order)
        start = int(offset or 0)
        return ordered[start : start + int(limit)] if limit else ordered[start:]

    def _check_rights(self) -> None:
        if self.model.name in ADMIN_MODELS and not self.env.manager:
            raise AccessError(
                f"You are not allowed to modify '{self.model.description}' ({self.model.name}) "
                "records.\n\nThis operation is allowed for the following groups:\n"
                "\t- Administration/Settings\n\nContact your administrator to request access "
                "if necessary."
            )

    def _split(self, vals: dict[str, Any]) -> tuple[Record, Record, dict[str, Record]]:
        """Split client values into stored ones, x2many commands and related writes."""
        if not isinstance(vals, dict):
            raise ValueError(f"Expected a dictionary of values, got {vals!r}")
        stored: dict[str, Any] = {}
        x2many: dict[str, Any] = {}
        related: dict[str, dict[str, Any]] = {}
        for fname, value in vals.items():
            field = self.model.fields.get(fname)
            if field is None:
                raise ValueError(f"Invalid field {fname!r} on model {self.model.name!r}")
            if field.related and not field.readonly:
                link, target = field.related.split(".", 1)
                related.setdefault(link, {})[target] = value
            elif field.type == "one2many":
                x2many[fname] = value
            elif field.store and fname not in MAGIC:
                stored[fname] = to_stored(self.model, fname, field, value)
        return stored, x2many, related

    def _commands(self, rec: Record, fname: str, commands: Any) -> None:
        """Apply Odoo's x2many commands (0, 1, 2, 3, 4, 5, 6) to a one2many field."""
        field = self.model.fields[fname]
        co, inverse = self.env[field.relation or ""], field.inverse or ""
        if isinstance(commands, (list, tuple)) and all(isinstance(c, int) for c in commands):
            commands = [(6, 0, list(commands))]
        for command in commands or []:
            if not isinstance(command, (list, tuple)) or not command:
                raise ValueError(f"Invalid command {command!r} for field {fname!r}")
            code, *rest = command
            rid = rest[0] if rest else 0
            current = self.get(rec, fname)
            if code == 0:
                co.create_many([{**(rest[1] if len(rest) > 1 else {}), inverse: rec["id"]}])
            elif code == 1:
                co.write([rid], rest[1])
            elif code in (2, 3):  # the inverse is required: unlinking the relation deletes
                co.unlink([rid])
            elif code == 4:
                co.write([rid], {inverse: rec["id"]})
            elif code == 5:
                co.unlink(current)
            elif code == 6:
                wanted = list(rest[1]) if len(rest) > 1 else []
                co.unlink([i for i in current if i not in wanted])
                co.write([i for i in wanted if i not in current], {inverse: rec["id"]})
            else:
                raise ValueError(f"Invalid command {command!r} for field {fname!r}")

    def defaults(self) -> dict[str, Any]:
        return {n: f.default for n, f in self.model.fields.items() if f.default is not None}

    # --- hooks for subclasses ----------------------------------------------------------------

    def _prepare_create(self, data: Record, vals: dict[str, Any]) -> None:
        """Fill computed stored fields of a new record; `vals` are what the client sent."""

    def _after_create(self, rec: Record, vals: dict[str, Any]) -> None:
        pass

    def _on_write(self, recs: list[Record], vals: dict[str, Any]) -> None:
        pass

    def _after_write(self, recs: list[Record], vals: dict[str, Any], before: list[Record]) -> None:
        pass

    def _on_unlink(self, recs: list[Record]) -> None:
        pass

    def _after_unlink(self, recs: list[Record]) -> None:
        pass

    # --- CRUD used by RPC methods and by other behaviours -------------------------------------

    def prepare(self, vals: dict[str, Any]) -> tuple[Record, Record, dict[str, Record]]:
        """A new record's stored values (defaults, magic fields, translations, checks), plus the
        x2many commands and related writes to apply once it exists; the seed inserts in bulk."""
        stored, x2many, related = self._split(vals)
        for fname in self._translated(stored):
            stored[fname] = translate.on_create(stored[fname], self.env.lang)
        data = {**self.defaults(), **stored}
        data.update(create_uid=self.env.uid, write_uid=self.env.uid)
        data.update(create_date=self.env.stamp, write_date=self.env.stamp)
        self._prepare_create(data, vals)
        check_required(self.model, data)
        check_links(self.tx, self.model, data)
        return data, x2many, related

    def _translated(self, stored: Record) -> list[str]:
        return [f for f in stored if self.model.fields[f].translate]

    def create_many(self, vals_list: list[dict[str, Any]]) -> list[Record]:
        self._check_rights()
        out = []
        for vals in vals_list:
            data, x2many, related = self.prepare(vals)
            rec = self.tx.insert(self.model.name, data)
            for link, target_vals in related.items():
                self.env[self.model.fields[link].relation or ""].write([rec[link]], target_vals)
            for fname, commands in x2many.items():
                self._commands(rec, fname, commands)
            self._after_create(rec, vals)
            out.append(rec)
        return out

    def write_records(self, recs: list[Record], vals: dict[str, Any]) -> None:
        self._check_rights()
        self._on_write(recs, vals)
        stored, x2many, related = self._split(vals)
        check_links(self.tx, self.model, stored)
        before = [dict(r) for r in recs]
        translated = self._translated(stored)
        for rec in recs:
            for fname in translated:
                rec[fname] = translate.on_write(rec.get(fname), stored[fname], self.env.lang)
            rec.update({k: v for k, v in stored.items() if k not in translated})
            rec.update(write_uid=self.env.uid, write_date=self.env.stamp)
            check_required(self.model, rec)
            self.tx.update(self.model.name, rec)
            for link, target_vals in related.items():
                if rec.get(link):
                    self.env[self.model.fields[link].relation or ""].write([rec[link]], target_vals)
            for fname, commands in x2many.items():
                self._commands(rec, fname, commands)
        self._after_write(recs, vals, before)

    # --- the RPC surface ---------------------------------------------------------------------

    @rpc(readonly=True)
    def search(
        self, domain: Any, offset: Any = 0, limit: Any = None, order: Any = None
    ) -> list[Any]:
        return [r["id"] for r in self._search(domain, offset, limit, order)]

    @rpc(readonly=True)
    def search_count(self, domain: Any, limit: Any = None) -> int:
        return len(self._search(domain, 0, limit, "id"))

    @rpc(records=True, readonly=True)
    def read(self, ids: list[int], fields: Any = None, load: Any = "_classic_read") -> list[Any]:
        names = list(fields or self.model.fields)
        for name in names:
            if name not in self.model.fields:
                raise ValueError(f"Invalid field {name!r} on model {self.model.name!r}")
        rows = []
        for rec in self.browse(ids):
            row = {"id": rec["id"]}
            row.update({n: to_read(self.env, self.model, rec, n, load) for n in names if n != "id"})
            rows.append(row)
        return rows

    @rpc(readonly=True)
    def search_read(
        self,
        domain: Any = None,
        fields: Any = None,
        offset: Any = 0,
        limit: Any = None,
        order: Any = None,
        load: Any = "_classic_read",
    ) -> list[Any]:
        ids = [r["id"] for r in self._search(domain or [], offset, limit, order)]
        return self.read(ids, fields, load)

    @rpc()
    def create(self, vals_list: Any) -> int | list[int]:
        if isinstance(vals_list, dict):
            return int(self.create_many([vals_list])[0]["id"])
        return [r["id"] for r in self.create_many(list(vals_list))]

    @rpc(records=True)
    def write(self, ids: list[int], vals: dict[str, Any]) -> bool:
        if ids:
            self.write_records(self.browse(ids), vals)
        return True

    @rpc(records=True)
    def unlink(self, ids: list[int]) -> bool:
        self._check_rights()
        recs = self.browse(ids)
        self._on_unlink(recs)
        for rec in recs:
            for fname in self.cascade:
                field = self.model.fields[fname]
                for child in self.tx.where(field.relation or "", field.inverse or "", [rec["id"]]):
                    self.tx.delete(field.relation or "", child["id"])
            self.tx.delete(self.model.name, rec["id"])
        self._after_unlink(recs)
        return True

    @rpc(records=True, readonly=True)
    def exists(self, ids: list[int]) -> list[int]:
        return list(self.tx.get_many(self.model.name, ids))

    @rpc(readonly=True)
    def name_search(
        self,
        name: Any = "",
        args: Any = None,
        operator: str = "ilike",
        limit: Any = 100,
        domain: Any = None,
    ) -> list[Any]:
        extra = list(domain or args or [])
        if name:
            names = [(f, operator, name) for f in self.model.rec_names]
            joiner = "&" if operator in ("!=", "not ilike", "not like", "not in") else "|"
            extra = [joiner] * (len(names) - 1) + names + extra
        found = self._search(extra, 0, limit, None)
        return [[r["id"], self.env.display_name(self.model.name, r["id"])] for r in found]

    @rpc(records=True)
    def toggle_active(self, ids: list[int]) -> None:
        """Odoo's toggle_active: returns None (a Fault over XML-RPC, after the commit)."""
        if not self.model.active_test:
            raise ValueError(f"No 'active' field on model {self.model.name}")
        recs = self.browse(ids)
        on = [r for r in recs if r.get("active", True)]
        off = [r for r in recs if not r.get("active", True)]
        if on:
            self.write_records(on, {"active": False})
        if off:
            self.write_records(off, {"active": True})
        return None

    @rpc(records=True)
    def action_archive(self, ids: list[int]) -> None:
        return self.toggle_active([r["id"] for r in self.browse(ids) if r.get("active", True)])

    @rpc(records=True)
    def action_unarchive(self, ids: list[int]) -> None:
        return self.toggle_active([r["id"] for r in self.browse(ids) if not r.get("active", True)])

    @rpc(readonly=True)
    def fields_get(self, allfields: Any = None, attributes: Any = None) -> dict[str, Any]:
        return describe(self.model, allfields, attributes)

    @rpc(readonly=True)
    def default_get(self, fields_list: Any) -> dict[str, Any]:
        values = self.defaults()
        return {k: v for k, v in values.items() if k in (fields_list or [])}
