"""Typed records that flow between the stages: ingest -> nlp -> extract -> geo -> ledger -> reconcile.

Dicts appear only at the JSON edge (`Claim.to_record`, the API and the exporters).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, Literal

Stance = Literal["asserts", "denies"]
ClaimantKind = Literal["government", "military", "person", "media", "intelligence", "imagery", "unnamed"]
EVENT_TYPES = ("ATTACK", "ADVANCE", "CAPTURE", "CONTROL", "REPEL", "WITHDRAW", "FIGHTING", "STRIKE")


# zero-width and direction-control characters: "Pokr\u200bovsk" is Pokrovsk, and a copy that differs only by
# them is the same report (#10)
INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def normalise_text(text: str) -> str:
    """Text as hashed for a document id: NFC, unified newlines, collapsed blank space.

    >>> normalise_text("a  b\\r\\n") == normalise_text("a b")
    True
    """
    text = unicodedata.normalize("NFC", INVISIBLE.sub("", text)).replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"\s+", " ", text).strip()


def document_id(text: str) -> str:
    """A stable id from the normalised text, so the same report ingested twice is one document."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Document:
    """One report as ingested: its text and what is known about where it came from."""

    text: str
    source: str | None = None
    published: date | None = None
    url: str | None = None
    title: str | None = None
    language: str = "en"
    origin: str = "-"  # the file, feed item or stdin it was read from
    ref: str | None = None  # the record's own `id` (JSON Lines), for tools that answer per record

    @cached_property
    def id(self) -> str:
        """Hashed once: a long report is read on every access otherwise (#7)."""
        return document_id(self.text)


@dataclass(frozen=True)
class Span:
    """A stretch of a document, by character offsets into `Document.text`."""

    text: str
    start: int
    end: int


@dataclass
class Place:
    """A gazetteer entry."""

    geonameid: int | None
    name: str
    lat: float
    lon: float
    country: str
    admin1: str | None = None
    admin2: str | None = None
    feature_class: str = "P"
    feature_code: str = "PPL"
    population: int = 0
    admin1_name: str | None = None
    admin2_name: str | None = None


@dataclass
class Resolution:
    """Where a place mention was placed, how sure, and why; `place` is None when left unresolved."""

    place: Place | None
    confidence: float
    reasons: list[str] = field(default_factory=list)
    candidates: list[Place] = field(default_factory=list)
    precision: str = "settlement"  # settlement | near | raion | oblast | country


@dataclass(frozen=True)
class Locator:
    """Where a mention lies relative to another: "Makhnovka (south of Sudzha)" is south of the anchor Sudzha."""

    direction: str  # a compass word, "near", or "between" (two anchors: "between A and B", "on the A-B road")
    anchor: str
    anchor_start: int
    anchor_end: int
    other: str | None = None  # the second anchor of "between"
    other_start: int | None = None
    other_end: int | None = None

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {"direction": self.direction, "anchor": self.anchor,
                                  "anchor_start": self.anchor_start, "anchor_end": self.anchor_end}
        if self.other is not None:
            record.update(other=self.other, other_start=self.other_start, other_end=self.other_end)
        return record


@dataclass
class PlaceMention:
    """A place named in a sentence, with its context role ("in", "near", "region") and its resolution.

    `role` is "place" for a place a claim can be about, "locator" for an anchor that only says where another
    place lies ("south of Sudzha") and "route" for a road named after places; only places carry claims.
    """

    span: Span
    sentence: int
    kind: str = "settlement"  # settlement | region | direction | area | country | water
    relation: str | None = None  # in | near | from | ...; the compass word of "west of X" (west)
    resolution: Resolution | None = None
    region_scope: tuple[str, ...] = ()  # "CC.admin1" codes the sentence puts this place in
    role: str = "place"  # place | locator | route
    locator: Locator | None = None
    within: str | None = None  # "Charleston, W.Va.": the country or division the report names right after it
    refers_to: int | None = None  # "the town": where the place it points back at starts in the text


@dataclass
class Claimant:
    """Who says it, as reported: the phrase, a normalised name, the kind of speaker and its side."""

    text: str
    name: str
    kind: ClaimantKind
    side: str | None
    start: int | None = None
    end: int | None = None
    affiliation: str | None = None


@dataclass
class Event:
    """What is claimed to have happened; `agent_basis` says how the acting side was found."""

    type: str
    agent_side: str | None
    negated: bool = False
    trigger: Span | None = None
    agent_basis: str | None = None  # explicit | pronoun | context | claimant | opponent


@dataclass
class TimeRange:
    """A time as written and as normalised; start/end stay None when the text gives no anchor."""

    text: str | None
    start: date | None
    end: date | None
    granularity: str | None  # day | week | month | season | year


@dataclass
class Claim:
    """One claim: claimant, stance, event, places, time, hedges and the sentence it rests on."""

    doc_id: str
    sentence: int
    evidence: Span
    claimant: Claimant
    stance: Stance
    event: Event
    places: list[PlaceMention]
    time: TimeRange
    hedges: list[str] = field(default_factory=list)
    source: str | None = None
    published: date | None = None
    reporting_verb: str | None = None  # lemma of the verb that attributes it ("acknowledge", "deny")

    def to_record(self) -> dict[str, Any]:
        """The JSON Lines claim record (the contract in the README)."""
        return {
            "doc_id": self.doc_id,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "sentence": self.sentence,
            "evidence": {"text": self.evidence.text, "start": self.evidence.start, "end": self.evidence.end},
            "claimant": {
                "text": self.claimant.text,
                "name": self.claimant.name,
                "kind": self.claimant.kind,
                "side": self.claimant.side,
                "affiliation": self.claimant.affiliation,
            },
            "stance": self.stance,
            "reporting_verb": self.reporting_verb,
            "hedges": list(self.hedges),
            "event": {"type": self.event.type, "agent_side": self.event.agent_side, "negated": self.event.negated,
                      "agent_basis": self.event.agent_basis},
            "places": [place_record(m) for m in self.places],
            "time": {
                "text": self.time.text,
                "start": self.time.start.isoformat() if self.time.start else None,
                "end": self.time.end.isoformat() if self.time.end else None,
                "granularity": self.time.granularity,
            },
        }


def place_record(mention: PlaceMention) -> dict[str, Any]:
    """A place mention as it appears in a claim record; unresolved places keep null coordinates."""
    res = mention.resolution
    place = res.place if res else None
    return {
        "text": mention.span.text,
        "start": mention.span.start,
        "end": mention.span.end,
        "geonameid": place.geonameid if place else None,
        "name": place.name if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "country": place.country if place else None,
        "admin1": place.admin1_name if place else None,
        "admin2": place.admin2_name if place else None,
        "feature_code": place.feature_code if place else None,
        "confidence": round(res.confidence, 3) if res else None,
        "precision": res.precision if res and place else None,
        "reasons": list(res.reasons) if res else [],
        "locator": mention.locator.to_record() if mention.locator else None,
    }


@dataclass
class IngestOutcome:
    """What happened to one input: added, skipped as a duplicate, or failed with a reason."""

    origin: str
    status: Literal["added", "duplicate", "failed"]
    doc_id: str | None = None
    claims: int = 0
    error: str | None = None
