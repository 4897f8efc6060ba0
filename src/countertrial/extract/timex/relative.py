"""Relative expressions: offsets and references resolved against a reference window.

The reference ("ref") is the window of the most recent absolute expression: the ``anchor`` passed in,
or, while scanning a paragraph, the last expression resolved before this one. Offsets shift the whole
reference window, so "two days later" after "in November 1932" is Nov 3 - Dec 2, 1932: it contains
every day the writer could have meant.

Uncertainty conventions (a window must contain what was meant):

* counted days are exact ("two days later" = ref + 2), hours round to the same or next day;
* weeks are +-3 days, months +-15 days, years +-6 months, decades +-2 years around the shifted date;
* "a few" = 2-5, "several" = 3-7, "some"/"a number of" = 2-7, "a couple of" = 2-3, "many" = 4-20;
  "half a" = 0.5, "three and a half" = 3.5;
* "about/around/roughly/some N" = 0.8N-1.2N, "nearly/almost N" = 0.8N-N, "over/more than/at least N"
  = N-1.5N, "less than/within N" = 0-N.

"N days before/after" followed by an event ("a few days before the trial") is relative to that event,
whose date the scanner cannot know: it is reported with no window rather than wrongly anchored. So is
"N years ago", which counts back from the unknown moment of speaking.
"""

from __future__ import annotations

import math
import re
from datetime import date, timedelta

from countertrial.extract.timex import windows as W
from countertrial.extract.timex.atoms import Atom, Context, Resolved
from countertrial.extract.timex.lexicon import (
    DAY_ORDINAL_WORD,
    DAY_ORDINALS,
    MONTHS,
    NUMBER_WORD,
    NUMBER_WORDS,
    WEEKDAYS,
    normalize_words,
)

_NUM = rf"(?:\d{{1,3}}|{NUMBER_WORD})"
_QUANT = (
    rf"(?P<q>a\s+few|a\s+couple(?:\s+of)?|a\s+number\s+of|several|few|some|many|half\s+an?"
    rf"|{_NUM}\s+(?:or|to)\s+{_NUM}|{_NUM}(?:\s+and\s+(?:a|one)[\s‐‑-]half)?)"
)
_UNIT = r"(?P<u>days?|weeks?|fortnights?|months?|years?|hours?|decades?)"
_MOD = (
    r"(?P<mod>about|approximately|around|roughly|some|nearly|almost|barely|just\s+over|just\s+under|just|only"
    r"|well\s+over|over|more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|no\s+more\s+than"
    r"|not\s+more\s+than|a\s+good|a\s+full|fully|full|exactly|precisely|under|scarcely|hardly)"
)
_HALF_AFTER = r"(?P<half>\s+and\s+a\s+half)?"

_OFFSET = re.compile(
    rf"(?i:\b(?:{_MOD}\s+)?{_QUANT}\s+{_UNIT}{_HALF_AFTER}(?:['’]s)?\s+"
    rf"(?P<dir>later|earlier|afterwards?|after|before|beforehand|previously|prior|ago|back)\b)"
)
_THE_UNIT_DIR = re.compile(r"(?=[tT])(?i:\bthe\s+(?P<u>day|night|week|month|year)\s+(?P<dir>after|before)\b)")
_NEXT = re.compile(
    r"(?=[tTnN])(?i:\b(?:(?P<the>the\s+)(?:very\s+)?"
    r"(?P<w>next|following|subsequent|succeeding|previous|preceding|prior)"
    r"|(?P<w2>next))\s+(?P<u>day|morning|afternoon|evening|night|week|month|year|spring|summer|autumn|fall|winter|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|" + "|".join(MONTHS) + r")\b)"
)
_NEXT_N = re.compile(
    rf"(?=[tT])(?i:\bthe\s+(?P<w>next|following|previous|preceding)\s+{_QUANT}\s+{_UNIT})\b"
)
_SAME = re.compile(
    r"(?=[tT])(?i:\b(?:that(?:\s+same|\s+very)?|the\s+(?:very\s+)?same|the\s+very)\s+"
    r"(?P<u>day|morning|afternoon|evening|night|week|month|year|spring|summer|autumn|fall|winter))\b"
    r"|\b[Tt]hat\s+(?P<mon>January|February|April|June|July|August|September|October|November|December)\b"
)
#: "the 10th" on its own: a day of the month the text is in ("he has not left since the 10th"). Only
#: where nothing but a pause, a preposition or a conjunction follows: "the 5th floor", "the 2nd Army"
#: and "the 20th century" are not dates.
_BARE_DAY = re.compile(
    r"(?=[tT])\b[Tt]he\s+(?P<d>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b"
    r"(?=\s*(?:[,.;:!?)]|$)|\s+(?:and|or|but|with|when|at|in|on|to|until|till|before|after|by|so|which|where)\b)"
)
#: "on the fourth", "on the morning of the fourth": a day spelled out is a date only after "on" (or a
#: part of a day), since "the fourth" alone is far more often the fourth of something else.
_BARE_DAY_WORD = re.compile(
    rf"(?=[oO])(?i:\bon\s+)(?P<the>(?i:the\s+(?:(?:morning|afternoon|evening|night)\s+of\s+the\s+)?)(?P<w>(?i:{DAY_ORDINAL_WORD})))\b"
    r"(?=\s*(?:[,.;:!?)]|$)|\s+(?:and|or|but|when|at|in|until|till|before|after|by|so|which|where"
    r"|my|his|her|their|our|your|he|she|they|we|I|it|the|a|an|[A-Z]\w*)\b)"
)
#: "the year" / "the month" after "of": only as the period of a part ("the end of the year").
_OF_THE_UNIT = re.compile(r"(?=[oO])(?i:\bof\s+(?P<the>the\s+(?P<u>year|month))\b)")
_LATER_THAT = re.compile(
    r"(?=[lLeE])(?i:\b(?P<dir>later|earlier)\s+(?:on\s+)?(?:in\s+|on\s+|during\s+)?(?:that|the\s+same|that\s+same)\s+"
    r"(?P<u>day|morning|afternoon|evening|night|week|month|year)\b)"
)
_WITHIN = re.compile(rf"(?=[wW])(?i:\bwithin\s+(?:{_MOD}\s+)?{_QUANT}\s+{_UNIT}{_HALF_AFTER}\b)")
_THEN = re.compile(
    r"(?=[sSeEfFuUtTbB])(?i:\b(?P<w>since\s+then|ever\s+since\s+then|from\s+then\s+on(?:wards?)?"
    r"|from\s+that\s+(?:time|day|moment)\s+on(?:wards?)?"
    r"|until\s+then|till\s+then|up\s+(?:to|until)\s+then|by\s+then|before\s+then)\b)"
)
_NEVER = re.compile(
    r"(?=[nNaAoO])(?i:\bnever\b|\bat\s+no\s+(?:other\s+)?(?:time|point)\b|(?<=\bnor\s)at\s+any\s+(?:other\s+)?time\b"
    r"|\bnot\s+at\s+any\s+(?:other\s+)?time\b|\bon\s+no\s+(?:other\s+)?occasion\b)"
)
_DURATION = re.compile(
    rf"(?=[fF])(?i:\bfor\s+(?:(?:{_MOD}\s+)?{_QUANT}\s+{_UNIT}{_HALF_AFTER}"
    rf"|(?:days|weeks|months|years|hours)(?:\s+on\s+end)?)\b)"
)

#: After "before"/"after", these mean the reference is the one in context ("two days after, he ...").
_CONTEXT_TAIL = re.compile(
    r"\s*(?:$|[,.;:!?)\]\"”’'—–-]|(?:that|this|it|then)\b\s*(?:$|[,.;:!?)\]—–-]|"
    r"(?:he|she|they|we|I|you|it|the|a|an|his|her|their|our|my|there)\b))",
    re.I,
)

_VAGUE = {"a few": (2, 5), "few": (2, 5), "several": (3, 7), "some": (2, 7), "a number of": (2, 7),
          "a couple": (2, 3), "a couple of": (2, 3), "many": (4, 20)}
_TOLERANCE_MONTHS = {"month": 0, "year": 6, "decade": 24}
_TOLERANCE_DAYS = {"day": 0, "hour": 0, "week": 3, "month": 15, "year": 0, "decade": 0}
_UNIT_PRECISION = {"hour": "day", "day": "day", "week": "week", "month": "month", "year": "year", "decade": "years"}


def _unit(u: str) -> str:
    u = u.lower().rstrip("s")
    return "week2" if u == "fortnight" else u


def _count(word: str) -> float:
    return float(word) if word.isdigit() else float(NUMBER_WORDS[word])


def quantity(q: str, half: bool = False, mod: str | None = None) -> tuple[float, float]:
    """The range of counts a quantity phrase allows, after its modifier."""
    q = normalize_words(q)
    if q in _VAGUE:
        lo, hi = _VAGUE[q]
    elif q.startswith("half"):
        lo = hi = 0.5
    elif (alt := re.fullmatch(r"(.+?) (?:or|to) (.+)", q)) is not None:  # "two or three days"
        lo, hi = _count(alt.group(1)), _count(alt.group(2))
        lo, hi = min(lo, hi), max(lo, hi)
    else:
        m = re.match(r"(.+?) and (?:a|one)[ -]half$", q)
        n = _count(m.group(1) if m else q)
        if m:
            n += 0.5
        lo = hi = n
    if half:
        lo, hi = lo + 0.5, hi + 0.5
    mod = normalize_words(mod) if mod else ""
    if mod in ("about", "approximately", "around", "roughly", "some"):
        lo, hi = lo * 0.8, hi * 1.2
    elif mod in ("nearly", "almost", "just under", "under"):
        lo = lo * 0.8
    elif mod in ("over", "more than", "well over", "just over", "at least", "a good"):
        hi = hi * 1.5
    elif mod in ("less than", "fewer than", "no more than", "not more than", "at most", "within"):
        lo = 0
    return lo, hi


def _shift(d: date, unit: str, amount: float, sign: int) -> date:
    if unit == "day":
        return d + timedelta(days=sign * amount)
    if unit == "week":
        return d + timedelta(days=sign * round(7 * amount))
    months = amount * {"month": 1, "year": 12, "decade": 120}[unit]
    whole = int(months)
    return W.add_months(d, sign * whole) + timedelta(days=sign * round((months - whole) * 30))


def offset_window(ref: W.Span, unit: str, lo: float, hi: float, sign: int) -> W.Span:
    """Shift a reference window by between ``lo`` and ``hi`` units, widened by the unit's tolerance."""
    if unit == "week2":
        unit, lo, hi = "week", lo * 2, hi * 2
    if unit == "hour":  # "two hours later": the same day or the next
        unit, lo, hi = "day", math.floor(lo / 24), math.ceil(hi / 24) or 1
    elif unit == "day":
        lo, hi = math.floor(lo), math.ceil(hi)
    if sign > 0:
        a, b = _shift(ref[0], unit, lo, 1), _shift(ref[1], unit, hi, 1)
    else:
        a, b = _shift(ref[0], unit, hi, -1), _shift(ref[1], unit, lo, -1)
    tol_d = timedelta(days=_TOLERANCE_DAYS.get(unit, 0))
    tol_m = _TOLERANCE_MONTHS.get(unit, 0)
    return W.add_months(a, -tol_m) - tol_d, W.add_months(b, tol_m) + tol_d


def _precision(span: W.Span, unit_precision: str, ref_precision: str | None = None) -> str:
    if span[0] == span[1]:
        return "day"
    p = "days" if unit_precision == "day" else unit_precision
    return W.coarser(p, ref_precision) if ref_precision else p


def _ref_precision(ref: W.Span) -> str:
    n = (ref[1] - ref[0]).days + 1
    if n == 1:
        return "day"
    if n <= 10:
        return "days"
    if n <= 31:
        return "month"
    if n <= 92:
        return "season"
    if n <= 366:
        return "year"
    return "years"


def _relative(start: int, end: int, compute, *, base: str | None = None, kind: str = "relative") -> Atom:
    """An atom whose window is ``compute(ref)`` for the context's reference window."""

    def resolve(ctx: Context) -> Resolved | None:
        ref = ctx.ref
        if ref is None and ctx.year is not None and base in ("year", "season"):
            ref = W.year_span(ctx.year)  # "that year" with only a default year
        if ref is None:
            return None
        try:
            out = compute(ref)
        except (ValueError, OverflowError, KeyError):
            return None
        if out is None:
            return None
        a, b, p = out
        if a is not None and b is not None and a > b:
            return None
        return Resolved(a, b, p, True)

    return Atom(start, end, kind, resolve, base=base, relative=True)


def _unresolvable(start: int, end: int, kind: str = "relative") -> Atom:
    return Atom(start, end, kind, lambda ctx: None, relative=True, placeless=True)


# ---- calendar references -----------------------------------------------------------------------------

def _week(d: date) -> W.Span:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def _period(unit: str, ref: W.Span, step: int) -> tuple[date, date, str]:
    """The calendar period ``step`` units from the reference: -1 previous, 0 same, +1 following."""
    a, b = ref
    if unit in ("day", "morning", "afternoon", "evening", "night"):
        a, b = a + timedelta(days=step), b + timedelta(days=step)
        return a, b, _precision((a, b), "day", _ref_precision(ref))
    if unit == "week":
        a, b = _week(a)[0] + timedelta(days=7 * step), _week(b)[1] + timedelta(days=7 * step)
        return a, b, "week"
    if unit == "month":
        a, b = W.add_months(a.replace(day=1), step), W.add_months(b.replace(day=1), step)
        return a, date(b.year, b.month, W.last_day(b.year, b.month)), "month"
    if unit == "year":
        return date(a.year + step, 1, 1), date(b.year + step, 12, 31), "year"
    if unit in W.SEASON_MONTHS:
        if step == 0:
            if unit == "winter":
                y = a.year - 1 if a.month in (1, 2) else a.year
            else:
                y = a.year
        elif step > 0:
            y = b.year - 1
            while W.season_span(y, unit)[0] <= b:
                y += 1
        else:
            y = a.year + 1
            while W.season_span(y, unit)[1] >= a:
                y -= 1
        s = W.season_span(y, unit)
        return s[0], s[1], "season"
    if unit in WEEKDAYS:
        wd = WEEKDAYS[unit]
        if step > 0:
            nxt = lambda d: d + timedelta(days=(wd - d.weekday() - 1) % 7 + 1)
            return nxt(a), nxt(b), "day" if a == b else "days"
        prv = lambda d: d - timedelta(days=(d.weekday() - wd - 1) % 7 + 1)
        return prv(a), prv(b), "day" if a == b else "days"
    if unit in MONTHS:
        mon = MONTHS[unit]
        if step > 0:
            y = b.year if date(b.year, mon, 1) > b else b.year + 1
        else:
            y = a.year if date(a.year, mon, W.last_day(a.year, mon)) < a else a.year - 1
        s = W.month_span(y, mon)
        return s[0], s[1], "month"
    raise KeyError(unit)


def _base(unit: str) -> str | None:
    if unit in ("year", "month"):
        return unit
    if unit in W.SEASON_MONTHS:
        return "season"
    return None


# ---- builders -----------------------------------------------------------------------------------------

_FOR_BEFORE = re.compile(r"(?i:\bfor\s+)$")


def _build_offset(m: re.Match[str], text: str) -> Atom | None:
    if _FOR_BEFORE.search(text, max(0, m.start() - 6), m.start()):
        return None  # "for eleven years before 1935" is a duration, then "before 1935"
    d = m["dir"].lower()
    sign = 1 if d in ("later", "afterwards", "afterward", "after") else -1
    unit = _unit(m["u"])
    lo, hi = quantity(m["q"], bool(m["half"]), m["mod"])
    up = _UNIT_PRECISION["week" if unit == "week2" else unit]

    def compute(ref):
        span = offset_window(ref, unit, lo, hi, sign)
        return span[0], span[1], _precision(span, up, _ref_precision(ref))

    if d in ("ago", "back"):
        return _unresolvable(m.start(), m.end())
    if d in ("before", "after") and not _CONTEXT_TAIL.match(text, m.end()):
        # Relative to what follows: an event we cannot date ("before the trial") stays without a window;
        # a date ("two years before 1935") is combined with it in :mod:`.combine`.
        atom = _unresolvable(m.start(), m.end())
        atom.offset = compute
        return atom
    return _relative(m.start(), m.end(), compute)


def _build_the_unit_dir(m: re.Match[str], text: str) -> Atom:
    if not _CONTEXT_TAIL.match(text, m.end()):
        return _unresolvable(m.start(), m.end())
    unit = m["u"].lower()
    step = 1 if m["dir"].lower() == "after" else -1
    return _relative(m.start(), m.end(), lambda ref: _period(unit, ref, step), base=_base(unit))


def _build_next(m: re.Match[str], text: str) -> Atom | None:
    unit = m["u"].lower()
    if m["w2"] and unit not in ("day", "morning", "afternoon", "evening", "night"):
        return None  # "next week" counts from the moment of speaking, not from the narrative
    if m["u"][0].islower() and unit in ("may", "march", "august"):
        return None
    w = (m["w"] or m["w2"]).lower()
    step = 1 if w in ("next", "following", "subsequent", "succeeding") else -1
    return _relative(m.start(), m.end(), lambda ref: _period(unit, ref, step), base=_base(unit))


def _build_next_n(m: re.Match[str], text: str) -> Atom:
    unit = _unit(m["u"])
    lo, hi = quantity(m["q"])
    forward = m["w"].lower() in ("next", "following")
    up = _UNIT_PRECISION["week" if unit == "week2" else unit]

    def compute(ref):
        if forward:
            a = ref[1] + timedelta(days=1)
            b = offset_window((ref[1], ref[1]), unit, hi, hi, 1)[1]
        else:
            b = ref[0] - timedelta(days=1)
            a = offset_window((ref[0], ref[0]), unit, hi, hi, -1)[0]
        return a, b, _precision((a, b), up)

    return _relative(m.start(), m.end(), compute)


_AS_EVENT = re.compile(r"\s+as\b", re.I)


def _build_same(m: re.Match[str], text: str) -> Atom:
    """ "that day", "the same year", "that fall", and "that August" (the month in the reference's year;
    not "that May" / "that March", where "that" is usually a conjunction before a verb)."""
    if m["mon"]:
        mon = MONTHS[m["mon"].lower()]
        return _relative(m.start(), m.end(), lambda ref: (*W.month_span(ref[0].year, mon), "month"), base="month")
    unit = m["u"].lower()
    if _AS_EVENT.match(text, m.end()):
        return _unresolvable(m.start(), m.end())  # "the same day as the arrest"
    return _relative(m.start(), m.end(), lambda ref: _period(unit, ref, 0), base=_base(unit))


_WEEKDAY_NEAR = re.compile(r"(?i)\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")


def _bare_day_on(day: int, ref: W.Span, weekday: int | None) -> date:
    """The ``day`` of the reference's month; when the text names its weekday ("the Saturday before, the
    7th"), the nearest month around the reference in which that day falls on that weekday."""
    y, mth = ref[0].year, ref[0].month
    if weekday is not None:
        for shift in (0, 1, -1, 2, -2):
            yy, mm = y + (mth - 1 + shift) // 12, (mth - 1 + shift) % 12 + 1
            try:
                d = date(yy, mm, day)
            except ValueError:
                continue
            if d.weekday() == weekday:
                return d
    return date(y, mth, day)


def _weekday_before(text: str, at: int) -> int | None:
    """The weekday named just before a bare day ("on the Thursday, the 5th"), if any: 0 = Monday."""
    found = list(_WEEKDAY_NEAR.finditer(text[max(0, at - 30) : at]))
    return WEEKDAYS[found[-1].group(1).lower()] if found else None


def _build_bare_day(m: re.Match[str], text: str) -> Atom:
    """ "the 10th": that day of the reference's month (a letter dated the 20th speaks of the 10th before it)."""
    day = int(m["d"])
    weekday = _weekday_before(text, m.start())

    def compute(ref: W.Span):
        d = _bare_day_on(day, ref, weekday)
        return d, d, "day"

    return _relative(m.start(), m.end(), compute, base="day")


def _build_bare_day_word(m: re.Match[str], text: str) -> Atom | None:
    """ "on the morning of the fourth": that day of the reference's month, like "the 4th"."""
    day = DAY_ORDINALS.get(normalize_words(m["w"]))
    if day is None or day > 31:
        return None
    weekday = _weekday_before(text, m.start())

    def compute(ref: W.Span):
        d = _bare_day_on(day, ref, weekday)
        return d, d, "day"

    return _relative(m.start("the"), m.end("the"), compute, base="day")


def _build_of_the_unit(m: re.Match[str], text: str) -> Atom:
    unit = m["u"].lower()
    atom = _relative(m.start("the"), m.end(), lambda ref: _period(unit, ref, 0), base=unit)
    atom.weak = True  # kept only when a part claims it
    return atom


def _build_later_that(m: re.Match[str], text: str) -> Atom:
    unit = m["u"].lower()
    later = m["dir"].lower() == "later"

    def compute(ref):
        pa, pb, p = _period(unit, ref, 0)
        if unit in ("day", "morning", "afternoon", "evening", "night"):
            return pa, pb, p
        if later:
            a = min(ref[0] + timedelta(days=1), pb)
            return a, pb, "days" if unit == "week" else p
        b = max(ref[1] - timedelta(days=1), pa)
        return pa, b, "days" if unit == "week" else p

    return _relative(m.start(), m.end(), compute, base=None)


def _build_within(m: re.Match[str], text: str) -> Atom:
    unit = _unit(m["u"])
    lo, hi = quantity(m["q"], bool(m["half"]), m["mod"])
    up = _UNIT_PRECISION["week" if unit == "week2" else unit]

    def compute(ref):
        b = offset_window((ref[1], ref[1]), unit, hi, hi, 1)[1] if unit in ("day", "hour") else \
            _shift(ref[1], unit, hi, 1)
        return ref[0], b, _precision((ref[0], b), up)

    return _relative(m.start(), m.end(), compute)


def _build_then(m: re.Match[str], text: str) -> Atom:
    w = normalize_words(m["w"])
    if w.startswith(("since", "ever since", "from")):
        compute, kind = (lambda ref: (ref[0], None, "open")), "since"
    elif w.startswith("before"):
        compute, kind = (lambda ref: (None, ref[0] - timedelta(days=1), "open")), "before"
    else:
        compute, kind = (lambda ref: (None, ref[1], "open")), "until"
    return _relative(m.start(), m.end(), compute, kind=kind)


def _build_never(m: re.Match[str], text: str) -> Atom:
    return Atom(m.start(), m.end(), "never", lambda ctx: None, placeless=True)


def _build_duration(m: re.Match[str], text: str) -> Atom:
    return Atom(m.start(), m.end(), "duration", lambda ctx: None, placeless=True)


class _EndingAt:
    """Run an expensive pattern only where it can end: at a cheap trigger word.

    "two days later" must end in a direction word; scanning for "later|before|..." and then matching
    the full pattern in a short window before it is several times faster than letting the full
    pattern (with its alternations of number words) try every position of the text.
    """

    def __init__(self, pattern: re.Pattern[str], trigger: re.Pattern[str], reach: int = 100):
        self.pattern, self.trigger, self.reach = pattern, trigger, reach

    def finditer(self, text: str):
        for t in self.trigger.finditer(text):
            pos, end = max(0, t.start() - self.reach), t.end()
            while (m := self.pattern.search(text, pos, end)) is not None:
                if m.end() == end:
                    yield m
                    break
                pos = m.start() + 1


_DIRECTION = re.compile(
    r"(?=[lLeEaAbBpP])(?i:\b(?:later|earlier|afterwards?|after|before|beforehand|previously|prior|ago|back)\b)"
)

RELATIVE_PATTERNS = [
    ("offset", _EndingAt(_OFFSET, _DIRECTION), _build_offset),
    ("the_unit_dir", _THE_UNIT_DIR, _build_the_unit_dir),
    ("next_n", _NEXT_N, _build_next_n),
    ("next", _NEXT, _build_next),
    ("same", _SAME, _build_same),
    ("bare_day", _BARE_DAY, _build_bare_day),
    ("bare_day_word", _BARE_DAY_WORD, _build_bare_day_word),
    ("of_the_unit", _OF_THE_UNIT, _build_of_the_unit),
    ("later_that", _LATER_THAT, _build_later_that),
    ("within", _WITHIN, _build_within),
    ("then", _THEN, _build_then),
    ("never", _NEVER, _build_never),
    ("duration", _DURATION, _build_duration),
]
