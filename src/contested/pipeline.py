"""The stages in order, with what each needs and gives (STYLE 1):

    ingest  -> Document                         (contested.ingest)
    nlp     -> text with markup blanked, spaCy Doc, prose sentences  (contested.nlp.markup, contested.nlp)
    geo     -> PlaceMention list                (contested.geo.mentions)
    extract -> Claim list                       (contested.extract.claims)
    geo     -> Resolution on every mention      (contested.geo.resolve)
    ledger  -> stored, one transaction a doc    (contested.ledger)

>>> Pipeline(gaz).process(Document("Russian troops occupied Zaporizke.")).claims   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

from contested.extract.claims import ClaimExtractor
from contested.geo.gazetteer import Gazetteer
from contested.geo.mentions import MentionFinder
from contested.geo.resolve import Resolver
from contested.ingest import Failure
from contested.ledger import Ledger
from contested.model import Claim, Document, IngestOutcome, PlaceMention
from contested.nlp import is_prose, load_pipeline, parse_all
from contested.nlp.markup import Prepared, mask_asides, prepare
from contested.resources import Profile, load_profile


@dataclass
class Processed:
    document: Document
    mentions: list[PlaceMention]
    claims: list[Claim]


def _named_once(places: list[PlaceMention]) -> list[PlaceMention]:
    """A claim's places, each once, by its name where the claim has both the name and a word pointing back at it
    ("seized Terny ... seized the settlement")."""
    seen: set[tuple[int | None, str]] = set()
    kept: set[int] = set()
    for m in sorted(places, key=lambda m: m.refers_to is not None):  # names first
        place = m.resolution.place if m.resolution is not None else None
        key = (place.geonameid, place.name) if place is not None else (None, f"{id(m)}")
        if id(m) in kept or key in seen:
            continue
        seen.add(key)
        kept.add(id(m))
    out = []
    for m in places:
        if id(m) in kept:
            out.append(m)
            kept.discard(id(m))  # an antecedent may stand in for two words pointing back at it
    return out


class Pipeline:
    """One loaded model, gazetteer and profile, applied to document after document."""

    def __init__(self, gaz: Gazetteer, profile: Profile | None = None, model: str | None = None) -> None:
        self.nlp = load_pipeline(model)
        self.profile = profile or load_profile()
        self.gaz = gaz
        self.finder = MentionFinder(gaz, self.profile)
        self.extractor = ClaimExtractor(self.nlp.vocab, self.profile)
        self.resolver = Resolver(gaz, self.profile)

    @property
    def geoparsing(self) -> bool:
        return self.finder.demonyms_as_toponyms

    @geoparsing.setter
    def geoparsing(self, on: bool) -> None:
        self.finder.demonyms_as_toponyms = on

    def prepare(self, text: str) -> tuple[Prepared, list[tuple[int, int, str]]]:
        """The text the parser reads, and the asides (locators, unit names) it does not, with their words."""
        base = prepare(text)
        prepared = mask_asides(base, self.finder.locators.is_aside)
        return prepared, [(s, e, base.text[s:e]) for s, e in prepared.asides]

    def analyse(self, document: Document, doc: Doc, prepared: Prepared | None = None,
                asides: list[tuple[int, int, str]] | None = None) -> Processed:
        """Mentions, claims and resolutions of one parsed document (`doc` parsed from `prepared.text`).

        When `geoparsing`, places are also looked for in text that is not prose (headlines, captions), and
        nationality words ("Russian") are toponyms of role "demonym", as geoparsing corpora count them.
        """
        sents = list(doc.sents)
        text = {i for i, s in enumerate(sents) if not (prepared and prepared.is_non_prose(s.start_char, s.end_char))}
        prose = {i for i in text if is_prose(sents[i])}
        # geoparsing reads headlines too; neither reads tables, link lists or tables of contents
        mentions = self.finder.find(doc, text if self.geoparsing else prose, sents, asides or [], document.text)
        claims = self.extractor.extract(doc, document, mentions, prose, sents)
        self.resolver.resolve_all(mentions)
        # "seized the settlement" after a village the gazetteer cannot place: the claim is about that village by
        # its name (an unresolved "the settlement" would be a place called "the settlement")
        by_start = {m.span.start: m for m in mentions}
        named = {id(m): by_start[m.refers_to] for m in mentions if m.refers_to is not None
                 and (m.resolution is None or m.resolution.place is None) and m.refers_to in by_start}
        if named:
            mentions = [m for m in mentions if id(m) not in named]
        for c in claims:
            if any(m.refers_to is not None for m in c.places):
                c.places = _named_once([named.get(id(m), m) for m in c.places])
        return Processed(document, mentions, claims)

    def process(self, document: Document) -> Processed:
        prepared, asides = self.prepare(document.text)
        return self.analyse(document, next(parse_all(self.nlp, [prepared.text])), prepared, asides)

    def process_many(self, documents: list[Document], batch_size: int = 16) -> list[Processed]:
        prepared = [self.prepare(d.text) for d in documents]
        docs = parse_all(self.nlp, [p.text for p, _ in prepared], batch_size=batch_size)
        return [self.analyse(d, doc, p, a) for d, doc, (p, a) in zip(documents, docs, prepared, strict=True)]


def ingest(items: Iterable[Document | Failure], ledger: Ledger, pipeline: Pipeline,
           on_outcome: Callable[[IngestOutcome], None] | None = None, batch_size: int = 16) -> list[IngestOutcome]:
    """Process and store documents, batch by batch; failures and duplicates are reported, not fatal."""
    outcomes: list[IngestOutcome] = []
    report = _reporter(outcomes, on_outcome)
    for batch in _new_batches(items, ledger, report, batch_size):
        _store(ledger, pipeline.process_many(batch, batch_size), report)
    return outcomes


def _reporter(outcomes: list[IngestOutcome], on_outcome: Callable[[IngestOutcome], None] | None
              ) -> Callable[[IngestOutcome], None]:
    def report(outcome: IngestOutcome) -> None:
        outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)

    return report


def _new_batches(items: Iterable[Document | Failure], ledger: Ledger, report: Callable[[IngestOutcome], None],
                 batch_size: int, max_chars: int | None = None) -> Iterator[list[Document]]:
    """Batches of the documents not yet in the ledger nor earlier in this run (at most `batch_size` documents,
    and at most about `max_chars` of text); failures and duplicates reported."""
    seen: set[str] = set()
    batch: list[Document] = []
    chars = 0
    for item in items:
        if isinstance(item, Failure):
            report(IngestOutcome(item.origin, "failed", error=str(item.error)))
            continue
        if item.id in seen or ledger.has_document(item.id):
            report(IngestOutcome(item.origin, "duplicate", item.id))
            continue
        seen.add(item.id)
        batch.append(item)
        chars += len(item.text)
        if len(batch) >= batch_size or (max_chars is not None and chars >= max_chars):
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def _store(ledger: Ledger, processed: list[Processed], report: Callable[[IngestOutcome], None]) -> None:
    """Store processed documents, one transaction each, and report what became of them."""
    for p in processed:
        doc = p.document
        status = ledger.add_document(doc, p.mentions, p.claims)
        report(IngestOutcome(doc.origin, "added" if status == "added" else "duplicate", doc.id,
                             len(p.claims) if status == "added" else 0))


# --- parallel ingest: N worker processes each run the whole pipeline; this process alone writes (#12) -------------
# A task is one long report, or short ones up to about this much text: long reports stay balanced between the
# workers, short ones do not pay a round trip each
BATCH_CHARS = 20_000
_WORKER: Pipeline | None = None


def _start_worker(gazetteer: str, profile: Profile, model: str | None) -> None:
    global _WORKER
    from pathlib import Path

    from contested.geo.gazetteer import open_gazetteer

    _WORKER = Pipeline(open_gazetteer(Path(gazetteer)), profile, model)


def _work(documents: list[Document], geoparsing: bool = False) -> list[Processed]:
    assert _WORKER is not None, "worker not started"
    _WORKER.geoparsing = geoparsing
    return _WORKER.process_many(documents)


def ingest_parallel(items: Iterable[Document | Failure], ledger: Ledger, gazetteer: str, profile: Profile,
                    workers: int, on_outcome: Callable[[IngestOutcome], None] | None = None, batch_size: int = 16,
                    model: str | None = None, geoparsing: bool = False,
                    batch_chars: int = BATCH_CHARS) -> list[IngestOutcome]:
    """As `ingest`, with `workers` processes parsing, extracting and resolving batches of documents (one long
    report, or short ones up to `batch_chars`) while this process stores them in order, one transaction a document
    (so a killed run leaves whole documents and a re-run finishes the job). Mentions and claims cross back
    pickled, with the claims' references to their mentions intact (one pickle per batch)."""
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing import get_context

    outcomes: list[IngestOutcome] = []
    report = _reporter(outcomes, on_outcome)
    pending: list[Future[list[Processed]]] = []
    # spawn, not fork: a forked copy of a loaded spaCy model and open SQLite handles is not safe
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_start_worker,
                             initargs=(gazetteer, profile, model)) as pool:
        for batch in _new_batches(items, ledger, report, batch_size, batch_chars):
            pending.append(pool.submit(_work, batch, geoparsing))
            while pending and (pending[0].done() or len(pending) > 2 * workers):
                _store(ledger, pending.pop(0).result(), report)  # in input order; 2 batches a worker in flight
        for future in pending:
            _store(ledger, future.result(), report)
    return outcomes
