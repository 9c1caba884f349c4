"""Who speaks: a claimant phrase read against the conflict profile and the claimant-kind nouns (#2).

>>> read_claimant(doc[25:37], profile, lexicon)   # "Viktor Trehubov, representing the Dnipro OSG"  # doctest: +SKIP
Claimant(text='Viktor Trehubov, representing ...', name='Viktor Trehubov', kind='person', side='UA', ...)
"""

from __future__ import annotations

from typing import Any, cast

from spacy.tokens import Span

from contested.model import Claimant, ClaimantKind
from contested.resources import Profile

_DROP = {"the", "a", "an", "recent", "some", "official", "several", "these", "those", "its", "their"}


def media_claimant(source: str | None, profile: Profile) -> Claimant:
    """The report itself speaks: the publisher, whose side is known only if the profile names it."""
    actor, side, _ = profile.find_actor(source or "")
    name = source or "the report"
    return Claimant(text=name, name=actor.name if actor else name, kind="media", side=side if actor else None)


UNNAMED = "unnamed sources"


def unnamed_claimant(text: str) -> Claimant:
    """A passive "was reported" with no one named."""
    return Claimant(text=text, name=UNNAMED, kind="unnamed", side=None)


def _kind_from_nouns(span: Span, lexicon: dict[str, Any]) -> ClaimantKind | None:
    kinds: dict[str, list[str]] = lexicon.get("claimant_kinds", {})
    lemmas = [t.lemma_.lower() for t in span if t.pos_ in ("NOUN", "PROPN", "ADJ")]
    head = span.root.lemma_.lower()
    for kind in ("imagery", "intelligence", "military", "government", "media", "unnamed"):
        if head in kinds.get(kind, []):
            return cast(ClaimantKind, kind)
    for kind in ("imagery", "military", "intelligence", "government", "media", "unnamed"):
        if any(lemma in kinds.get(kind, []) for lemma in lemmas):
            return cast(ClaimantKind, kind)
    return None


_PLACE_NOUNS: dict[int, tuple[dict[str, Any], set[str]]] = {}


def _place_nouns(lexicon: dict[str, Any]) -> set[str]:
    """The lexicon's place nouns as one set, built once per lexicon rather than once per speaker."""
    hit = _PLACE_NOUNS.get(id(lexicon))
    if hit is None or hit[0] is not lexicon:
        hit = (lexicon, {w.lower() for words in lexicon.get("place_nouns", {}).values() for w in words})
        _PLACE_NOUNS[id(lexicon)] = hit
    return hit[1]


def _person(span: Span, place_nouns: set[str]) -> Span | None:
    """The first PERSON entity inside a phrase (read from token tags: cheaper than `span.ents`).

    A name after "the", "in" or "near", or before "direction" or "oblast", is a place the small model
    calls a person: "a brigade operating in the Lyman direction".
    """
    doc = span.doc
    for tok in span:
        if tok.ent_type_ == "PERSON" and tok.ent_iob_ == "B":
            end = tok.i + 1
            while end < span.end and doc[end].ent_type_ == "PERSON" and doc[end].ent_iob_ == "I":
                end += 1
            before = doc[tok.i - 1] if tok.i > 0 else None
            after = doc[end] if end < len(doc) else None
            if (before is not None and before.pos_ in ("DET", "ADP")) or (
                    after is not None and after.lower_ in place_nouns):
                continue
            return doc[tok.i:end]
    return None


def names_a_speaker(span: Span, profile: Profile, lexicon: dict[str, Any]) -> bool:
    """Does the phrase name who speaks (an actor, a person, a body, an outlet, imagery), not a thing that shows
    something ("the Russian raid in the settlement indicates ...")?"""
    if profile.find_actor(span.text)[0] is not None or _kind_from_nouns(span, lexicon) is not None:
        return True
    return span.root.ent_type_ in ("PERSON", "ORG", "GPE") or _person(span, _place_nouns(lexicon)) is not None


def _names_another_body(span: Span, start: int, end: int, lexicon: dict[str, Any]) -> bool:
    """Is an actor's name (chars start-end) only the first word of a longer name of no kind the lexicon knows ("the
    *Kyiv* Independent"), not the actor ("Kyiv said", "the Kyiv City Military Administration")?"""
    found = span.doc.char_span(start, end, alignment_mode="expand")
    if found is None or not len(found):
        return False
    last = found[-1]
    return last.dep_ == "compound" and last.head.pos_ == "PROPN" and last.head.i >= found.end \
        and _kind_from_nouns(span, lexicon) is None


def read_claimant(span: Span, profile: Profile, lexicon: dict[str, Any]) -> Claimant:
    """A claimant from the phrase that names the speaker."""
    text = span.text.strip(" ,;:")
    start = span.start_char + (len(span.text) - len(span.text.lstrip(" ,;:")))
    end = start + len(text)
    actor, side, found = profile.find_actor(text)
    if actor is not None and found is not None and _names_another_body(span, start + found[0], start + found[1],
                                                                       lexicon):
        actor, side = None, None  # "the Kyiv Independent", "the Moscow Times": an outlet named after the capital
    spans = profile.actor_spans(text)
    named = [a for _s, _e, a in spans if a.kind == "person"]
    # "Viktor Trehubov, representing the Dnipro Operational-Strategic Group": the unit he speaks for
    unit = max((a for _s, _e, a in spans if a.kind != "person"), key=lambda a: len(a.name), default=None)
    if named:  # "the Commander-in-Chief of the Armed Forces of Ukraine Oleksandr Syrskyi" is Syrskyi
        return Claimant(text, named[0].name, "person", named[0].side, start, end,
                        affiliation=unit.name if unit else None)
    person = _person(span, _place_nouns(lexicon))
    if person is not None and (actor is None or person.start <= span.root.i < person.end):
        # a person the profile does not know: the unit named beside them gives the side
        return Claimant(text, person.text, "person", side, start, end, affiliation=unit.name if unit else None)
    noun_kind = _kind_from_nouns(span, lexicon)
    if noun_kind == "imagery":  # "Geolocated footage published on January 13": what it shows has no side
        return Claimant(text, text, "imagery", None, start, end)
    if actor is not None:
        # "Official reports from Moscow" stay the government's; "Ukrainian military officials" are military.
        kind = noun_kind if noun_kind in ("military", "intelligence") and actor.kind == "government" else actor.kind
        return Claimant(text, actor.name, cast(ClaimantKind, kind), actor.side, start, end)
    kept = [t for t in span if t.lower_ not in _DROP and not t.is_punct]
    name = "".join(t.text_with_ws for t in kept).strip() or text
    if side is not None:  # a demonym: "Ukrainian military officials"
        return Claimant(text, name, noun_kind or "government", side, start, end)
    return Claimant(text, name, noun_kind or "unnamed", None, start, end)
