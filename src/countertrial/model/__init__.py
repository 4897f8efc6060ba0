"""The shared vocabulary of the pipeline: pydantic models that every stage reads and writes.

Keeping them in one place means the JSON files we publish (findings.json, claims.json, entities.json)
and the rows in the store have one definition, and their JSON Schema can be exported from it.
"""

from countertrial.model.time import TimeWindow
from countertrial.model.documents import Citation, Document, DocumentMeta, Problem, Sentence
from countertrial.model.claims import Claim, Participant
from countertrial.model.entities import Entity
from countertrial.model.findings import Finding

__all__ = [
    "Citation",
    "Claim",
    "Document",
    "DocumentMeta",
    "Entity",
    "Finding",
    "Participant",
    "Problem",
    "Sentence",
    "TimeWindow",
]
