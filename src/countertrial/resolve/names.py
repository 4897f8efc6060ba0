"""Name keys: one spelling-insensitive key per name, so that variants in many transliterations meet.

Russian, German and other names reach English texts spelled many ways (a soft sign as an apostrophe,
-off for -ov, tz for ts, y for i). We fold a name to ASCII and then to a coarse phonetic skeleton;
names whose skeletons are equal or very close are candidates for the same person. Titles and honorifics
("M.", "Mr.", "Comrade", "Dr.") are not part of a name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "madame", "mme", "mlle", "monsieur",
    "herr", "frau", "comrade", "citizen", "general", "colonel", "captain", "major", "lieutenant",
    "judge", "justice", "maitre", "me", "avocat", "counsel", "presiding", "senator", "deputy", "minister", "president", "count", "countess", "baron",
    "father", "sister", "brother", "saint", "st", "the", "accused", "defendant", "witness", "prosecutor",
}

# Ordered rewrites from common transliteration variants to one spelling (applied to lowercase ASCII).
_REWRITES = [
    (re.compile(r"ff\b"), "v"),  # -off / -eff endings for -ov / -ev
    (re.compile(r"w"), "v"),
    (re.compile(r"tz|ts|cz|c(?=[ie])"), "z"),
    (re.compile(r"kh|ch(?=[^aeiou]|$)"), "h"),
    (re.compile(r"sch|sh"), "s"),
    (re.compile(r"ck|q|c"), "k"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"(?<=[a-z])[iy]e(?=v)|(?<=[a-z])'e(?=v)"), "e"),  # -iev / -yev / -'ev endings: one sound
    (re.compile(r"'"), ""),
    (re.compile(r"y|j"), "i"),
    (re.compile(r"ie|ii|iy"), "i"),
    (re.compile(r"([a-z])\1+"), r"\1"),  # double letters
]


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """ASCII, lowercase, no punctuation, single spaces: the form names are compared in."""
    s = anyascii(name).lower()
    s = re.sub(r"[^a-z' ]+", " ", s.replace("-", " "))
    return " ".join(s.split())


def strip_titles(name: str) -> str:
    """Drop leading titles and honorifics: 'M. Herriot' keeps its initial, 'Mr. Smith' loses the title."""
    words = name.replace(".", ". ").split()
    while len(words) > 1 and fold(words[0]).strip(". ") in TITLES:
        words = words[1:]
    return " ".join(words).replace(". ", ".").replace(" .", ".").strip()


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """A coarse phonetic key of a folded name: equal skeletons are likely the same name."""
    s = fold(name)
    for pattern, repl in _REWRITES:
        s = pattern.sub(repl, s)
    return s


def person_key(name: str) -> str:
    """The key a person's mention is stored under before resolution."""
    return fold(strip_titles(name))


def surname(key: str) -> str:
    parts = key.split()
    return parts[-1] if parts else key


def initials(key: str) -> str:
    """Given-name initials of a key: 'anna roux' -> 'a', 'j p keller' -> 'jp'."""
    parts = key.split()
    return "".join(p[0] for p in parts[:-1])


#: Initial letters that transliteration swaps: a German or English H is written G in Russian and back
#: (Hoffmann / Gofman), so the two may begin one surname.
ALTERNATING_INITIALS = frozenset({frozenset("hg")})


def surnames_alike(a: str, b: str, threshold: float) -> bool:
    """Are two surname skeletons spellings of one name?

    Close enough by edit ratio, and beginning alike: a transliteration changes letters inside a name
    but does not add or drop its first syllable (a long name that merely contains a shorter one, like
    "Brodovsky" and "Rodovsky", is another name), except for the initials listed above.
    """
    if not a or not b or len(a) < 5 or len(b) < 5:
        return a == b
    if a[0] != b[0]:
        if frozenset((a[0], b[0])) not in ALTERNATING_INITIALS:
            return False
        a = b[0] + a[1:]
    return fuzz.ratio(a, b) >= threshold
