"""Uncertain time as a closed window of days.

A claim rarely gives an exact day. "In November 1932" is the window [1932-11-01, 1932-11-30];
"the fall of 1932" is [1932-09-01, 1932-11-30]. Whether the claim holds *throughout* that window (a
state: "was in Berlin in November 1932") or happens *at some moment inside it* (an event: "met him in
November 1932") is a property of the claim, not of the window, so it lives on :class:`Claim`.

Bounds are inclusive calendar days. ``None`` means unbounded on that side ("since 1927").
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

Precision = Literal["day", "days", "week", "month", "part_of_month", "season", "part_of_year", "year", "years", "decade", "open"]


class TimeWindow(BaseModel):
    """The days within which something held or happened, with the text it was read from."""

    model_config = ConfigDict(frozen=True)

    earliest: date | None = None
    latest: date | None = None
    precision: Precision = "day"
    text: str | None = None  # the expression as written, for explanations

    @model_validator(mode="after")
    def _ordered(self) -> "TimeWindow":
        if self.earliest and self.latest and self.earliest > self.latest:
            raise ValueError(f"time window ends before it starts: {self.earliest} > {self.latest}")
        return self

    @property
    def days(self) -> int | None:
        """Length of the window in days (inclusive), or None when unbounded."""
        if self.earliest is None or self.latest is None:
            return None
        return (self.latest - self.earliest).days + 1

    def label(self) -> str:
        """A human label: the original text when we have it, else the bounds."""
        if self.text:
            return self.text
        a = self.earliest.isoformat() if self.earliest else "…"
        b = self.latest.isoformat() if self.latest else "…"
        return a if a == b else f"{a} – {b}"
