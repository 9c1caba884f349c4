"""Place mentions found from the gazetteer and context, not from NER alone (issues #2, #3).

spaCy's small model tags "Zaporizke" as PERSON and "Dnipro" as ORG, so a mention here is a run of
capitalised words that the gazetteer knows *and* that sits in a place context: after "in/near/of...",
before "region/direction/village", in a list beside another place, or tagged GPE/LOC by NER.

>>> find_mentions(doc, gaz)   # "two villages within the region, Zaporizke and Novohryhorivka"  # doctest: +SKIP
[PlaceMention(text='Zaporizke', kind='settlement'), PlaceMention(text='Novohryhorivka', ...), ...]
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from contested.geo.gazetteer import AREA_CODES, Gazetteer
from contested.geo.locators import LocatorRules
from contested.geo.names import normalise_name
from contested.model import PlaceMention
from contested.model import Span as TextSpan
from contested.resources import Profile, load_lexicon, load_profile

MAX_NAME_TOKENS = 4
BODY_TOWN_POPULATION = 15_000  # a body named after a town this big names the town ("Houston Police Department")
_RIVER = re.compile(r"\b([A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?) River\b")
# spaCy entity labels that a name without a word of location before it is taken at ("Christmas", "Democrats")
NOT_PLACE_ENTITIES = {"DATE", "TIME", "EVENT", "NORP", "LAW", "WORK_OF_ART", "LANGUAGE"}
LOCATIVE = {"in", "across", "inside", "throughout", "into", "within"}
_LIST_GLUE = {",", "and", "or", "&", "as", "well", "–", "—", "-", "the"}


_ABBREVIATED = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}


def _own_name(name: str, text: str) -> bool:
    """Is `text` the place's own name, give or take an abbreviation ("St. Paul" for Saint Paul), not one of its
    other names ("Rapid" for Rapid City, "Lee" for Lee County: a surname is more often a body's namesake)?"""
    def words(s: str) -> list[str]:
        return [_ABBREVIATED.get(w, w) for w in normalise_name(s).split()]

    return words(name) == words(text)


@dataclass
class _Candidate:
    start: int  # token indices
    end: int
    text: str
    context: bool = False
    kind: str = "settlement"
    relation: str | None = None
    known: bool = True  # False: a capitalised name in a list of places that the gazetteer lacks
    role: str = "place"  # "actor": a country or region that acts or owns here ("Russia struck"), no claim's place


_ABBREVIATION = re.compile(r"^(?:[A-Z][a-z]{0,4}\.){1,3}$")  # "U.S.", "D.C.", "W.Va.", "St.", "Ky.", "Calif."


def _is_name_token(tok) -> bool:
    text = tok.text
    return bool(text[:1].isupper() and (tok.is_alpha or "'" in text or "’" in text or _ABBREVIATION.match(text)))


def _after_name(doc: Doc, end: int) -> int:
    """The first token after a name, past quotes and spaces: 'the "Canada" Group', 'FP-5 "Flamingo" missiles'."""
    while end < len(doc) and (doc[end].is_space or doc[end].is_quote) and "\n" not in doc[end].text:
        end += 1
    return end


def _particle(doc: Doc, j: int, end: int, particles: Collection[str], joined: Collection[str]) -> int:
    """How many tokens a lowercase particle inside a name takes, with the hyphen after it, or 0: "Rio *de*
    Janeiro", "Deir *al-*Balah", "Rostov*-on-*Don" (`joined` particles only between hyphens)."""
    tok = doc[j]
    if tok.lower_ not in particles and tok.lower_ not in joined:
        return 0
    hyphen_before = doc[j - 1].text == "-" and not doc[j - 1].whitespace_
    k = j + 1
    if k < end and doc[k].text == "-" and not tok.whitespace_ and not doc[k].whitespace_:
        k += 1  # "al-Balah", "on-Don"
    if k >= end or not _is_name_token(doc[k]) or (k == j + 1 and not tok.whitespace_):
        return 0
    if tok.lower_ not in particles and not (hyphen_before and k == j + 2):
        return 0  # "on", "upon" join only inside a hyphenated name: "Russia on Tuesday" stays apart
    return k - j


def _runs(sent: Span, particles: Collection[str] = (), joined: Collection[str] = ()) -> list[tuple[int, int]]:
    """Maximal runs of capitalised tokens, hyphen-joined names kept whole (Ivano-Frankivsk), with the lowercase
    particles of names in many languages (`name_particles` in the lexicon: "Rio de Janeiro", "Deir al-Balah")."""
    runs: list[tuple[int, int]] = []
    i, end = sent.start, sent.end
    doc = sent.doc
    while i < end:
        if _is_name_token(doc[i]):
            j = i + 1
            while j < end:
                tok = doc[j]
                if _is_name_token(tok) and not doc[j - 1].whitespace_.count("\n") \
                        and not (tok.ent_type_ in ("DATE", "TIME") and doc[j - 1].ent_type_ not in ("DATE", "TIME")):
                    j += 1  # "arrested in Athens Tuesday": a day or month after a name is not part of it
                elif (tok.text == "-" and j + 1 < end and not doc[j - 1].whitespace_ and not tok.whitespace_
                      and _is_name_token(doc[j + 1])):
                    j += 2
                elif tok.text == "-" and j + 1 < end and not doc[j - 1].whitespace_ and not tok.whitespace_ \
                        and _particle(doc, j + 1, end, particles, joined):
                    j += 1  # "Rostov-on-Don": the particle follows
                elif (step := _particle(doc, j, end, particles, joined)):
                    j += step
                else:
                    break
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


class MentionFinder:
    """Finds place mentions in parsed documents with one gazetteer, profile and lexicon."""

    def __init__(self, gaz: Gazetteer, profile: Profile | None = None, lexicon: dict | None = None) -> None:
        self.gaz = gaz
        self.profile = profile or load_profile()
        lex = lexicon or load_lexicon()
        self.preps = set(lex.get("place_prepositions", []))
        self.nouns = {w: kind for kind, words in lex.get("place_nouns", {}).items() for w in words}
        self.region_offices = {w.lower() for w in lex.get("region_offices", [])}
        self.name_particles = {w.lower() for w in lex.get("name_particles", [])}
        self.joined_particles = {w.lower() for w in lex.get("hyphenated_name_particles", [])}
        self.anaphora = [a.lower() for a in lex.get("region_anaphora", [])]
        self.settlement_anaphora = [a.lower() for a in lex.get("settlement_anaphora", [])]
        self.not_places = {w.lower() for w in lex.get("not_places", [])}
        self.reporting = {w.lower() for w in [*lex.get("reporting_verbs", []), *lex.get("source_verbs", [])]}
        self.organisation_words = {w.lower() for w in lex.get("organisation_words", [])}
        self.site_words = {w.lower() for w in lex.get("site_words", [])}
        self.settlement_nouns = {w for w, kind in self.nouns.items() if kind == "settlement"}
        self.water_words = {w.lower() for w in lex.get("water_words", [])}
        self.name_starts = {w.lower() for w in lex.get("name_starts", [])}
        demonyms = [d for spec in self.profile.sides.values() for d in spec.get("demonyms", [])]
        self.locators = LocatorRules(lex)
        self.compass = {w.lower() for w in lex.get("locator_directions", [])}
        self.equipment_words = {w.lower() for w in lex.get("equipment_words", [])}
        self.person_titles = {w.lower().rstrip(".") for w in lex.get("person_titles", [])}
        self.party_marks = set(lex.get("party_marks", []))
        self.report_nouns = {w.lower() for w in lex.get("report_nouns", [])}
        self.speech_verbs = self.reporting | {w.lower() for w in lex.get("denial_verbs", [])}
        kinds = lex.get("claimant_kinds", {})
        self.actor_nouns = {w.lower() for k in ("military", "government", "intelligence") for w in kinds.get(k, [])}
        # Geoparsing corpora count "Russian", "Palestinians" as toponyms; a claim's place is never one (#8)
        self.demonyms_as_toponyms = False
        self.event_lemmas = {str(spec["lemmas"][0]) for specs in lex.get("events", {}).values() for spec in specs}
        # "took Krasnohorivka" (its object), "Vuhledar fell" (its subject): the name is what the event is about
        arguments = {w: role for words in (lex.get("place_argument_events") or {}).values()
                     for w, role in words.items()}
        self.event_lemmas |= {w for w, role in arguments.items() if role == "object"}
        self.subject_event_lemmas = {w for w, role in arguments.items() if role == "subject"}
        self.demonyms = re.compile("|".join(rf"{re.escape(d)}$" for d in demonyms) or "(?!)", re.IGNORECASE)

    def _country(self, doc: Doc, start: int, end: int) -> _Candidate | None:
        """"across Ukraine", "inside Russia": a country as a place only after a word of location.

        As a subject ("Ukraine struck ...") a country name is an actor, so it is never a place there.
        """
        before = start - 1
        if before > 0 and doc[before].pos_ == "ADJ":  # "in southern Ukraine"
            before -= 1
        if before < 0 or doc[before].lower_ not in LOCATIVE:
            return None
        for j in range(min(end, start + MAX_NAME_TOKENS), start, -1):
            text = doc[start:j].text
            if j < len(doc) and _possessive(doc[j]):
                continue  # "throughout Ukraine's salient": the country owns the place, it is not the place
            if any(p.feature_code == "PCLI" for p in self.gaz.candidates(text)):
                return _Candidate(start, j, text, context=True, kind="country", relation=doc[before].lower_)
        return None

    def _match(self, doc: Doc, start: int, end: int) -> list[_Candidate]:
        """The place names in a run of capitalised tokens (#7).

        A run is one name ("Zeleny Hai", "Nova Kruhlyakivka"), known to the gazetteer or not; a place noun in
        it ends the name and says its kind ("Kursk Oblast", "Kharkiv City"); hyphens join one name
        ("Ivano-Darivka") unless every part is a known place ("the Pokrovsk-Kostyantynivka direction",
        "the Malynivka-Vodyane Druhe-Baranivka line"); a run with an organisation word is an actor's name
        ("Moscow Military District", "Black Sea Fleet"), never a place; a title ends it ("US President Donald Trump").
        """
        # a title ends the name: "US President Donald Trump" names the US and a person; "President Zelensky" no place
        end = next((k for k in range(start, end) if doc[k].lower_.rstrip(".") in self.person_titles
                    and not (k > start and doc[k - 1].text == "-")), end)  # "Rostov-on-Don" is no title
        if end == start:
            return []
        if end - start >= 3 and doc[start].text in self.party_marks and doc[start + 1].text == "-":
            # "Sen. Sherrod Brown, D-Ohio", "Rep. Marty Seifert, R-Marshall": a legislator's party and home, a
            # toponym that says whose (role "actor"), never where anything happened
            found = self._match(doc, start + 2, end)
            for c in found:
                c.role, c.context = "actor", c.known
            return found
        if self.demonyms_as_toponyms:
            first = next((k for k in range(start, end) if not doc[k].is_stop), end)  # "The Palestinian problem"
            if first < end and self._demonym(doc, first, end) and not self._is_area(doc[first:end].text):
                # ("Christmas Island" is also what its people are called: the place)
                return [_Candidate(first, end, doc[first:end].text, context=True, kind="demonym", role="demonym")]
            lead = next((k for k in (first + 2, first + 1) if k < end and doc[k - 1].is_alpha
                         and self._demonym(doc, first, k)), None)
            if lead is not None and not self.gaz.candidates(doc[first:end].text):
                # "the Turkish Embassy", "French Interior Minister", "Egyptian-US relations": a nationality word that
                # begins a longer name is a toponym of its own ("American Samoa" is a place, whole); what follows a
                # hyphen is another ("US"), the rest of a body's name is not
                found = [_Candidate(first, lead, doc[first:lead].text, context=True, kind="demonym", role="demonym")]
                if doc[lead].text in ("-", "–") and lead + 1 < end:
                    found += self._match(doc, lead + 1, end)
                return found
        country = self._country(doc, start, end)
        if country is not None:
            return [country]
        following = _after_name(doc, end)
        named = [*range(start, end), *([following] if following < len(doc) and doc[following].is_title else [])]
        body = [k for k in named if doc[k].lower_ in self.organisation_words]
        if body and not (body[-1] < end and self._is_area(doc[start:end].text)):
            # a body's name, unless the run is a division's own name ("the West Bank"; not 'the "Canada" Group')
            return self._named_body(doc, start, end) if self.demonyms_as_toponyms else []
        if doc[end - 1].lower_ in self.site_words:
            return []  # "the Refractory Plant", "the Toretska Mine": a site in a place, not the place
        if following < len(doc) and doc[following].like_num and not doc[end - 1].whitespace_.count("\n") \
                and not (doc[following].dep_ == "nummod" and doc[following].head.i > following
                         and doc[following].head.tag_ == "NNS"):
            # "Highway 61", "Route 9", "District 2": a road or a unit with a number, not a place; a count of
            # something else goes on ("shelled Kherson 35 times")
            return []
        if self._names_equipment(doc, following):
            return []  # "Osa air defense systems", "the Sparta cargo ship": a weapon or vessel named after a place
        i = start
        while i < end and ((doc[i].is_stop and not doc[i].is_upper) or doc[i].lower_ in self.preps
                           or doc[i].lower_ in self.not_places
                           or (doc[i].is_sent_start and doc[i].pos_ not in ("PROPN", "X"))):
            if doc[i].lower_ in self.not_places and not doc[i].is_stop and i + 1 < end and (
                    doc[i].lower_ in self.name_starts or self.gaz.candidates(doc[i:end].text)
                    or not self.gaz.candidates(doc[i + 1:end].text)):
                break  # "Nova Kruhlyakivka": a word that is never a place alone can begin a name
            i += 1  # "The Huliaipole direction", "Near Pokrovsk"
        if start < i < end and doc[i].is_punct:
            return []  # "Trans-Balkan", "Pan-European": a prefix makes the name an adjective, not a place
        if end - i >= 2 and doc[i].lower_ in self.compass and not self.gaz.candidates(doc[i:end].text) \
                and self.gaz.candidates(doc[i + 1:end].text):
            i += 1  # "Northeast Texas", "South Philadelphia": a part of a known place, named by its compass word
        kind: str | None = None
        whole_town = any(p.feature_class == "P" for p in self.gaz.candidates(doc[i:end].text))
        for k in range(i + 1, end):  # "Kursk Oblast", "Kharkiv City": the name ends at the place noun
            if doc[k].lower_ in self.nouns and not whole_town:  # but "Kansas City" is a city's own name
                if self.nouns[doc[k].lower_] == "raion" and any(
                        p.feature_code == "ADM2" for p in self.gaz.candidates(doc[i:k + 1].text)):
                    end = k + 1  # "Laurel County (School District)": the county's own name
                else:
                    end, kind = k, self.nouns[doc[k].lower_]
                break
        if i >= end or not self._plausible(doc[i:end].text):
            return []
        if all(doc[k].ent_type_ == "NORP" and doc[k].pos_ == "ADJ" for k in range(i, end)):
            return []  # "an independent Belarusian monitoring group": a nationality, not a place
        parts = _hyphen_parts(doc, i, end)
        whole = doc[i:end].text
        if len(parts) > 1 and not self.gaz.candidates(whole) \
                and all(self._plausible(doc[a:b].text) and self.gaz.candidates(doc[a:b].text) for a, b in parts):
            found = [_Candidate(a, b, doc[a:b].text) for a, b in parts]
        elif end - i - sum(doc[k].text == "-" and (doc[k - 1].is_lower or doc[k + 1].is_lower)
                           for k in range(i + 1, end - 1)) > MAX_NAME_TOKENS:  # a particle's hyphens: "Rostov-on-Don"
            return []
        else:
            known = bool(self.gaz.candidates(whole)) or (len(whole) >= 5 and bool(self.gaz.fuzzy_candidates(whole)))
            found = [_Candidate(i, end, whole, known=known)]
        if kind is not None:
            for c in found:
                c.kind, c.context = kind, True
        return found

    def _plausible(self, text: str) -> bool:
        low = text.lower()
        if low in self.not_places or low in self.compass or self.demonyms.match(text):
            return False  # "the West", "the East" are blocs and regions of speech, not gazetteer places
        if (text.isupper() and len(text) <= 4) or text.endswith("."):
            # acronyms and abbreviations ("MoD", "ZSU", "Gov.") are places only as a country's or region's short
            # name ("US", "U.K.", "W.Va.")
            return self._is_area(text)
        return True

    def _surnames(self, doc: Doc) -> set[str]:
        """Last names of the people a report names in full ("Mikheil Saakashvili", "Sheriff Bill Jones").

        One sense per discourse: the same word alone later is that person, though a town somewhere bears it.
        """
        names = set()
        for ent in doc.ents:
            # at a sentence's start the model calls headings people too: there the first name must be no place
            if ent.label_ == "PERSON" and len(ent) >= 2 and ent[-1].is_title \
                    and (not ent[0].is_sent_start or not self.gaz.candidates(ent[0].text)) \
                    and not self.gaz.candidates(ent.text) and not self._is_area(ent[-1].text):
                names.add(ent[-1].text)
        return names

    def _unknown_not_place(self, doc: Doc, c: _Candidate, source: str) -> bool:
        """A name the gazetteer lacks is kept as a place (a village it misses) unless the text says it is something
        else: a nationality's people or kit ("Ukrainian POWs", "Ukrainian EW"), a body that reports ("train
        operator Ukrzaliznytsia reported") or acts on something ("Ukrzaliznytsia restored operations"), a title
        in italics ("_Mediazona_"), an adjective ("Soviet-era"), a route's own name ("the TurkStream pipeline"),
        or the tail of a longer name ("the Time of Heroes program")."""
        if self.gaz.candidates(c.text):
            return False
        first, last = doc[c.start], doc[c.end - 1]
        if self.gaz.demonym(first.text) is not None or (first.ent_type_ == "NORP" and first.pos_ == "ADJ"):
            return True
        speaker = last.head if last.dep_ == "appos" else last  # "train operator Ukrzaliznytsia reported"
        if (speaker.dep_ == "nsubj" and speaker.head.lemma_.lower() in self.reporting) or \
                (c.end < len(doc) and _possessive(doc[c.end])):
            return True
        if speaker.dep_ == "nsubj" and speaker.head.pos_ == "VERB" \
                and any(child.dep_ == "dobj" for child in speaker.head.children):
            return True  # "Ukrzaliznytsia has since restored operations": a body that acts on something
        told = speaker.dep_ in ("dobj", "dative") and speaker.head.lemma_.lower() in self.reporting  # "told a paper, X"
        if _listener(last, self.reporting) or told:
            return True  # "a Ukrainian officer told Reuters", "speaking to Hromadske": who was told, not where
        start, end = first.idx, last.idx + len(last.text)
        if start > 0 and end < len(source) and source[start - 1] == source[end] and source[end] in "_*":
            return True  # Markdown emphasis: the title of a paper or outlet
        after = doc[c.end] if c.end < len(doc) else None
        if after is not None and after.text == "-" and c.end + 1 < len(doc) and doc[c.end + 1].is_lower:
            return True  # "Soviet-era", "Kremlin-backed"
        if after is not None and after.lower_ in self.locators.routes and "-" not in c.text:
            return True  # "the TurkStream pipeline": the route's own name ("the A-B road" names its ends)
        k = c.start - 1
        if k > 0 and doc[k].lower_ == "the":
            k -= 1
        return k > 0 and doc[k].lower_ == "of" and doc[k - 1].is_title and not doc[k - 1].is_sent_start

    def _equipment_names(self, doc: Doc) -> set[str]:
        """Names the report gives a weapon or vessel ("FP-5 Flamingo missiles"), whole and by their last word.

        One sense per discourse: "the Flamingo" later in that report is the missile, though a town bears the name.
        """
        names = set()
        for sent in doc.sents:
            for start, end in _runs(sent, self.name_particles, self.joined_particles):
                # "Russian drones", "Ukrainian-made missiles": a nationality word says whose, not what
                if doc[end - 1].pos_ == "PROPN" and self._names_equipment(doc, _after_name(doc, end)) \
                        and not self._demonym(doc, end - 1, end):
                    names.update({doc[start:end].text, doc[end - 1].text})
        return names

    def _names_equipment(self, doc: Doc, at: int) -> bool:
        """Do up to three lower-case words from `at` end in an equipment word ("air defense systems")?

        A site that makes or keeps the equipment is a site in that place: "the Votkinsk missile factory".
        """
        for k in range(at, min(at + 4, len(doc))):
            tok = doc[k]
            if not tok.is_lower or tok.pos_ not in ("NOUN", "ADJ", "PROPN"):
                return False
            if tok.lemma_ in self.equipment_words or tok.lower_ in self.equipment_words:
                return not self._names_site(doc, k + 1)
        return False

    def _names_site(self, doc: Doc, at: int) -> bool:
        """Do up to three lower-case nouns from `at` end in a site word ("production plant", "repair works")?

        A road is not a site in the place it is named after: "the Uspenivka road" leads there.
        """
        for k in range(at, min(at + 3, len(doc))):
            tok = doc[k]
            if not tok.is_lower or tok.pos_ not in ("NOUN", "ADJ") or tok.lower_ in self.locators.routes:
                return False
            if tok.lower_ in self.site_words or tok.lemma_ in self.site_words:
                return True
        return False

    def _demonym(self, doc: Doc, start: int, end: int) -> bool:
        """"Russian", "Palestinians": a nationality word that names a country (the gazetteer indexes them)."""
        return self.gaz.demonym(doc[start:end].text) is not None

    def _named_body(self, doc: Doc, start: int, end: int) -> list[_Candidate]:
        """The place a body is named after ("the *Texas* Fire Service", "the *U.S.* Department of Education"), as
        geoparsing corpora count it: a toponym of role "organisation", never a place a claim is about."""
        first = next((k for k in range(start, end) if not doc[k].is_stop), end)
        body = next((k for k in range(first, end) if doc[k].lower_ in self.organisation_words), end)
        word = doc[first].lower_ if first < end else ""
        if first < end and self._demonym(doc, first, first + 1):  # "The Canadian Press": whose body, as a toponym
            return [_Candidate(first, first + 1, doc[first].text, context=True, kind="demonym", role="demonym")]
        if word in self.compass or word.removesuffix("ern") in self.compass or doc[first].pos_ == "ADJ" \
                or word in self.not_places or doc[first].ent_type_ == "PERSON" or word in self.equipment_words:
            return []  # "the West Side Community Center", "the Federal Reserve", "the 68th Tank Regiment": no place
        for j in range(min(body, first + MAX_NAME_TOKENS), first, -1):
            text = doc[first:j].text
            places = self.gaz.candidates(text)
            # a town by its own name, not one of its other names: "the Rapid Support Forces" is no body of Rapid City
            if any(p.feature_code in AREA_CODES or ((p.population or 0) >= BODY_TOWN_POPULATION
                                                    and _own_name(p.name, text)) for p in places):
                return [_Candidate(first, j, text, context=True, role="organisation")]
        return []

    def _is_city(self, text: str) -> bool:
        """Is this the name of a city of 100,000 or more and of its division ("Odesa", "Kharkiv", "Kursk"), not of a
        country ("Armenia" is also a city in Colombia)?"""
        cands = self.gaz.candidates(text)
        return any(p.feature_class == "P" and p.population >= 100_000 for p in cands) \
            and not any(p.feature_code == "PCLI" for p in cands)

    def _is_country(self, text: str) -> bool:
        """Is this a country's name and no first-order division's ("Belgium", not "Georgia" or "Kursk")?"""
        cands = self.gaz.candidates(text)
        return any(p.feature_code == "PCLI" for p in cands) and not any(p.feature_code == "ADM1" for p in cands)

    def _has_region(self, text: str) -> bool:
        """Is this a first-order division's name, and no country's ("Belgorod", "New York"; not "Georgia")?"""
        cands = self.gaz.candidates(text)
        return any(p.feature_code == "ADM1" for p in cands) and not any(p.feature_code == "PCLI" for p in cands)

    def _is_area(self, text: str) -> bool:
        """Is this a name of a country, first-order division or continent ("Texas", "U.S.", "Europe")?"""
        return any(p.feature_code in AREA_CODES for p in self.gaz.candidates(text))

    def _context(self, doc: Doc, cand: _Candidate, sent: Span) -> None:
        """Mark a candidate as a place by the words around it, and say what kind of place."""
        # "within northern Toretsk", "in western Zaporizhia Oblast": the word of location before the adjective
        k = _back(cand.start, sent, lambda t: t.is_space or (t.pos_ == "ADJ" and t.lower_ not in self.preps))
        before = doc[k] if k >= sent.start and k < cand.start else None
        before2 = doc[k - 1] if before is not None and k - 1 >= sent.start else None
        after = doc[cand.end] if cand.end < sent.end else None
        if before is not None and before.lower_ == "the" and before2 is not None:
            before, before2 = before2, doc[k - 2] if k - 2 >= sent.start else None
        head = doc[cand.end - 1]
        verb_at = _back(cand.start, sent, lambda t: t.is_quote or t.is_space)  # 'had "liberated" Dachne'
        previous = doc[verb_at] if sent.start <= verb_at < cand.start else None
        if (head.dep_ in ("dobj", "nsubjpass", "nsubj", "conj") and self._event_word(head, cand.text)) or (
                previous is not None and previous.pos_ == "VERB" and previous.lemma_ in self.event_lemmas):
            cand.context = True  # "seized Terny", "Kupyansk was retaken"
        if head.dep_ == "nsubj" and head.head.lemma_ in ("come", "fall", "remain") and self.gaz.candidates(cand.text) \
                and any(c.dep_ == "prep" and c.lower_ == "under" for c in head.head.children):
            cand.context = True  # "Kyiv came under a missile attack" ("Olsen came under criticism": no place)
        if before is not None and before.lower_ == "on" and before2 is not None and before2.pos_ == "NOUN" \
                and before2.lemma_.lower() in self.event_lemmas:
            cand.context, cand.relation = True, "on"  # "an attack on Lyman", "the assault on Bakhmut"
        if before is not None and before.lower_ in self.preps:
            cand.context, cand.relation = True, before.lower_
            # "advanced west of Lozova": the compass word, for what the place is to the claim (the place the report
            # measures from, not where it happened: the status policy's `beside` rule)
            compass = self.locators.direction_of(doc, doc[cand.start])
            cand.relation = compass.replace("-", "") if compass else cand.relation  # "north-east": "northeast"
            # "the region of Kursk" names a region; "Helmand province of Afghanistan" a country holding a province
            named_noun = before2 is not None and before2.i - 1 >= sent.start and doc[before2.i - 1].is_title \
                and not doc[before2.i - 1].is_sent_start
            if before.lower_ == "of" and before2 is not None and before2.lower_ in self.nouns and not named_noun \
                    and not self._is_country(cand.text):  # "a region of Belgium" lies in Belgium
                cand.kind = self.nouns[before2.lower_]
        if after is not None and after.lower_ in self.nouns:
            cand.context = True
            if cand.role != "demonym":  # "Canadian cities" are cities of Canada, not a city called "Canadian"
                cand.kind = self.nouns[after.lower_]
        if after is not None and after.lower_ in self.region_offices and cand.role != "demonym" \
                and cand.kind == "settlement" and self._has_region(cand.text):
            # "Belgorod Governor Vyacheslav Gladkov", "New York Gov. Mario Cuomo", "the Quebec government": the
            # office is the region's, not the city's of that name ("Georgia's government" is the country's)
            cand.context, cand.kind = True, "region"
        if before is not None and before.lower_ == "as" and before2 is not None and before2.lower_ == "such":
            cand.context = True  # "regions such as Donetsk"
            third = doc[cand.start - 3] if cand.start - 2 > sent.start else None
            if third is not None and third.lower_ in self.nouns:
                cand.kind = self.nouns[third.lower_]
        if doc[cand.start].ent_type_ in ("GPE", "LOC", "FAC") or (cand.known and self.locators.is_route(doc, head)):
            cand.context = True  # "the Pokrovsk-Mezhova road": places that name a road
        if cand.known and self.locators.is_line(doc, head):
            # "along the Kurakhove-Dachne line": the places it runs through, as loosely as a direction names its
            # town ("the Kupyansk-Svatove-Kreminna line" is a whole sector)
            cand.context, cand.kind = True, "direction"
            series = _back(cand.start, sent, lambda t: t.text in ("-", "–") or t.is_title)
            word = doc[series] if series >= sent.start and series < cand.start else None
            if word is not None and word.lower_ == "the" and series - 1 >= sent.start:
                word = doc[series - 1]
            if word is not None and word.pos_ == "ADP":
                cand.relation = word.lower_
        if self._names_site(doc, cand.end) and not doc[cand.start].is_upper and self.gaz.candidates(cand.text):
            cand.context = True  # "the Votkinsk missile factory", "the Saratov refinery": a site in a known place
        if before is not None and before.lower_ == "of" and before2 is not None \
                and before2.lower_ in self.organisation_words and not self._is_area(cand.text) \
                and not (before2.is_lower and before2.lower_ in self.nouns):  # "the centre of Toretsk": a part
            cand.context = False  # "Department of Health", "Ministry of Justice": the end of a body's name
            return
        if cand.role in ("demonym", "organisation"):
            return
        said_after = doc[cand.start - 1] if cand.start - 1 >= sent.start else None
        if said_after is not None and said_after.lemma_.lower() in self.report_nouns and after is not None \
                and after.lemma_.lower() in self.speech_verbs:
            # "a claim Kyiv rejects", "the statement Moscow issued": who answers the claim, not where
            cand.context, cand.role = cand.known and bool(self.gaz.candidates(cand.text)), "actor"
            return
        if before is not None and before.lower_ == "by" and before2 is not None \
                and before2.lemma_.lower() in self.report_nouns:
            cand.role = "actor"  # "contrary to claims by Moscow": whose claims, not where
            return
        if before is not None and before.lower_ == "to" and before2 is not None and before2.lower_ == "according":
            # "according to DeepState", "according to Ukraine": who says so, not where
            cand.context, cand.role = cand.known and bool(self.gaz.candidates(cand.text)), "actor"
            return
        if cand.relation == "by" and before is not None and before.dep_ == "agent" and head.dep_ == "pobj" \
                and head.head.i == before.i and not self._is_area(cand.text):
            # "seconded by Eddie Jones": who did it, not where ("arrested by Danbury police" still names Danbury)
            cand.context = False
            return
        label = doc[cand.start].ent_type_
        # the small model also calls villages after "near" DATE or EVENT ("near Zelene"): only without a
        # word of location is the label trusted
        if cand.relation is None and label in NOT_PLACE_ENTITIES and not self._is_area(cand.text):
            cand.context = False  # "on Christmas", "St. Patrick's Day", "Hamas" supporters: a date, event or group
            return
        if before is not None and before.lower_.rstrip(".") in self.person_titles and label == "PERSON":
            cand.context = False  # "President Obama", "Sheriff Jones": a person with a title
            return
        if after is not None and after.lower_ == "of" and cand.end + 1 < sent.end and doc[cand.end + 1].is_title \
                and cand.end - cand.start == 1 and not self._is_area(cand.text):
            cand.context = False  # "Time of Heroes", "House of Culture": the head of a longer name
            return
        if self._is_area(cand.text):
            # a country or region is one wherever it stands ("talks with Cuba", "Texas voters"); as an actor or an
            # owner ("Russia struck", "Ukraine's salient") it is still a toponym, but no claim is about it
            cand.context = True
            # "Odesa's port" is in Odesa, the city; "Moscow's forces" are Russia's, wherever they are
            owner_city = head.i + 1 < len(doc) and _possessive(doc[head.i + 1]) and self._is_city(cand.text) \
                and head.head.lemma_.lower() not in self.actor_nouns
            if _acts_or_owns(head) and not owner_city:
                cand.role = "actor"

    def _event_word(self, tok: Token, name: str = "") -> bool:
        """Is the name an argument of an event trigger ("seized Terny"), through a list if need be?"""
        node = tok
        while node.dep_ == "conj" and node.head.i != node.i:
            node = node.head
        if node.dep_ == "nsubj":  # "Vuhledar fell": the subject is the place (a name the gazetteer has: not "Debris")
            return node.head.lemma_ in self.subject_event_lemmas and bool(self.gaz.candidates(name))
        return node.dep_ in ("dobj", "nsubjpass") and node.head.lemma_ in self.event_lemmas  # a subject acts

    def _lists(self, doc: Doc, cands: list[_Candidate]) -> list[list[_Candidate]]:
        """Group candidates joined only by commas, "and", "as well as": a list shares its context."""
        groups: list[list[_Candidate]] = []
        for cand in cands:
            if groups:
                prev = groups[-1][-1]
                glue = doc[prev.end:cand.start]
                # "The mayor of Kharkiv, Ihor Terekhov, said": the office's holder, not a second place
                holder = not cand.known and prev.relation == "of" and prev.start >= 2 \
                    and doc[prev.start - 2].lower_.rstrip(".") in self.person_titles
                if len(glue) <= 4 and all(t.lower_ in _LIST_GLUE or t.is_space for t in glue) and not holder:
                    groups[-1].append(cand)
                    continue
            groups.append([cand])
        return groups

    def find(self, doc: Doc, prose: set[int] | None = None, sents: list[Span] | None = None,
             asides: Sequence[tuple[int, int, str]] = (), source: str | None = None) -> list[PlaceMention]:
        """Place mentions of a parsed document, in text order; `prose` limits it to those sentences.

        `asides` are (start, end, text) of the parentheses the parser did not read; their locators'
        anchors become mentions with role "locator". `source` is the text before its markup was blanked (same
        length), where emphasis still shows ("_Mediazona_").
        """
        text = doc.text  # built afresh on each access: once per document
        source = source if source is not None and len(source) == len(text) else text
        actor_spans = sorted(self.profile.actor_spans(text), key=lambda a: a[0])
        actor_starts = [a[0] for a in actor_spans]
        surnames = self._surnames(doc)
        equipment = self._equipment_names(doc)
        # one sense per report: where it names "the Dnipro River", "the Dnipro direction" runs along the river
        rivers = {m.group(1).lower() for m in _RIVER.finditer(text)}
        mentions: list[PlaceMention] = []
        last_region: str | None = None
        for s_idx, sent in enumerate(sents if sents is not None else doc.sents):
            if prose is not None and s_idx not in prose:
                continue
            cands: list[_Candidate] = []
            for start, end in _runs(sent, self.name_particles, self.joined_particles):
                cands.extend(self._match(doc, start, end))
            nearby = actor_spans[bisect_left(actor_starts, sent.start_char):bisect_left(actor_starts, sent.end_char)]
            # "Russian officials" names an actor; as a geoparser's toponym its nationality word still counts
            cands = [c for c in cands if c.role == "demonym" or not _inside_actor(doc, c, nearby)]
            for c in cands:
                self._context(doc, c, sent)
                if c.text in surnames and c.relation not in LOCATIVE and c.role == "place":
                    c.context = False  # "Saakashvili said", "Jones": the person named in full elsewhere
                if c.text in equipment and c.role == "place" and c.relation in (None, "of") \
                        and not self._is_area(c.text):
                    c.context = False  # "the Flamingo against a target": the missile the report named
                if c.kind == "direction" and c.text.lower() in rivers:
                    c.context = False
            for group in self._lists(doc, cands):
                window = doc[max(sent.start, group[0].start - 6):group[0].start]
                if any(t.lower_ in self.nouns and self.nouns[t.lower_] == "settlement" for t in window):
                    for c in group:  # "two villages within the region, Zaporizke and Novohryhorivka"
                        c.context = True
                if not any(c.context and c.role == "place" and (c.known or c.relation) for c in group):
                    continue  # "near A, B and C" makes all three places; nothing here does
                after = doc[group[-1].end] if group[-1].end < sent.end else None
                if after is not None and after.lemma_.lower() in self.site_words and after.lower_ != after.lemma_:
                    for c in group:  # "along Murmanska and Korolenka streets": the names of sites
                        c.context = False
                    continue
                plural_kind = self.nouns.get(after.lower_) if after is not None and after.lower_.endswith("s") else None
                lead_kind = next((c.kind for c in group if c.relation == "of" and c.kind != "settlement"), None)
                for c in group:
                    c.context = True
                    if c.kind == "settlement" and len(group) > 1:
                        c.kind = plural_kind or lead_kind or c.kind
            # after the lists have shared their context: "to Europe — the TurkStream pipeline" is no list of places
            sent_mentions = [self._mention(doc, text, c, s_idx) for c in cands if c.context
                             and not (c.role == "place" and self._unknown_not_place(doc, c, source))]
            for m in sent_mentions:
                if m.role == "place" and _in_dateline(source, m.span.start):
                    m.role = "dateline"  # "KYIV, March 3 (Reuters) -": where the story was filed, not where it happened
            sent_mentions += self._anaphora(sent, text, s_idx)
            sent_mentions += self._settlement_anaphora(doc, sent, text, s_idx, mentions, sent_mentions)
            sent_mentions.sort(key=lambda m: m.span.start)
            self._mark_within(text, sent_mentions)
            for m in sent_mentions:  # anaphora points at the last region named before it
                if m.relation == "anaphora" and m.kind == "region":
                    m.region_scope = (last_region,) if last_region else ()
                elif m.kind == "region":
                    last_region = m.span.text
            in_sentence = [m for m in sent_mentions if m.kind == "region"]
            reach = {id(region): _region_reach(doc, region, sent_mentions) for region in in_sentence}
            for m in sent_mentions:
                if m.kind != "region":
                    # "struck the city of Zaporizhzhia and the Kharkiv region": a region named beside the place,
                    # not around it; "seized Goma and advanced toward Bukavu in South Kivu": around Bukavu only
                    m.region_scope = tuple(dict.fromkeys(
                        r for region in in_sentence if not _coordinated(doc, m, region)
                        and _within(m, reach[id(region)])
                        for r in ((region.span.text,) if region.relation != "anaphora" else region.region_scope)))
            mentions.extend(m for m in sent_mentions if m.relation != "anaphora" or m.region_scope
                            or m.refers_to is not None)
        mentions.sort(key=lambda m: m.span.start)
        _one_sense_per_discourse(mentions, text, self.settlement_nouns, self.region_offices)
        self.locators.attach(doc, mentions)
        anchors = self.locators.aside_anchors(doc, asides, mentions)
        if anchors:
            mentions = sorted(mentions + [a for a in anchors if prose is None or a.sentence in prose],
                              key=lambda m: m.span.start)
        return mentions

    def _mark_within(self, text: str, mentions: list[PlaceMention]) -> None:
        """"Paris, Texas", "Athens, Ga.", "Tbilisi, Georgia", "Redding, northern California": a town followed by a
        comma and the name of a country or division lies in it; not when the area starts a list ("Kharkiv, Sumy,
        Odesa")."""
        for i, (m, area) in enumerate(itertools.pairwise(mentions)):
            after = mentions[i + 2] if i + 2 < len(mentions) else None
            if m.kind not in ("settlement", "near") or m.role not in ("place", "dateline") \
                    or not any(p.feature_class == "P" for p in self.gaz.candidates(m.span.text)):
                continue
            gap = text[m.span.end:area.span.start].split()
            # "Redding, northern California": a part of the area named by its compass word
            if not gap or gap[0] != "," or any(w.lower().removesuffix("ern") not in self.compass and
                                               w.lower() != "central" for w in gap[1:]) \
                    or not self._is_area(area.span.text):
                continue
            if after is not None and text[area.span.end:after.span.start].strip() == ",":
                continue  # "Kharkiv, Sumy, Odesa": a list, not a town and where it lies
            m.within = area.span.text

    def _mention(self, doc: Doc, text: str, c: _Candidate, s_idx: int) -> PlaceMention:
        start, end = doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1].text)
        # "the Oskil River", "the Black Sea": a place to geoparse, but nobody holds water (no status)
        kind = "water" if doc[c.end - 1].lower_ in self.water_words else c.kind
        # "US-made missiles", "Kyiv-controlled territory": a toponym that says whose, not where
        role = "actor" if c.role == "place" and _hyphen_modifier(doc, c.end) else c.role
        return PlaceMention(TextSpan(text[start:end], start, end), s_idx, kind=kind, relation=c.relation,
                            role=role)

    def _settlement_anaphora(self, doc: Doc, sent: Span, text: str, s_idx: int, earlier: list[PlaceMention],
                             in_sentence: list[PlaceMention]) -> list[PlaceMention]:
        """"the town" / "the village" point back at the last settlement named in the sentence or the two before it;
        not "the city of Kharkiv" (a name follows) and not where none was named."""
        out = []
        low = text[sent.start_char:sent.end_char].lower()
        named = sorted([*earlier, *in_sentence], key=lambda m: m.span.start)
        for phrase in self.settlement_anaphora:
            for found in re.finditer(rf"\b{re.escape(phrase)}\b", low):
                start = sent.start_char + found.start()
                end = start + len(phrase)
                rest = text[end:sent.end_char].lstrip()
                if rest.lower().startswith("of ") or rest[:1].isupper() or rest.startswith(("-", "–")):
                    continue  # "the city of Kharkiv", "the village Vovche", "the town-forming plant"
                noun = doc.char_span(end - len(phrase.split()[-1]), end)
                if noun is not None and noun.root.dep_ == "compound":
                    continue  # "the city council", "the village head": a body or person of the place
                target = _antecedent(named, s_idx, start)
                if target is not None:
                    out.append(PlaceMention(TextSpan(text[start:end], start, end), s_idx, relation="anaphora",
                                            refers_to=target.span.start))
        return out

    def _anaphora(self, sent: Span, text: str, s_idx: int) -> list[PlaceMention]:
        """"the region" / "the regional border" point back at the last region the report named."""
        out = []
        low = text[sent.start_char:sent.end_char].lower()
        for phrase in self.anaphora:
            for m in re.finditer(rf"\b{re.escape(phrase)}\b", low):
                start = sent.start_char + m.start()
                end = start + len(phrase)
                out.append(PlaceMention(TextSpan(text[start:end], start, end), s_idx, kind="region",
                                        relation="anaphora"))
        return out


def _antecedent(earlier: list[PlaceMention], s_idx: int, before: int) -> PlaceMention | None:
    """The last settlement named before a position, in its sentence or the two before it."""
    for m in reversed(earlier):
        if m.span.start >= before:
            continue
        if m.sentence < s_idx - 2:
            return None
        if m.kind == "settlement" and m.role == "place" and m.relation != "anaphora":
            return m
    return None


def _listener(tok: Token, reporting: set[str]) -> bool:
    """Is a name who is told something ("told Reuters", "said in an interview with Suspilne", "speaking to the
    BBC")?"""
    if tok.dep_ in ("dobj", "dative") and tok.head.lemma_.lower() in reporting:
        return True
    prep = tok.head if tok.dep_ == "pobj" else None
    if prep is None or prep.lower_ not in ("to", "with"):
        return False
    governor = prep.head
    return governor.lemma_.lower() in reporting | {"speak", "talk", "interview"}


def _possessive(tok: Token) -> bool:
    return tok.tag_ == "POS" or tok.lower_ in ("'s", "’s", "'", "’")


# A news dateline at the start of a line: "KYIV, March 3 (Reuters) -", "Kyiv, Ukraine (AP) —", "MOSCOW —": a city
# in capitals, or any place followed by a news agency in brackets, then a dash
_PLACE_DATE = r"(?:,[ \t]*[A-Z][\w.]*(?:[ \t]+\d{1,2})?)*"  # ", Ukraine", ", March 3"
_DATELINE = re.compile(rf"[ \t]*(?:[A-Z][A-Z'.-]+(?:[ \t]+[A-Z][A-Z'.-]+)*{_PLACE_DATE}[ \t]*(?:\([^()\n]{{1,40}}\))?"
                       rf"|[A-Z][\w'.-]*(?:[ \t]+[A-Z][\w'.-]*)*{_PLACE_DATE}[ \t]*\([^()\n]{{1,40}}\))"
                       r"[ \t]*[-\u2013\u2014]{1,2}[ \t]")


def _in_dateline(text: str, start: int) -> bool:
    """Does a name at `start` stand in a news dateline at the start of its line?"""
    line = text.rfind("\n", 0, start) + 1
    found = _DATELINE.match(text, line)
    return found is not None and start < found.end()


def _nominal_head(doc: Doc, mention: PlaceMention) -> Token | None:
    """The noun a name stands in ("the city of *Zaporizhzhia*" -> city, "the *Kharkiv* region" -> region)."""
    span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tok = span.root
    # up through "of" only: "Pishchane in Kharkiv Oblast" is no noun the region stands in
    while tok.head.i != tok.i and (tok.dep_ in ("compound", "nmod", "amod") or (
            tok.dep_ == "pobj" and tok.head.lower_ == "of") or (tok.dep_ == "prep" and tok.lower_ == "of")):
        tok = tok.head
    return tok


def _region_reach(doc: Doc, region: PlaceMention, mentions: Sequence[PlaceMention]) -> set[int] | None:
    """The starts of the names a region is said to hold, where the sentence says ("Bukavu in South Kivu province";
    "advanced toward Bukavu in South Kivu" but not "seized Goma and" before it); None: every name of the sentence."""
    span = doc.char_span(region.span.start, region.span.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    root = span.root
    while root.dep_ == "compound" and root.head.i != root.i:  # "South Kivu province", "the Kharkiv region"
        root = root.head
    if root.dep_ != "pobj" or root.head.lower_ not in ("in", "of") or root.head.dep_ != "prep":
        return None
    head = root.head.head
    places = [m for m in mentions if m.kind != "region"]
    held = next((m for m in places if m.span.start <= head.idx < m.span.end), None)
    if held is not None:
        return {m.span.start for m in places if _listed_with(doc, m, held)}
    if head.pos_ not in ("VERB", "AUX"):
        return None
    # every name but those of another clause joined to the region's by "and": the rest of the sentence still sets
    # the scene ("a brigade operating in Kursk Oblast indicates that Russian forces seized A")
    apart = {t.i for clause in _joined_clauses(head) if clause.i != head.i for t in _own_clause(clause)}
    return {m.span.start for m in places if not any(m.span.start <= doc[i].idx < m.span.end for i in apart)}


def _within(m: PlaceMention, reach: set[int] | None) -> bool:
    """Is the name among those a region holds (None: it holds the whole sentence)?"""
    return reach is None or m.span.start in reach


def _joined_clauses(verb: Token) -> list[Token]:
    """The verbs of the clauses joined by "and" with this one ("seized Goma and advanced toward Bukavu"), itself
    included."""
    first = verb
    while first.dep_ == "conj" and first.head.i != first.i and first.head.pos_ in ("VERB", "AUX"):
        first = first.head
    clauses = [first]
    for v in clauses:
        clauses.extend(k for k in v.children if k.dep_ == "conj" and k.pos_ in ("VERB", "AUX"))
    return clauses


def _own_clause(verb: Token) -> list[Token]:
    """A verb's clause without the clauses joined to it."""
    joined = {t.i for k in verb.children if k.dep_ == "conj" and k.pos_ in ("VERB", "AUX") for t in k.subtree}
    return [t for t in verb.subtree if t.i not in joined]


def _listed_with(doc: Doc, a: PlaceMention, b: PlaceMention) -> bool:
    """Is `a` the name `b` or in one list with it ("A, B and C in Kharkiv Oblast")?"""
    if a is b or a.span.start == b.span.start:
        return True
    def top(m: PlaceMention) -> int | None:
        span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        tok = span.root
        while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
            tok = tok.head
        return tok.i
    x = top(a)
    return x is not None and x == top(b)


def _coordinated(doc: Doc, a: PlaceMention, b: PlaceMention) -> bool:
    """Are two names joined by "and"/"or" as two things ("the city of X and the Y region")?"""
    def heads(m: PlaceMention) -> set[Token]:
        # the noun the name stands in, and the name itself: "the city of X and the Y region" joins "region" to
        # "city" in one parse and to "X" in another
        span = doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
        tok = span.root if span is not None and len(span) else None
        while tok is not None and tok.dep_ == "compound" and tok.head.i != tok.i:
            tok = tok.head
        return {t for t in (_nominal_head(doc, m), tok) if t is not None}

    first, second = (a, b) if a.span.start < b.span.start else (b, a)
    if not doc.text[first.span.end:second.span.start].strip(" ,") and "," in doc.text[first.span.end:second.span.start]:
        return False  # "Millerovo, Rostov Oblast": a town and the division it lies in
    xs, ys = heads(a), heads(b)
    if {x.i for x in xs} & {y.i for y in ys}:
        return False
    return any((y.dep_ == "conj" and y.head.i == x.i) or (x.dep_ == "conj" and x.head.i == y.i)
               for x in xs for y in ys)


def _hyphen_modifier(doc: Doc, end: int) -> bool:
    """Does a name end in a hyphen and a lower-case word ("US-made", "UK-supplied", "Kherson-based")? Then it
    qualifies a thing and names no place of the event; "Kupyansk-Vuzlovyi" and "the Pokrovsk-Mezhova road" go on
    with a capital."""
    if end + 1 >= len(doc) or doc[end - 1].whitespace_:
        return False
    hyphen, word = doc[end], doc[end + 1]
    return hyphen.text == "-" and not hyphen.whitespace_ and word.is_alpha and word.is_lower


def _acts_or_owns(tok: Token) -> bool:
    """"Russia struck ...", "Ukraine's salient": the name is an actor or an owner here, not the place."""
    following = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if following is not None and _possessive(following):
        return True
    while tok.dep_ == "conj" and tok.head.i != tok.i:  # "Russia and Iran signed ..."
        tok = tok.head
    under = any(c.dep_ == "prep" and c.lower_ == "under" for c in tok.head.children)  # "Kyiv came under attack"
    return tok.dep_ == "nsubj" and tok.head.pos_ == "VERB" and tok.head.lemma_ != "be" and not under


def _back(index: int, sent: Span, skip: Callable[[Token], bool]) -> int:
    """The index of the nearest token before `index` in the sentence that `skip` does not pass over."""
    k = index - 1
    while k > sent.start and skip(sent.doc[k]):
        k -= 1
    return k


def _hyphen_parts(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Token ranges between the hyphens of a run: "Malynivka-Vodyane Druhe-Baranivka" -> three parts."""
    parts, begin = [], start
    for k in range(start, end):
        if doc[k].text in ("-", "–"):
            if k > begin:
                parts.append((begin, k))
            begin = k + 1
    if end > begin:
        parts.append((begin, end))
    return parts


def _inside_actor(doc: Doc, c: _Candidate, spans: Sequence[tuple[int, int, object]]) -> bool:
    """"Dnipro" in "the Dnipro Operational-Strategic Group of Troops" names a unit, not the city; "the
    Ukrainian General Staff" is a speaker. A capital that stands for its government ("Kyiv") is still a place."""
    start, end = doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1].text)
    return any(s <= start and end <= e and ((e - s) > (end - start) or getattr(actor, "kind", "") != "government")
               for s, e, actor in spans)


def _one_sense_per_discourse(mentions: list[PlaceMention], text: str, settlement_nouns: set[str],
                             offices: Collection[str] = ()) -> None:
    """A name used as a region once in a report is that region throughout it ("Dnipropetrovsk"), unless a mention
    says it is the town ("Chernihiv City"). A region's office ("Belgorod Governor") names the region only there:
    "a drone struck a car in Belgorod" is still the city."""
    def next_word(m: PlaceMention) -> str:
        following = text[m.span.end:m.span.end + 20].split()
        return following[0].lower() if following else ""

    regions = {m.span.text.lower() for m in mentions if m.kind == "region" and m.relation != "anaphora"
               and next_word(m).rstrip(",;:") not in offices}
    for m in mentions:
        if m.kind in ("settlement", "near") and m.span.text.lower() in regions \
                and next_word(m).strip(".,;") not in settlement_nouns:
            m.kind = "region"
