"""The words temporal expressions are made of, and the regex fragments built from them.

Everything here is computed once at import time: the scanner runs over every sentence of large
corpora, so no pattern text is assembled (or compiled) per call.

Month names are case-sensitive on purpose. "May", "March" and "August" are also an auxiliary verb, a
verb and an adjective, so they only count when capitalised (or in capitals); the other full names are
accepted in lower case too because careless transcripts write "november 1932".
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    name: i + 1
    for i, name in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
#: Full names that are also ordinary English words: only capitalised forms count.
AMBIGUOUS_MONTHS = frozenset({"may", "march", "august"})

ROMAN_MONTHS: dict[str, int] = {
    r: i + 1 for i, r in enumerate("I II III IV V VI VII VIII IX X XI XII".split())
}

WEEKDAYS: dict[str, int] = {
    name: i for i, name in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())
}

SEASONS = ("spring", "summer", "autumn", "fall", "winter")

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ORD_UNITS = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
_ORD_TENS = {"twentieth": 20, "thirtieth": 30}

#: Cardinal number words up to ninety-nine ("twenty-five", "twenty five").
NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(_UNITS) if i}
NUMBER_WORDS.update(_TENS)
for _t, _tv in _TENS.items():
    for _i in range(1, 10):
        NUMBER_WORDS[f"{_t}-{_UNITS[_i]}"] = _tv + _i
        NUMBER_WORDS[f"{_t} {_UNITS[_i]}"] = _tv + _i
NUMBER_WORDS.update({"a": 1, "an": 1, "a single": 1, "one single": 1, "a dozen": 12, "dozen": 12})

#: Ordinal words a day of the month can be written with ("the twenty-first of June").
DAY_ORDINALS: dict[str, int] = {w: i for i, w in enumerate(_ORD_UNITS) if i}
DAY_ORDINALS.update(_ORD_TENS)
for _i in range(1, 10):
    DAY_ORDINALS[f"twenty-{_ORD_UNITS[_i]}"] = 20 + _i
    DAY_ORDINALS[f"twenty {_ORD_UNITS[_i]}"] = 20 + _i
DAY_ORDINALS["thirty-first"] = DAY_ORDINALS["thirty first"] = 31


def alternation(words) -> str:
    """A non-capturing alternation, longest first so that "twenty-first" beats "twenty"."""
    return "(?:" + "|".join(
        re.escape(w).replace(r"\ ", r"\s+").replace(r"\-", "[-‐‑]")
        for w in sorted(set(words), key=len, reverse=True)
    ) + ")"


def _month_variants() -> list[str]:
    out: list[str] = []
    for name in MONTHS:
        out += [name.capitalize(), name.upper()]
        if name not in AMBIGUOUS_MONTHS:
            out.append(name)
    return out


# Full names are whole words; abbreviations may carry a dot ("Nov. 23"), which belongs to the token.
_FULL = "|".join(sorted(_month_variants(), key=len, reverse=True))
_ABBR = "|".join(
    sorted({v for a in MONTH_ABBREVIATIONS for v in (a.capitalize(), a.upper())}, key=len, reverse=True)
)
#: A month name, to be used inside a named group.
MONTH = rf"\b(?:(?:{_FULL})\b|(?:{_ABBR})\b\.?)"
#: The same, with a first-letter look-ahead that lets the regex engine skip most positions quickly.
MONTH_FAST = rf"(?=[JFMASONDjfmasond]){MONTH}"
ROMAN = "(?:" + "|".join(sorted(ROMAN_MONTHS, key=len, reverse=True)) + ")"
WEEKDAY = r"(?:(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b"
SEASON = r"(?i:spring|summer|autumn|fall|winter)"
DASH = r"[-‐‑‒–—―−]"
#: A plausible year: 1000-2199, not glued to other digits or a thousands separator. A dot and digits
#: after it are allowed: in PDF text they are footnote markers ("in August 1936.9 At the trial").
YEAR = r"(?<![\d.,/$£€#])(?:1\d{3}|20\d{2}|21\d{2})(?![\d%])(?!,\d)"
_JOIN = r"[-‐‑\s]+"
_UNIT_WORDS = "one|two|three|four|five|six|seven|eight|nine"
_ORD_UNIT_WORDS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
#: Compact regexes for the number words (a flat alternation of all 200 forms is slow to scan).
NUMBER_WORD = (
    rf"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:{_JOIN}(?:{_UNIT_WORDS})\b)?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|ten"
    rf"|{_UNIT_WORDS}|a{_JOIN}single|one{_JOIN}single|a{_JOIN}dozen|dozen|an?)"
)
DAY_ORDINAL_WORD = (
    rf"(?:twenty{_JOIN}(?:{_ORD_UNIT_WORDS})|thirty{_JOIN}first|twentieth|thirtieth"
    r"|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|tenth"
    rf"|{_ORD_UNIT_WORDS})"
)

#: References to a year known from context: "that year", "the following year".
YEAR_REF = (
    r"(?i:(?:that|this)\s+(?:same\s+|very\s+)?year|the\s+(?:same|very\s+same|very)\s+year"
    r"|the\s+(?:following|next|subsequent|succeeding|previous|preceding|prior)\s+year"
    r"|(?<!the\s)(?:last|next)\s+year)"
)


def day_group(name: str) -> str:
    """A day of the month as digits ("3", "03", "3rd") or an ordinal word ("third"), in group ``name``."""
    return (
        rf"(?:(?<![\d.,])(?P<{name}>3[01]|[12]\d|0?[1-9])(?!\d)(?:st|nd|rd|th|d)?\b"
        rf"|(?P<{name}w>(?i:{DAY_ORDINAL_WORD}))\b)"
    )


def year_group(name: str = "y") -> str:
    """A year written out, or a contextual year reference, in group ``name`` / ``name``ref."""
    return rf"(?:(?P<{name}>{YEAR})|(?P<{name}ref>{YEAR_REF}))"


def month_number(token: str) -> int:
    """The month number of a month name or abbreviation as written."""
    t = token.rstrip(".").lower()
    return MONTHS.get(t) or MONTH_ABBREVIATIONS[t]


def normalize_words(s: str) -> str:
    """Lower case, single spaces, plain hyphens: the form the word tables are keyed by."""
    s = re.sub(r"\s*[-‐‑]\s*", "-", s.lower())
    return re.sub(r"\s+", " ", s).strip()


def day_number(digits: str | None, word: str | None) -> int:
    """The day of the month from the digits or ordinal-word alternative of :func:`day_group`."""
    if digits:
        return int(digits)
    return DAY_ORDINALS[normalize_words(word)]
