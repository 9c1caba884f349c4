"""Claims from parsed sentences: event triggers, who says them, stance, hedges, places, time (#2).

For "Recent assessments indicated that Russian troops have reportedly occupied two villages within
the region, Zaporizke and Novohryhorivka, though Ukrainian military officials deny these claims,
asserting continued control over Zaporizke ..." it makes:

- CAPTURE by RU of Zaporizke, Novohryhorivka, said by "Recent assessments" (unnamed), hedged "reportedly";
- the same CAPTURE, denied by "Ukrainian military officials" (military, UA);
- CONTROL by UA of Zaporizke, asserted by the same officials (the participle inherits their voice).

How: a spaCy Matcher finds triggers from the lexicon; the dependency path up from a trigger finds the
reporting verb that attributes it and that verb's subject; places are given to the nearest trigger
before them in the same clause; an acting side that the sentence leaves implicit ("their advance",
"an offensive") comes from the nearest claim in the report that names it (`agent_basis="context"`).
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from contested.extract.actors import UNNAMED, media_claimant, read_claimant, unnamed_claimant
from contested.extract.attribution import Attributed, Attribution
from contested.extract.modality import Modality
from contested.extract.time import find_times, normalise_time
from contested.model import Claim, Claimant, Document, Event, PlaceMention, Stance, TimeRange
from contested.model import Span as TextSpan
from contested.resources import Profile, load_lexicon, load_profile

OFFENSIVE = {"ATTACK", "ADVANCE", "CAPTURE", "STRIKE"}


def trigger_patterns(specs: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Matcher patterns for one event type: single words merged into one `IN` pattern per part of speech.

    A single word also matches by its lower-case form, for lemmatiser slips ("fighting" read as a verb).
    """
    singles: dict[str | None, set[str]] = defaultdict(set)
    patterns: list[list[dict[str, Any]]] = []
    for spec in specs:
        lemmas = [str(lemma) for lemma in spec["lemmas"]]
        if len(lemmas) == 1:
            singles[spec.get("pos")].add(lemmas[0])
            continue
        pattern: list[dict[str, Any]] = [{"LEMMA": lemma} for lemma in lemmas]
        if spec.get("pos"):
            pattern[0]["POS"] = spec["pos"]
        if spec.get("gap"):  # "knocked Ukrainian troops out of": up to `gap` words between the verb and the rest
            pattern.insert(1, {"OP": f"{{0,{int(spec['gap'])}}}"})
        patterns.append(pattern)
    for pos, words in singles.items():
        for attr, values in (("LEMMA", sorted(words)), ("LOWER", sorted(words | {w + "s" for w in words}))):
            token: dict[str, Any] = {attr: {"IN": values}}
            if pos:
                token["POS"] = pos
            patterns.append([token])
        if pos == "VERB":  # "Russian forces recently marginally advanced ...": a past participle tagged ADJ
            past = sorted({w + "d" if w.endswith("e") else w + "ed" for w in words})
            patterns.append([{"LOWER": {"IN": past}, "POS": "ADJ", "DEP": {"IN": ["ROOT", "conj", "ccomp"]}}])
            # "seized Maryevka and advanced northwest of Sudzha": coordinated with a verb before it; the
            # conjunction is trimmed off the trigger (see `ClaimExtractor.triggers`)
            patterns.append([{"LOWER": {"IN": ["and", "then"]}}, {"LOWER": {"IN": past}, "POS": "ADJ"}])
    return patterns


SUBJECTS = {"nsubj", "nsubjpass", "csubj"}


@dataclass
class _Pending:
    claim: Claim
    trigger: Span
    needs_context: bool = False


DENIAL_REACH = 2  # "Ukraine denied the claim" reaches back this many sentences for the claim it denies
OPENING, CLOSING = "“«", "”»"


def _opens_quote(text: str) -> bool:
    """Does the sentence open a quotation it does not close?"""
    t = text.strip()
    if not t:
        return False
    curly = sum(t.count(c) for c in OPENING) > sum(t.count(c) for c in CLOSING)
    return curly or (t[0] == '"' and t.count('"') % 2 == 1)


def _quote_close(text: str, is_open: bool) -> int | None:
    """Where a quotation opened in an earlier sentence closes in this one (an offset into `text`), or None."""
    if not is_open:
        return None
    depth = 1
    for k, ch in enumerate(text):
        if ch in OPENING:
            depth += 1
        elif ch in CLOSING or (ch == '"' and depth == 1):
            depth -= 1
            if depth == 0:
                return k
        elif ch == '"':
            depth += 1
    return None


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    """The stretches of a sentence inside quotation marks, as offsets into it."""
    out, start = [], None
    for k, ch in enumerate(text):
        if start is None and (ch in OPENING or ch == '"'):
            start = k
        elif start is not None and (ch in CLOSING or ch == '"'):
            out.append((start, k + 1))
            start = None
    return out


def _whole_quote(text: str) -> bool:
    """Is the sentence one quotation, with nothing outside its marks (“Our units are holding.”)?"""
    t = text.strip()
    inside = _quoted_ranges(t)
    return len(inside) == 1 and inside[0][0] == 0 and not t[inside[0][1]:].strip(" .!?")


def _evidence(sent: Span, document: Document) -> TextSpan:
    """The sentence in the document's own words: the parser read a copy with markup blanked, at the same offsets."""
    sentence_text = document.text[sent.start_char:sent.end_char].rstrip()
    lead = len(sentence_text) - len(sentence_text.lstrip())
    return TextSpan(sentence_text[lead:], sent.start_char + lead, sent.start_char + len(sentence_text))


def _denial(target: Claim, verb: Token, claimant: Claimant, s_idx: int, evidence: TextSpan, time: TimeRange,
            document: Document) -> Claim:
    """The claim that `claimant` denies `target`, by the denial verb `verb` ("deny these claims")."""
    event = Event(target.event.type, target.event.agent_side, False,
                  TextSpan(verb.text, verb.idx, verb.idx + len(verb.text)), target.event.agent_basis)
    return Claim(document.id, s_idx, evidence, claimant, "denies", event, list(target.places), time, [],
                 document.source, document.published, verb.lemma_)


def _states(noun: Token) -> bool:
    """Does a claim noun say what the claim is ("claims that X fell", "reports of a fire")?"""
    return any(c.dep_ in ("acl", "ccomp", "relcl") or (c.dep_ == "prep" and c.lower_ in ("of", "about"))
               for c in noun.children)


def _governs(verb: Token, tok: Token) -> bool:
    """Is `tok` what `verb` acts on ("repelled a counterattack"), not a clause joined to it ("seized X, advanced")?"""
    node = tok
    while node.i != verb.i:
        if node.dep_ in ("conj", "ccomp", "advcl", "parataxis") or node.head.i == node.i:
            return False
        node = node.head
    return True


def _relative_clause(tok: Token) -> Token | None:
    """The relative clause a token stands in ("which borders *Ukraine*"), if any."""
    node = tok
    while node.head.i != node.i:
        if node.dep_ == "relcl":
            return node
        node = node.head
    return None


_WHERE = {"in", "near", "at", "inside", "outside", "around", "within", "on", "across", "along"}


def _describes_a_thing(place: Token, trigger: Span, compass: set[str]) -> bool:
    """Is a place named inside a clause describing a thing, not where it is ("a facility for filling the pipeline to
    *Hungary*", "a refinery that supplies *Moscow*"; but "a depot located in *Bryansk*", "forces operating north of
    *X*")? Not where the clause is the event's own ("attempts to enter *Kruhlyakivka*")."""
    clause = next((t for t in (place, *place.ancestors) if t.dep_ in ("acl", "relcl")), None)
    if clause is None or clause.left_edge.i <= trigger.root.i <= clause.right_edge.i \
            or trigger.start <= clause.head.i < trigger.end:
        return False
    tok = place
    while tok.dep_ in ("conj", "compound", "appos") and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ != "pobj" or tok.head.dep_ != "prep":
        return True
    prep = tok.head
    return not (prep.lower_ in _WHERE or (prep.lower_ == "of" and prep.head.lower_ in compass))


_CONTAINED = re.compile(r"\s*(?:,|in|of)?\s*(?:the\s+)?")  # "Yasenove in the Pokrovsk district", "X, Y raion"


def _proper(sent: Span, claimant: Claimant) -> bool:
    """Does the speaker have a name ("the ISW", "Reuters"), though of no kind the lexicon knows, unlike "sources"?"""
    if claimant.start is None or claimant.end is None:
        return False
    span = sent.doc.char_span(claimant.start, claimant.end, alignment_mode="expand")
    return span is not None and any(t.pos_ == "PROPN" for t in span)


def _as_publisher(claimant: Claimant, source: str | None, profile: Profile) -> Claimant:
    """"ISW assesses that ...", in a report ISW published: the publisher speaking, as where no one is named (one actor,
    of one kind), not an unknown voice."""
    if source and claimant.kind == "unnamed" and claimant.name.strip().lower() == source.strip().lower():
        return replace(media_claimant(source, profile), text=claimant.text, start=claimant.start, end=claimant.end)
    return claimant


def _without_clauses(tok: Token) -> Span:
    """A noun's phrase without the clauses and asides hung on it: "Novohrodivka, which Ukraine has not confirmed" is
    "Novohrodivka"; "forces of the 47th Brigade" keeps its "of"."""
    end = tok.i
    for child in tok.rights:
        if child.dep_ in ("relcl", "acl", "punct", "appos", "cc", "conj"):
            break
        end = child.right_edge.i
    return tok.doc[tok.left_edge.i:end + 1]


# pronouns that stand for a noun phrase before them ("it has seized"); "this" and "that" point at whole statements
ANAPHORS = {"it", "its", "they", "their", "them"}


class ClaimExtractor:
    """Turns a parsed document and its place mentions into claims."""

    def __init__(self, nlp_vocab: Any, profile: Profile | None = None, lexicon: dict[str, Any] | None = None):
        self.profile = profile or load_profile()
        self.lex = lexicon or load_lexicon()
        self.hedge_words = {w.lower() for w in self.lex["hedge_words"]}
        self.meta_labels = {w.lower() for w in self.lex.get("meta_labels", [])}
        self.own_side = set(self.lex.get("own_side_triggers", []))
        self.movement = set(self.lex.get("movement_nouns", []))
        self.repel_lemmas = {str(p["lemmas"][0]) for p in self.lex["events"]["REPEL"]}
        self.light_objects = {w.lower() for w in self.lex.get("not_event_objects", [])}
        self.event_heads = {w.lower() for w in self.lex.get("event_head_nouns", [])}
        self.compass = {w.lower() for w in self.lex.get("locator_directions", [])}
        self.person_objects = {w.lower() for w in self.lex.get("person_objects", [])}
        self.attribution = Attribution(self.profile, self.lex)
        self.modality = Modality(self.lex)
        self.matcher = Matcher(nlp_vocab)
        for etype, patterns in self.lex["events"].items():
            self.matcher.add(etype, trigger_patterns(patterns))
        self.settlement_nouns = {w.lower() for w in (self.lex.get("place_nouns") or {}).get("settlement", [])}
        self.place_nouns = {w.lower() for words in (self.lex.get("place_nouns") or {}).values() for w in words}
        self.organisation_words = {w.lower() for w in self.lex.get("organisation_words", [])}
        self.speaker_nouns = {w.lower() for kind, words in self.lex.get("claimant_kinds", {}).items()
                              if kind not in ("imagery", "unnamed") for w in words}
        # lemma -> (event, "object" | "subject"): triggers that need a place as that argument
        self.place_arguments: dict[str, tuple[str, str]] = {
            lemma: (etype, role) for etype, words in (self.lex.get("place_argument_events") or {}).items()
            for lemma, role in words.items()}
        for lemma, (etype, _role) in self.place_arguments.items():
            self.matcher.add(etype, trigger_patterns([{"lemmas": [lemma]}]))

    # --- triggers -------------------------------------------------------------------------------
    def triggers(self, doc: Doc) -> dict[int, list[tuple[str, Span]]]:
        """Event triggers of a document, longest first where they overlap, by sentence start token."""
        spans = [Span(doc, s + (doc[s].lower_ in ("and", "then")), e, label=m)
                 for m, s, e in self.matcher(doc, as_spans=False)]
        spans = [sp for sp in spans if not self._light_use(sp)]
        by_sentence: dict[int, list[tuple[str, Span]]] = defaultdict(list)
        for sp in sorted(filter_spans(spans), key=lambda s: s.start):
            by_sentence[sp.sent.start].append((sp.label_, sp))
        return by_sentence

    def _light_use(self, trigger: Span) -> bool:
        """A trigger verb whose object says it is no military event ("hold talks", "push a referendum"), a present
        participle that only describes a noun ("damaging the surrounding houses"), or control fought for."""
        root = trigger.root
        if trigger.label_ in ("CONTROL", "CAPTURE") and root.pos_ == "NOUN" and root.dep_ == "pobj" \
                and root.head.lower_ == "for":
            return True  # "fighting for control of Chasiv Yar": what they fight for, not what happened
        if len(trigger) == 1 and root.tag_ == "VBG" and root.dep_ == "amod" \
                and not any(c.dep_ in ("cc", "conj") for c in root.children):  # "shelling and glide bomb strikes"
            return True
        light = self.light_objects | (self.person_objects if trigger.label_ in ("CAPTURE", "CONTROL") else set())
        participle = root.tag_ in ("VBN", "VBD")
        if root.dep_ in ("amod", "acl") and participle and root.head.lemma_.lower() in light:
            return True  # "the captured soldiers", "a civilian previously captured by Russian forces": not ground
        if root.dep_ == "amod" and participle and len(trigger) == 1 and trigger.label_ == "ADVANCE":
            return True  # "advanced FPV models": a word describing a thing
        return any(c.dep_ == "dobj" and c.lemma_.lower() in light for c in root.children)

    @staticmethod
    def _clause_apart(trigger: Token, place: Token) -> bool:
        """Does the trigger stand in a relative clause that leaves out a place named before it ("summoned migrants
        who entered Russia" after "the Chelyabinsk airport")?"""
        clause = _relative_clause(trigger)
        return clause is not None and not clause.left_edge.i <= place.i <= clause.right_edge.i

    def _names_a_thing(self, trigger: Span) -> bool:
        """Is a one-word trigger noun part of a compound that names a thing ("strike drones", "the combat operations
        coordination software")? Not when the compound's head is an event noun ("combat operations near X")."""
        root = trigger.root
        # a plural is seldom a modifier: "continued assaults west of X" is the parser taking "west" for a noun
        if len(trigger) != 1 or root.pos_ != "NOUN" or root.dep_ != "compound" or root.tag_ == "NNS":
            return False
        head = root
        while head.dep_ == "compound" and head.head.i != head.i:
            head = head.head
        return (head.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() not in self.event_heads
                and head.lower_ not in self.compass)

    def _describes_speaker(self, tok: Token) -> bool:
        """Is the trigger inside the subject of a reporting verb, a speaker ("a brigade fighting near X said")? Not
        when the subject is evidence ("the intensification of Russian attacks ... suggests")."""
        node = tok
        while node.head.i != node.i:
            if node.dep_ in ("nsubj", "nsubjpass") and node.head.lemma_ in self.attribution.attributing \
                    and node.i != tok.i:
                return node.lemma_.lower() in self.speaker_nouns or node.ent_type_ in ("PERSON", "ORG")
            if node.dep_ in ("ccomp", "xcomp", "advcl", "conj", "relcl"):
                return False  # a clause of its own
            node = node.head
        return False

    def _describes_place(self, head: Token, mentions: list[PlaceMention]) -> bool:
        """Is a relative clause's head a place ("Belgorod region, which ...", "Kupiansk, which ..."), not a
        target ("the refinery, which lies in Saratov")?"""
        return head.lower_ in self.place_nouns or any(m.span.start <= head.idx < m.span.end for m in mentions)

    def _in_unit_name(self, tok: Token) -> bool:
        """Is a capitalised trigger word part of a unit's or body's name ("3rd Assault Brigade")?"""
        if not tok.is_title or tok.is_sent_start:
            return False
        node = tok
        while node.dep_ in ("compound", "amod") and node.head.i != node.i and node.head.is_title:
            node = node.head
            if node.lower_ in self.organisation_words or node.lower_.removesuffix("s") in self.organisation_words:
                return True
        return False

    def _place_argument(self, root: Token, mentions: list[PlaceMention]) -> bool:
        """Is a place the report names the argument this trigger needs ("took Vuhledar", "took the village of X",
        "Vuhledar fell", "the fall of Avdiivka")? A country is not taken this way ("took Ukraine by surprise")."""
        _etype, role = self.place_arguments[root.lemma_.lower()]
        places = [(m.span.start, m.span.end) for m in mentions if m.role == "place" and m.kind != "country"]

        def named(tok: Token) -> bool:
            if any(s <= tok.idx < e for s, e in places):
                return True
            # "the village of Krasnohorivka": a settlement noun and the place it names
            of = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"]
            return tok.lemma_.lower() in self.settlement_nouns and any(
                named(p) for o in of for p in o.children if p.dep_ == "pobj")

        if root.pos_ in ("NOUN", "PROPN"):  # "the fall of Avdiivka"; not "in Fall 2024"
            return any(named(p) for c in root.children if c.dep_ == "prep" and c.lower_ == "of"
                       for p in c.children if p.dep_ == "pobj")
        if any(c.dep_ in ("acomp", "oprd") for c in root.children):
            return False  # "Kharkiv fell silent"
        deps = ("dobj", "nsubjpass") if role == "object" else ("nsubj",)
        return any(named(c) for c in root.children if c.dep_ in deps)

    # --- attribution ----------------------------------------------------------------------------
    # --- sides ----------------------------------------------------------------------------------
    def _side_of_phrase(self, phrase: Span | None, claimant: Claimant) -> tuple[str | None, str | None]:
        """(side, basis) of a phrase naming who acts."""
        if phrase is None:
            return None, None
        text = phrase.text
        side = self.profile.side_of(text)  # a name the profile gives a side ("occupiers") wins over "the enemy"
        if side:
            return side, "explicit"
        if self.profile.is_enemy_word(text):
            opp = self.profile.opponent(claimant.side)
            return (opp, "opponent") if opp else (None, "enemy")
        root = phrase.root
        owner = next((c for c in root.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        root = owner or root  # "its forces" acts for whoever "its" is
        if root.lower_ in ("that", "which", "who") and root.head.dep_ == "relcl":
            # "Russian groups that are attempting to infiltrate ...": the noun the clause describes acts
            noun = root.head.head
            return self._side_of_phrase(phrase.doc[noun.left_edge.i:noun.i + 1], claimant) if noun.i != root.i \
                else (None, None)
        if root.pos_ == "PRON" or root.lower_ in ("its", "their"):
            plural = root.lower_ in ("they", "their", "them")
            speaker_plural = claimant.text.split()[-1].lower().endswith("s") if claimant.text else False
            if claimant.side and claimant.kind != "person" and plural == speaker_plural:
                return claimant.side, "pronoun"
            return (self._antecedent_side(root, plural) if root.lower_ in ANAPHORS else None), "pronoun"
        return None, None

    def _antecedent_side(self, pronoun: Token, plural: bool) -> str | None:
        """The side of the subject a pronoun stands for: the nearest subject before it, in its sentence or the one
        before, that agrees with it in number ("Russia's campaign has been flagging. European leaders noted that
        ... it has seized 1.5 percent of Ukraine"); None when that subject names no side."""
        doc = pronoun.doc
        start = pronoun.sent.start
        if start > 0:
            start = doc[start - 1].sent.start
        for tok in reversed(doc[start:pronoun.i]):
            if tok.dep_ not in ("nsubj", "nsubjpass") or tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ == "PERSON":
                continue  # a person is "he" or "she", not "it" or "they"
            if (tok.tag_ in ("NNS", "NNPS")) != plural:
                continue
            return self.profile.side_of(doc[tok.left_edge.i:tok.i + 1].text)
        return None

    def _names_a_side(self, text: str) -> bool:
        """Does the phrase name a side, by a name the profile knows or as "the enemy"?"""
        return bool(self.profile.side_of(text)) or self.profile.is_enemy_word(text)

    def _actor_phrase(self, tok: Token) -> Span | None:
        """Who acts: the subject of a verb trigger, or the owner / "of"/"by" phrase of a noun trigger."""
        doc = tok.doc
        if self.place_arguments.get(tok.lemma_.lower(), ("", ""))[1] == "subject":
            # "Avdiivka fell to Russian forces": the subject is the place; who took it follows "to"
            to = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "to" for p in c.children
                  if p.dep_ == "pobj"]
            return doc[to[0].left_edge.i:to[0].right_edge.i + 1] if to else None
        for child in tok.children:
            if child.dep_ in ("nsubj",) or (child.dep_ == "agent"):
                if child.dep_ == "agent":
                    return self.attribution.agent_phrase(tok)
                return doc[child.left_edge.i:child.right_edge.i + 1]
            if child.dep_ in ("poss", "amod", "compound", "nmod") and (
                    self._names_a_side(child.text) or child.lower_ in ("its", "their")):
                return doc[child.i:child.i + 1]
        noun = tok.head if tok.dep_ == "compound" else tok  # "assault actions by the occupiers"
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "by"):
                objs = [c for c in child.children if c.dep_ == "pobj"]
                phrase = _without_clauses(objs[0]) if objs else None
                if phrase is not None and self._names_a_side(phrase.text):
                    return phrase
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
            # "Russian forces' closest point of advance", "Russia's pace of advance": whose point, whose advance
            owners = [c for c in tok.head.head.children if c.dep_ == "poss"]
            phrase = doc[owners[0].left_edge.i:owners[0].i + 1] if owners else None
            if phrase is not None and self._names_a_side(phrase.text):
                return phrase
        if tok.dep_ == "xcomp" and tok.head.lemma_ in self.attribution.reporting:  # "Russia claimed to have seized X"
            passive = [c for c in tok.head.children if c.dep_ == "nsubjpass"]  # "troops are said to have retaken X"
            if passive:
                return doc[passive[0].left_edge.i:passive[0].i + 1]
            return self.attribution.subject(tok.head)
        owner = doc[tok.head.left_edge.i:tok.head.i + 1]
        # a parse with no main verb: "Ukrainian troops counterattacked near X" as a noun phrase, or as the subject
        # of nothing (of the full stop, after an aside was blanked)
        verbless = tok.head.dep_ in ("ROOT", "ccomp", "conj") or (
            tok.head.dep_ == "nsubj" and tok.head.head.pos_ not in ("VERB", "AUX"))
        if tok.dep_ == "acl" and verbless and self.profile.side_of(owner.text):
            return owner
        # "The enemy was most active ... – 20 attacks", "the enemy continues shelling": the clause's subject
        node = tok
        while node.dep_ in ("xcomp", "conj", "dobj", "pobj", "prep", "appos", "attr", "npadvmod", "acomp") \
                and node.head.i != node.i and not self.attribution.reports(node.head, via=node):
            via, node = node, node.head
            subj = self.attribution.subject(node) if node.pos_ in ("VERB", "AUX") else None
            if subj is None and via.dep_ == "xcomp":  # "Russian troops were forced to retreat": who was made to
                subj = next((doc[c.left_edge.i:c.right_edge.i + 1] for c in node.children if c.dep_ == "nsubjpass"),
                            None)
            if subj is not None and not subj.start <= tok.i < subj.end:
                return subj
        return None

    # --- the document ---------------------------------------------------------------------------
    def extract(self, doc: Doc, document: Document, mentions: list[PlaceMention],
                prose: set[int] | None = None, sents: list[Span] | None = None) -> list[Claim]:
        pending: list[_Pending] = []
        self.attribution.previous, self.attribution.earlier = None, []
        carried: Attributed | None = None
        actor_spans = sorted(self.profile.actor_spans(doc.text), key=lambda a: a[0])
        actor_starts = [a[0] for a in actor_spans]
        triggers = self.triggers(doc)
        by_sentence: dict[int, list[PlaceMention]] = defaultdict(list)  # one pass: cost linear in the report
        for m in mentions:
            by_sentence[m.sentence].append(m)
        sentences = sents if sents is not None else list(doc.sents)
        quoted = self._quote_speakers(sentences)
        for s_idx, sent in enumerate(sentences):
            if prose is not None and s_idx not in prose:
                continue
            low = sent.text.lower()
            according = self.attribution.according_to(sent) if "according to" in low or " by " in low else None
            sentence_attr = quoted.get(s_idx)
            if according is not None:
                sentence_attr = Attributed(read_claimant(according, self.profile, self.lex), None)
                carried = sentence_attr if according.root.lemma_ != "report" else carried
            elif carried is not None and any(t.lemma_ in self.attribution.attributing and t.pos_ == "VERB"
                                             and self.attribution.subject(t) is not None for t in sent):
                carried = None  # a new speaker ends what "according to" covered
            earlier = len(pending)  # the claims of the sentences before this one end here
            if sent.start in triggers:
                in_sentence = actor_spans[bisect_left(actor_starts, sent.start_char):
                                          bisect_left(actor_starts, sent.end_char)]
                made = self._sentence(sent, s_idx, triggers[sent.start], document, by_sentence[s_idx],
                                      in_sentence, sentence_attr or carried)
                pending.extend(made)
            else:
                made = []
            back = self._denials_back(sent, s_idx, made, pending, earlier, document)
            pending.extend(back)
            made = made + back
            if made:
                named = [p.claim.claimant for p in made if p.claim.claimant.start is not None]
                if named:
                    self.attribution.remember(named[-1])
        self._fill_context(pending)
        return [p.claim for p in pending]

    def _quote_speakers(self, sents: list[Span]) -> dict[int, Attributed]:
        """Sentences of a quotation that runs on to a later sentence, by the speaker named where it closes
        (“The situation is difficult. Our defenders are holding,” Trehubov said): sentence index -> speaker."""
        out: dict[int, Attributed] = {}
        open_from: list[int] = []
        quoted_by: tuple[int, Attributed] | None = None  # the last sentence that quotes someone named, and who
        for i, sent in enumerate(sents):
            text = sent.text
            if open_from and "\n\n" in sent.doc.text[sents[i - 1].end_char:sent.start_char + 1]:
                open_from = []  # a quotation does not run across paragraphs unannounced
            # (the parser may leave the closing mark to a "sentence" of its own: “Our units are holding. | ”)
            closing = sent.doc.text[sent.end_char:sent.end_char + 3].lstrip()[:1]
            whole = _whole_quote(text) or (_opens_quote(text) and closing != "" and closing in CLOSING + '"')
            if not open_from and quoted_by is not None and quoted_by[0] == i - 1 and whole:
                # “The situation is difficult,” said Trehubov. “Our units are holding.”: the quote goes on
                out[i] = quoted_by[1]
                quoted_by = (i, quoted_by[1])
                continue
            closes = _quote_close(text, bool(open_from))
            if closes is None:
                if open_from or _opens_quote(text):
                    open_from.append(i)
                else:
                    quoted_by = self._quoting(sent, i) or quoted_by
                continue
            if open_from:
                speaker = next((self.attribution.by(t, sent) for t in sent if t.idx >= sent.start_char + closes
                                and t.pos_ == "VERB" and t.lemma_ in self.attribution.attributing), None)
                if speaker is not None:
                    said = Attributed(speaker.claimant, None, speaker.hedges)
                    out.update({k: said for k in open_from})
                    quoted_by = (i, said)
            open_from = []
        return out

    def _quoting(self, sent: Span, i: int) -> tuple[int, Attributed] | None:
        """A sentence that quotes a named speaker (“...,” said Trehubov): (its index, the speaker)."""
        inside = _quoted_ranges(sent.text)
        if not inside:
            return None
        for t in sent:
            at = t.idx - sent.start_char
            outside = not any(a <= at < b for a, b in inside)
            if t.pos_ == "VERB" and t.lemma_ in self.attribution.attributing and outside:
                said = self.attribution.by(t, sent)
                if said is not None and (said.claimant.kind != "unnamed" or _proper(sent, said.claimant)):
                    return i, Attributed(said.claimant, None, said.hedges)
        return None

    def _sentence(self, sent: Span, s_idx: int, found: list[tuple[str, Span]], document: Document,
                  mentions: list[PlaceMention], actor_spans: list[tuple[int, int, Any]],
                  fallback: Attributed | None) -> list[_Pending]:
        triggers: list[tuple[str, Span, Token | None]] = []
        for etype, span in found:
            root = span.root
            if any(s <= span.start_char and span.end_char <= e for s, e, _ in actor_spans):
                continue  # "Air Assault Forces" names a unit
            if self._in_unit_name(root):
                continue  # "the 3rd Assault Brigade", "the Offensive Guard": a unit the profile does not list
            if self._describes_speaker(root):
                continue  # "A Ukrainian brigade fighting in the area said ...": who speaks, not what they say
            if etype == "CONTROL" and root.pos_ == "NOUN" and any(
                    c.dep_ == "compound" and not self.profile.side_of(c.text) for c in root.children):
                continue  # "fire control", "border control": not control of ground
            if self._names_a_thing(span):
                continue  # "strike drones", "combat power": an event word describing a thing
            after = sent.doc[span.end] if span.end < len(sent.doc) else None
            if after is not None and after.text == "-" and not span[-1].whitespace_:
                continue  # "the control-of-terrain map", "strike-capable": part of a compound word
            if len(span) == 1 and root.lemma_.lower() in self.place_arguments \
                    and not self._place_argument(root, mentions):
                continue  # "took part", "prices fell": no place is taken or falls
            if etype in ("CAPTURE", "CONTROL") and self.modality.adjectival(root):
                continue  # "occupied Melitopol", "Russian-held Donetsk": a standing state, not an event (#7)
            if self.modality.unconfirmed(root):
                continue  # "did not make confirmed advances" says nothing was confirmed, not that none happened
            if etype in ("ADVANCE", "ATTACK") and span.root.lemma_ in self.movement and self._stopped_by(root):
                if not self._named_side(root):
                    continue  # "their advance had been halted" is the REPEL's patient
                etype = "ATTACK"  # "repelled a Russian assault": the assault is a claim of its own (#7)
            if etype in ("ADVANCE", "CAPTURE") and self.modality.attempted(root):
                etype = "ATTACK"  # "trying to advance", "attempting to seize": an attack, not a gain (#7)
            if root.dep_ == "appos" and any(t.i == root.head.i for _, sp, _ in triggers for t in sp):
                continue  # "the most attacks — 20 battles": a restatement
            verb = self.attribution.reporting_ancestor(root, sent) or self.attribution.trailing(root, sent) \
                or self.attribution.misread(root, sent)
            if self.modality.hypothetical(root, verb):
                continue
            triggers.append((etype, span, verb))
        made: list[_Pending] = []
        # the document's own words: the parser read a copy with markup blanked, at the same offsets
        evidence = _evidence(sent, document)
        times = find_times(sent.text, sent.start_char)
        label = self.modality.label(sent.text)
        if label is not None and label.lower() in self.meta_labels:
            return []  # "Note: the data cut-off for this product was ...": about the report, not the war
        label_hedges = [label] if label is not None and set(label.lower().split()) & self.hedge_words else []
        for etype, span, verb in triggers:
            attr = self.attribution.by(verb, sent) if verb is not None else None
            if attr is not None and fallback is not None and attr.claimant.name == UNNAMED:
                # "are believed to have advanced ..., according to DeepState": the source named says so
                attr = Attributed(fallback.claimant, verb, attr.hedges)
            if attr is None:
                attr = self.attribution.claim_of(span.root) or fallback \
                    or Attributed(media_claimant(document.source, self.profile), None)
            claimant = _as_publisher(attr.claimant, document.source, self.profile)
            stance: Stance = "denies" if verb is not None and verb.lemma_ in self.attribution.denial else "asserts"
            negated = self.modality.negated(span.root)
            if negated:
                stance = "denies"
            modal = [c.text for v in self.modality.governing(span.root) if self.modality.past_possible(v)
                     for c in v.children if c.dep_ == "aux" and c.lower_ in self.modality.past_possibility]
            # "unconfirmed reports said", "according to unverified footage": the speaker's own hedge
            described = [w for w in re.findall(r"[\w’']+", claimant.text) if w.lower() in self.hedge_words]
            hedges = list(dict.fromkeys([*label_hedges, *attr.hedges, *self._hedges(span.root, verb), *modal,
                                         *described]))
            agent, basis = self._agent(etype, span.root, claimant)
            event = Event(etype, agent, negated, TextSpan(span.text, span.start_char, span.end_char), basis)
            claim = Claim(document.id, s_idx, evidence, claimant, stance, event, [],
                          self._time(times, span.start_char, document), hedges, document.source,
                          document.published, verb.lemma_ if verb is not None else None)
            needs_context = basis in (None, "pronoun", "enemy") and etype in OFFENSIVE | {"WITHDRAW", "REPEL"}
            made.append(_Pending(claim, span, needs_context=needs_context))
            for side in self._other_sides(span.root, agent):  # "Russian and Ukrainian forces advanced"
                made.append(_Pending(replace(claim, event=replace(event, agent_side=side), places=[]), span))
            claim_noun = self.attribution.claim_noun(span.root, verb) if stance == "denies" and not negated else None
            if claim_noun is not None:  # "refuted claims that Russian troops seized X": those claims, as made
                made.append(_Pending(self._refuted(claim, claim_noun), span, needs_context=needs_context))
        self._assign_places(sent, made, mentions)  # the caller passes this sentence's mentions only
        made = self._denials(sent, s_idx, made, document, evidence, times)
        return self._merge(made)

    def _stopped_by(self, tok: Token) -> bool:
        node = tok.head
        return tok.dep_ in ("nsubjpass", "dobj", "nsubj") and node.lemma_ in self.repel_lemmas

    def _refuted(self, denial: Claim, claim_noun: Token) -> Claim:
        """The claim a denial refutes, as its makers made it: "Russian claims that ..." are RU's (unnamed)."""
        phrase = claim_noun.doc[claim_noun.left_edge.i:claim_noun.i + 1]
        owner = read_claimant(phrase, self.profile, self.lex)
        named = self.profile.find_actor(owner.text)[0] is not None  # "the MoD's claims" vs "Russian claims"
        if owner.side is None:
            maker = unnamed_claimant(claim_noun.text)
        else:
            maker = owner if named else replace(owner, kind="unnamed")
        return replace(denial, claimant=maker, stance="asserts", event=replace(denial.event), places=[],
                       hedges=[claim_noun.text], reporting_verb=None)

    def _other_sides(self, tok: Token, agent: str | None) -> list[str]:
        """Further acting sides of a coordinated subject: "Russian and Ukrainian forces recently advanced"."""
        phrase = self._actor_phrase(tok)
        if phrase is None or not any(t.dep_ == "cc" for t in phrase):
            return []
        sides = dict.fromkeys(side for t in phrase if (side := self.profile.side_of(t.text)))
        return [side for side in sides if side != agent] if agent in sides else []

    def _named_side(self, tok: Token) -> bool:
        """Does a movement noun name whose movement it is ("a Russian assault")?"""
        return any(c.dep_ in ("amod", "compound", "poss", "nmod") and self.profile.side_of(c.text)
                   for c in tok.children)

    def _hedges(self, tok: Token, verb: Token | None) -> list[str]:
        found = []
        for node in (tok, tok.head, verb):
            if node is None:
                continue
            for c in node.children:
                if c.lower_ in self.hedge_words:
                    found.append(c.text)
        return found

    def _agent(self, etype: str, tok: Token, claimant: Claimant) -> tuple[str | None, str | None]:
        """(agent side, how it was found) for an event; a REPEL's agent is the opponent of whom it stopped."""
        if etype == "FIGHTING":
            return None, None
        if etype == "REPEL":
            if not self.attribution.is_passive(tok):
                side, basis = self._side_of_phrase(self._actor_phrase(tok), claimant)
                if side:
                    return side, basis
            patient_phrase = next((tok.doc[c.left_edge.i:c.right_edge.i + 1] for c in tok.children
                                   if c.dep_ == "nsubjpass"), None)
            patient, _ = self._side_of_phrase(patient_phrase, claimant)
            if patient:
                return self.profile.opponent(patient), "opponent"
            return None, None
        side, basis = self._side_of_phrase(self._actor_phrase(tok), claimant)
        if side is None and claimant.side and (etype == "CONTROL" or tok.lemma_ in self.own_side):
            # "asserting continued control over Zaporizke"; "units liberated X", said by the side that says it
            return claimant.side, "claimant"
        return side, basis

    def _time(self, times: list[tuple[int, int, str]], at: int, document: Document) -> TimeRange:
        """The time expression nearest the trigger; a date after publication is not the claim's date (#7)."""
        if not times:
            return TimeRange(None, None, None, None)
        start, end, text = min(times, key=lambda t: abs(t[0] - at))
        time = normalise_time(text, document.published)
        if document.published is not None and time.start is not None and time.start > document.published:
            # "contracts due by December 31": not when it happened; flagged, and the claim counts as of publication
            return TimeRange(text, None, None, "after publication")
        return time

    def _assign_places(self, sent: Span, made: list[_Pending], mentions: list[PlaceMention]) -> None:
        """Each place goes to the nearest trigger before it in its clause (";" ends a clause).

        A clause with no subject of its own ("...near A and B; east of Borova near C; and southeast of
        Borova near D") continues the clause before it (#7).
        """
        if not made:
            return
        breaks = [sent.start_char + m.start() for m in re.finditer(";", sent.text)]

        def clause(pos: int) -> int:
            return sum(1 for b in breaks if b < pos)

        with_subject = {clause(t.idx) for t in sent if t.dep_ in SUBJECTS}
        trigger_clauses = {clause(p.trigger.start_char) for p in made}

        def owner(pos: int) -> int:
            k = clause(pos)
            while k not in trigger_clauses and k not in with_subject and k > 0:
                k -= 1
            return k

        for m in mentions:
            if m.role != "place":
                continue  # "(south of Sudzha)", "the Dvorichna-Kupyansk highway": where, not what
            anchor = sent.doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
            if anchor is not None and len(anchor) and self.modality.hypothetical(anchor[-1], None):
                continue  # "... indicate that Russian forces intend to eliminate the salient between A and B"
            speaker = [p for p in made if p.claim.claimant.start is not None
                       and p.claim.claimant.start <= m.span.start < (p.claim.claimant.end or 0)]
            if speaker:
                continue  # "Official reports from Moscow": where the speaker is, not where it happened
            same = [p for p in made if clause(p.trigger.start_char) == owner(m.span.start)]
            if not same:
                continue
            before = [p for p in same if p.trigger.start_char <= m.span.start]
            target = before[-1] if before else same[0]
            if not before and anchor is not None and len(anchor) and self._clause_apart(target.trigger.root,
                                                                                     anchor[-1]):
                continue  # "raided the Chelyabinsk airport and summoned migrants who entered Russia": not its event
            clause_of = _relative_clause(anchor[-1]) if anchor is not None and len(anchor) else None
            if clause_of is not None and self._describes_place(clause_of.head, mentions) \
                    and not clause_of.left_edge.i <= target.trigger.root.i <= clause_of.right_edge.i:
                continue  # "In Belgorod region, which borders Ukraine, ...": a clause about a place is no event
            if anchor is not None and len(anchor) and _describes_a_thing(anchor.root, target.trigger, self.compass):
                continue  # "struck a station in X, a facility for the pipeline to Hungary": not where it struck
            if m.relation == "from" and target.claim.event.type == "ADVANCE" and m.kind != "settlement":
                continue  # "a push from the Donetsk area": a whole area it came from ("from Zorya toward X" counts)
            target.claim.places.append(m)
        for i, p in enumerate(made):  # "repelled a Russian assault near X": X is where both happened
            here = clause(p.trigger.start_char)
            neighbours = [made[j] for j in (i - 1, i + 1) if 0 <= j < len(made)
                          and clause(made[j].trigger.start_char) == here and made[j].claim.places]
            # the event it governs first ("repelled a Ukrainian counterattack in X"), else the one beside it
            below = [n for n in neighbours if _governs(p.trigger.root, n.trigger.root)]
            if not p.claim.places and neighbours:
                p.claim.places = list((below or neighbours)[0].claim.places)
        for p in made:  # "a brigade operating in the Lyman direction stated that ... in the area": its sector
            if not p.claim.places and p.claim.claimant.start is not None:
                p.claim.places = [m for m in mentions if m.role == "place" and m.relation in ("in", "near", "within")
                                  and p.claim.claimant.start <= m.span.start < (p.claim.claimant.end or 0)]
        text = sent.doc.text
        for p in made:
            # regions and countries only where nothing more precise is named; a district only where it is no
            # container of a place named just before it ("Yasenove in the Pokrovsk district of Donetsk region")
            named = [m for m in p.claim.places if m.kind not in ("region", "country")]
            towns = [m for m in named if m.kind != "raion"]
            places = [m for m in named if m.kind != "raion" or not any(
                t.span.end <= m.span.start and _CONTAINED.fullmatch(text[t.span.end:m.span.start]) for t in towns)]
            places = places or p.claim.places
            unique: dict[str, PlaceMention] = {}
            for m in places:
                unique.setdefault(m.span.text.lower(), m)
            p.claim.places = list(unique.values())

    def _denials(self, sent: Span, s_idx: int, made: list[_Pending], document: Document,
                 evidence: TextSpan, times: list[tuple[int, int, str]]) -> list[_Pending]:
        """"Ukrainian military officials deny these claims": a denial of the claim made just before."""
        out = list(made)
        for tok in sent:
            by = self.attribution
            if tok.pos_ != "VERB" or not (tok.lemma_ in by.denial and by.claims_object(tok) or by.labels_false(tok)
                                          or tok.lemma_ in by.reporting and by.calls_false(tok)):
                continue
            # "said reports that Russian troops had entered X were false": the claims those reports state
            nouns = by.called_false(tok) if tok.lemma_ in by.reporting else []
            stated = [p for p in made if any(n.left_edge.i <= p.trigger.start <= n.right_edge.i for n in nouns)]
            before = stated or [p for p in made if p.trigger.start_char < tok.idx]
            if not before or (not stated and self._states_claim(tok)):
                continue  # "rejecting Russian claims that the town had fallen" denies the claim it states
            attr = self.attribution.by(tok, sent)
            for pending in before if stated else before[-1:]:
                target = pending.claim
                if attr is None or (attr.claimant.name == target.claimant.name and target.stance == "asserts"):
                    continue  # "X is ours, a spokesman said, dismissing Russian claims": no one denies their own claim
                claim = _denial(target, tok, attr.claimant, s_idx, evidence, self._time(times, tok.idx, document),
                                document)
                out.insert(out.index(pending) + 1, _Pending(claim, sent.doc[tok.i:tok.i + 1],
                                                            needs_context=pending.needs_context))
        return out

    @staticmethod
    def _states_claim(verb: Token) -> bool:
        """Does a denial verb's object say what the denied claim is ("claims that X fell", "reports of a fire")?"""
        return any(_states(noun) for noun in verb.children if noun.dep_ in ("dobj", "nsubjpass"))

    @staticmethod
    def _points_back(verb: Token) -> bool:
        """Is what a denial verb denies a claim made before ("the claim", "these reports", "it"), not one it states
        ("claims that X seized Y", "reports of a fire")?"""
        for noun in (c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")):
            if noun.lower_ in ("it", "this", "that", "them"):
                return True
            stated = _states(noun)
            pointing = any(c.dep_ == "det" and c.lower_ in ("the", "this", "these", "that", "those", "such")
                           for c in noun.children)
            if pointing and not stated:
                return True
        return False

    def _denials_back(self, sent: Span, s_idx: int, made: list[_Pending], pending: list[_Pending], earlier: int,
                      document: Document) -> list[_Pending]:
        """"Russia said it had captured Kurakhove. Ukraine denied the claim.": a denial of "the claim", "these
        reports" or "it" with no claim before it in its own sentence denies the last claim of the sentence before,
        made by someone else."""
        out: list[_Pending] = []
        by = self.attribution
        for tok in sent:
            if tok.pos_ != "VERB" or not (tok.lemma_ in by.denial and by.claims_object(tok) or by.labels_false(tok)):
                continue
            if any(p.trigger.start_char < tok.idx for p in made) or not self._points_back(tok):
                continue  # the claim before it in the sentence (`_denials`), or one it states ("claims that ...")
            attr = by.by(tok, sent)
            if attr is None:
                continue
            # the claims of the last sentences before this one (`pending[:earlier]`), read from the end
            recent = itertools.takewhile(lambda p: p.claim.sentence >= s_idx - DENIAL_REACH,
                                         (pending[k] for k in range(earlier - 1, -1, -1)))
            targets = [p for p in recent if p.claim.stance == "asserts" and p.claim.claimant.name != attr.claimant.name]
            if not targets:
                continue
            last = max(p.claim.sentence for p in targets)
            evidence = _evidence(sent, document)
            for p in reversed([p for p in targets if p.claim.sentence == last]):  # "captured X and Y": each claim
                claim = _denial(p.claim, tok, attr.claimant, s_idx, evidence, p.claim.time, document)
                out.append(_Pending(claim, sent.doc[tok.i:tok.i + 1], needs_context=p.needs_context))
        return out

    def _merge(self, made: list[_Pending]) -> list[_Pending]:
        """Two triggers of one event by one speaker in one sentence ("gained ground ... push") are one claim."""
        out: list[_Pending] = []
        for p in made:
            c = p.claim
            twin = next((o for o in out if o.claim.claimant.name == c.claimant.name and o.claim.stance == c.stance
                         and o.claim.event.type == c.event.type and o.claim.event.agent_side == c.event.agent_side),
                        None)
            if twin is None:
                out.append(p)
                continue
            have = {m.span.text.lower() for m in twin.claim.places}
            twin.claim.places.extend(m for m in c.places if m.span.text.lower() not in have)
        return out

    def _fill_context(self, pending: list[_Pending]) -> None:
        """An implicit actor ("an offensive", "their advance") is the nearest side the report names."""
        explicit = [(i, p.claim.event.agent_side) for i, p in enumerate(pending)
                    if p.claim.event.type in OFFENSIVE and p.claim.event.agent_basis in ("explicit", "opponent")
                    and p.claim.event.agent_side]
        explicit_at = [j for j, _ in explicit]
        sides = [p.claim.claimant.side for p in pending if p.claim.claimant.side]
        # ties go to the side named first, not to hash order: one output for one input (#7)
        voice = Counter(sides).most_common(1)[0][0] if sides else None
        for i, p in enumerate(pending):
            if not p.needs_context or p.claim.event.agent_side:
                continue
            if p.claim.event.agent_basis == "enemy" and self.profile.opponent(voice):
                # "the enemy" in an outlet's own words: the enemy of the side the report speaks for
                p.claim.event.agent_side = self.profile.opponent(voice)
                if p.claim.event.type == "REPEL":
                    p.claim.event.agent_side = voice
                p.claim.event.agent_basis = "voice"
                continue
            k = bisect_left(explicit_at, i)  # the nearest explicit side before it, else the first after it
            side = explicit[k - 1][1] if k > 0 else (explicit[k][1] if k < len(explicit) else None)
            if side is None:
                continue
            if p.claim.event.type == "REPEL":
                p.claim.event.agent_side = self.profile.opponent(side)
            else:
                p.claim.event.agent_side = side
            p.claim.event.agent_basis = "context"

