"""The case file (``case.yaml``): what an analyst knows about one case, written down as data.

A corpus can be read from its text alone, but an analyst who has read it knows more: that Yovanovich
and Jovanović are one man, that "my brother" in a memoir means the accused, where a café stood and
when it was pulled down, how fast one travelled in that decade, which sources copy which, which
hypotheses are on the table, and a few claims the machine missed. The case file holds that knowledge,
like a FollowTheMoney schema: plain data, validated here, with provenance kept (places may cite the
passages their facts come from; analyst claims cite a passage by document and character offsets and
carry **no copied text**, so the file can never misquote the evidence).

Every model forbids unknown keys: in a hand-written file an unknown key is nearly always a typo, and a
typo that is silently ignored (``exists_untill``) would quietly remove a fact from the reasoning.

Id convention
-------------
Case ids of people and places are slugs: lowercase letters and digits joined by single hyphens
(``lucien-marchetti``, ``cafe-riviera``). They become entity ids with the prefixes the resolver uses
(:func:`countertrial.resolve.resolver.resolve` builds ``person:`` / ``place:`` / ``building:`` +
``slug(name)``):

* a person ``x`` is the entity ``person:x``;
* a place ``x`` whose ``kind`` is geographic (city, country, region, ...; see
  :data:`GEOGRAPHIC_KINDS`) is ``place:x``, any other place (hotel, café, airport, flat, ...) is
  ``building:x``;
* a document ``x`` of the ``documents:`` section (a verdict, an indictment, a trial record known only
  through the passages that quote it) is the entity ``document:x`` (kind "document").

So a case id written as the slug of the name (``dragan-jovanovic`` for "Dragan Jovanović") is the very
id the machine would have given the entity without a case file, and adding a case file does not
rename entities in earlier outputs. Inside the file, references use the bare case id (a claim's
``place: geneva``, a relation's ``speaker: helene-marchetti``); the one exception is a claim's
``speaker`` / ``reported_by``, which may be a person (``helene-marchetti``) or a document
(``document:the-verdict``), so the prefix says which.

Documents as speakers
---------------------
A verdict quoted in a memoir, an indictment summarised in a newspaper, a trial record that a critic
paraphrases: these documents speak in the corpus without being files of it. The ``documents:``
section names them (``id``, ``name``, ``aliases``, ``kind`` such as verdict or indictment) and says
what each rests on (``rests_on``: corpus files, or other case documents as ``document:<id>``). An
analyst claim whose ``speaker`` is ``document:<id>`` is that document's assertion; the reasoning then
treats it as *derived* (a verdict against its record is a ``record_mismatch``, not two witnesses'
versions), and ``rests_on`` becomes dependency edges between sources, so that a document never
corroborates what it rests on.

Dates
-----
Dates are ISO dates, partial ones allowed: ``1958-03-04``, ``1958-03`` or ``1958`` (YAML may read a bare
year as a number; that is accepted). A partial date is a window of days, and every reading here takes
the *wider* side so that no contradiction is manufactured by a guessed day: ``exists_from: 1912`` is
1 January 1912, ``exists_until: 1954`` is 31 December 1954, a claim's ``time: {earliest: 1958-03}``
starts 1 March and ``latest: 1958-03`` ends 31 March.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from countertrial.ingest.dates import parse_date
from countertrial.model.claims import Claim, ClaimKind, Role
from countertrial.model.findings import FindingKind
from countertrial.model.time import Precision, TimeWindow

# --- ids ------------------------------------------------------------------------------------------

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
HYPOTHESIS_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
CLAIM_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"
PLACE_KIND_PATTERN = r"^[a-z][a-z_]*$"

#: Place kinds that are areas on a map (entity kind "place", id ``place:<id>``); every other kind
#: (hotel, cafe, airport, railway_station, flat, office, ...) is a building or site inside one
#: (entity kind "building", id ``building:<id>``), as the resolver names them.
GEOGRAPHIC_KINDS = frozenset(
    {"country", "region", "province", "state", "county", "district", "city", "town", "village", "island", "area"}
)

PersonId = Annotated[
    str,
    Field(pattern=SLUG_PATTERN, description="A person's case id (lowercase letters, digits, hyphens)."),
]
PlaceId = Annotated[
    str,
    Field(pattern=SLUG_PATTERN, description="A place's case id (lowercase letters, digits, hyphens)."),
]
DocumentId = Annotated[
    str,
    Field(pattern=SLUG_PATTERN, description="A case document's id (lowercase letters, digits, hyphens)."),
]
DOCUMENT_PREFIX = "document:"
SPEAKER_PATTERN = r"^(?:document:)?[a-z0-9]+(?:-[a-z0-9]+)*$"
SpeakerRef = Annotated[
    str,
    Field(
        pattern=SPEAKER_PATTERN,
        description="Who speaks: a person's case id, or document:<id> for a document of the documents section.",
    ),
]
DocumentName = Annotated[
    str,
    Field(min_length=1, description="A document of the corpus: its file name relative to the corpus folder, with '/'."),
]


def person_entity_id(person_id: str) -> str:
    """The entity id of a case person: ``person:<id>``, as the resolver would name it."""
    return f"person:{person_id}"


def document_entity_id(document_id: str) -> str:
    """The entity id of a case document: ``document:<id>`` (an id already prefixed is returned as is)."""
    return document_id if document_id.startswith(DOCUMENT_PREFIX) else f"{DOCUMENT_PREFIX}{document_id}"


def speaker_entity_id(ref: str) -> str:
    """The entity id of a claim's ``speaker`` / ``reported_by``: ``document:<id>`` stays, a person id gets ``person:``."""
    return ref if ref.startswith(DOCUMENT_PREFIX) else person_entity_id(ref)


def place_entity_id(place_id: str, kind: str) -> str:
    """The entity id of a case place: ``place:<id>`` for areas (cities, countries), ``building:<id>`` otherwise."""
    return f"{'place' if kind in GEOGRAPHIC_KINDS else 'building'}:{place_id}"


# --- partial ISO dates ----------------------------------------------------------------------------

_PARTIAL_RX = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
DATE_HINT = "write an ISO date such as 1958-03-04, 1958-03 or 1958"


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"yes/no ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return repr(value)


def normalise_partial_date(value: Any) -> str:
    """The canonical string of a (partial) ISO date: ``1958-03-04``, ``1958-03`` or ``1958``.

    Accepts what YAML hands over for such values (a string, a ``date``, or an int for a bare year) and
    refuses anything that is not exactly one calendar day, month or year, with a message saying how
    to write it. Intervals are refused: the fields that take a date mean one bound.
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a date, got {_describe(value)}; {DATE_HINT}")
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        if not 1 <= value <= 9999:
            raise ValueError(f"{value} is not a year; {DATE_HINT}")
        return f"{value:04d}"
    if not isinstance(value, str):
        raise ValueError(f"expected a date, got {_describe(value)}; {DATE_HINT}")
    text = value.strip()
    if not _PARTIAL_RX.fullmatch(text):
        raise ValueError(f"{text!r} is not an ISO date; {DATE_HINT}")
    parse_date(text)  # the month and day must exist
    return text


def partial_date_bounds(value: str) -> tuple[date, date]:
    """First and last day a partial date denotes: ``1958-02`` -> (1958-02-01, 1958-02-28)."""
    window = parse_date(normalise_partial_date(value))
    assert window.earliest is not None and window.latest is not None
    return window.earliest, window.latest


def partial_date_of(earliest: date, latest: date) -> str | None:
    """The partial ISO date that denotes exactly the days ``earliest..latest``, or None if none does.

    The inverse of :func:`partial_date_bounds`: (1958-03-01, 1958-03-31) -> ``1958-03``.
    """
    if earliest == latest:
        return earliest.isoformat()
    if earliest.year == latest.year and earliest.month == latest.month and earliest.day == 1:
        if latest.day == calendar.monthrange(latest.year, latest.month)[1]:
            return f"{earliest.year:04d}-{earliest.month:02d}"
    if earliest.year == latest.year and (earliest.month, earliest.day, latest.month, latest.day) == (1, 1, 12, 31):
        return f"{earliest.year:04d}"
    return None


PartialDate = Annotated[
    str,
    BeforeValidator(normalise_partial_date),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                {"type": "integer", "minimum": 1, "maximum": 9999},
            ],
            "description": "An ISO date, partial allowed: 1958-03-04, 1958-03 or 1958.",
        }
    ),
]

# --- shared pieces --------------------------------------------------------------------------------


class _Strict(BaseModel):
    """Base of every case-file model: unknown keys are errors (they are nearly always typos)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class CaseCitation(_Strict):
    """A passage that supports a fact in the case file, by document and character offsets (no copied text)."""

    document: DocumentName
    start: int = Field(ge=0, description="Offset of the first character of the passage in the document's text.")
    end: int = Field(ge=1, description="Offset just after the last character of the passage (exclusive).")
    note: str | None = Field(None, description="What the passage supports, if not obvious.")

    @model_validator(mode="after")
    def _ordered(self) -> "CaseCitation":
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be greater than start ({self.start})")
        return self


class Period(_Strict):
    """The span of time the case is about."""

    from_: PartialDate | None = Field(None, alias="from", description="First day the case is about.")
    until: PartialDate | None = Field(None, description="Last day the case is about.")

    @model_validator(mode="after")
    def _ordered(self) -> "Period":
        if self.from_ and self.until and partial_date_bounds(self.from_)[0] > partial_date_bounds(self.until)[1]:
            raise ValueError(f"from ({self.from_}) is after until ({self.until})")
        return self


class CaseInfo(_Strict):
    """What the case is: shown in the report's title and used to describe the era of its travel table."""

    id: str | None = Field(None, pattern=SLUG_PATTERN, description="A short slug naming the case.")
    title: str | None = Field(None, description="The case's title as shown in reports.")
    period: Period | None = Field(None, description="The span of time the case is about.")
    language: str | None = Field(None, description="Main language of the corpus (e.g. en).")
    description: str | None = Field(None, description="Anything a reader of the report should know first.")


# --- people ---------------------------------------------------------------------------------------


class Relation(_Strict):
    """A phrase by which one person refers to another: "my brother", said by the speaker, means this person.

    Listed under the person the phrase designates; ``means`` may be left out and then names that
    person.
    """

    speaker: PersonId = Field(description="Case id of the person who uses the phrase.")
    phrase: str = Field(min_length=1, description="The words as the speaker uses them, e.g. 'my son', 'my client'.")
    means: PersonId | None = Field(
        None, description="Case id of the person the phrase designates; defaults to the person it is listed under."
    )


class Person(_Strict):
    """A person of the case with every name they go by in the corpus."""

    id: str = Field(pattern=SLUG_PATTERN, description="Case id: lowercase letters, digits and hyphens; the entity id is person:<id>.")
    name: str = Field(min_length=1, description="The name shown in reports.")
    aliases: list[str] = Field(
        default_factory=list,
        description="Other spellings, transliterations and forms ('Yovanovich', 'L. Marchetti'); "
        "mentions whose name key or phonetic skeleton matches one of them are resolved to this person.",
    )
    description: str | None = Field(None, description="Who the person is, for readers of the report.")
    relations: list[Relation] = Field(default_factory=list, description="Phrases by which others refer to this person.")
    citations: list[CaseCitation] = Field(default_factory=list, description="Passages supporting what is said here.")

    @field_validator("aliases")
    @classmethod
    def _no_blank_alias(cls, aliases: list[str]) -> list[str]:
        if any(not a.strip() for a in aliases):
            raise ValueError("an alias is empty")
        return aliases

    @property
    def entity_id(self) -> str:
        return person_entity_id(self.id)

    @property
    def names(self) -> list[str]:
        """The name and every alias, the name first."""
        return [self.name, *self.aliases]


# --- places ---------------------------------------------------------------------------------------


class Place(_Strict):
    """A place with where it is and when it existed: the facts alibis and anachronisms rest on.

    Case values override the gazetteer's; what the case leaves out (say, coordinates of a city) is
    still taken from the gazetteer.
    """

    id: str = Field(
        pattern=SLUG_PATTERN,
        description="Case id: lowercase letters, digits and hyphens; the entity id is place:<id> for "
        "geographic kinds and building:<id> for the others.",
    )
    name: str = Field(min_length=1, description="The name shown in reports.")
    aliases: list[str] = Field(default_factory=list, description="Other names and spellings ('Genève', 'the Miradouro').")
    kind: str = Field(
        pattern=PLACE_KIND_PATTERN,
        description="What the place is: country, region, city, town, village, district, island, area "
        "(geographic), or a building or site such as hotel, cafe, airport, railway_station, office, dwelling.",
    )
    latitude: float | None = Field(None, ge=-90, le=90, description="Decimal degrees north (negative: south).")
    longitude: float | None = Field(None, ge=-180, le=180, description="Decimal degrees east (negative: west).")
    located_in: PlaceId | None = Field(None, description="Case id of the place this one is inside (a hotel's city).")
    exists_from: PartialDate | None = Field(
        None, description="When the place came into existence (opened, built, founded); a partial date counts from its first day."
    )
    exists_until: PartialDate | None = Field(
        None, description="When it ceased to exist (closed, demolished); a partial date counts to its last day. Omit or null: still exists."
    )
    address: str | None = Field(None, description="Street address or description of the site.")
    description: str | None = Field(None, description="Anything else a reader should know.")
    citations: list[CaseCitation] = Field(
        default_factory=list, description="Passages of the corpus the facts above come from (e.g. when it was demolished)."
    )

    @field_validator("aliases")
    @classmethod
    def _no_blank_alias(cls, aliases: list[str]) -> list[str]:
        if any(not a.strip() for a in aliases):
            raise ValueError("an alias is empty")
        return aliases

    @model_validator(mode="after")
    def _consistent(self) -> "Place":
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("give both latitude and longitude, or neither")
        if self.exists_from and self.exists_until:
            if partial_date_bounds(self.exists_from)[0] > partial_date_bounds(self.exists_until)[1]:
                raise ValueError(f"exists_from ({self.exists_from}) is after exists_until ({self.exists_until})")
        return self

    @property
    def geographic(self) -> bool:
        return self.kind in GEOGRAPHIC_KINDS

    @property
    def entity_id(self) -> str:
        return place_entity_id(self.id, self.kind)

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    @property
    def exists_from_day(self) -> date | None:
        """The first day the place may have existed (the earliest reading of a partial date)."""
        return partial_date_bounds(self.exists_from)[0] if self.exists_from else None

    @property
    def exists_until_day(self) -> date | None:
        """The last day the place may have existed (the latest reading of a partial date)."""
        return partial_date_bounds(self.exists_until)[1] if self.exists_until else None


# --- documents that speak without being files of the corpus --------------------------------------


class CaseDocument(_Strict):
    """A document that speaks in the corpus without being one of its files: a verdict, an indictment,
    a trial record, known through the passages that quote or summarise it.

    Analyst claims name it as ``speaker: document:<id>`` (or ``reported_by``). ``rests_on`` says what it
    was made from (a verdict rests on the trial record, an indictment on the interrogations): corpus
    files by name, or other case documents as ``document:<id>`` (a bare id of this section is read the
    same way). These become dependency edges between sources, and a derived document's record.
    """

    id: str = Field(pattern=SLUG_PATTERN, description="Case id: lowercase letters, digits and hyphens; the entity id is document:<id>.")
    name: str = Field(min_length=1, description="The name shown in reports ('The judgment of the Tartu court').")
    aliases: list[str] = Field(default_factory=list, description="Other names the corpus uses for it ('the verdict', 'the sentence').")
    kind: str = Field(
        pattern=PLACE_KIND_PATTERN,
        description="What the document is: verdict, indictment, judgment, sentence, summary (derived documents), "
        "trial_record, interrogation, testimony (records), or another genre (letter, report, ...).",
    )
    date: PartialDate | None = Field(None, description="When it was made, if known.")
    rests_on: list[str] = Field(
        default_factory=list,
        description="What it was made from: corpus files (their names) or other case documents (document:<id>).",
    )
    why: str | None = Field(None, description="How it rests on them (summarises the trial, quotes the interrogations, ...).")
    description: str | None = Field(None, description="What the document is, for readers of the report.")
    citations: list[CaseCitation] = Field(
        default_factory=list, description="Passages of the corpus that quote or describe it."
    )

    @field_validator("aliases", "rests_on")
    @classmethod
    def _no_blank(cls, values: list[str]) -> list[str]:
        if any(not v.strip() for v in values):
            raise ValueError("an entry is empty")
        return values

    @property
    def entity_id(self) -> str:
        return document_entity_id(self.id)

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


# --- sources --------------------------------------------------------------------------------------


class SourceDerivation(_Strict):
    """A document that copies, summarises or relies on others, beyond what the manifest's derived_from says."""

    document: DocumentName
    derived_from: list[DocumentName] = Field(min_length=1, description="The documents it derives from.")
    why: str | None = Field(None, description="How it derives from them (reprint, summary, quotes the indictment, ...).")


class SourceGroup(_Strict):
    """Documents produced under the same custody or interrogation: they are not independent witnesses."""

    group: str = Field(min_length=1, description="A name for the group, e.g. 'the Brest interrogations, June 1961'.")
    documents: list[DocumentName] = Field(min_length=2, description="The documents in the group.")
    why: str | None = Field(None, description="What ties them together (same interrogator, same custody, ...).")


def _source_tag(value: Any) -> str | None:
    if isinstance(value, SourceGroup) or (isinstance(value, dict) and "group" in value):
        return "source-group"
    if isinstance(value, (SourceDerivation, dict)):
        return "derivation"
    return None


SOURCE_TAGS = ("derivation", "source-group")
SourceEntry = Annotated[
    Union[Annotated[SourceDerivation, Tag("derivation")], Annotated[SourceGroup, Tag("source-group")]],
    Discriminator(
        _source_tag,
        custom_error_type="source_entry",
        custom_error_message="expected {document, derived_from, why} or {group, documents, why}",
    ),
]

# --- hypotheses and ratings -----------------------------------------------------------------------


RatingValue = Literal["CC", "C", "N", "I", "II"]


class Hypothesis(_Strict):
    """A competing explanation of the whole case, weighed against the evidence in the hypothesis matrix.

    The machine cannot read a title, so a hypothesis also says what it expects: which kinds of finding
    fit it and which tell against it (optionally only for findings about certain sources or conditions
    of production), and ratings of single items (see :mod:`countertrial.reason.hypotheses`).
    """

    id: str = Field(pattern=HYPOTHESIS_PATTERN, description="Short id used in ratings and reports, e.g. H1.")
    title: str = Field(min_length=1, description="One line stating the hypothesis.")
    description: str | None = Field(None, description="What the hypothesis holds, at more length.")
    supported_by_kinds: list[FindingKind] = Field(
        default_factory=list, description="Kinds of finding consistent with it (e.g. corroboration)."
    )
    refuted_by_kinds: list[FindingKind] = Field(
        default_factory=list, description="Kinds of finding inconsistent with it (e.g. alibi, anachronism)."
    )
    sources: list[str] = Field(
        default_factory=list,
        description="Limit the kind rules to findings about these documents or speakers (document names or people's ids).",
    )
    conditions: list[str] = Field(
        default_factory=list,
        description="Limit the kind rules to findings about sources produced under these conditions "
        "(words of the manifest's conditions, such as 'custody').",
    )
    ratings: dict[str, RatingValue] = Field(
        default_factory=dict,
        description="Ratings of single items by claim or finding id, part of what the hypothesis holds "
        "(e.g. {A-3f2a9c01be12: CC}); analyst overrides with reasons go under the top-level ratings.",
    )

    @model_validator(mode="after")
    def _kinds_disjoint(self) -> "Hypothesis":
        both = sorted(set(self.supported_by_kinds) & set(self.refuted_by_kinds))
        if both:
            raise ValueError(f"{', '.join(both)} cannot both support and refute hypothesis {self.id}")
        return self


class Rating(_Strict):
    """An analyst's override of one cell of the hypothesis matrix, with the reason (always kept with it)."""

    evidence: str = Field(min_length=1, description="Id of a claim (analyst or machine) or of a finding.")
    hypothesis: str = Field(pattern=HYPOTHESIS_PATTERN, description="Id of a hypothesis of this case.")
    rating: RatingValue = Field(
        description="CC very consistent, C consistent, N neutral or not applicable, I inconsistent, II very inconsistent."
    )
    why: str = Field(min_length=1, description="Why the analyst rates it so: overrides without reasons cannot be checked.")


# --- analyst claims -------------------------------------------------------------------------------


class CaseTime(_Strict):
    """When a claim holds or happens, as a window of days (written as a mapping, or as one time expression)."""

    earliest: PartialDate | None = Field(None, description="First possible day; a partial date counts from its first day.")
    latest: PartialDate | None = Field(None, description="Last possible day; a partial date counts to its last day.")
    text: str | None = Field(None, description="The time as the source words it, used in explanations.")
    precision: Precision | None = Field(None, description="How precise the source is; derived from the dates when left out.")

    @model_validator(mode="after")
    def _bounded(self) -> "CaseTime":
        if self.earliest is None and self.latest is None:
            raise ValueError("a time needs earliest, latest or both")
        if self.earliest and self.latest:
            if partial_date_bounds(self.earliest)[0] > partial_date_bounds(self.latest)[1]:
                raise ValueError(f"earliest ({self.earliest}) is after latest ({self.latest})")
        return self

    def window(self) -> TimeWindow:
        """The inclusive window of days, reading each partial bound on its wider side."""
        spec = f"{self.earliest or '..'}/{self.latest or '..'}"
        w = parse_date(spec)
        return TimeWindow(
            earliest=w.earliest, latest=w.latest, precision=self.precision or w.precision, text=self.text
        )

    @classmethod
    def from_window(cls, window: TimeWindow) -> "CaseTime":
        """The case-file form of a window (the inverse of :meth:`window`)."""
        return cls(
            earliest=window.earliest.isoformat() if window.earliest else None,
            latest=window.latest.isoformat() if window.latest else None,
            text=window.text,
            precision=window.precision,
        )

    @classmethod
    def parse(cls, value: Any) -> "CaseTime":
        """A time written as one string: an ISO date or interval (``1958-03``, ``1958-03-02/1958-03-06``)
        or an English expression ("the autumn of 1957", "March 4, 1958") read by the time extractor."""
        if isinstance(value, bool) or not isinstance(value, (str, int, date)):
            raise ValueError(f"expected a time such as 1958-03-04, 'March 1958' or {{earliest: ..., latest: ...}}, got {_describe(value)}")
        if isinstance(value, (int, date)):
            day = normalise_partial_date(value)
            return cls(earliest=day, latest=day)
        text = value.strip()
        first, sep, second = text.partition("/")
        iso = [p.strip() for p in (first, second) if sep or p is first]
        if all(p in ("", "..") or _PARTIAL_RX.fullmatch(p) for p in iso) and any(_PARTIAL_RX.fullmatch(p) for p in iso):
            if not sep:
                return cls(earliest=text, latest=text)
            lo, hi = (None if p in ("", "..") else p for p in iso)
            return cls(earliest=lo, latest=hi)
        from countertrial.extract.timex import parse_time  # imported late: the extractor is a heavier module

        window = parse_time(text)
        if window is None:
            raise ValueError(
                f"cannot read {text!r} as a time; write an ISO date (1958-03-04, 1958-03, 1958), an interval "
                f"(1958-03-02/1958-03-06) or {{earliest: ..., latest: ..., text: ...}}"
            )
        return cls.from_window(window.model_copy(update={"text": text}))


def _claim_field(name: str) -> Any:
    """The type of a :class:`Claim` field, so analyst claims accept exactly what machine claims hold."""
    return Claim.model_fields[name].annotation


Aspect = _claim_field("aspect")
Polarity = _claim_field("polarity")
Modality = _claim_field("modality")
Knowledge = _claim_field("knowledge")


class CaseParticipant(_Strict):
    """A person taking part in an analyst's claim."""

    entity: PersonId = Field(description="Case id of the person.")
    role: Role = Field("subject", description="Their part in the claim.")


class CaseClaim(_Strict):
    """A claim entered by an analyst, cited by document and offsets; its quote is read from the document.

    The fields mirror the machine's :class:`~countertrial.model.claims.Claim`, with case ids for
    people and places.
    """

    id: str | None = Field(
        None, pattern=CLAIM_ID_PATTERN, description="Stable id; when left out, 'A-' and a hash of the claim's content."
    )
    document: DocumentName
    start: int = Field(ge=0, description="Offset of the first character of the passage in the document's text.")
    end: int = Field(ge=1, description="Offset just after the last character of the passage (exclusive).")
    kind: ClaimKind = Field(description="What sort of assertion it is.")
    participants: list[CaseParticipant] = Field(default_factory=list, description="People taking part, with their roles.")
    place: PlaceId | None = Field(None, description="Case id of the place (for travel: the destination).")
    origin: PlaceId | None = Field(None, description="For travel: case id of the place of departure.")
    time: CaseTime | None = Field(None, description="When it held or happened.")
    aspect: Aspect = Field("event", description="state: holds throughout its time; event: happens at some moment in it.")
    means: str | None = Field(None, description="Means of travel or communication (train, airplane, letter, ...).")
    content: str | None = Field(None, description="What was said, instructed or written, in the analyst's words.")
    polarity: Polarity = Field("affirmed", description="affirmed, or denied ('never', 'at no time').")
    modality: Modality = Field("asserted", description="asserted, reported or alleged.")
    speaker: SpeakerRef | None = Field(
        None, description="Who makes the claim: a person's case id, or document:<id> for a document of the documents section."
    )
    reported_by: SpeakerRef | None = Field(
        None, description="Who reports the speaker's claim: a person's case id, or document:<id> (the verdict quoting a witness)."
    )
    knowledge: Knowledge = Field("unknown", description="How the speaker knows: first_hand, hearsay, reported, unknown.")
    note: str | None = Field(None, description="The analyst's remark; not part of the claim.")

    @field_validator("time", mode="before")
    @classmethod
    def _time_from_text(cls, value: Any) -> Any:
        if value is None or isinstance(value, (dict, CaseTime)):
            return value
        return CaseTime.parse(value)

    @model_validator(mode="after")
    def _ordered_and_named(self) -> "CaseClaim":
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be greater than start ({self.start})")
        if self.id is None:
            self.id = self.content_id()
        return self

    def content_id(self) -> str:
        """'A-' and a hash of what the claim says and where: stable across runs and file reorderings."""
        basis = self.model_dump(mode="json", exclude={"id", "note"})
        digest = hashlib.sha1(json.dumps(basis, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        return "A-" + digest[:12]

    @property
    def people(self) -> list[str]:
        return [p.entity for p in self.participants]


# --- the whole file -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseIssue:
    """Something wrong across the file (a dangling reference, a duplicate id), where it is and what to drop.

    ``loc`` is the path into the file (``("people", 3, "relations", 0, "speaker")``); ``drop`` is the
    path of what must be left out for the rest to stand (an item, a field), or None for a warning.
    """

    loc: tuple[str | int, ...]
    message: str
    severity: Literal["error", "warning"] = "error"
    drop: tuple[str | int, ...] | None = None


class Case(_Strict):
    """An analyst's knowledge about one case: people, places, documents, travel speeds, sources, hypotheses,
    claims, ratings.

    Every section is optional. Ids are slugs; people and places become entities ``person:<id>``,
    ``place:<id>`` (geographic kinds) or ``building:<id>`` (the rest), documents ``document:<id>``.
    References inside the file use the bare ids, except a claim's speaker or reporter that is a
    document (``document:<id>``). Offsets are character offsets into the document's decoded text (as in findings.json).
    """

    case: CaseInfo | None = Field(None, description="What the case is: id, title, period, language.")
    people: list[Person] = Field(default_factory=list, description="People with their aliases and the phrases that designate them.")
    places: list[Place] = Field(default_factory=list, description="Places with coordinates, containing place and existence dates.")
    documents: list[CaseDocument] = Field(
        default_factory=list,
        description="Documents that speak in the corpus without being files of it (a verdict, an indictment, a "
        "trial record), with what each rests on; claims name them as speaker: document:<id>.",
    )
    travel_speeds_kmh: dict[str, Annotated[float, Field(gt=0)] | None] = Field(
        default_factory=dict,
        description="Average door-to-door speeds of the era in km/h by means of travel (foot, horse, car, "
        "train, ship, airplane), merged over the built-in table; null removes a means.",
    )
    sources: list[SourceEntry] = Field(
        default_factory=list,
        description="Source dependencies beyond the manifest: {document, derived_from, why} for copies and "
        "summaries, {group, documents, why} for sources produced under the same custody or interrogation.",
    )
    hypotheses: list[Hypothesis] = Field(default_factory=list, description="The competing hypotheses to weigh.")
    claims: list[CaseClaim] = Field(default_factory=list, description="Claims entered by the analyst, each cited to its passage.")
    ratings: list[Rating] = Field(default_factory=list, description="Analyst overrides of the hypothesis matrix.")

    @model_validator(mode="after")
    def _references_hold(self, info: ValidationInfo) -> "Case":
        # The loader checks references itself so that it can report each with its line and keep the rest
        # of the file; everyone else gets a case whose references are known to hold.
        if info.context and info.context.get("defer_references"):
            return self
        errors = [i for i in self.reference_issues() if i.severity == "error"]
        if errors:
            raise ValueError("; ".join(f"{format_loc(i.loc)}: {i.message}" for i in errors))
        return self

    # -- lookups --

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)

    def place(self, place_id: str) -> Place | None:
        return next((p for p in self.places if p.id == place_id), None)

    def person_entity(self, person_id: str) -> str:
        return person_entity_id(person_id)

    def document(self, document_id: str) -> CaseDocument | None:
        """The case document with this id (bare, or as ``document:<id>``)."""
        bare = document_id[len(DOCUMENT_PREFIX):] if document_id.startswith(DOCUMENT_PREFIX) else document_id
        return next((d for d in self.documents if d.id == bare), None)

    def rests_on_ref(self, ref: str) -> str:
        """What one ``rests_on`` entry names: ``document:<id>`` for a case document, else the corpus file name."""
        if ref.startswith(DOCUMENT_PREFIX):
            return ref
        return document_entity_id(ref) if self.document(ref) is not None else ref

    def document_dependencies(self) -> list[tuple[str, str, str]]:
        """``(document:<id>, what it rests on, why)`` for every case document: corpus files or ``document:<id>``."""
        return [(d.entity_id, self.rests_on_ref(r), d.why or "") for d in self.documents for r in d.rests_on]

    def place_entity(self, place_id: str) -> str:
        """The entity id of a place of this case (its kind decides the prefix)."""
        place = self.place(place_id)
        return place.entity_id if place else f"place:{place_id}"

    def derivations(self) -> list[SourceDerivation]:
        return [s for s in self.sources if isinstance(s, SourceDerivation)]

    def source_groups(self) -> list[SourceGroup]:
        return [s for s in self.sources if isinstance(s, SourceGroup)]

    # -- cross-references --

    def reference_issues(self) -> list[CaseIssue]:
        """Every reference that does not hold and every duplicate id, with what to leave out for the rest to stand."""
        issues: list[CaseIssue] = []
        people = {p.id for p in self.people}
        places = {p.id for p in self.places}
        hypotheses = {h.id for h in self.hypotheses}

        def unique(section: str, ids: list[str | None], what: str) -> None:
            seen: set[str] = set()
            for i, ident in enumerate(ids):
                if ident is None:
                    continue
                if ident in seen:
                    issues.append(CaseIssue((section, i, "id"), f"{what} id {ident!r} is used twice; this second one is left out", drop=(section, i)))
                seen.add(ident)

        unique("people", [p.id for p in self.people], "person")
        unique("places", [p.id for p in self.places], "place")
        unique("documents", [d.id for d in self.documents], "document")
        unique("hypotheses", [h.id for h in self.hypotheses], "hypothesis")
        unique("claims", [c.id for c in self.claims], "claim")

        def known_person(pid: str | None, loc: tuple, drop: tuple, role: str) -> None:
            if pid is not None and pid not in people:
                issues.append(CaseIssue(loc, f"{role} {pid!r} is not a person of this case (no such id under people)", drop=drop))

        def known_place(pid: str | None, loc: tuple, drop: tuple, role: str) -> None:
            if pid is not None and pid not in places:
                issues.append(CaseIssue(loc, f"{role} {pid!r} is not a place of this case (no such id under places)", drop=drop))

        for i, person in enumerate(self.people):
            for j, rel in enumerate(person.relations):
                at = ("people", i, "relations", j)
                known_person(rel.speaker, (*at, "speaker"), at, "speaker")
                known_person(rel.means, (*at, "means"), at, "means")

        # names claimed by two people cannot be resolved to either
        owners: dict[str, set[str]] = defaultdict(set)
        for person in self.people:
            for n in person.names:
                owners[n.strip().casefold()].add(person.id)
        for i, person in enumerate(self.people):
            for j, alias in enumerate(person.aliases):
                others = sorted(owners[alias.strip().casefold()] - {person.id})
                if others:
                    issues.append(
                        CaseIssue(
                            ("people", i, "aliases", j),
                            f"alias {alias!r} also names {', '.join(others)}: mentions of it cannot be told apart and are left to the machine",
                            severity="warning",
                        )
                    )

        by_id = {p.id: p for p in self.places}
        for i, place in enumerate(self.places):
            loc = ("places", i, "located_in")
            if place.located_in is None:
                continue
            if place.located_in == place.id:
                issues.append(CaseIssue(loc, f"place {place.id!r} cannot be located in itself", drop=loc))
                continue
            if place.located_in not in places:
                known_place(place.located_in, loc, loc, "located_in")
                continue
            seen, node = {place.id}, by_id.get(place.located_in)
            while node is not None and node.located_in and node.id not in seen:
                seen.add(node.id)
                node = by_id.get(node.located_in)
            if node is not None and node.id in seen and node.located_in:
                issues.append(CaseIssue(loc, f"located_in of {place.id!r} goes round in a circle back to {node.id!r}", drop=loc))

        documents = {d.id for d in self.documents}

        def known_speaker(ref: str | None, loc: tuple, drop: tuple, role: str) -> None:
            if ref is None:
                return
            if ref.startswith(DOCUMENT_PREFIX):
                if ref[len(DOCUMENT_PREFIX):] not in documents:
                    issues.append(CaseIssue(loc, f"{role} {ref!r} is not a document of this case (no such id under documents)", drop=drop))
            elif ref not in people:
                hint = f"; write {DOCUMENT_PREFIX}{ref} for the document" if ref in documents else ""
                issues.append(CaseIssue(loc, f"{role} {ref!r} is not a person of this case (no such id under people){hint}", drop=drop))

        for i, doc in enumerate(self.documents):
            for j, ref in enumerate(doc.rests_on):
                loc = ("documents", i, "rests_on", j)
                target = self.rests_on_ref(ref)
                if target == doc.entity_id:
                    issues.append(CaseIssue(loc, f"document {doc.id!r} cannot rest on itself", drop=loc))
                elif target.startswith(DOCUMENT_PREFIX) and self.document(target) is None:
                    issues.append(CaseIssue(loc, f"rests_on {ref!r} is not a document of this case (no such id under documents)", drop=loc))

        for i, claim in enumerate(self.claims):
            at = ("claims", i)
            for j, part in enumerate(claim.participants):
                known_person(part.entity, (*at, "participants", j, "entity"), at, f"claim {claim.id}: participant")
            known_place(claim.place, (*at, "place"), at, f"claim {claim.id}: place")
            known_place(claim.origin, (*at, "origin"), at, f"claim {claim.id}: origin")
            known_speaker(claim.speaker, (*at, "speaker"), at, f"claim {claim.id}: speaker")
            known_speaker(claim.reported_by, (*at, "reported_by"), at, f"claim {claim.id}: reported_by")

        for i, source in enumerate(self.sources):
            if isinstance(source, SourceDerivation) and source.document in source.derived_from:
                issues.append(CaseIssue(("sources", i, "derived_from"), f"{source.document!r} cannot derive from itself", drop=("sources", i)))

        for i, rating in enumerate(self.ratings):
            if rating.hypothesis not in hypotheses:
                issues.append(
                    CaseIssue(("ratings", i, "hypothesis"), f"hypothesis {rating.hypothesis!r} is not one of this case's hypotheses", drop=("ratings", i))
                )
        return issues


def format_loc(loc: tuple[str | int, ...]) -> str:
    """A path into the file as an analyst reads it: ``people[3].aliases[1]`` (list positions count from 0)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


# --- the published JSON Schema --------------------------------------------------------------------

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "data" / "case.schema.json"


def case_json_schema() -> dict:
    """The JSON Schema of ``case.yaml`` (draft 2020-12), generated from these models.

    Editors (e.g. the YAML language server, with ``# yaml-language-server: $schema=...``) and other tools
    can validate a case file with it. A claim's ``time`` may also be written as one string; the schema
    says so.
    """
    schema = Case.model_json_schema(mode="validation", by_alias=True)
    defs = schema.get("$defs", {})
    claim_time = defs["CaseClaim"]["properties"]["time"]
    claim_time["anyOf"] = [
        {"$ref": "#/$defs/CaseTime"},
        {
            "type": "string",
            "description": "An ISO date or interval (1958-03, 1958-03-02/1958-03-06) or an English time "
            "expression ('the autumn of 1957').",
        },
        {"type": "null"},
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "countertrial case file (case.yaml)",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def render_case_schema() -> str:
    """The schema file's exact contents (stable key order, trailing newline)."""
    return json.dumps(case_json_schema(), indent=2, ensure_ascii=False) + "\n"


def write_case_schema(path: Path = SCHEMA_PATH) -> Path:
    """Write the published schema (``python -m countertrial.model.case`` does this)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_case_schema(), encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover
    print(write_case_schema())
