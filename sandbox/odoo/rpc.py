"""The `common`, `db` and `object` services, independent of the wire format.

Credentials are checked like Odoo: `login`/`authenticate` answer a uid or False, and
`execute_kw` with a wrong uid/password raises AccessDenied. Calls that only read run in a
snapshot without the writer lock (see store.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from . import products, purchase, uom  # noqa: F401 - registers the model behaviours
from .errors import AccessDenied, AccessError, DatabaseMissing
from .orm import BEHAVIOURS, Behaviour, Env
from .seed import ADMIN_UID, BUYER_UID
from .store import Store

VERSION = {
    "server_version": "17.0",
    "server_version_info": [17, 0, 0, "final", 0, ""],
    "server_serie": "17.0",
    "protocol_version": 1,
}
READ_ONLY_METHODS = {"context_get"}


@dataclass(frozen=True)
class User:
    uid: int
    login: str
    password: str
    manager: bool  # purchase.group_purchase_manager: never needs a second approval


@dataclass(frozen=True)
class Settings:
    """Database name and the two users; the admin's credentials come from the environment."""

    db: str = "sandbox"
    login: str = "admin"
    password: str = "admin"
    buyer_login: str = "buyer"
    buyer_password: str = "buyer"
    users: tuple[User, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        users = (
            User(ADMIN_UID, self.login, self.password, manager=True),
            User(BUYER_UID, self.buyer_login, self.buyer_password, manager=False),
        )
        object.__setattr__(self, "users", users)

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            db=os.environ.get("SANDBOX_ODOO_DB", "sandbox"),
            login=os.environ.get("SANDBOX_ODOO_LOGIN", "admin"),
            password=os.environ.get("SANDBOX_ODOO_PASSWORD", "admin"),
        )


def call_key(service: str, method: str, args: Any) -> str:
    """How /sandbox/stats names a call: `model.method` for object calls, else `service.method`."""
    if service == "object" and isinstance(args, (list, tuple)) and len(args) >= 5:
        return f"{args[3]}.{args[4]}"
    return f"{service}.{method}"


class Dispatcher:
    """Routes one decoded RPC call to a service method; raises what Odoo would raise."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    def call(self, service: str, method: str, args: list[Any]) -> Any:
        if service == "common":
            return self._common(method, args)
        if service == "object":
            return self._object(method, args)
        if service == "db" and method in ("list", "server_version"):
            return [self.settings.db] if method == "list" else VERSION["server_version"]
        if service == "db":
            raise AttributeError(f"'db' service has no method {method!r}")
        raise NameError(f"Service {service} is not available")

    def _db(self, db: Any) -> None:
        if db != self.settings.db:
            raise DatabaseMissing(str(db))

    def _user(self, login: Any, password: Any) -> User | None:
        return next(
            (u for u in self.settings.users if u.login == login and u.password == password), None
        )

    def _common(self, method: str, args: list[Any]) -> Any:
        if method in ("version", "about"):
            return VERSION if method == "version" else "See http://openerp.com"
        if method in ("login", "authenticate"):
            db, login, password = (list(args) + [None, None, None])[:3]
            self._db(db)
            user = self._user(login, password)
            return user.uid if user else False
        raise AttributeError(f"'common' service has no method {method!r}")

    def _object(self, method: str, args: list[Any]) -> Any:
        if method == "execute_kw":
            db, uid, password, model, name, *rest = args
            margs = rest[0] if rest else []
            kwargs = rest[1] if len(rest) > 1 else {}
        elif method == "execute":
            db, uid, password, model, name, *margs = args
            kwargs = {}
        else:
            raise AttributeError(f"'object' service has no method {method!r}")
        self._db(db)
        user = next(
            (u for u in self.settings.users if u.uid == uid and u.password == password), None
        )
        if user is None:
            raise AccessDenied()
        return self.execute(user, str(model), str(name), list(margs or []), dict(kwargs or {}))

    def execute(
        self, user: User, model: str, name: str, args: list[Any], kwargs: dict[str, Any]
    ) -> Any:
        if name.startswith("_"):
            raise AccessError(f"Private methods (such as {name}) cannot be called remotely.")
        context = kwargs.pop("context", None) or {}
        with self.store.transaction(write=not self._read_only(model, name)) as tx:
            env = Env(tx, user.uid, user.manager, context)
            if model == "res.users" and name == "context_get":
                env.model(model)
                return {
                    "lang": context.get("lang", "en_US"),
                    "tz": context.get("tz", False),
                    "uid": user.uid,
                }
            target = env[model]
            fn = getattr(target, name, None)
            spec = getattr(fn, "rpc", None)
            if fn is None or spec is None:
                raise AttributeError(f"The method '{name}' does not exist on the model '{model}'")
            if spec["records"]:
                if not args and "ids" not in kwargs:
                    raise TypeError(f"{name}() missing 1 required positional argument: 'ids'")
                raw = args[0] if args else kwargs.pop("ids")
                args = [_ids(raw), *args[1:]]
            return fn(*args, **kwargs)

    @staticmethod
    def _read_only(model: str, name: str) -> bool:
        fn = getattr(BEHAVIOURS.get(model, Behaviour), name, None)
        spec = getattr(fn, "rpc", None)
        return name in READ_ONLY_METHODS or bool(spec and spec["readonly"])


def _ids(raw: Any) -> list[int]:
    """Record methods accept one id or a list of ids, as Odoo's call_kw does."""
    if isinstance(raw, bool) or raw is None:
        return []
    if isinstance(raw, int):
        return [raw]
    if isinstance(raw, (list, tuple)) and all(
        isinstance(i, int) and not isinstance(i, bool) for i in raw
    ):
        return list(raw)
    raise ValueError(f"Invalid record ids: {raw!r}")
