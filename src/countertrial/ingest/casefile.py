"""Reading ``case.yaml``: an analyst's hand-written file, checked and explained line by line.

The file is optional and written by hand, so it is read like the manifest: forgivingly but never
silently. Every fault comes back as a :class:`~countertrial.model.Problem` with the file, the line and
the path of the value (``case.yaml:42: people[3].aliases[1]: ...``) in words an analyst understands,
and only the faulty part is left out where that is safe:

* an unknown key in a person, place, document, hypothesis or the ``case:`` header is ignored (it carried
  nothing we understand), as is a bad alias, relation, ``rests_on`` entry or citation, or a bad optional
  field of a person, place or document:
  what remains is weaker, never wrong;
* a claim, rating or source entry with any fault is left out whole: a claim without the ``place`` the
  analyst mistyped, or with its ``polarity`` defaulted, would assert something the analyst did not;
* a reference to an id the file does not define leaves out the item that makes it;
* with the corpus texts at hand, claims and citations whose document is not in the corpus or whose
  offsets fall outside the text (or cover only blank space) are left out, naming the claim; so is a
  document's ``rests_on`` entry that is neither a corpus file nor a document of the case.

YAML is read safely (no object construction) and without YAML's timestamp conversion, so that dates
reach the models as written (``1958-03`` and ``1958-03-04`` alike), and with the line of every node
kept, so that problems can point to it. Duplicate keys, which YAML resolves silently by keeping the
last, are reported.
"""

from __future__ import annotations

import copy
import difflib
from collections import defaultdict
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from countertrial.model import Citation, Claim, Participant, Problem
from countertrial.model.case import (
    SOURCE_TAGS,
    Case,
    CaseClaim,
    CaseDocument,
    CaseInfo,
    CaseIssue,
    Hypothesis,
    Person,
    Place,
    Rating,
    SourceDerivation,
    SourceEntry,
    SourceGroup,
    format_loc,
    person_entity_id,
    speaker_entity_id,
)

CASE_FILE_NAME = "case.yaml"

#: Sections that are lists of items, with the model of one item and what to call it in messages.
LIST_SECTIONS: dict[str, tuple[Any, str]] = {
    "people": (Person, "person"),
    "places": (Place, "place"),
    "documents": (CaseDocument, "document"),
    "sources": (SourceEntry, "source entry"),
    "hypotheses": (Hypothesis, "hypothesis"),
    "claims": (CaseClaim, "claim"),
    "ratings": (Rating, "rating"),
}
#: Sections whose items lose only their faulty key or element (what remains is weaker, never wrong).
TRIMMABLE = {"people", "places", "documents", "hypotheses"}
#: Lists inside an item whose faulty elements can be left out alone.
TRIMMABLE_LISTS = {"aliases", "relations", "citations", "rests_on"}
SECTIONS = ("case", *LIST_SECTIONS, "travel_speeds_kmh")


# --- YAML with line numbers -----------------------------------------------------------------------


class _CaseLoader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: ``1958-03-04`` stays text, like ``1958-03`` does."""


_CaseLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class _Parsed:
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)  # path -> 1-based line of the key or item
    duplicates: list[tuple[tuple, int]] = field(default_factory=list)


def _parse_yaml(text: str) -> _Parsed:
    """The data of a YAML document with the line of every mapping key and list item."""
    loader = _CaseLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    parsed = _Parsed(data, {(): 1})

    def walk(n: Any, path: tuple) -> None:
        if isinstance(n, MappingNode):
            seen: set[str] = set()
            for key_node, value_node in n.value:
                if not isinstance(key_node, ScalarNode):
                    continue
                key = key_node.value
                here = (*path, key)
                line = key_node.start_mark.line + 1
                if key in seen:
                    parsed.duplicates.append((here, line))
                seen.add(key)
                parsed.lines[here] = line  # YAML keeps the last value; point at it
                walk(value_node, here)
        elif isinstance(n, SequenceNode):
            for i, item in enumerate(n.value):
                parsed.lines[(*path, i)] = item.start_mark.line + 1
                walk(item, (*path, i))

    if node is not None:
        walk(node, ())
    return parsed


# --- explaining pydantic's errors -----------------------------------------------------------------


def _unwrap(tp: Any) -> list[Any]:
    """The model classes (or other leaf types) a possibly Optional / Annotated / list type stands for."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (list, tuple, set, dict):
        args = typing.get_args(tp)
        return _unwrap(args[-1]) if args else []
    if origin is typing.Union or str(origin) == "<class 'types.UnionType'>":
        out: list[Any] = []
        for arg in typing.get_args(tp):
            out.extend(_unwrap(arg))
        return out
    return [tp]


def _model_at(root: Any, loc: tuple) -> type[BaseModel] | None:
    """The model whose keys are valid at ``loc`` (a path into one item of ``root``), if it is a model."""
    candidates = _unwrap(root)
    for part in loc:
        if isinstance(part, int):
            continue
        nxt: list[Any] = []
        for c in candidates:
            if isinstance(c, type) and issubclass(c, BaseModel):
                fields = {f.alias or name: f for name, f in c.model_fields.items()}
                if part in fields:
                    nxt.extend(_unwrap(fields[part].annotation))
        candidates = nxt
    models = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
    return models[0] if len(models) == 1 else None


def _keys_of(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _quote_hint(value: Any) -> str:
    if isinstance(value, bool):
        return " (YAML reads yes/no/on/off/true/false as a truth value: put the text in quotes)"
    if isinstance(value, (int, float)):
        return " (put it in quotes if it is meant as text)"
    return ""


def _what(value: Any) -> str:
    if isinstance(value, bool):
        return f"the truth value {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if value is None:
        return "nothing"
    return repr(value)


def _explain(err: dict, item_model: Any, loc: tuple) -> tuple[tuple, str]:
    """(path to report at, message) for one pydantic error, in an analyst's words."""
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind in ("extra_forbidden", "invalid_key"):
        key = str(loc[-1])
        parent = _model_at(item_model, loc[:-1])
        allowed = _keys_of(parent) if parent else []
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        listing = f" (allowed here: {', '.join(allowed)})" if allowed else ""
        if kind == "extra_forbidden" and value is None:
            # `{note: closed in June, demolished in August}`: the comma started a new key
            hint += "; if it is the rest of a text cut at a comma inside {...}, put that text in quotes"
        return loc[:-1] + (key,), f"unknown key {key!r}{hint}{listing}"
    if kind == "missing":
        return loc[:-1], f"missing required key {str(loc[-1])!r}"
    if kind == "string_type":
        return loc, f"expected text, got {_what(value)}{_quote_hint(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return loc, f"expected a whole number, got {_what(value)}"
    if kind in ("float_type", "float_parsing", "finite_number"):
        return loc, f"expected a number, got {_what(value)}"
    if kind in ("list_type", "tuple_type"):
        return loc, f"expected a list ('- item' lines or [a, b]), got {_what(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return loc, f"expected a mapping (key: value lines), got {_what(value)}"
    if kind == "literal_error":
        return loc, f"{value!r} is not allowed here; use one of {ctx.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if "a-z0-9]+(?:-" in pattern:
            from countertrial.resolve.resolver import slug

            return loc, (
                f"{value!r} is not a valid id: use lowercase letters, digits and single hyphens "
                f"(e.g. {slug(str(value))!r})"
            )
        if pattern.startswith("^[a-z][a-z_]*"):
            return loc, f"{value!r} is not a valid kind: use lowercase words joined by underscores (e.g. railway_station)"
        return loc, f"{value!r} is not a valid id: use letters, digits, '-', '_' and '.', without spaces"
    if kind in ("string_too_short", "too_short"):
        return loc, "must not be empty" if ctx.get("min_length", 1) <= 1 else f"needs at least {ctx['min_length']} entries"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = {
            "greater_than": f"greater than {ctx.get('gt')}",
            "greater_than_equal": f"at least {ctx.get('ge')}",
            "less_than": f"less than {ctx.get('lt')}",
            "less_than_equal": f"at most {ctx.get('le')}",
        }[kind]
        return loc, f"must be {bound}, got {_what(value)}"
    if kind == "source_entry":
        return loc, "expected {document, derived_from, why} or {group, documents, why}"
    if kind in ("value_error", "assertion_error"):
        msg = str(ctx.get("error", err["msg"]))
        return loc, msg
    return loc, err["msg"][0].lower() + err["msg"][1:]


# --- the reader -----------------------------------------------------------------------------------


class _Reader:
    def __init__(self, file: str, parsed: _Parsed) -> None:
        self.file = file
        self.parsed = parsed
        self.problems: list[Problem] = []

    def line(self, path: tuple) -> int:
        for n in range(len(path), -1, -1):
            line = self.parsed.lines.get(tuple(path[:n]))
            if line is not None:
                return line
        return 1

    def report(self, path: tuple, message: str, severity: str = "error") -> None:
        where = format_loc(path)
        text = f"{where}: {message}" if where else message
        self.problems.append(Problem(severity=severity, file=self.file, line=self.line(path), message=text))

    # -- one item --

    def validate_item(self, section: str, index: int, raw: Any) -> Any | None:
        """The validated item, trimmed of what may be left out alone; None when it must go whole."""
        model, noun = LIST_SECTIONS[section]
        adapter = _adapter(model)
        base = (section, index)
        label = _label(noun, raw)
        try:
            return adapter.validate_python(raw, context={"defer_references": True})
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        whole = section not in TRIMMABLE
        explained = []
        for err in errors:
            loc = tuple(err["loc"])
            if section == "sources" and loc and loc[0] in SOURCE_TAGS:
                loc = loc[1:]
            at, message = _explain(err, _item_type(section, raw), loc)
            target = None if whole else _trim_target(model, loc, err["type"])
            whole = whole or target is None
            explained.append((at, message, target, err["type"]))
        trims = [t for _, _, t, _ in explained if t is not None]
        for at, message, target, kind in explained:
            if whole:
                consequence = f"this {noun}{label} is left out"
            elif kind not in ("extra_forbidden", "invalid_key") and isinstance(target[-1], int):
                consequence = "this entry is left out"
            else:
                consequence = "ignored"
            self.report((*base, *at), f"{message} ({consequence})")
        if whole:
            return None
        trimmed = copy.deepcopy(raw)
        for target in sorted(set(trims), key=_removal_order):
            _remove(trimmed, target)
        try:
            return adapter.validate_python(trimmed, context={"defer_references": True})
        except ValidationError:
            self.report(base, f"this {noun}{label} is left out: it is not valid even without the parts above")
            return None

    def validate_header(self, raw: Any) -> CaseInfo | None:
        if raw is None:
            return None
        try:
            return CaseInfo.model_validate(raw)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        if not isinstance(raw, dict):
            at, message = _explain(errors[0], CaseInfo, ())
            self.report(("case", *at), f"{message} (ignored)")
            return None
        trimmed = dict(raw)
        for err in errors:
            loc = tuple(err["loc"])
            at, message = _explain(err, CaseInfo, loc)
            self.report(("case", *at), f"{message} (ignored)")
            if loc:
                trimmed.pop(loc[0], None)
        try:
            return CaseInfo.model_validate(trimmed)
        except ValidationError:
            return None

    def validate_speeds(self, raw: Any) -> dict[str, float | None]:
        from countertrial.reason.travel import DEFAULT_SPEEDS_KMH, normalise_means

        if raw is None:
            return {}
        if not isinstance(raw, dict):
            self.report(("travel_speeds_kmh",), f"expected a mapping such as {{train: 60, airplane: 350}}, got {_what(raw)} (ignored)")
            return {}
        adapter = _adapter(Case.model_fields["travel_speeds_kmh"].annotation)
        out: dict[str, float | None] = {}
        for means, kmh in raw.items():
            path = ("travel_speeds_kmh", str(means))
            try:
                out.update(adapter.validate_python({means: kmh}))
            except ValidationError as exc:
                for err in exc.errors(include_url=False):
                    loc = tuple(err["loc"])[1:]
                    at, message = _explain(err, None, loc)
                    if err["type"] == "greater_than":
                        message = f"a speed must be a positive number of km/h, got {_what(kmh)} (use null to remove a means)"
                    self.report((*path, *at), f"{message} (ignored)")
                continue
            if normalise_means(str(means)) not in DEFAULT_SPEEDS_KMH:
                known = ", ".join(DEFAULT_SPEEDS_KMH)
                self.report(
                    path,
                    f"{means!r} is not one of the built-in means of travel ({known}); it is added as a new means, "
                    "which only claims naming it will use",
                    severity="warning",
                )
        return out


_ADAPTERS: dict[Any, TypeAdapter] = {}


def _adapter(tp: Any) -> TypeAdapter:
    key = repr(tp)
    if key not in _ADAPTERS:
        _ADAPTERS[key] = TypeAdapter(tp)
    return _ADAPTERS[key]


def _item_type(section: str, raw: Any) -> Any:
    if section == "sources":
        return SourceGroup if isinstance(raw, dict) and "group" in raw else SourceDerivation
    return LIST_SECTIONS[section][0]


def _label(noun: str, raw: Any) -> str:
    ident = raw.get("id") if isinstance(raw, dict) else None
    if ident is None and isinstance(raw, dict):
        ident = raw.get("group") or raw.get("document") if noun == "source entry" else None
    return f" ({ident})" if isinstance(ident, (str, int)) and not isinstance(ident, bool) else ""


def _trim_target(model: Any, loc: tuple, kind: str) -> tuple | None:
    """What to remove from a person/place/hypothesis for one error, or None if the item must go."""
    if kind in ("extra_forbidden", "invalid_key"):
        return loc
    if not loc:
        return None  # a fault of the item as a whole (e.g. latitude without longitude)
    for i in range(len(loc) - 1, 0, -1):
        if isinstance(loc[i], int) and loc[i - 1] in TRIMMABLE_LISTS:
            return loc[: i + 1]
    name = loc[0]
    fields = {f.alias or n: f for n, f in model.model_fields.items()}
    if name in fields and not fields[name].is_required():
        return loc[:1]
    return None


def _removal_order(path: tuple) -> tuple:
    # deepest first, and within a list the highest index first, so earlier removals don't shift later ones
    return (-len(path), tuple((0, -p) if isinstance(p, int) else (1, str(p)) for p in path))


def _remove(data: Any, path: tuple) -> None:
    node = data
    for part in path[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return
    try:
        del node[path[-1]]
    except (KeyError, IndexError, TypeError):
        pass


# --- loading --------------------------------------------------------------------------------------


def load_case(path: Path, documents: Mapping[str, str] | None = None) -> tuple[Case | None, list[Problem]]:
    """The case file at ``path`` (usually ``CORPUS/case.yaml``) and every problem found in it.

    ``documents`` maps document ids to their exact texts; when given, claims and citations are checked
    against them (the document exists, the offsets fall inside it and cover some text). A missing file
    is no problem (the case file is optional): ``(None, [])``. ``None`` is also returned when nothing
    usable could be read (not YAML, not a mapping); otherwise the case holds everything that passed.
    """
    path = Path(path)
    if not path.is_file():
        return None, []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [Problem(file=path.name, message=f"is not UTF-8 text (byte {exc.start}); save it as UTF-8")]
    except OSError as exc:
        return None, [Problem(file=path.name, message=f"cannot be read: {exc.strerror or exc}")]
    return load_case_text(text, path.name, documents)


def load_case_text(text: str, file: str = CASE_FILE_NAME, documents: Mapping[str, str] | None = None) -> tuple[Case | None, list[Problem]]:
    """:func:`load_case` on the text of a case file; ``file`` names it in problems."""
    try:
        parsed = _parse_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or str(exc)
        if "'\\t'" in what:
            what = "a tab character: YAML indentation must use spaces"
        return None, [Problem(file=file, line=line, message=f"is not valid YAML: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(file=file, message=f"is not valid YAML: {exc}")]

    reader = _Reader(file, parsed)
    for path, line in parsed.duplicates:
        reader.problems.append(
            Problem(file=file, line=line, message=f"{format_loc(path)}: this key is given twice; only this last one counts")
        )
    data = parsed.data
    if data is None:
        reader.problems.append(Problem(severity="warning", file=file, line=1, message="is empty"))
        return Case(), reader.problems
    if not isinstance(data, dict):
        reader.problems.append(
            Problem(file=file, line=1, message=f"must be a mapping of sections ({', '.join(SECTIONS)}), got {_what(data)}")
        )
        return None, reader.problems

    for key in data:
        if key not in SECTIONS:
            close = difflib.get_close_matches(str(key), SECTIONS, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            reader.report((str(key),), f"unknown section {key!r}{hint} (sections: {', '.join(SECTIONS)}; ignored)")

    # 1. every item on its own: a bad one never takes its neighbours with it
    kept: dict[str, list[Any]] = {}
    origin: dict[str, list[int]] = {}  # section -> original index of each kept item
    for section in LIST_SECTIONS:
        raw = data.get(section)
        kept[section], origin[section] = [], []
        if raw is None:
            continue
        if not isinstance(raw, list):
            reader.report((section,), f"expected a list of items ('- ...' lines), got {_what(raw)} (section ignored)")
            continue
        for i, item in enumerate(raw):
            obj = reader.validate_item(section, i, item)
            if obj is not None:
                kept[section].append(obj)
                origin[section].append(i)

    header = reader.validate_header(data.get("case"))
    speeds = reader.validate_speeds(data.get("travel_speeds_kmh"))

    def build() -> Case:
        return Case.model_validate(
            {"case": header, "travel_speeds_kmh": speeds, **kept}, context={"defer_references": True}
        )

    def original(loc: tuple) -> tuple:
        if len(loc) >= 2 and loc[0] in origin and isinstance(loc[1], int):
            return (loc[0], origin[loc[0]][loc[1]], *loc[2:])
        return loc

    # 2. references across the file
    case = build()
    issues = case.reference_issues()
    drops = []
    for issue in issues:
        consequence = _consequence(issue, case)
        reader.report(original(issue.loc), f"{issue.message}{consequence}", issue.severity)
        if issue.drop is not None:
            drops.append(issue.drop)
    if drops:
        case = _apply_drops(case, drops, origin)

    # 3. the corpus: documents must exist and offsets fall inside them
    if documents is not None:
        case = _check_against_corpus(case, documents, reader, origin)

    return case, reader.problems


def _consequence(issue: CaseIssue, case: Case) -> str:
    if issue.drop is None:
        return ""
    if len(issue.drop) == 2:
        noun = LIST_SECTIONS[str(issue.drop[0])][1]
        return "" if "left out" in issue.message else f" (this {noun} is left out)"
    if issue.drop[-1] == "located_in":
        return " (located_in is ignored)"
    return " (this entry is left out)"


def _apply_drops(case: Case, drops: list[tuple], origin: dict[str, list[int]]) -> Case:
    """The case without the dropped items and fields; ``origin`` is kept in step with what remains."""
    data = {s: [item.model_copy(deep=True) for item in getattr(case, s)] for s in LIST_SECTIONS}
    removed: dict[str, set[int]] = {s: set() for s in LIST_SECTIONS}
    entries: dict[tuple[str, int, str], set[int]] = defaultdict(set)
    for drop in drops:
        section, index, *rest = drop
        if not rest:
            removed[section].add(index)
        elif rest == ["located_in"]:
            data[section][index] = data[section][index].model_copy(update={"located_in": None})
        elif len(rest) == 2 and rest[0] in ("relations", "rests_on"):
            entries[(section, index, rest[0])].add(rest[1])
    for (section, index, key), gone in entries.items():  # all at once: positions refer to the original list
        item = data[section][index]
        data[section][index] = item.model_copy(update={key: [r for j, r in enumerate(getattr(item, key)) if j not in gone]})
    for section in LIST_SECTIONS:
        pairs = [(item, o) for i, (item, o) in enumerate(zip(data[section], origin[section])) if i not in removed[section]]
        data[section] = [p[0] for p in pairs]
        origin[section][:] = [p[1] for p in pairs]
    return case.model_copy(update=data)


def _check_against_corpus(case: Case, documents: Mapping[str, str], reader: _Reader, origin: dict[str, list[int]]) -> Case:
    """Leave out claims, citations and source entries that point outside the corpus, saying which and why."""

    def passage_fault(doc: str, start: int, end: int) -> str | None:
        if doc not in documents:
            close = difflib.get_close_matches(doc, list(documents), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            return f"document {doc!r} is not in the corpus{hint}"
        text = documents[doc]
        if end > len(text):
            return f"offsets {start}-{end} run past the end of {doc!r} ({len(text)} characters)"
        if not text[start:end].strip():
            return f"offsets {start}-{end} of {doc!r} cover only blank space"
        return None

    def word_cut(doc: str, start: int, end: int) -> str | None:
        text = documents[doc]
        cut_start = start > 0 and text[start - 1].isalnum() and text[start].isalnum()
        cut_end = end < len(text) and text[end - 1].isalnum() and text[end].isalnum()
        if cut_start or cut_end:
            return f"the passage {text[start:end]!r} {'starts' if cut_start else 'ends'} inside a word; check the offsets"
        return None

    claims, claim_origin = [], []
    for claim, o in zip(case.claims, origin["claims"]):
        fault = passage_fault(claim.document, claim.start, claim.end)
        if fault:
            reader.report(("claims", o), f"claim {claim.id}: {fault} (this claim is left out)")
            continue
        cut = word_cut(claim.document, claim.start, claim.end)
        if cut:
            reader.report(("claims", o, "start"), f"claim {claim.id}: {cut}", "warning")
        claims.append(claim)
        claim_origin.append(o)
    dropped_claims = {c.id for c in case.claims} - {c.id for c in claims}
    origin["claims"][:] = claim_origin

    def cited(section: str, items: list[Any]) -> list[Any]:
        out = []
        for item, o in zip(items, origin[section]):
            good = []
            for j, cit in enumerate(item.citations):
                fault = passage_fault(cit.document, cit.start, cit.end)
                if fault:
                    reader.report((section, o, "citations", j), f"{fault} (this citation is left out)")
                else:
                    good.append(cit)
            out.append(item.model_copy(update={"citations": good}) if len(good) != len(item.citations) else item)
        return out

    people = cited("people", case.people)
    places = cited("places", case.places)
    case_docs = []
    for doc, o in zip(cited("documents", case.documents), origin["documents"]):
        keep = []
        for j, ref in enumerate(doc.rests_on):
            target = case.rests_on_ref(ref)
            if not target.startswith("document:") and target not in documents:
                close = difflib.get_close_matches(ref, list(documents), n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                reader.report(
                    ("documents", o, "rests_on", j),
                    f"{ref!r} is neither a file of the corpus nor a document of this case{hint} (this entry is left out)",
                )
            else:
                keep.append(ref)
        case_docs.append(doc.model_copy(update={"rests_on": keep}) if len(keep) != len(doc.rests_on) else doc)

    sources, source_origin = [], []
    for source, o in zip(case.sources, origin["sources"]):
        names = [source.document, *source.derived_from] if isinstance(source, SourceDerivation) else source.documents
        missing = [n for n in names if n not in documents]
        if missing:
            reader.report(("sources", o), f"{', '.join(map(repr, missing))} not in the corpus (this source entry is left out)")
            continue
        sources.append(source)
        source_origin.append(o)
    origin["sources"][:] = source_origin

    for rating, o in zip(case.ratings, origin["ratings"]):
        if rating.evidence in dropped_claims:
            reader.report(("ratings", o, "evidence"), f"claim {rating.evidence} was left out above, so this rating applies to nothing", "warning")

    return case.model_copy(
        update={"claims": claims, "people": people, "places": places, "documents": case_docs, "sources": sources}
    )


# --- analyst claims -------------------------------------------------------------------------------


def analyst_claims(case: Case, texts: Mapping[str, str]) -> list[Claim]:
    """The case's claims as model :class:`Claim`\\ s, quoted from the corpus texts.

    ``quote`` is ``text[start:end]`` (the file holds no copied text), ``extractor`` is "analyst", and
    people and places carry entity ids (``person:<id>``, ``place:<id>`` / ``building:<id>``; see
    :mod:`countertrial.model.case`), so the claims are already resolved. Claims whose passage is not in
    ``texts`` are skipped (:func:`load_case` reports them). Ordered by document, offsets and id.
    """
    out: list[Claim] = []
    for c in case.claims:
        text = texts.get(c.document)
        if text is None or c.end > len(text) or not text[c.start : c.end].strip():
            continue
        place = case.place(c.place) if c.place else None
        out.append(
            Claim(
                id=c.id or c.content_id(),
                kind=c.kind,
                document=c.document,
                start=c.start,
                end=c.end,
                quote=text[c.start : c.end],
                participants=[Participant(entity=person_entity_id(p.entity), role=p.role) for p in c.participants],
                place=case.place_entity(c.place) if c.place else None,
                place_mention=place.name if place else None,
                origin=case.place_entity(c.origin) if c.origin else None,
                time=c.time.window() if c.time else None,
                aspect=c.aspect,
                means=c.means,
                content=c.content,
                polarity=c.polarity,
                modality=c.modality,
                speaker=speaker_entity_id(c.speaker) if c.speaker else None,
                reported_by=speaker_entity_id(c.reported_by) if c.reported_by else None,
                knowledge=c.knowledge,
                extractor="analyst",
            )
        )
    return sorted(out, key=lambda c: (c.document, c.start, c.end, c.id))


def case_citations(case: Case, texts: Mapping[str, str]) -> dict[str, list[Citation]]:
    """Entity id -> the passages the case cites for that person's, place's or document's facts, quoted from the texts."""
    out: dict[str, list[Citation]] = {}
    for item in [*case.people, *case.places, *case.documents]:
        cits = [
            Citation(document=c.document, start=c.start, end=c.end, quote=texts[c.document][c.start : c.end])
            for c in item.citations
            if c.document in texts and c.end <= len(texts[c.document])
        ]
        if cits:
            out[item.entity_id] = cits
    return out


def case_travel_speeds(case: Case | None, base: Any = None) -> Any:
    """The era's travel table with the case's speeds merged over ``base`` (the built-in table by default).

    Returns a :class:`countertrial.reason.travel.TravelSpeeds`; a speed of null in the file removes a means.
    """
    from countertrial.reason.travel import TravelSpeeds

    base = base or TravelSpeeds()
    if case is None or not case.travel_speeds_kmh:
        return base
    era = f"{case.case.title} (case file)" if case.case and case.case.title else "case file"
    return TravelSpeeds.from_dict({"speeds": dict(case.travel_speeds_kmh), "era": era}, base=base)
