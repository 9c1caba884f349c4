"""Locators: names that only say where another place lies, kept on the place they locate (#7).

In "Russian forces advanced within southern Makhnovka (south of Sudzha)" and "attacked northeast of
Kupyansk near Dvorichna and Zapadne", the claims are about Makhnovka, Dvorichna and Zapadne; Sudzha and
Kupyansk are anchors. Three patterns, each over the tokens of one sentence:

- a parenthesis "(DIRECTION of ANCHOR ...)" after a place locates that place;
- "DIRECTION of ANCHOR near|toward|from ... A, B and C" locates the places that follow, up to the next
  locator or clause break;
- "near ANCHOR such as A, B" locates the places of the list.

A hyphenated pair before a route noun ("the Dvorichna-Kupyansk highway") names a road: role "route".

>>> LocatorRules(lexicon).attach(doc, mentions)  # "attacked northwest of Sudzha near Nikolaevka" # doctest: +SKIP
>>> [(m.span.text, m.role, m.locator) for m in mentions]                                       # doctest: +SKIP
[('Sudzha', 'locator', None), ('Nikolaevka', 'place', Locator('northwest', 'Sudzha', ...))]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from spacy.tokens import Doc, Token

from contested.model import Locator, PlaceMention, Span

_NAME = r"[A-Z][\w’'.]*(?:(?:\s|-)[A-Z][\w’'.]*)*"
_ACRONYM = re.compile(r"[A-Z][A-Za-z]{1,5}")
_DESIGNATION = re.compile(r"\b\d+(?:st|nd|rd|th)\b|\[[A-Z]{2,6}\]")  # "51st CAA", "[DNR]": a unit's designation


class LocatorRules:
    """The locator words of a lexicon, applied to the mentions of a parsed document."""

    def __init__(self, lexicon: dict[str, Any]) -> None:
        self.directions = {w.lower() for w in lexicon.get("locator_directions", [])}
        self.modifiers = {w.lower() for w in lexicon.get("locator_modifiers", [])}
        self.units = {w.lower() for w in lexicon.get("distance_units", [])}
        self.approximators = {w.lower() for w in lexicon.get("distance_approximators", [])}
        self.quantifiers = {w.lower() for w in lexicon.get("locator_quantifiers", [])}
        self.located_preps = {w.lower() for w in lexicon.get("located_prepositions", [])}
        self.routes = {w.lower() for w in lexicon.get("route_nouns", [])}
        self.lines = {w.lower() for w in lexicon.get("line_nouns", [])}
        self.organisation_words = {w.lower() for w in lexicon.get("organisation_words", [])}
        self.place_nouns = {w.lower() for words in lexicon.get("place_nouns", {}).values() for w in words}
        direction = "|".join(sorted(map(re.escape, self.directions), key=len, reverse=True)) or "(?!)"
        modifier = "|".join(map(re.escape, self.modifiers)) or "(?!)"
        quantifier = "|".join(map(re.escape, self.quantifiers)) or "(?!)"
        self._aside_locator = re.compile(
            rf"^\s*(?:(?P<all>{quantifier})\s+)?(?:(?:{modifier})\s+)?"
            rf"(?P<dir>(?:{direction})(?:\s+and\s+(?:{direction}))?)\s+of\s+"
            rf"(?:the\s+)?(?P<name>(?-i:{_NAME}))", re.IGNORECASE)

    def is_aside(self, content: str) -> bool:
        """A parenthesis the parser should not read: a locator, a unit designation or an acronym.

        >>> rules.is_aside("south of Sudzha"), rules.is_aside("49th Combined Arms Army [CAA]")  # doctest: +SKIP
        (True, True)
        >>> rules.is_aside("Andriivka, Dachne and Zelene")                                       # doctest: +SKIP
        False
        """
        if self._aside_locator.match(content) or _ACRONYM.fullmatch(content.strip()) or _DESIGNATION.search(content):
            return True
        return any(w in self.organisation_words for w in re.findall(r"[\w-]+", content.lower()))

    def aside_anchors(self, doc: Doc, asides: Sequence[tuple[int, int, str]],
                      mentions: list[PlaceMention]) -> list[PlaceMention]:
        """Anchors of the asides the parser did not read: "(southwest of Pokrovsk)" locates the place before it."""
        starts = [s.start_char for s in doc.sents]
        text = doc.text  # built afresh on each access: once per document
        by_sentence: dict[int, list[PlaceMention]] = {}
        for p in mentions:
            by_sentence.setdefault(p.sentence, []).append(p)
        anchors = []
        for start, _end, content in asides:
            m = self._aside_locator.match(content[1:-1])
            if m is None:
                continue
            words = m.group("name").split()
            while len(words) > 1 and words[-1].lower() in self.place_nouns:
                words.pop()  # "(north of Kharkiv City)" is anchored at Kharkiv
            name = " ".join(words)
            a_start = start + 1 + m.start("name")
            sentence = bisect_right(starts, start) - 1
            anchor = PlaceMention(Span(name, a_start, a_start + len(name)), sentence, relation="of", role="locator")
            anchors.append(anchor)
            before = [p for p in by_sentence.get(sentence, []) if p.span.end <= start]
            if not before or text[before[-1].span.end:start].strip():
                continue
            located = _list_end(before, text) if m.group("all") else before[-1:]
            for p in located:
                if p.locator is None:
                    p.locator = Locator(" ".join(m.group("dir").lower().split()), name, anchor.span.start,
                                        anchor.span.end)
        return anchors

    def direction_of(self, doc: Doc, first: Token) -> str | None:
        """"northeast" for a name after "northeast of" (or "immediately west of the"), else None."""
        i = first.i - 1
        if i >= 0 and doc[i].lower_ == "the":
            i -= 1
        if i < 1 or doc[i].lower_ != "of":
            return None
        word = doc[i - 1].lower_
        if word not in self.directions:
            return None
        return word

    def attach(self, doc: Doc, mentions: list[PlaceMention]) -> None:
        """Set `role` and `locator` on the mentions of one document, sentence by sentence."""
        by_sentence: dict[int, list[PlaceMention]] = {}
        for m in mentions:
            by_sentence.setdefault(m.sentence, []).append(m)
        text = doc.text  # built afresh on each access: once per document
        for group in by_sentence.values():
            group.sort(key=lambda m: m.span.start)
            self._sentence(doc, text, group)

    def _tokens(self, doc: Doc, m: PlaceMention) -> tuple[Token, Token] | None:
        span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
        return (span[0], span[-1]) if span is not None and len(span) else None

    def _sentence(self, doc: Doc, text: str, group: list[PlaceMention]) -> None:
        edges = {id(m): self._tokens(doc, m) for m in group}
        for k, m in enumerate(group):
            tokens = edges[id(m)]
            if tokens is None:
                continue
            first, last = tokens
            if self.is_route(doc, last):
                m.role = "route"
                self._between(doc, text, group, k, edges, road=True)
                continue
            if self._between(doc, text, group, k, edges, road=False):
                continue
            direction = self.direction_of(doc, first)
            if direction is not None:
                opened = self._open_parenthesis(doc, first)
                if opened is not None:
                    located = [o for o in group[:k] if o.span.end <= opened.idx and o.role == "place"]
                    quantified = any(t.lower_ in self.quantifiers for t in doc[opened.i + 1:first.i])
                    self._locate(m, direction, _list_end(located, text) if quantified else located[-1:])
                    continue
                nxt = last.i + 1
                while nxt < len(doc) and doc[nxt].lower_ in self.place_nouns:
                    nxt += 1  # "northeast of Kharkiv City near Vovchansk"
                after = doc[nxt] if nxt < len(doc) else None
                if after is not None and after.lower_ in self.located_preps:
                    self._locate(m, direction, self._following(doc, group[k + 1:], edges))
                    continue
                before = self._placed_before(doc, group[:k], edges, first)
                if before is not None:  # "seized Kotlyne west of Pokrovsk", "Kotlyne, 10 km west of Pokrovsk"
                    self._locate(m, direction, [before])
                    continue
            if m.relation == "near" and self._such_as(doc, last):
                self._locate(m, "near", self._following(doc, group[k + 1:], edges))

    def _placed_before(self, doc: Doc, earlier: list[PlaceMention], edges: dict[int, tuple[Token, Token] | None],
                       first: Token) -> PlaceMention | None:
        """The place a trailing "DIRECTION of X" locates: the one right before it ("seized Kotlyne west of
        Pokrovsk"), or before a comma and a distance ("Kotlyne, about 10 kilometers west of Pokrovsk"). After a
        comma alone it is another place of a list ("advanced near A, west of B, and up to C"), not a locator."""
        i = first.i - 2 - (doc[first.i - 1].lower_ == "the")  # the compass word
        i -= 1
        while i >= 0 and doc[i].lower_ in self.modifiers:
            i -= 1
        distance = i >= 0 and doc[i].lower_ in self.units
        if distance:
            i -= 1
            while i >= 0 and (doc[i].like_num or doc[i].text == "-"):
                i -= 1
            while i >= 0 and doc[i].lower_ in self.approximators:
                i -= 1
        if distance and i >= 0 and doc[i].text == ",":
            i -= 1
        place = next((o for o in reversed(earlier) if edges[id(o)] is not None), None)
        if place is None or place.role != "place" or edges[id(place)][1].i != i:  # type: ignore[index]
            return None
        return place

    def _between(self, doc: Doc, text: str, group: list[PlaceMention], k: int,
                 edges: dict[int, tuple[Token, Token] | None], road: bool) -> bool:
        """"X between A and B", "X on the A-B road": A and B are anchors and X lies between them."""
        if k + 1 >= len(group) or edges[id(group[k + 1])] is None or edges[id(group[k])] is None:
            return False
        a, b = group[k], group[k + 1]
        first = edges[id(a)][0]  # type: ignore[index]
        glue = text[a.span.end:b.span.start].strip().lower()
        if road:
            words = doc[first.i - 2:first.i] if first.i >= 2 else doc[0:0]
            if glue not in ("-", "–") or b.role != "place" and b.role != "route" \
                    or [t.lower_ for t in words] not in (["on", "the"], ["along", "the"], ["off", "the"]):
                return False
            b.role = "route"
            start = words[0].i
        else:
            if glue != "and" or first.i < 1 or doc[first.i - 1].lower_ != "between":
                return False
            start = first.i - 1
        # only the place right before ("X between", "X, between", "X (between"): "advanced in an area 2 km wide
        # between A and B" locates the area, not an earlier place
        earlier = [o for o in group[:k] if o.role == "place" and o.span.end <= doc[start].idx]
        adjacent = bool(earlier) and all(t.text in (",", "(")
                                         for t in doc[edges[id(earlier[-1])][1].i + 1:start])  # type: ignore[index]
        located = _list_end(earlier, text) if adjacent else []
        if not located and not road:
            return False  # "advanced between A and B": the area between them is where it happened; no locator
        if not road:
            a.role = b.role = "locator"
        for o in located:
            if o.locator is None:
                o.locator = Locator("between", a.span.text, a.span.start, a.span.end, b.span.text, b.span.start,
                                    b.span.end)
        return True

    def _locate(self, anchor: PlaceMention, direction: str, located: list[PlaceMention]) -> None:
        anchor.role = "locator"
        for m in located:
            if m.locator is None:
                m.locator = Locator(direction, anchor.span.text, anchor.span.start, anchor.span.end)

    def _following(self, doc: Doc, rest: list[PlaceMention],
                   edges: dict[int, tuple[Token, Token] | None]) -> list[PlaceMention]:
        """The places after a locator, up to a clause break or the next "DIRECTION of"."""
        out: list[PlaceMention] = []
        prev_end: int | None = None
        for m in rest:
            tokens = edges[id(m)]
            if tokens is None:
                break
            first, last = tokens
            if self.direction_of(doc, first) is not None:
                break
            if prev_end is not None and any(t.text == ";" for t in doc[prev_end:first.i]):
                break
            out.append(m)
            prev_end = last.i + 1
        return out

    def _open_parenthesis(self, doc: Doc, first: Token) -> Token | None:
        """The "(" that the name stands inside, within its sentence."""
        sent_start = first.sent.start
        for i in range(first.i - 1, sent_start - 1, -1):
            if doc[i].text == ")":
                return None
            if doc[i].text == "(":
                return doc[i]
        return None

    def _such_as(self, doc: Doc, last: Token) -> bool:
        i = last.i + 1
        while i < len(doc) and doc[i].is_punct:
            i += 1
        return i + 1 < len(doc) and doc[i].lower_ == "such" and doc[i + 1].lower_ == "as"

    def is_route(self, doc: Doc, last: Token) -> bool:
        """Part of a hyphenated route or border: "the Dvorichna-Kupyansk highway", "the Russia-Ukraine border"."""
        return self._before_hyphenated(doc, last, self.routes)

    def is_line(self, doc: Doc, last: Token) -> bool:
        """Part of a hyphenated line through places: "along the Malynivka-Vodyane Druhe-Baranivka line"; unlike a
        road's ends, the places a line runs through are where the fighting along it is."""
        return self._before_hyphenated(doc, last, self.lines)

    def _before_hyphenated(self, doc: Doc, last: Token, nouns: set[str]) -> bool:
        i = last.i + 1
        while i < len(doc) and i - last.i < 6 and (doc[i].text == "-" or doc[i].text[:1].isupper()
                                                  or (doc[i].pos_ == "ADJ" and doc[i].is_lower)):  # "international"
            i += 1
        hyphenated = any(t.text == "-" for t in doc[max(0, last.i - 4):i])
        return hyphenated and i < len(doc) and doc[i].lower_ in nouns


def _list_end(mentions: list[PlaceMention], text: str) -> list[PlaceMention]:
    """The list the last of these mentions ends: "A, B and C" before "(all north of X)" -> [A, B, C]."""
    out = mentions[-1:]
    for prev in reversed(mentions[:-1]):
        glue = text[prev.span.end:out[0].span.start]
        if not re.fullmatch(r"(?:\s|,|\band\b|\bor\b)*", glue):
            break
        out.insert(0, prev)
    return out
