"""Claims: what a source asserts, with whom, where, when, by what means, said by whom, from which passage.

A claim is the unit the reasoner works on. It is always tied to its passage (``start``/``end`` into
the document text), so every finding built on it can be checked by a reader.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from countertrial.model.time import TimeWindow

ClaimKind = Literal[
    "presence",  # someone was at a place (a state)
    "meeting",  # two or more people met (an event)
    "travel",  # someone went from one place to another, perhaps by some means
    "communication",  # a message, letter or instruction passed from sender to receiver
    "existence",  # a place or thing existed / did not exist / was destroyed or built
    "custody",  # someone was held (prison, exile) — a state that pins them to a place
    "first_contact",  # two people first met / were first in contact at a time
    "document_content",  # what a document (letter, verdict) says
    "non_occurrence",  # a record that something did not happen ("no foreign aircraft landed")
]

Role = Literal["subject", "companion", "sender", "receiver", "intermediary", "host", "visitor", "object"]


class Participant(BaseModel):
    """A person (or organisation) taking part in a claim, by resolved entity id and the words used."""

    model_config = ConfigDict(frozen=True)

    entity: str  # entity id after resolution (before resolution: a normalised name key)
    role: Role = "subject"
    mention: str | None = None  # the words in the text


class Claim(BaseModel):
    """One assertion read from (or entered against) a passage of one document."""

    id: str
    kind: ClaimKind
    document: str
    start: int
    end: int
    quote: str
    participants: list[Participant] = Field(default_factory=list)
    place: str | None = None  # entity id of the place
    place_mention: str | None = None
    origin: str | None = None  # for travel: where from
    time: TimeWindow | None = None
    aspect: Literal["state", "event"] = "event"
    means: str | None = None  # airplane, train, letter, telephone, ...
    content: str | None = None  # what was said or instructed, for communications and documents
    # the state the thing handed over was in ("developed", "unopened") and when: when it was "sent" or
    # when it was "received"; a letter sent developed cannot arrive undeveloped
    condition: str | None = None
    condition_at: Literal["sent", "received"] | None = None
    polarity: Literal["affirmed", "denied"] = "affirmed"
    modality: Literal["asserted", "reported", "alleged"] = "asserted"
    speaker: str | None = None  # who makes the claim (entity id or name)
    reported_by: str | None = None  # who reports the speaker's claim (the author quoting a witness)
    knowledge: Literal["first_hand", "hearsay", "reported", "unknown"] = "unknown"
    extractor: str = "rules"  # which rule or extractor produced it, or "analyst"
    # another claim this one is given as a version of ("A says X ordered “…”. With B, “…”"): the text
    # itself ties the two accounts to one event, whatever slots they differ on
    version_of: str | None = None

    @property
    def people(self) -> list[str]:
        return [p.entity for p in self.participants]
