"""The store's side for people: workbench users, their sessions, their decisions and the audit log.

Kept apart from the machine's tables and methods (``db.py``): nothing here writes a machine row.
A decision and its audit entry are written in one transaction, so the log can never miss a change
nor record one that did not happen.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update

from countertrial.store import schema as t

ROLES = ("viewer", "analyst", "admin")


class DecisionConflict(RuntimeError):
    """An undo that would overwrite a later decision on the same thing, or an entry that cannot be undone."""


class AnalystTables:
    engine: Engine

    # --- users -------------------------------------------------------------------------------------

    def add_user(self, name: str, role: str, password_hash: str, by: str = "cli") -> None:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
        with self.engine.begin() as c:
            if c.execute(select(t.users.c.name).where(t.users.c.name == name)).first():
                raise ValueError(f"user {name!r} exists already")
            now = time.time()
            c.execute(insert(t.users).values(name=name, role=role, password_hash=password_hash, created_at=now, disabled=False))
            self._log(c, by, "add_user", "user", name, "role", None, {"role": role}, now)

    def user(self, name: str) -> dict | None:
        with self.engine.connect() as c:
            row = c.execute(select(t.users).where(t.users.c.name == name)).mappings().first()
            return dict(row) if row else None

    def users(self) -> list[dict]:
        with self.engine.connect() as c:
            q = select(t.users.c.name, t.users.c.role, t.users.c.created_at, t.users.c.disabled).order_by(t.users.c.name)
            return [dict(r) for r in c.execute(q).mappings()]

    def set_user_role(self, name: str, role: str, by: str) -> None:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        with self.engine.begin() as c:
            old = c.execute(select(t.users.c.role).where(t.users.c.name == name)).scalar()
            if old is None:
                raise KeyError(name)
            c.execute(update(t.users).where(t.users.c.name == name).values(role=role))
            # a changed role takes effect at once: the user's sessions end
            c.execute(delete(t.sessions).where(t.sessions.c.user == name))
            self._log(c, by, "set_role", "user", name, "role", {"role": old}, {"role": role}, time.time())

    def set_user_disabled(self, name: str, disabled: bool, by: str) -> None:
        with self.engine.begin() as c:
            old = c.execute(select(t.users.c.disabled).where(t.users.c.name == name)).scalar()
            if old is None:
                raise KeyError(name)
            c.execute(update(t.users).where(t.users.c.name == name).values(disabled=disabled))
            c.execute(delete(t.sessions).where(t.sessions.c.user == name))
            self._log(c, by, "disable_user" if disabled else "enable_user", "user", name, "disabled",
                      {"disabled": bool(old)}, {"disabled": disabled}, time.time())

    def set_password_hash(self, name: str, password_hash: str) -> None:
        """Replace a password hash (e.g. rehashed with stronger parameters); not logged: it is not a decision."""
        with self.engine.begin() as c:
            c.execute(update(t.users).where(t.users.c.name == name).values(password_hash=password_hash))

    # --- sessions ----------------------------------------------------------------------------------

    def create_session(self, token_hash: str, user: str, csrf: str, now: float) -> None:
        with self.engine.begin() as c:
            c.execute(insert(t.sessions).values(token_hash=token_hash, user=user, csrf=csrf, created_at=now, last_seen=now))

    def session(self, token_hash: str) -> dict | None:
        with self.engine.connect() as c:
            q = (
                select(t.sessions, t.users.c.role, t.users.c.disabled)
                .join(t.users, t.users.c.name == t.sessions.c.user)
                .where(t.sessions.c.token_hash == token_hash)
            )
            row = c.execute(q).mappings().first()
            return dict(row) if row else None

    def touch_session(self, token_hash: str, now: float) -> None:
        with self.engine.begin() as c:
            c.execute(update(t.sessions).where(t.sessions.c.token_hash == token_hash).values(last_seen=now))

    def end_session(self, token_hash: str) -> None:
        with self.engine.begin() as c:
            c.execute(delete(t.sessions).where(t.sessions.c.token_hash == token_hash))

    def end_sessions_before(self, idle_cutoff: float, created_cutoff: float) -> None:
        with self.engine.begin() as c:
            c.execute(delete(t.sessions).where((t.sessions.c.last_seen < idle_cutoff) | (t.sessions.c.created_at < created_cutoff)))

    # --- decisions and the audit log ---------------------------------------------------------------

    def decisions(self) -> list[dict]:
        """Every current decision: target_kind, target_id, aspect, data, user, at."""
        with self.engine.connect() as c:
            q = select(t.decisions).order_by(t.decisions.c.at, t.decisions.c.target_kind, t.decisions.c.target_id, t.decisions.c.aspect)
            return [dict(r) for r in c.execute(q).mappings()]

    def decide(self, user: str, action: str, target_kind: str, target_id: str, aspect: str, data: dict | None) -> int:
        """Set (``data``) or remove (``None``) one decision and log it with what it replaced; returns the entry id."""
        with self.engine.begin() as c:
            now = time.time()
            before = self._current(c, target_kind, target_id, aspect)
            self._write(c, target_kind, target_id, aspect, data, user, now)
            return self._log(c, user, action, target_kind, target_id, aspect, before, data, now)

    def undo(self, entry_id: int, user: str) -> int:
        """Write back what an entry replaced, as a new entry; refused when a later decision changed the same thing."""
        with self.engine.begin() as c:
            entry = c.execute(select(t.audit_log).where(t.audit_log.c.id == entry_id)).mappings().first()
            if entry is None:
                raise KeyError(entry_id)
            if entry["target_kind"] == "user":
                raise DecisionConflict("changes to users are not undone here: change the user again")
            if entry["undone_by"] is not None:
                raise DecisionConflict(f"entry {entry_id} was undone already (by entry {entry['undone_by']})")
            current = self._current(c, entry["target_kind"], entry["target_id"], entry["aspect"])
            if current != entry["after"]:
                raise DecisionConflict(
                    f"entry {entry_id} is no longer the latest decision on {entry['target_kind']} {entry['target_id']}: "
                    "undo the later one first"
                )
            now = time.time()
            self._write(c, entry["target_kind"], entry["target_id"], entry["aspect"], entry["before"], user, now)
            new_id = self._log(c, user, "undo", entry["target_kind"], entry["target_id"], entry["aspect"],
                               current, entry["before"], now, undo_of=entry_id)
            c.execute(update(t.audit_log).where(t.audit_log.c.id == entry_id).values(undone_by=new_id))
            return new_id

    def audit_log(self, limit: int | None = None) -> list[dict]:
        """Newest first."""
        with self.engine.connect() as c:
            q = select(t.audit_log).order_by(t.audit_log.c.id.desc())
            if limit:
                q = q.limit(limit)
            return [dict(r) for r in c.execute(q).mappings()]

    def audit_entry(self, entry_id: int) -> dict | None:
        with self.engine.connect() as c:
            row = c.execute(select(t.audit_log).where(t.audit_log.c.id == entry_id)).mappings().first()
            return dict(row) if row else None

    # --- helpers (inside a caller's transaction) ---------------------------------------------------

    @staticmethod
    def _current(c, target_kind: str, target_id: str, aspect: str) -> Any:
        q = select(t.decisions.c.data).where(
            t.decisions.c.target_kind == target_kind, t.decisions.c.target_id == target_id, t.decisions.c.aspect == aspect
        )
        return c.execute(q).scalar()

    @staticmethod
    def _write(c, target_kind: str, target_id: str, aspect: str, data: dict | None, user: str, now: float) -> None:
        c.execute(
            delete(t.decisions).where(
                t.decisions.c.target_kind == target_kind, t.decisions.c.target_id == target_id, t.decisions.c.aspect == aspect
            )
        )
        if data is not None:
            c.execute(insert(t.decisions).values(target_kind=target_kind, target_id=target_id, aspect=aspect, data=data, user=user, at=now))

    @staticmethod
    def _log(c, user, action, target_kind, target_id, aspect, before, after, now, undo_of: int | None = None) -> int:
        res = c.execute(
            insert(t.audit_log).values(
                at=now, user=user, action=action, target_kind=target_kind, target_id=target_id, aspect=aspect,
                before=before, after=after, undo_of=undo_of,
            )
        )
        return int(res.inserted_primary_key[0])
