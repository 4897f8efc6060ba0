"""Who may do what: passwords (argon2), server-side sessions with expiry, CSRF tokens, roles.

- Passwords are hashed with argon2id (``argon2.PasswordHasher``); a hash made with weaker parameters
  than the current defaults is replaced at the next login.
- A session is a random token in an HttpOnly, SameSite=Strict cookie; the store keeps only the
  token's SHA-256, with the user, the session's CSRF token, when it began and when it was last used.
  A session ends after ``idle`` seconds without a request or ``max_age`` seconds in all.
- Every POST must carry the session's CSRF token (form field ``csrf`` or header ``X-CSRF-Token``);
  the login form, before any session exists, uses a double-submit cookie.
- Roles: ``viewer`` reads; ``analyst`` also decides (confirm, reject, correct, add, merge, undo);
  ``admin`` also manages users.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from countertrial.store.analyst import ROLES

SESSION_COOKIE = "ct_session"
LOGIN_COOKIE = "ct_login"  # the double-submit token of the login form
RANK = {role: i for i, role in enumerate(ROLES)}  # viewer < analyst < admin

_hasher = PasswordHasher()
# verified against when the user does not exist, so that a wrong name takes as long as a wrong password
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    if not password:
        raise ValueError("the password is empty")
    return _hasher.hash(password)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a.encode(), b.encode())


@dataclass(frozen=True)
class User:
    name: str
    role: str
    csrf: str
    token_hash: str

    def can(self, role: str) -> bool:
        return RANK.get(self.role, -1) >= RANK[role]


class Sessions:
    """Logging in and out, and finding the user behind a session cookie."""

    def __init__(self, store, idle: float = 8 * 3600, max_age: float = 7 * 24 * 3600, clock: Callable[[], float] = time.time):
        self.store = store
        self.idle = idle
        self.max_age = max_age
        self.clock = clock

    def login(self, name: str, password: str) -> str | None:
        """A new session token for the right name and password, else None."""
        user = self.store.user(name)
        if user is None or user["disabled"]:
            try:
                _hasher.verify(_DUMMY_HASH, password or "-")
            except VerificationError:
                pass
            return None
        try:
            _hasher.verify(user["password_hash"], password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if _hasher.check_needs_rehash(user["password_hash"]):
            self.store.set_password_hash(name, _hasher.hash(password))
        now = self.clock()
        self.store.end_sessions_before(now - self.idle, now - self.max_age)
        token = secrets.token_urlsafe(32)
        self.store.create_session(token_hash(token), name, secrets.token_urlsafe(32), now)
        return token

    def user(self, token: str | None) -> User | None:
        """The user of a live session (and the session is marked used), or None when absent or expired."""
        if not token:
            return None
        th = token_hash(token)
        row = self.store.session(th)
        if row is None:
            return None
        now = self.clock()
        if row["disabled"] or now - row["last_seen"] > self.idle or now - row["created_at"] > self.max_age:
            self.store.end_session(th)
            return None
        if now - row["last_seen"] > 30:  # no write on every request
            self.store.touch_session(th, now)
        return User(name=row["user"], role=row["role"], csrf=row["csrf"], token_hash=th)

    def logout(self, user: User) -> None:
        self.store.end_session(user.token_hash)
