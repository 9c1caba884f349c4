"""Geoparsing alone: place mentions and where they resolve, as JSON Lines, storing nothing (#8).

The same pipeline as `ingest` (markup, parser, mention finder, resolver); one record a place mention, so
outside scorers and the benchmarks can read it.

>>> next(geoparse(pipeline, [Document("Shelling hit Kherson.", ref="a1")]))   # doctest: +SKIP
{'doc': 'a1', 'text': 'Kherson', 'start': 12, 'end': 19, 'geonameid': 706448, 'name': 'Kherson', ...}
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from contested.ingest import Failure
from contested.model import Document, PlaceMention
from contested.pipeline import Pipeline

BATCH = 16


def mention_record(doc_ref: str, m: PlaceMention) -> dict[str, Any]:
    """One place mention as the geoparse format writes it (null coordinates when unresolved)."""
    res = m.resolution
    place = res.place if res else None
    return {
        "doc": doc_ref, "text": m.span.text, "start": m.span.start, "end": m.span.end,
        "geonameid": place.geonameid if place else None, "name": place.name if place else None,
        "lat": place.lat if place else None, "lon": place.lon if place else None,
        "country": place.country if place else None, "feature_code": place.feature_code if place else None,
        "confidence": res.confidence if res else 0.0, "precision": res.precision if res and place else None,
        "role": m.role, "reasons": list(res.reasons) if res else [],
    }


def geoparse(pipeline: Pipeline, items: Iterable[Document | Failure]) -> Iterator[dict[str, Any] | Failure]:
    """Place-mention records of each document in order, and the failures of inputs that could not be read."""
    batch: list[Document] = []
    pipeline.geoparsing = True  # a headline's places are toponyms too, though no claim is read there

    def flush() -> Iterator[dict[str, Any]]:
        for processed in pipeline.process_many(batch):
            ref = processed.document.ref or processed.document.origin
            for m in processed.mentions:
                if m.relation != "anaphora":  # "the region" points at a toponym; it is not one
                    yield mention_record(ref, m)
        batch.clear()

    for item in items:
        if isinstance(item, Failure):
            yield from flush()
            yield item
            continue
        batch.append(item)
        if len(batch) >= BATCH:
            yield from flush()
    yield from flush()
