"""Combinations of atoms: parts ("the end of 1932"), ranges ("from May 11 to July 14, 1931") and open
intervals ("since 1927", "until 1934").

Combining after atom detection, rather than writing one regex per combined form, lets any atom be an
operand: "from the end of 1932 to the spring of 1933" needs no pattern of its own. Each pass looks only
at the text *between* adjacent atoms (never across another atom), so the result never overlaps.

Open intervals: "since X" and "from X on" start at X's first day; "after X" starts the day after X;
"until X" / "by X" / "no later than X" end on X's last day; "before X" ends the day before X. The open
side stays ``None``: the scanner does not know "now" (callers may clip with the document's date).
"not ... until X" means the event happened at X or later, so it reads as "since X". A bare "from X"
not followed by "to ..." reads as "since X" ("in prison from January 1933"), except after a document
noun or a form of "be" ("a letter from May 1932", "the notes are from 1932"), where it dates the thing.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from countertrial.extract.timex import windows as W
from countertrial.extract.timex.atoms import Atom, Context, Resolved
from countertrial.extract.timex.lexicon import DASH, NUMBER_WORD, NUMBER_WORDS, alternation, normalize_words

_PART_PHRASES = {
    "early": ["beginning", "start", "outset", "opening", "dawn", "early part", "first part", "earlier part"],
    "middle": ["middle", "midst", "height", "middle part", "mid part"],
    "late": ["end", "close", "latter part", "last part", "later part", "closing part", "final part", "tail end"],
    "first_half": ["first half"],
    "second_half": ["second half", "latter half", "last half"],
    "first_days": ["first days", "first few days", "opening days", "early days"],
    "last_days": ["last days", "last few days", "closing days", "final days"],
    "first_week": ["first week", "opening week"],
    "week2": ["second week"],
    "week3": ["third week"],
    "week4": ["fourth week"],
    "last_week": ["last week", "final week", "closing week"],
    "first_weeks": ["first weeks", "first few weeks", "opening weeks"],
    "last_weeks": ["last weeks", "last few weeks", "final weeks", "closing weeks"],
    "first_month": ["first month"],
    "last_month": ["last month", "final month"],
    "first_months": ["first months", "first few months", "opening months", "early months"],
    "last_months": ["last months", "last few months", "final months", "closing months"],
    "first_years": ["first years", "first few years", "early years"],
    "last_years": ["last years", "last few years", "final years", "closing years"],
    "q1": ["first quarter"],
    "q2": ["second quarter"],
    "q3": ["third quarter"],
    "q4": ["fourth quarter", "last quarter", "final quarter"],
}
_PART_KEY = {p: k for k, ps in _PART_PHRASES.items() for p in ps}
_ADJ_KEY = {"early": "early", "late": "late", "mid": "middle", "middle": "middle"}

_PART_OF = re.compile(
    r"(?i:(?:\bthe\s+)?(?:very\s+)?\b(?:(?P<p>" + alternation(_PART_KEY) + r")|(?P<fl>first|last)\s+(?P<n>\d{1,2}|"
    + NUMBER_WORD + r")\s+(?P<u>days|weeks|months|years))\s+of\s+(?:the\s+)?(?:(?:month|year)\s+(?:of\s+)?)?)$"
)
#: A period of each base, to test whether a part applies to it at all ("the first week of the 1930s").
_SAMPLE = {
    "month": W.month_span(2001, 1), "year": W.year_span(2001), "season": W.season_span(2001, "summer"),
    "decade": W.decade_span(2000), "century": W.century_span(20),
}
_CIRCA = re.compile(
    r"(?i:\b(?P<w>circa|c\.|ca\.|approximately|approx\.|roughly|around|round\s+about|about)\s+)$"
)
#: "about" is only "circa" after a preposition or at a clause start ("in about 1931", not "talked about 1931").
_ABOUT_OK = re.compile(
    r"(?i:(?:^|[,;:(\[—–]|\b(?:in|from|to|since|until|till|by|at|on|and|or|of|was|were|is))\s*)$"
)
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s*)")
_PART_ADJ = re.compile(
    r"(?i:(?:\bthe\s+)?(?:very\s+)?\b(?P<p>early|late|mid|middle)(?:\s*" + DASH + r"\s*|\s+in\s+(?:the\s+)?|\s+))$"
)
_DAY_PART = re.compile(r"(?i:(?:\bthe\s+)?\b(?P<p>night|morning|afternoon|evening|eve)\s+of\s+)$")

_CONNECT = re.compile(r"\s*(?:" + DASH + r"|(?i:to|till|til|until|through|thru|and|or)\b|/)\s*")
_RANGE_PREFIX = re.compile(
    r"(?i:\b(?P<w>from|between|beginning\s+(?:with|in)|starting\s+(?:with|in|from))\s+)$"
)

_OPEN_PREFIX = re.compile(
    r"(?i:\b(?P<w>ever\s+since|since|after|until|till|til|up\s+(?:to|until)|by|before|prior\s+to|from|"
    r"starting\s+(?:in|from|with)|beginning\s+(?:in|with)|as\s+of|no\s+later\s+than|not\s+later\s+than|"
    r"no\s+earlier\s+than|not\s+earlier\s+than|not\s+before|not\s+after|not\s+until|not\s+till|"
    r"later\s+than|earlier\s+than)\s+|\b(?P<w2>pre|post)\s*" + DASH + r"\s*)$"
)
_OPEN_KIND = {
    "since": "since", "ever since": "since", "from": "since", "starting in": "since", "starting from": "since",
    "starting with": "since", "beginning in": "since", "beginning with": "since", "as of": "since",
    "no earlier than": "since", "not earlier than": "since", "not before": "since", "not until": "since",
    "not till": "since",
    "after": "after", "post": "after", "later than": "after",
    "until": "until", "till": "until", "til": "until", "up to": "until", "up until": "until", "by": "until",
    "no later than": "until", "not later than": "until", "not after": "until",
    "before": "before", "prior to": "before", "pre": "before", "earlier than": "before",
}
_ON_SUFFIX = re.compile(r"(?i:\s*,?\s*(?:on(?:wards?)?|forwards?|forth)\b)")
_LATEST_SUFFIX = re.compile(r"(?i:\s*,?\s*at\s+the\s+(?P<w>latest|earliest)\b)")
#: "not ... until 1934": the negation makes "until" mean "not before".
_NEGATION_BEFORE = re.compile(r"(?i:(?:\bnot|n['’]t|\bnever)(?:\s+[\w'’-]+){0,3}\s+)$")
#: "a letter from May 1932", "the notes are from 1932": "from" dates the thing, it opens no interval.
_DATING_FROM = re.compile(
    r"(?i:\b(?:letters?|telegrams?|cables?|reports?|articles?|notes?|documents?|records?|protocols?|"
    r"depositions?|entry|entries|issues?|editions?|minutes|diary|diaries|interrogations?|statements?|"
    r"testimony|testimonies|decrees?|orders?|interviews?|speech|speeches|photos?|photographs?|visas?|"
    r"passports?|extracts?|excerpts?|files?|papers?|dispatch(?:es)?|memos?|memoranda|memorandum|one|ones|"
    r"is|are|was|were|be|been|dated|dating|dates?|that|those|this|these)\s+"
    r"(?:(?:only|all|mostly|partly|largely|probably|apparently|originally|both)\s+)?)$"
)


def _prefix(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> re.Match[str] | None:
    return pattern.search(text, max(lo, hi - 60), hi)


def _check(atom: Atom) -> bool:
    """False when an atom that needs no context resolves to nothing (an impossible combination)."""
    if atom.year_given and not atom.relative:
        try:
            return atom.resolve(Context()) is not None
        except (ValueError, OverflowError):
            return False
    return True


# ---- parts ---------------------------------------------------------------------------------------------

def _part_atom(inner: Atom, start: int, key: str) -> Atom:
    base = inner.base

    def resolve(ctx: Context) -> Resolved | None:
        r = inner.resolve(ctx)
        if r is None or r.earliest is None or r.latest is None:
            return None
        try:
            a, b = W.part_of((r.earliest, r.latest), base, key)
        except (ValueError, OverflowError):
            return None
        return Resolved(a, b, W.precision_of_part(base, key), r.contextual)

    return Atom(start, inner.end, "part", resolve, year_given=inner.year_given, relative=inner.relative)


def _day_part_atom(inner: Atom, start: int, eve: bool) -> Atom:
    def resolve(ctx: Context) -> Resolved | None:
        r = inner.resolve(ctx)
        if r is None or not eve:
            return r
        one = timedelta(days=1)
        return Resolved(r.earliest - one, r.latest - one, r.precision, r.contextual)

    return Atom(start, inner.end, inner.kind, resolve, base=inner.base, year_given=inner.year_given,
                relative=inner.relative)


def _part_key(m: re.Match[str]) -> str:
    if m["p"]:
        return _PART_KEY[normalize_words(m["p"])]
    n = m["n"]
    n = int(n) if n.isdigit() else NUMBER_WORDS[normalize_words(n)]
    return f"{m['fl'].lower()}:{n}:{m['u'].lower()}"


def _applies(key: str, base: str) -> bool:
    try:
        W.part_of(_SAMPLE[base], base, key)
    except (ValueError, KeyError, OverflowError):
        return False
    return True


def apply_parts(atoms: list[Atom], text: str) -> list[Atom]:
    out: list[Atom] = []
    prev_end = 0
    for a in atoms:
        if not a.placeless:
            m = _prefix(_DAY_PART, text, prev_end, a.start) if a.base == "day" or a.kind in ("range", "dates") else None
            if m:
                a = _day_part_atom(a, m.start(), m["p"].lower() == "eve")
            elif a.base in ("month", "year", "season", "decade", "century"):
                m = _prefix(_PART_OF, text, prev_end, a.start)
                key = _part_key(m) if m else None
                if not m:
                    m = _prefix(_PART_ADJ, text, prev_end, a.start)
                    key = _ADJ_KEY[m["p"].lower()] if m else None
                if m and (not a.weak or a.relative) and _applies(key, a.base):
                    cand = _part_atom(a, m.start(), key)
                    if _check(cand):
                        a = cand
        out.append(a)
        prev_end = a.end
    return out


# ---- lists and approximations ---------------------------------------------------------------------------

def _borrow_year(a: Atom, b: Atom) -> Atom:
    """A year-less month listed before a dated one takes its year: "January and February 1933"."""

    def resolve(ctx: Context) -> Resolved | None:
        rb = b.resolve(ctx)
        if rb is None or rb.earliest is None:
            return None
        ra = a.resolve(replace(ctx, year=rb.earliest.year))
        return None if ra is None else Resolved(ra.earliest, ra.latest, ra.precision, rb.contextual)

    return Atom(a.start, a.end, a.kind, resolve, base=a.base, year_given=True, weak=a.weak and not b.weak)


def apply_lists(atoms: list[Atom], text: str) -> list[Atom]:
    """Lists: "in February and March" (the second is a month, not a verb), "the summer of 1931 and the
    winter" (a season after a season), and "January and February 1933" (the first month shares the year)."""
    out = list(atoms)
    for i in range(len(out) - 1):
        prev, a = out[i], out[i + 1]
        if prev.kind != a.kind or a.kind not in ("month", "season") or not _LIST_GAP.fullmatch(text, prev.end, a.start):
            continue
        if a.weak and not prev.weak and (a.bare_month or a.kind == "season"):
            a.weak = False  # "in February and March", "the summer of 1931 and the winter"
        if not prev.year_given and a.year_given and not a.bare_month:
            out[i] = _borrow_year(prev, a)  # "January and February 1933", "the summer and autumn of 1932"
    return out


_CIRCA_WIDTH = {"year": ("years", 12, 0), "month": ("month", 1, 0), "date": ("days", 0, 3)}


def _circa_atom(inner: Atom, start: int) -> Atom:
    precision, months, days = _CIRCA_WIDTH[inner.kind]

    def resolve(ctx: Context) -> Resolved | None:
        r = inner.resolve(ctx)
        if r is None:
            return None
        a = W.add_months(r.earliest, -months) - timedelta(days=days)
        b = W.add_months(r.latest, months) + timedelta(days=days)
        if months:
            b = b.replace(day=W.last_day(b.year, b.month))
        return Resolved(a, b, precision, r.contextual)

    return Atom(start, inner.end, inner.kind, resolve, year_given=inner.year_given)


def apply_circa(atoms: list[Atom], text: str) -> list[Atom]:
    """ "circa 1932", "around December 20", "in about 1931": widened by a year / a month / three days."""
    out, prev_end = [], 0
    for a in atoms:
        if a.kind in _CIRCA_WIDTH and not a.weak and not a.relative:
            m = _prefix(_CIRCA, text, prev_end, a.start)
            if m and (m["w"].lower() != "about" or _ABOUT_OK.search(text, max(prev_end, m.start() - 30), m.start())):
                a = _circa_atom(a, m.start())
        out.append(a)
        prev_end = a.end
    return out


# ---- offsets from a date ------------------------------------------------------------------------------

_JUST_SPACE = re.compile(r"\s*")


def apply_offsets(atoms: list[Atom], text: str) -> list[Atom]:
    """ "two years before 1935", "three days after 23 November 1932": the offset shifts the date."""
    out: list[Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        if (a.offset is not None and b is not None and not b.relative and not b.placeless and not b.weak
                and _JUST_SPACE.fullmatch(text, a.end, b.start)):
            out.append(_offset_atom(a, b))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _offset_atom(a: Atom, b: Atom) -> Atom:
    shift = a.offset

    def resolve(ctx: Context) -> Resolved | None:
        r = b.resolve(ctx)
        if r is None or r.earliest is None or r.latest is None:
            return None
        e, l, p = shift((r.earliest, r.latest))
        return Resolved(e, l, p, r.contextual)

    return Atom(a.start, b.end, "relative", resolve, year_given=b.year_given)


# ---- ranges --------------------------------------------------------------------------------------------

_RANGEABLE = {"date", "month", "season", "year", "part", "decade", "century"}


def _range_precision(p: str, q: str) -> str:
    c = W.coarser(p, q)
    return {"day": "days", "year": "years"}.get(c, c)


def _range_atom(a: Atom, b: Atom, start: int) -> Atom:
    def resolve(ctx: Context) -> Resolved | None:
        if a.year_given == b.year_given:
            ra, rb = a.resolve(ctx), b.resolve(ctx)
            if ra is None or rb is None:
                return None
            if not a.year_given and rb.latest < ra.earliest and ra.latest is not None:
                rb = b.resolve(replace(ctx, year=ra.latest.year + 1))  # "from December to February"
        elif b.year_given:
            rb = b.resolve(ctx)
            if rb is None:
                return None
            ra = a.resolve(replace(ctx, year=rb.earliest.year))
            if ra is not None and ra.earliest > rb.earliest:  # "from December 16 to January 15, 1935"
                ra = a.resolve(replace(ctx, year=rb.earliest.year - 1))
        else:
            ra = a.resolve(ctx)
            if ra is None:
                return None
            rb = b.resolve(replace(ctx, year=ra.latest.year))
            if rb is not None and rb.latest < ra.earliest:  # "from December 20, 1934 to January 5"
                rb = b.resolve(replace(ctx, year=ra.latest.year + 1))
        if ra is None or rb is None or ra.earliest is None or rb.latest is None or ra.earliest > rb.latest:
            return None
        if a.year_given != b.year_given:  # the year-less side borrowed its year from the text
            contextual = (rb if b.year_given else ra).contextual
        else:
            contextual = ra.contextual or rb.contextual
        return Resolved(ra.earliest, rb.latest, _range_precision(ra.precision, rb.precision), contextual)

    return Atom(start, b.end, "range", resolve, year_given=a.year_given or b.year_given)


def apply_ranges(atoms: list[Atom], text: str) -> list[Atom]:
    out: list[Atom] = []
    i, prev_end = 0, 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        pm = _prefix(_RANGE_PREFIX, text, prev_end, a.start)
        w = pm["w"].lower().split()[0] if pm else None
        conn = _CONNECT.fullmatch(text, a.end, b.start) if b is not None else None
        if (
            conn is not None
            and a.kind in _RANGEABLE and b.kind in _RANGEABLE
            and not a.relative and not b.relative
            and (not (a.weak and b.weak) or (a.bare_month and b.bare_month))
        ):
            word = conn.group().strip().lower()
            ok = (word != "and" or w == "between") and (
                w != "between" or word in ("and", "to") or re.fullmatch(DASH, word) is not None
            )
            if ok:
                cand = _range_atom(a, b, pm.start() if pm else a.start)
                if _check(cand):
                    out.append(cand)
                    prev_end = cand.end
                    i += 2
                    continue
        if (a.kind in ("range", "dates") and pm and w in ("from", "between") and not a.weak
                and not (w == "from" and _DATING_FROM.search(text, max(prev_end, pm.start() - 40), pm.start()))):
            a = Atom(pm.start(), a.end, a.kind, a.resolve, year_given=a.year_given)
        out.append(a)
        prev_end = a.end
        i += 1
    return out


# ---- open intervals ------------------------------------------------------------------------------------

def _open_atom(inner: Atom, start: int, end: int, kind: str) -> Atom:
    one = timedelta(days=1)

    def resolve(ctx: Context) -> Resolved | None:
        r = inner.resolve(ctx)
        if r is None or r.earliest is None or r.latest is None:
            return None
        a, b = {
            "since": (r.earliest, None),
            "after": (r.latest + one, None),
            "until": (None, r.latest),
            "before": (None, r.earliest - one),
        }[kind]
        return Resolved(a, b, "open", r.contextual)

    return Atom(start, end, kind, resolve, year_given=inner.year_given, relative=inner.relative)


def apply_open(atoms: list[Atom], text: str) -> list[Atom]:
    out: list[Atom] = []
    prev_end = 0
    for idx, a in enumerate(atoms):
        nxt_start = atoms[idx + 1].start if idx + 1 < len(atoms) else len(text)
        if not a.placeless and not a.weak and a.kind not in ("since", "after", "until", "before"):
            m = _prefix(_OPEN_PREFIX, text, prev_end, a.start)
            if m:
                w = re.sub(r"\s+", " ", (m["w"] or m["w2"]).lower())
                kind, end = _OPEN_KIND[w], a.end
                if kind == "until" and w in ("until", "till", "til") and _NEGATION_BEFORE.search(
                    text, max(prev_end, m.start() - 50), m.start()
                ):
                    kind = "since"
                if w == "from":
                    on = _ON_SUFFIX.match(text, a.end, nxt_start)
                    if on:
                        end = on.end()
                    elif _DATING_FROM.search(text, max(prev_end, m.start() - 40), m.start()):
                        kind = None
                if kind:
                    a = _open_atom(a, m.start(), end, kind)
            else:
                s = _LATEST_SUFFIX.match(text, a.end, nxt_start)
                if s and a.kind in _RANGEABLE:
                    a = _open_atom(a, a.start, s.end(), "until" if s["w"].lower() == "latest" else "since")
        out.append(a)
        prev_end = a.end
    return out


def combine(atoms: list[Atom], text: str) -> list[Atom]:
    """Apply the passes in binding order: parts bind tighter than ranges, ranges than open intervals."""
    atoms = apply_offsets(apply_circa(apply_lists(apply_parts(atoms, text), text), text), text)
    return apply_open(apply_ranges(atoms, text), text)
