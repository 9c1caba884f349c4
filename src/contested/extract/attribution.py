"""Attribution: who says a claim, as reporters write it (#2, #7).

- the subject of the reporting verb a trigger hangs from: "The Russian MoD claimed that ... seized Terny";
- a reporting clause after the claim: "Russian forces captured Terny, the Ukrainian General Staff said";
- "according to X", "as reported by X";
- the last named speaker, carried by a pronoun or a definite phrase: "It also said", "The milblogger added";
  "another milblogger" after "Russian milbloggers claimed" is one of them;
- a passive with no one named: "was reported" (unnamed);
- a denial in a reporting verb's words: "claimed that such reports are premature and inaccurate".

>>> Attribution(profile, lexicon).by(doc[3], doc[:])   # "The Russian MoD claimed ..."  # doctest: +SKIP
Attributed(claimant=Claimant(name='Russian Ministry of Defence', side='RU', ...), verb=claimed, hedges=['claimed'])
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from spacy.tokens import Span, Token

from contested.extract.actors import names_a_speaker, read_claimant, unnamed_claimant
from contested.model import Claimant
from contested.resources import Profile

ANAPHORIC_SUBJECTS = {"he", "she", "it", "they"}
RELATIVE_PRONOUNS = {"which", "that", "who", "whom", "whose"}
CLAIM_NOUNS = {"claim", "report", "allegation", "assertion", "statement", "this", "it", "that"}
REPORT_NOUNS = {"claim", "report", "allegation", "rumor", "rumour"}  # "reports that ...": a claim of their own


@dataclass
class Attributed:
    """A claimant found for a reporting verb, with the hedges that verb carries ("insisted")."""

    claimant: Claimant
    verb: Token | None
    hedges: list[str] = field(default_factory=list)



def _restates(subject: Span, previous: Claimant) -> str | None:
    """"the milblogger" after "A Russian milblogger claimed ..." is the same speaker ("same"), as is "the
    spokesperson" after "The acting spokesperson of a Ukrainian brigade stated ..."; "another milblogger" or
    "one milblogger" after "Russian milbloggers claimed ..." is one of them ("member")."""
    head = subject.root.lower_.rstrip("s")
    if head not in {w.strip(",.’'").rstrip("s") for w in previous.text.lower().split()}:
        return None
    if subject[0].lower_ in ("the", "this", "that"):  # "the spokesperson", "the brigade's spokesperson"
        return "same"
    determiners = {t.lower_ for t in subject.root.children if t.dep_ in ("det", "nummod")}
    return "member" if determiners & {"another", "one", "a"} else None


def _apposed_speaker(verb: Token) -> Span | None:
    """"... on the outskirts of Chasiv Yar, a Ukrainian army spokesman said": a phrase after a comma that ends
    just before the reporting verb is who speaks, though the parser read it as an apposition of the claim's last
    noun (and that noun, or nothing, as the verb's subject)."""
    doc = verb.doc
    if verb.i < 2:
        return None
    node = doc[verb.i - 1]
    while node.dep_ != "appos" and node.head.i != node.i and node.head.i < verb.i \
            and node.head.right_edge.i == verb.i - 1:
        node = node.head
    if node.dep_ != "appos" or node.pos_ not in ("NOUN", "PROPN") or node.right_edge.i != verb.i - 1 \
            or node.head.i >= node.i or node.left_edge.i < 1 or doc[node.left_edge.i - 1].text != ",":
        return None
    return doc[node.left_edge.i:verb.i]


def _fronted_speaker(verb: Token) -> Span | None:
    """"A spokesperson of a brigade operating in the Toretsk direction reported on January 5 that ...": with a long
    subject the parser may read the reporting verb as describing the subject's last noun ("the direction reported")
    and leave the sentence without a main verb; the phrase before the verb, down from the sentence's root noun, is
    who speaks."""
    if verb.dep_ not in ("acl", "relcl") or verb.tag_ not in ("VBD", "VBN"):
        return None
    root = verb
    while root.head.i != root.i:
        root = root.head
    sent = verb.sent
    if root.pos_ not in ("NOUN", "PROPN") or root.i >= verb.i or root.left_edge.i != sent.start \
            or not any(w.lower_ == "that" for w in verb.doc[verb.i + 1:min(verb.i + 8, sent.end)]):
        return None
    end = verb.i
    while end > sent.start and verb.doc[end - 1].is_punct:
        end -= 1
    return verb.doc[sent.start:end] if end > sent.start else None


NAMED_SPEAKERS = ("PERSON", "ORG", "GPE", "NORP")  # a name the profile lacks ("ISW") still speaks for itself


class Attribution:
    """The reporting and denial verbs of a lexicon, and the last speaker of the document being read."""

    def __init__(self, profile: Profile, lexicon: dict[str, Any]) -> None:
        self.profile = profile
        self.lex = lexicon
        self.reporting = set(lexicon["reporting_verbs"])
        self.denial = set(lexicon.get("denial_verbs", []))
        self.attributing = self.reporting | self.denial  # verbs that say who speaks, built once
        self.evidence_verbs = {w.lower() for w in lexicon.get("evidence_verbs", [])}
        self.keeping = {w.lower() for w in lexicon.get("keeping_verbs", [])}
        self.hedge_verbs = set(lexicon.get("hedge_verbs", []))
        self.conceding = {w.lower() for w in lexicon.get("concession_verbs", [])}
        self.refuting = {w.lower() for w in lexicon.get("refuting_adjectives", [])}
        self.refuting_words = self.refuting | {w.lower() for w in lexicon.get("refuting_nouns", [])}
        self.labelling = {w.lower() for w in lexicon.get("labelling_verbs", [])}
        self.previous: Claimant | None = None  # the last named speaker of the document being read
        self.earlier: list[Claimant] = []  # the named speakers before it, latest last (see `remember`)

    def remember(self, speaker: Claimant) -> None:
        """The last named speaker, for "It said" and "The milblogger added" in the sentences after it."""
        if self.previous is not None and self.previous is not speaker:
            self.earlier = [*self.earlier[-5:], self.previous]
        self.previous = speaker

    def reports(self, verb: Token, via: Token) -> bool:
        """Does a verb say who speaks for the clause reached from `via`? A reporting verb in its other sense
        with an object and no clause ("Ukrainian forces maintain positions ... and are trying to counterattack")
        reports nothing to the verbs joined to it: their subject acts."""
        if verb.lemma_ not in self.attributing:
            return False
        other_sense = any(c.dep_ == "dobj" for c in verb.children) and not any(c.dep_ == "ccomp"
                                                                             for c in verb.children)
        if via.dep_ == "dobj" and verb.lemma_ in self.keeping:
            return False  # "Ukrainian forces maintain control of X": they keep it, they do not say it
        return not (via.dep_ == "conj" and other_sense)

    def subject(self, verb: Token) -> Span | None:
        """The verb's subject phrase; a relative pronoun gives way to a noun ("which analysts assessed")."""
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj") and c.pos_ != "VERB"]
        nouns = [c for c in subjects if c.lower_ not in RELATIVE_PRONOUNS]
        apposed = _apposed_speaker(verb)
        if apposed is not None and (not subjects or any(c.i == apposed.root.head.i for c in subjects)):
            return apposed
        if not subjects:
            return _fronted_speaker(verb)
        # two subjects is a misparse of a fronted phrase ("On Tuesday, the anniversary of the war, Zelenskyy
        # noted"): the subject is the one nearest before the verb
        before = [c for c in nouns or subjects if c.i < verb.i and c.pos_ in ("NOUN", "PROPN", "PRON")]
        chosen = before[-1] if before else (nouns or subjects)[0]
        return chosen.doc[chosen.left_edge.i:chosen.right_edge.i + 1]

    def agent_phrase(self, verb: Token) -> Span | None:
        for child in verb.children:
            if child.dep_ == "agent":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    return verb.doc[objs[0].left_edge.i:objs[0].right_edge.i + 1]
        return None

    def is_passive(self, verb: Token) -> bool:
        return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)

    def by(self, verb: Token, sent: Span) -> Attributed | None:
        """The claimant of a reporting verb; participles with no subject borrow the governing speaker's."""
        hedges = [verb.text] if verb.lemma_ in self.hedge_verbs else []
        if (self.is_passive(verb) or (verb.dep_ == "acl" and verb.tag_ == "VBN")) and _fronted_speaker(verb) is None:
            agent = self.agent_phrase(verb)
            if agent is not None:
                return Attributed(read_claimant(agent, self.profile, self.lex), verb, hedges)
            relay = self._relayed_by(verb, sent)
            if relay is not None:  # "ISW assesses that Russian forces are confirmed to have recaptured ...": ISW
                said = [] if verb.lemma_ in self.conceding else [verb.text]  # "confirmed" is no hedge
                return Attributed(relay.claimant, verb, [*hedges, *relay.hedges, *said])
            return Attributed(unnamed_claimant(verb.text), verb, [*hedges, verb.text])
        subject = self.subject(verb)
        previous = self.previous
        if subject is not None and subject.root.lower_ in ANAPHORIC_SUBJECTS and previous is not None:
            return Attributed(previous, verb, hedges)  # "It also said that ...": the last speaker (#7)
        if subject is not None and subject.root.pos_ != "PRON" and verb.lemma_ in self.evidence_verbs \
                and not names_a_speaker(subject, self.profile, self.lex):
            # "the Russian raid in the settlement indicates that ...": evidence, not a speaker; whoever reads it so
            # (the speaker over it, else the publisher) claims it, as an inference
            relay = self._relayed_by(verb, sent)
            return Attributed(relay.claimant, verb, [*hedges, *relay.hedges, verb.text]) if relay else None
        if subject is not None and subject.root.pos_ != "PRON":
            claimant = read_claimant(subject, self.profile, self.lex)
            restated = _restates(subject, previous) if previous is not None and claimant.side is None else None
            if restated is None and claimant.side is None:
                # "The milblogger added that ..." after ISW's own assessment in between: the last milblogger
                before = next((c for c in reversed(self.earlier) if _restates(subject, c) is not None), None)
                if before is not None:
                    previous, restated = before, _restates(subject, before)
            if previous is not None and restated == "same":
                claimant = previous  # "The milblogger added that ...": the milblogger named before (#7)
            elif previous is not None and restated == "member":
                claimant = replace(claimant, kind=previous.kind, side=previous.side)  # "another milblogger"
            if claimant.kind == "unnamed" and claimant.side is None and subject.root.ent_type_ not in NAMED_SPEAKERS:
                relay = self._relayed_by(verb, sent)
                if relay is not None:  # "Ukrainian officials reported that locals reported explosions"
                    return Attributed(relay.claimant, verb, [*hedges, *relay.hedges])
            return Attributed(claimant, verb, hedges)
        node = verb.head
        while node.i != node.head.i and sent.start <= node.i < sent.end:
            if node.lemma_ in self.attributing:
                inherited = self.by(node, sent)
                if inherited is not None:
                    return Attributed(inherited.claimant, verb, hedges)
            node = node.head
        for tok in reversed(sent[: verb.i - sent.start]):  # the last speaker named before it
            if tok.lemma_ in self.attributing and tok.pos_ == "VERB":
                subject = self.subject(tok)
                if subject is not None and subject.root.pos_ != "PRON":
                    return Attributed(read_claimant(subject, self.profile, self.lex), verb, hedges)
        return None

    def misread(self, tok: Token, sent: Span) -> Token | None:
        """The reporting verb before a trigger's "that" clause when the parser read it as describing a noun
        ("... the Toretsk direction reported on January 5 that Russian forces are attacking"): see
        `_fronted_speaker`."""
        for t in reversed(sent[:tok.i - sent.start]):
            if t.pos_ == "VERB" and t.lemma_ in self.reporting and _fronted_speaker(t) is not None:
                return t
        return None

    def trailing(self, tok: Token, sent: Span) -> Token | None:
        """"Russian forces have recaptured X, pro-Kremlin bloggers claimed on Telegram": a reporting clause after
        the claim, with its subject after a comma and no clause of its own to report, that the parser hung below
        the claim (a relative clause, parataxis) rather than over it."""
        for t in sent[tok.i - sent.start + 1:]:
            if t.pos_ != "VERB" or t.lemma_ not in self.reporting or tok.i in {d.i for d in t.subtree}:
                continue
            if any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in t.children):
                return None  # it reports a clause or thing of its own: not the claim before it
            subject = self.subject(t)
            if subject is None or subject.root.pos_ == "PRON" or subject.root.lower_ in RELATIVE_PRONOUNS \
                    or subject.start < 1 or t.doc[subject.start - 1].text not in (",", "—", "–"):
                return None
            return t
        return None

    def _relayed_by(self, verb: Token, sent: Span) -> Attributed | None:
        """Who passes on what unnamed voices say: the speaker of the reporting verb whose clause holds this one,
        when that speaker is named ("officials said residents reported blasts": the officials claim it)."""
        prev, node = verb, verb.head
        # only through the clauses it reports: "A claimed X, but ISW assessed Y" has two speakers; "A claimed that
        # X is contested but that Y indicates Z" one
        while node.i != prev.i and sent.start <= node.i < sent.end and prev.dep_ in ("ccomp", "xcomp", "conj"):
            if prev.dep_ == "conj" and node.lemma_ in self.attributing:
                return None
            if node.lemma_ in self.attributing and node.pos_ == "VERB" and self.reports(node, via=prev):
                outer = self.by(node, sent)
                speaker = self.subject(node)
                named = speaker is not None and (speaker.root.pos_ == "PROPN" or speaker.root.is_upper
                                                 or speaker.root.ent_type_ in NAMED_SPEAKERS)  # "ISW assesses"
                return outer if outer is not None and (outer.claimant.kind != "unnamed" or named) else None
            prev, node = node, node.head
        return None

    def claim_of(self, tok: Token) -> Attributed | None:
        """"reports that Russian troops had entered Kupiansk", "Russian claims that Chasiv Yar had fallen": a
        clause that is what a claim noun says, with no reporting verb over it, is claimed by that noun's speaker
        (unnamed sources when the phrase names no one: "reports", "unconfirmed reports"), hedged by the noun."""
        node = tok
        while node.dep_ in ("conj", "xcomp", "aux") and node.head.i != node.i:
            node = node.head
        noun = node.head
        if node.dep_ not in ("acl", "ccomp") or noun.pos_ != "NOUN" or noun.lemma_.lower() not in REPORT_NOUNS \
                or not any(c.dep_ == "mark" and c.lower_ == "that" for c in node.children):
            return None
        phrase = noun.doc[noun.left_edge.i:noun.i + 1]
        claimant = read_claimant(phrase, self.profile, self.lex)
        if claimant.side is None and not any(t.pos_ in ("NOUN", "PROPN") for t in phrase if t.i != noun.i):
            claimant = replace(unnamed_claimant(phrase.text), start=claimant.start, end=claimant.end)
            # "milbloggers claimed that there are unconfirmed reports that ...": who passes the reports on
            false = noun.dep_ == "nsubj" and self._judges_false(noun.head)  # "said reports that ... were false"
            relay = self._relayed_by(noun.head, noun.sent) if noun.head.i != noun.i and not false else None
            if relay is not None:
                return Attributed(relay.claimant, None, [*relay.hedges, phrase.text])
        return Attributed(claimant, None, [noun.text])

    def reporting_ancestor(self, tok: Token, sent: Span) -> Token | None:
        """The reporting verb a trigger's clause hangs from ("claimed that ... seized"), if any."""
        for child in tok.children:  # "advancements reported in Donetsk"
            if child.dep_ == "acl" and child.lemma_ in self.reporting:
                return child
        node = tok.head
        prev = tok
        # "despite claims that X seized Y": those claims say it (`claim_of`); a verb above them only denies them
        stated = False
        while node.i != prev.i and sent.start <= node.i < sent.end:
            if prev.dep_ in ("acl", "ccomp") and node.pos_ == "NOUN" and node.lemma_.lower() in REPORT_NOUNS \
                    and any(c.dep_ == "mark" and c.lower_ == "that" for c in prev.children) \
                    and not (node.dep_ == "dobj" and node.head.lemma_ in self.reporting):
                stated = True  # (but "X reiterated claims that ...": X claims it)
            if prev.dep_ == "ccomp" and node.pos_ == "VERB" and node.lemma_ not in self.attributing:
                # a clause hung from a verb that takes none ("seized X, which ISW assessed ... had seized"):
                # a misparse; the speaker is the nearest reporting verb with a subject in between
                between = [t for t in sent.doc[node.i + 1:tok.i] if t.lemma_ in self.reporting
                           and t.pos_ == "VERB" and self.subject(t) is not None]
                if between:
                    return between[-1]
            # "Russian strikes denied Ukrainian forces the ability ...": the trigger is the verb's subject,
            # so the verb does not report it.
            if (self.reports(node, via=prev) and node.pos_ in ("VERB", "AUX")
                    and prev.dep_ not in ("nsubj", "nsubjpass")):
                return node if not stated or node.lemma_ in self.denial else None
            prev, node = node, node.head
        return None

    def according_to(self, sent: Span) -> Span | None:
        for tok in sent:
            if tok.lower_ == "according" and tok.i + 1 < sent.end and sent.doc[tok.i + 1].lower_ == "to":
                objs = [c for c in sent.doc[tok.i + 1].children if c.dep_ == "pobj"]
                if objs:
                    return sent.doc[objs[0].left_edge.i:objs[0].right_edge.i + 1]
            if tok.lemma_ == "report" and tok.tag_ == "VBN":
                agent = self.agent_phrase(tok)
                if agent is not None:
                    return agent
        return None

    def claim_noun(self, tok: Token, verb: Token | None) -> Token | None:
        """The "claims" in "refuted claims that X seized Y", between a trigger and the verb that denies it."""
        node = tok
        while verb is not None and node.head.i != node.i and node.head.i != verb.i:
            node = node.head
            if node.lemma_.lower() in CLAIM_NOUNS and node.pos_ == "NOUN":
                return node
        return None

    def claims_object(self, verb: Token) -> bool:
        """"deny these claims", "the reports were rejected", "..., a claim Ukraine denies"."""
        if verb.dep_ == "relcl" and verb.head.lemma_.lower() in CLAIM_NOUNS and verb.head.pos_ == "NOUN":
            return True
        return any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in CLAIM_NOUNS for c in verb.children)

    def labels_false(self, verb: Token) -> bool:
        """"called the report a lie", "described the claims as fake": a claim denied by what it is called."""
        if verb.lemma_.lower() not in self.labelling:
            return False
        objects = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in CLAIM_NOUNS]
        if not objects:
            return False
        judged = [c for c in verb.children if c.dep_ in ("oprd", "attr", "xcomp", "acomp", "ccomp")]
        for prep in (c for t in (verb, *objects) for c in t.children if c.dep_ == "prep" and c.lower_ == "as"):
            judged += [c for c in prep.children if c.dep_ in ("pobj", "amod", "acomp")]
        return any(t.lower_ in self.refuting_words for j in judged for t in (j, *j.conjuncts))

    def calls_false(self, verb: Token) -> bool:
        """"claimed that such reports are premature and inaccurate": a denial in a reporting verb's words."""
        return bool(self.called_false(verb))

    def called_false(self, verb: Token) -> list[Token]:
        """The claim nouns a reporting verb calls false ("said reports that X fell were false": "reports")."""
        return [c for comp in verb.children if comp.dep_ == "ccomp" and self._judges_false(comp)
                for c in comp.children if c.dep_ == "nsubj" and c.lemma_.lower() in CLAIM_NOUNS]

    def _judges_false(self, clause: Token) -> bool:
        """Does a clause call its subject false ("... were false", "are premature and inaccurate")?"""
        judged = [c for c in clause.children if c.dep_ in ("acomp", "attr")]
        return bool({t.lower_ for j in judged for t in (j, *j.conjuncts)} & self.refuting)
