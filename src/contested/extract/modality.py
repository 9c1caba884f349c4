"""Negation and modality: whether a trigger claims that something happened (#7).

Each rule reads the dependency parse around one trigger:

- "did not advance", "no offensive actions were recorded", "did not conduct any assaults": negated;
- "did not make any confirmed advances", "has not observed confirmation that ...": about confirmation;
- "may attempt to seize", "intend to capture", "as part of an effort to obtain": hypothetical;
- "trying to advance", "attempting to seize": an attempt (an attack, not a gain);
- "occupied Crimea", "in Russian-held Donetsk": adjectival, a standing state and not an event;
- "Note: ...", "Unconfirmed claims: ...": a label that starts the sentence.

>>> Modality(lexicon).negated(doc[3])   # "Russian forces did not advance near Lyman."  # doctest: +SKIP
True
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Token

_LABEL = re.compile(r"^\s*([A-Z][\w’' -]{0,40}?):\s")
MAX_LABEL_WORDS = 4


class Modality:
    """The negation, confirmation, intention and attempt words of a lexicon, applied to triggers."""

    def __init__(self, lexicon: dict[str, Any]) -> None:
        self.hypothetical_words = set(lexicon.get("hypothetical", []))
        self.past_possibility = set(lexicon.get("past_possibility", []))
        self.attempt_verbs = set(lexicon.get("attempt_verbs", []))
        self.confirmation = {w.lower() for w in lexicon.get("confirmation_words", [])}
        self.attributing = set(lexicon.get("reporting_verbs", [])) | set(lexicon.get("denial_verbs", []))

    def hypothetical(self, tok: Token, stop: Token | None) -> bool:
        """"would severely impact", "may attempt", "plans an offensive": no claim that it happened."""
        node: Token | None = tok
        first_verb = True  # "may have advanced (into X)" is said of the event; "may have ordered ... to delay" is not
        while node is not None:
            if any(c.dep_ in ("aux", "mark") and c.lower_ in self.hypothetical_words for c in node.children) \
                    and not (first_verb and self.past_possible(node)):
                return True
            if node.pos_ in ("VERB", "AUX"):
                first_verb = False
            if node.i != tok.i and node.lemma_ in self.hypothetical_words and node.pos_ in ("VERB", "NOUN"):
                return True  # "plans to seize", "as part of an effort to obtain fire control"
            if (stop is not None and node.i == stop.i) or node.head.i == node.i:
                return False
            node = node.head
        return False

    def past_possible(self, verb: Token) -> bool:
        """"may have captured", "might have advanced": a possibility about the past, a hedged claim."""
        aux = [c.lower_ for c in verb.children if c.dep_ == "aux"]
        return verb.tag_ == "VBN" and "have" in aux and any(a in self.past_possibility for a in aux)

    def negated(self, tok: Token) -> bool:
        """"did not advance", "no offensive actions", and through a light verb: "did not conduct any assaults"."""
        return any(self.negated_here(node) for node in self.governing(tok))

    def negated_here(self, tok: Token) -> bool:
        return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in tok.children)

    def governing(self, tok: Token) -> list[Token]:
        """The trigger and the verbs whose object it is ("conduct assaults", "make advances")."""
        chain = [tok]
        node = tok
        while node.dep_ in ("dobj", "attr") and node.head.i != node.i and node.head.pos_ in ("VERB", "AUX"):
            node = node.head
            chain.append(node)
        return chain

    def unconfirmed(self, tok: Token) -> bool:
        """A negated statement about confirmation: "did not make any confirmed advances", "has not observed
        confirmation that Russian forces seized the settlement"."""
        if self.negated(tok) and any(c.lower_ in self.confirmation for c in tok.children):
            return True
        node = tok
        while node.head.i != node.i:
            node = node.head
            if node.lemma_.lower() in self.confirmation and node.pos_ == "NOUN":
                return any(self.negated_here(n) for n in (node, node.head))
            if node.lemma_ in self.attributing:
                return False
        return False

    def attempted(self, tok: Token) -> bool:
        node = tok
        while node.dep_ == "conj" and node.head.i != node.i:
            node = node.head
        return node.dep_ == "xcomp" and node.head.lemma_ in self.attempt_verbs

    def label(self, text: str) -> str | None:
        """A short label that starts a sentence: "Unconfirmed claims: ...", "Note: ..."."""
        m = _LABEL.match(text)
        return m.group(1).strip() if m and len(m.group(1).split()) <= MAX_LABEL_WORDS else None

    def adjectival(self, tok: Token) -> bool:
        """A participle describing a name ("in occupied Berdyansk", "and occupied Crimea"), not an act."""
        acting = any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "agent") for c in tok.children)
        if acting:  # 'its forces had "liberated" Dachne' is an act, however it is parsed
            return False
        preceding = tok.doc[tok.i - 1] if tok.i > 0 else None
        after_preposition = preceding is not None and preceding.tag_ == "IN" and tok.tag_ in ("VBN", "VBD", "JJ")
        if tok.dep_ == "amod" or after_preposition:
            return True
        following = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        return (tok.tag_ in ("VBN", "JJ") and following is not None and following.pos_ == "PROPN"
                and following.head.i != tok.i)
