"""Golden claims on the bundled sample report (issue #2's list), plus time and edge cases."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from contested.extract.time import find_times, normalise_time
from contested.model import Document

CLI = str(Path(sys.executable).with_name("contested"))


def find(claims, quote, etype, stance="asserts"):
    hits = [c for c in claims if quote in c["evidence"]["text"] and c["event"]["type"] == etype
            and c["stance"] == stance]
    assert hits, f"no {stance} {etype} claim on {quote!r}"
    return hits[0]


def places(claim):
    return {p["text"] for p in claim["places"]}


def test_ukraine_acknowledges_the_russian_advance(sample_claims):
    c = find(sample_claims, "crossed into the eastern industrial region", "ADVANCE")
    assert c["claimant"]["side"] == "UA" and c["claimant"]["kind"] == "military"
    assert c["event"]["agent_side"] == "RU" and c["reporting_verb"] == "acknowledge"
    assert {p["name"] for p in c["places"]} == {"Dnipropetrovsk"}


def test_trehubov_is_ua_military_person_saying_the_advance_was_halted(sample_claims):
    c = find(sample_claims, "their advance had been effectively halted", "REPEL")
    assert c["claimant"] == {"text": c["claimant"]["text"], "name": "Viktor Trehubov", "kind": "person", "side": "UA",
                             "affiliation": "Operational-Strategic Group of Troops"}
    assert "Operational-Strategic Group" in c["claimant"]["text"]
    assert c["event"]["agent_side"] == "UA"


def test_moscow_says_an_offensive_began_in_june(sample_claims):
    c = find(sample_claims, "an offensive had commenced in Dnipropetrovsk", "ATTACK")
    assert (c["claimant"]["name"], c["claimant"]["side"]) == ("Moscow", "RU")
    assert c["time"] == {"text": "back in June", "start": "2025-06-01", "end": "2025-06-30", "granularity": "month"}
    assert "Moscow" not in places(c)  # where the speaker is, not where it happened


def test_hedged_capture_of_the_two_villages(sample_claims):
    c = find(sample_claims, "reportedly occupied two villages", "CAPTURE")
    assert places(c) == {"Zaporizke", "Novohryhorivka"}
    assert c["hedges"] == ["reportedly"] and c["claimant"]["side"] is None
    assert c["event"]["agent_side"] == "RU"


def test_ukrainian_denial_and_assertion_of_control(sample_claims):
    denial = find(sample_claims, "deny these claims", "CAPTURE", stance="denies")
    assert denial["claimant"]["side"] == "UA" and places(denial) == {"Zaporizke", "Novohryhorivka"}
    control = find(sample_claims, "asserting continued control over Zaporizke", "CONTROL")
    assert control["claimant"]["side"] == "UA" and control["event"]["agent_side"] == "UA"
    assert places(control) == {"Zaporizke"}


def test_fighting_near_novohryhorivka_has_no_acting_side(sample_claims):
    c = find(sample_claims, "active combat continues near Novohryhorivka", "FIGHTING")
    assert places(c) == {"Novohryhorivka"} and c["event"]["agent_side"] is None


def test_assaults_on_dnipro_are_the_reports_own_words(sample_claims):
    c = find(sample_claims, "conducted assaults on major cities", "ATTACK")
    assert c["claimant"]["kind"] == "media" and c["claimant"]["name"] == "BBC"
    dnipro = c["places"][0]
    assert dnipro["geonameid"] == 709930 and dnipro["feature_code"] != "ADM1"  # the city, not the oblast


def test_russia_insisted_gains_in_the_region(sample_claims):
    c = find(sample_claims, "its forces have gained ground in the region", "ADVANCE")
    assert c["claimant"]["side"] == "RU" and c["hedges"] == ["insisted"]
    assert [p["name"] for p in c["places"]] == ["Dnipropetrovsk"]  # "the region" points back
    assert c["time"]["granularity"] == "season" and c["time"]["start"] == "2025-06-01"


def test_hypothetical_advance_makes_no_claim(sample_claims):
    assert not [c for c in sample_claims if "would severely impact" in c["evidence"]["text"]]


def test_every_claim_keeps_its_evidence(sample_claims, sample_ledger):
    for c in sample_claims:
        text = sample_ledger.document_text(c["doc_id"])
        ev = c["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["text"]
        for p in c["places"]:
            assert text[p["start"]:p["end"]] == p["text"]


def test_no_attribution_and_no_date_stay_unknown(pipeline):
    doc = Document("Russian troops captured Pokrovsk.", source=None, published=None)
    [claim] = pipeline.process(doc).claims
    assert claim.claimant.kind == "media" and claim.claimant.side is None
    assert claim.time.start is None


def test_negated_event_is_a_denial(pipeline):
    text = "According to the General Staff, no offensive actions by the enemy were recorded near Orikhiv."
    [claim] = pipeline.process(Document(text)).claims
    assert claim.stance == "denies" and claim.event.negated and claim.event.agent_side == "RU"


def test_according_to_carries_to_the_next_sentences(pipeline):
    text = ("According to the General Staff of the Armed Forces of Ukraine, the front line recorded 57 attacks.\n"
            "The enemy attempted to advance 15 times near Pokrovsk.")
    claims = pipeline.process(Document(text)).claims
    assert claims[-1].claimant.side == "UA" and claims[-1].event.agent_side == "RU"


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("earlier this month", date(2025, 8, 21), (date(2025, 8, 1), date(2025, 8, 21), "month")),
    ("throughout the summer", date(2025, 8, 21), (date(2025, 6, 1), date(2025, 8, 21), "season")),
    ("in December", date(2025, 8, 21), (date(2024, 12, 1), date(2024, 12, 31), "month")),
    ("on February 26", date(2026, 2, 27), (date(2026, 2, 26), date(2026, 2, 26), "day")),
    ("yesterday", date(2026, 2, 27), (date(2026, 2, 26), date(2026, 2, 26), "day")),
    ("back in June", None, (None, None, "month")),
])
def test_time_normalisation(text, published, expected):
    t = normalise_time(text, published)
    assert (t.start, t.end, t.granularity) == expected


def test_find_times_in_a_sentence():
    assert [t[2] for t in find_times("Official reports from Moscow back in June indicated")] == ["back in June"]


# --- real reporting in other wordings (#7): each phenomenon on sentences written for the tests ---------------

def read(pipeline, text, published=date(2025, 3, 6), source="Desk"):
    """Claims of one report as export records."""
    return [c.to_record() for c in pipeline.process(Document(text, source=source, published=published)).claims]


def only(claims, etype, stance="asserts"):
    hits = [c for c in claims if c["event"]["type"] == etype and c["stance"] == stance]
    assert len(hits) == 1, f"expected one {stance} {etype}, got {[(c['event'], c['stance']) for c in claims]}"
    return hits[0]


@pytest.mark.parametrize("text, etype, side", [
    ("Russian forces did not advance near Kupiansk on Monday.", "ADVANCE", "RU"),
    ("Ukrainian troops did not conduct any assaults near Pokrovsk.", "ATTACK", "UA"),
])
def test_a_negated_event_is_a_denial(pipeline, text, etype, side):
    c = only(read(pipeline, text), etype, "denies")
    assert c["event"]["negated"] and c["event"]["agent_side"] == side


def test_no_claim_from_a_statement_about_confirmation(pipeline):
    claims = read(pipeline, "Russian forces attacked near Siversk but did not make confirmed advances.")
    assert [(c["event"]["type"], c["stance"]) for c in claims] == [("ATTACK", "asserts")]
    assert read(pipeline, "ISW has not observed confirmation that Russian forces seized Lyman.") == []


def test_refuted_claims_are_kept_as_made_and_as_denied(pipeline):
    claims = read(pipeline, "The Ukrainian General Staff refuted claims that Russian troops seized Kurakhove.")
    denial = only(claims, "CAPTURE", "denies")
    made = only(claims, "CAPTURE", "asserts")
    assert denial["claimant"]["side"] == "UA" and denial["event"]["agent_side"] == "RU"
    assert made["claimant"]["kind"] == "unnamed" and made["hedges"] == ["claims"]
    assert places(made) == places(denial) == {"Kurakhove"}


@pytest.mark.parametrize("text", [
    "Russian forces may attempt to seize Siversk.",
    "Russian troops intend to capture Pokrovsk.",
    "Russian forces likely aim to encircle Kurakhove.",
    "Explosions were reported in occupied Melitopol.",
    "Drones struck a depot in Russian-held Donetsk.",
])
def test_intentions_and_standing_states_are_not_captures(pipeline, text):
    assert not [c for c in read(pipeline, text) if c["event"]["type"] in ("CAPTURE", "CONTROL")]


@pytest.mark.parametrize("text", [
    "Soldiers at an academy in St. Petersburg trained on combat operations coordination software.",
    "Russian forces launched 80 strike drones from Kursk Oblast overnight.",
    "The brigade in Huliaipole received new assault vehicles last week.",
    "Russia aims to expand its combat power in Belgorod Oblast without mobilization.",
])
def test_an_event_word_naming_a_thing_is_no_event(pipeline, text):
    assert not [c for c in read(pipeline, text) if c["event"]["type"] in ("FIGHTING", "ATTACK", "STRIKE")]


@pytest.mark.parametrize("text, etype", [
    ("Russian and Ukrainian forces continued combat operations near Toretsk on January 3.", "FIGHTING"),
    ("Ukrainian forces continued combat engagements near Sudzha.", "FIGHTING"),
    ("Russian forces conducted assault operations near Pokrovsk.", "ATTACK"),
    ("Russian forces continued assaults west of Kurakhove near Dachne.", "ATTACK"),  # parsed "assaults west"
    ("Ukrainian forces repelled a Russian assault south of Siversk.", "REPEL"),
])
def test_an_event_word_before_an_event_noun_is_the_event(pipeline, text, etype):
    assert [c for c in read(pipeline, text) if c["event"]["type"] == etype]


@pytest.mark.parametrize("text, place", [
    ("Police raided the Chelyabinsk airport and summoned migrants who entered Russia illegally.", "Chelyabinsk"),
    ("Officials in Kherson thanked the volunteers who repelled the fire near the port.", "Kherson"),
])
def test_a_place_before_a_relative_clause_is_not_its_events(pipeline, text, place):
    assert not [c for c in read(pipeline, text) if place in places(c)]


def test_a_place_inside_the_relative_clause_is_its_events(pipeline):
    claims = read(pipeline, "Ukraine thanked the brigade that repelled a Russian assault near Kupyansk.")
    assert any("Kupyansk" in places(c) for c in claims if c["event"]["type"] == "REPEL")


def test_a_reporting_clause_after_the_claim_names_the_speaker(pipeline):
    c = only(read(pipeline, "Russian forces captured Toretsk, the Ukrainian General Staff said."), "CAPTURE")
    assert c["claimant"]["side"] == "UA" and c["claimant"]["kind"] == "military"
    assert places(c) == {"Toretsk"}  # the speaker's name is not a place


def test_the_previous_speaker_carries_over(pipeline):
    claims = read(pipeline, "The Ukrainian General Staff reported that Russian forces attacked near Lyman. "
                            "It also said that Russian troops advanced near Siversk.")
    assert only(claims, "ADVANCE")["claimant"]["side"] == "UA"
    claims = read(pipeline, "A Russian milblogger claimed that Russian forces attacked near Toretsk. "
                            "The milblogger added that Russian troops entered Avdiivka.")
    entered = only(claims, "ADVANCE")
    assert (entered["claimant"]["kind"], entered["claimant"]["side"]) == ("media", "RU")
    assert places(entered) == {"Avdiivka"}


def test_imagery_speaks_for_no_side(pipeline):
    c = only(read(pipeline, "Satellite imagery published on March 3 shows that Russian forces advanced in "
                            "Vovchansk."), "ADVANCE")
    assert (c["claimant"]["kind"], c["claimant"]["side"]) == ("imagery", None)
    assert c["event"]["agent_side"] == "RU"


def test_the_nationality_in_the_phrase_wins_over_a_bare_alias(pipeline):
    c = only(read(pipeline, "Russia's General Staff stated that its forces liberated Kurakhove."), "CAPTURE")
    assert c["claimant"]["side"] == "RU" and c["event"]["agent_side"] == "RU"


def test_passive_with_a_by_phrase(pipeline):
    c = only(read(pipeline, "Kupiansk was recaptured by Ukrainian troops, Syrskyi said."), "CAPTURE")
    assert c["event"]["agent_side"] == "UA" and c["claimant"]["name"] == "Oleksandr Syrskyi"


def test_a_repelled_assault_is_two_claims(pipeline):
    claims = read(pipeline, "Ukrainian forces repelled a Russian assault near Chasiv Yar.")
    repel, attack = only(claims, "REPEL"), only(claims, "ATTACK")
    assert repel["event"]["agent_side"] == "UA" and attack["event"]["agent_side"] == "RU"
    assert places(repel) == places(attack) == {"Chasiv Yar"}


@pytest.mark.parametrize("text, etype, side", [
    ("Russian troops infiltrated Pokrovsk.", "ADVANCE", "RU"),
    ("Russian troops bypassed Myrnohrad from the south.", "ADVANCE", "RU"),
    ("Ukrainian soldiers maintained positions in Toretsk.", "CONTROL", "UA"),
    ("Russian forces are pushing toward Kostiantynivka.", "ADVANCE", "RU"),
    ("Ukrainian forces are trying to recapture Vovchansk.", "ATTACK", "UA"),
    ("Ukrainian troops counterattacked near Kupiansk.", "ATTACK", "UA"),
    ("Russian forces continued offensive operations near Lyman.", "ATTACK", "RU"),
    ("Russian forces recently marginally advanced within northern Toretsk.", "ADVANCE", "RU"),
    ("Ukrainian drones hit the Saratov refinery overnight.", "STRIKE", "UA"),
    ("Russian forces targeted Kharkiv with glide bombs on Monday.", "STRIKE", "RU"),
])
def test_event_words_reporters_use(pipeline, text, etype, side):
    c = only(read(pipeline, text), etype)
    assert c["event"]["agent_side"] == side and c["places"]


def test_a_day_range_is_the_claims_time(pipeline):
    c = only(read(pipeline, "Russian forces attacked near Lyman on the night of January 13 to 14.",
                  published=date(2025, 1, 15)), "ATTACK")
    assert (c["time"]["start"], c["time"]["end"]) == ("2025-01-13", "2025-01-14")
    assert normalise_time("on January 13 and 14", date(2025, 1, 15)).end == date(2025, 1, 14)


def test_a_date_after_publication_is_not_when_it_happened(pipeline):
    c = only(read(pipeline, "Russian forces seized Bakhmut, officials said on March 9.",
                  published=date(2025, 3, 6)), "CAPTURE")
    assert c["time"]["start"] is None and c["time"]["text"] == "on March 9"


def test_lists_across_semicolons_and_x_itself(pipeline):
    c = only(read(pipeline, "Russian forces attacked north of Avdiivka near Ocheretyne; west of Avdiivka near "
                            "Sieverne; and in Avdiivka itself."), "ATTACK")
    assert [p["text"] for p in c["places"]] == ["Ocheretyne", "Sieverne", "Avdiivka"]


def test_regions_with_adjectives_and_hyphenated_directions(pipeline):
    c = only(read(pipeline, "Russian units advanced in western Zaporizhzhia Oblast."), "ADVANCE")
    assert places(c) == {"Zaporizhzhia"}
    c = only(read(pipeline, "Russian forces continued attacks in the Pokrovsk-Kostiantynivka direction."), "ATTACK")
    assert places(c) == {"Pokrovsk", "Kostiantynivka"}


def test_units_are_never_places(pipeline):
    claims = read(pipeline, "Elements of the Black Sea Fleet and the Moscow Military District attacked near "
                            "Kherson, citing the Geneva Convention.")
    assert places(only(claims, "ATTACK")) == {"Kherson"}


def test_the_same_report_gives_the_same_export_under_any_hash_seed(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("Russian and Ukrainian forces fought near Lyman. The enemy advanced near Siversk, "
                      "a spokesperson said. Ukrainian troops attacked near Kupiansk and the enemy withdrew.\n")
    exports = set()
    for seed in ("0", "1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "CONTESTED_DB": str(tmp_path / f"{seed}.db")}
        subprocess.run([CLI, "ingest", str(report), "--published", "2025-01-14"], env=env, check=True,
                       capture_output=True)
        out = subprocess.run([CLI, "export", "--format", "jsonl"], env=env, check=True, capture_output=True)
        exports.add(out.stdout)
    assert len(exports) == 1 and len(next(iter(exports))) > 100


def test_a_coordinated_subject_is_a_claim_per_side(pipeline):
    claims = read(pipeline, "Russian and Ukrainian forces recently advanced near Lyman.")
    assert sorted(c["event"]["agent_side"] for c in claims if c["event"]["type"] == "ADVANCE") == ["RU", "UA"]
    assert all(places(c) == {"Lyman"} for c in claims)


def test_one_of_the_speakers_named_before(pipeline):
    claims = read(pipeline, "Ukrainian officials reported that Russian forces attacked near Lyman. Another "
                            "official stated that Russian troops withdrew from Siversk.")
    withdraw = only(claims, "WITHDRAW")
    assert withdraw["claimant"]["side"] == "UA" and withdraw["claimant"]["text"].startswith("Another")


def test_a_units_sector_is_the_place_when_the_claim_names_none(pipeline):
    c = only(read(pipeline, "The spokesperson of a Ukrainian brigade operating in the Kupiansk direction stated "
                            "that Russian forces are attacking in small groups in the area."), "ATTACK")
    assert places(c) == {"Kupiansk"} and c["claimant"]["kind"] != "person"


def test_a_participle_tagged_as_an_adjective_after_and(pipeline):
    claims = read(pipeline, "Russian forces seized Pishchane and advanced north of Kupiansk near Synkivka.")
    assert only(claims, "CAPTURE")["event"]["agent_side"] == "RU"
    assert "Synkivka" in places(only(claims, "ADVANCE"))


@pytest.mark.parametrize("text", [
    "Russian forces struck Kharkiv as part of an effort to seize Vovchansk.",
    "Russian drones provide fire control over the Lyman direction.",
])
def test_purposes_and_fire_control_are_not_claims_of_ground(pipeline, text):
    assert not [c for c in read(pipeline, text) if c["event"]["type"] in ("CAPTURE", "CONTROL")]


@pytest.mark.parametrize("text, expected", [
    ("Russian forces advanced within the Refractory Plant in central Chasiv Yar.", {"Chasiv Yar"}),
    ("Russian forces are attacking throughout Ukraine's salient in Kursk Oblast.", {"Kursk"}),
    ("Drone operators of the 7th Airborne (VDV) Division struck targets near Robotyne.", {"Robotyne"}),
])
def test_sites_owners_and_units_are_not_the_place(pipeline, text, expected):
    assert {p["text"] for c in read(pipeline, text) for p in c["places"]} == expected


def test_labels_hedge_or_silence_a_sentence(pipeline):
    c = only(read(pipeline, "Unconfirmed claims: Russian forces advanced near Bakhmut."), "ADVANCE")
    assert c["hedges"][0] == "Unconfirmed claims"
    assert read(pipeline, "Note: Russian forces captured Bakhmut before the data cut-off.") == []


# --- the modality rules alone (extract/modality.py) ------------------------------------------------------------

def token(pipeline, text, word):
    doc = pipeline.nlp(text)
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize("text, word, rule, expected", [
    ("Russian forces did not advance near Lyman.", "advance", "negated", True),
    ("Ukrainian troops did not conduct any assaults.", "assaults", "negated", True),
    ("Ukrainian troops conducted assaults.", "assaults", "negated", False),
    ("Russian forces did not make any confirmed advances.", "advances", "unconfirmed", True),
    ("Russian forces made advances.", "advances", "unconfirmed", False),
    ("Ukrainian forces are trying to recapture Vovchansk.", "recapture", "attempted", True),
    ("Ukrainian forces recaptured Vovchansk.", "recaptured", "attempted", False),
    ("Strikes hit port facilities in occupied Berdyansk.", "occupied", "adjectival", True),
    ("Russian forces occupied Berdyansk in 2022.", "occupied", "adjectival", False),
])
def test_modality_rules(pipeline, text, word, rule, expected):
    assert getattr(pipeline.extractor.modality, rule)(token(pipeline, text, word)) is expected


def test_hypothetical_and_labels(pipeline):
    modality = pipeline.extractor.modality
    assert modality.hypothetical(token(pipeline, "Russian forces may seize Siversk.", "seize"), None)
    assert not modality.hypothetical(token(pipeline, "Russian forces seized Siversk.", "seized"), None)
    assert modality.label("Unconfirmed claims: Russian forces advanced.") == "Unconfirmed claims"
    assert modality.label("Russian forces advanced near Lyman and Siversk: the MoD said so.") is None


def test_claims_denied_in_passing(pipeline):
    claims = read(pipeline, "Moscow says its forces took control of Kupiansk last month, a claim Ukraine denies.")
    assert only(claims, "CAPTURE", "denies")["claimant"]["side"] == "UA"
    assert only(claims, "CAPTURE", "asserts")["claimant"]["side"] == "RU"
    claims = read(pipeline, "Ukrainian officials have rejected Russian claims that Russian troops encircled Kupiansk.")
    made = only(claims, "ADVANCE", "asserts")
    assert (made["claimant"]["side"], made["claimant"]["kind"]) == ("RU", "unnamed")


@pytest.mark.parametrize("text, etype, claimant_side, agent", [
    ("Russia claimed on Sunday to have seized the village of Petrivka.", "CAPTURE", "RU", "RU"),
    ('The Russian defence ministry claimed its forces had "liberated" Dachne.', "CAPTURE", "RU", "RU"),
    ("The Kremlin said Russian forces now control most of the Zaporizhzhia region.", "CONTROL", "RU", "RU"),
    ("Russian forces have not captured Kupiansk, Ukraine's General Staff insisted on Friday.", "CAPTURE", "UA",
     "RU"),
])
def test_wire_service_wordings(pipeline, text, etype, claimant_side, agent):
    c = [c for c in read(pipeline, text) if c["event"]["type"] == etype][0]
    assert (c["claimant"]["side"], c["event"]["agent_side"]) == (claimant_side, agent) and c["places"]


def test_a_relative_clause_with_its_own_speaker(pipeline):
    claims = read(pipeline, "The Russian MoD claimed on Monday that Russian forces seized Toretsk, which analysts "
                            "assessed Russian forces had seized a week earlier.")
    speakers = sorted(c["claimant"]["text"] for c in claims if c["event"]["type"] == "CAPTURE")
    assert speakers == ["The Russian MoD", "analysts"]


def test_compound_words_and_nationalities_are_not_events_or_places(pipeline):
    assert read(pipeline, "These maps complement the static control-of-terrain map of the frontline.") == []
    claims = read(pipeline, "An independent Belarusian monitoring group reported that Russian drones struck Kharkiv.")
    assert {p["text"] for c in claims for p in c["places"]} == {"Kharkiv"}


def test_ministry_and_general_staff_wordings(pipeline):
    c = only(read(pipeline, "Units of the Battlegroup Center liberated the settlement of Novoolenivka in the Donetsk "
                            "People's Republic, the Russian Defence Ministry said."), "CAPTURE")
    assert c["event"]["agent_side"] == "RU" and c["event"]["agent_basis"] == "explicit"
    assert places(c) == {"Novoolenivka"}  # "Donetsk People's Republic" is not a settlement of the claim
    claims = read(pipeline, "In the Pokrovsk sector, Ukrainian defenders stopped 45 assault actions by the occupiers "
                            "near Myrnohrad and Rodynske.")
    assert only(claims, "ATTACK")["event"]["agent_side"] == "RU"
    assert only(claims, "REPEL")["event"]["agent_side"] == "UA"


def test_unknown_names_in_a_list_after_near(pipeline):
    # none of these villages is in the embedded index; the list after "near" makes them places all the same
    c = only(read(pipeline, "Russian forces attacked near Predtechyne, Stupochky, Bila Hora, and "
                            "Oleksandro-Shultyne on Monday."), "ATTACK")
    assert [p["text"] for p in c["places"]] == ["Predtechyne", "Stupochky", "Bila Hora", "Oleksandro-Shultyne"]


def test_a_name_prefix_stays_with_its_name(pipeline):
    c = only(read(pipeline, "Russian forces attacked near Nova Kruhlyakivka and Lozova."), "ATTACK")
    assert "Nova Kruhlyakivka" in places(c)


def test_the_spokesperson_named_before(pipeline):
    claims = read(pipeline, "The acting spokesperson of a Ukrainian brigade operating near Pokrovsk stated that "
                            "Russian forces attacked near Myrnohrad. The spokesperson stated that Russian forces are "
                            "attacking near Selydove in small groups.")
    assert [c["claimant"]["side"] for c in claims if c["event"]["type"] == "ATTACK"] == ["UA", "UA"]


@pytest.mark.parametrize("text", [
    "The Kremlin is ready to hold talks with Kyiv in Istanbul, Russian officials said.",
    "Russia will hold elections in occupied Zaporizhia, Ukrainian officials said.",
    "Moscow pushed a referendum in Kherson, the Ukrainian Foreign Ministry said.",
])
def test_a_trigger_verb_with_a_non_military_object_is_no_event(pipeline, text):
    assert pipeline.process(Document(text, published=date(2025, 1, 10))).claims == []


def test_a_participle_describing_a_noun_is_no_event(pipeline):
    claims = pipeline.process(Document("Russian missiles struck a building in Chernihiv City, damaging the "
                                       "surrounding houses, Ukrainian officials said.",
                                       published=date(2025, 1, 10))).claims
    assert [c.event.type for c in claims] == ["STRIKE"]
    [advance] = pipeline.process(Document("Russian forces are surrounding Pokrovsk, Ukrainian officials said.",
                                          published=date(2025, 1, 10))).claims
    assert advance.event.type == "ADVANCE"


def test_holding_positions_is_still_control(pipeline):
    [claim] = pipeline.process(Document("Ukrainian forces continue to hold positions in Toretsk, the General Staff "
                                        "said.", published=date(2025, 1, 10))).claims
    assert claim.event.type == "CONTROL" and claim.event.agent_side == "UA"


@pytest.mark.parametrize("text, kept", [
    ("Talks with US President Donald Trump on Kupiansk continued, Ukrainian officials said.", "US"),
    ("The French President visited Kharkiv on Monday, Ukrainian officials said.", None),
])
def test_a_title_ends_a_place_name(pipeline, text, kept):
    names = [m.span.text for m in pipeline.process(Document(text, published=date(2025, 1, 10))).mentions]
    assert not any("President" in n for n in names)
    assert kept is None or kept in names


@pytest.mark.parametrize("second", [
    "A Russian source claimed that Ukrainian troops counterattacked near Bilohorivka (northeast of Siversk).[8]",
    "Russian milbloggers claimed that Ukrainian forces counterattacked in Shcherbynivka (west of Toretsk).[14]",
])
def test_the_side_that_counterattacks_after_an_aside_is_the_one_named(pipeline, second):
    # the blanked aside leaves the parse without a main verb ("troops" the subject of the full stop): the side
    # named before the trigger still acts, not the side of the sentence before
    text = "Russian forces attacked near Siversk on January 5.[7] " + second
    claims = pipeline.process(Document(text, published=date(2025, 1, 6))).claims
    [counter] = [c for c in claims if c.event.trigger and c.event.trigger.text == "counterattacked"]
    assert counter.event.agent_side == "UA" and counter.event.agent_basis == "explicit"
    [first] = [c for c in claims if c is not counter]
    assert first.event.agent_side == "RU"


def test_a_reporting_verb_in_its_other_sense_reports_nothing(pipeline):
    # "maintain positions" is no "maintained that": the verbs joined to it keep its subject as their actor and
    # the report's speaker as the claimant
    text = ("The milblogger claimed that Ukrainian forces maintain positions in Verkhnokamyanske and are trying to "
            "counterattack from Serebryanka.")
    claims = pipeline.process(Document(text, published=date(2025, 1, 9))).claims
    [counter] = [c for c in claims if c.event.type == "ATTACK"]
    assert counter.event.agent_side == "UA" and counter.claimant.text == "The milblogger"
    assert counter.hedges == ["claimed"]
    text = ("Russian forces maintain positions near Toretsk and continue to attack toward Druzhba, a Ukrainian officer "
            "said.")
    [attack] = [c for c in pipeline.process(Document(text, published=date(2025, 1, 9))).claims
                if c.event.type == "ATTACK"]
    assert attack.event.agent_side == "RU" and attack.claimant.side == "UA"
    # in its reporting sense it still speaks for the clause
    text = "Ukrainian officials maintained that Russian forces attacked near Siversk."
    [said] = pipeline.process(Document(text, published=date(2025, 1, 9))).claims
    assert said.claimant.text == "Ukrainian officials" and said.event.agent_side == "RU"


def test_a_place_before_a_hyphen_and_a_participle_says_whose_not_where(pipeline):
    # "US-made", "UK-supplied": the toponym qualifies the weapon; the strike is at the place after it
    claims = pipeline.process(Document("UK-supplied Storm Shadow missiles hit a bridge in Zaporizhzhia Oblast on "
                                       "Friday.", published=date(2025, 1, 10))).claims
    [strike] = [c for c in claims if c.event.type == "STRIKE"]
    assert [m.span.text for m in strike.places] == ["Zaporizhzhia"]  # the region, named without its noun
    mentions = pipeline.process(Document("US-made Patriot systems shot down missiles over Kyiv.",
                                         published=date(2025, 1, 10))).mentions
    assert {m.span.text: m.role for m in mentions}.get("US") in ("actor", None)
    # a place name joined to another by a hyphen is still a place
    [attack] = pipeline.process(Document("Russian forces attacked Kupyansk-Vuzlovyi on Monday.",
                                         published=date(2025, 1, 10))).claims
    assert [m.span.text for m in attack.places] == ["Kupyansk-Vuzlovyi"]


def test_the_subject_is_the_noun_nearest_before_the_verb(pipeline):
    # a fronted date with an appositive ("On Monday, the first day of the talks, X said") parses as two subjects
    text = "On Friday, the third anniversary of the invasion, Syrskyi noted that Russian forces attacked near Toretsk."
    [claim] = pipeline.process(Document(text, published=date(2025, 1, 10))).claims
    assert claim.claimant.name == "Oleksandr Syrskyi" and claim.claimant.side == "UA"


@pytest.mark.parametrize("text, side", [
    ("Satellite images suggest that Russia's offensive has slowed. Western officials said that in the past month it "
     "has captured four villages near Kupiansk.", "RU"),
    ("Ukrainian troops held the line near Pokrovsk for weeks. On Sunday they recaptured Kotlyne, observers said.",
     "UA"),
])
def test_a_pronoun_acts_for_the_subject_it_stands_for(pipeline, text, side):
    claims = pipeline.process(Document(text, published=date(2025, 1, 10))).claims
    [capture] = [c for c in claims if c.event.type == "CAPTURE"]
    assert capture.event.agent_side == side and capture.event.agent_basis == "pronoun"


def test_entering_production_or_a_new_year_is_no_advance(pipeline):
    for text in ("The new drone entered production in the autumn, Ukrainian officials said.",
                 "The war entered its fourth year on Monday, Ukrainian officials said."):
        assert [c.event.type for c in pipeline.process(Document(text, published=date(2025, 1, 10))).claims
                if c.event.type == "ADVANCE"] == []
    [advance] = pipeline.process(Document("Russian troops entered Kupiansk on Monday, the General Staff said.",
                                          published=date(2025, 1, 10))).claims
    assert advance.event.type == "ADVANCE"


@pytest.mark.parametrize("text, place, side", [
    ("Russian troops took Vuhledar after a two-year siege, the Russian Defence Ministry said.", "Vuhledar", "RU"),
    ("Russian forces took the village of Krasnohorivka, the Russian Defence Ministry said.", "Krasnohorivka", "RU"),
    ("Avdiivka fell to Russian forces in February, Ukrainian officials said.", "Avdiivka", "RU"),
    ("Ukrainian officials confirmed the fall of Vuhledar.", "Vuhledar", None),
])
def test_taking_a_place_and_a_place_falling_are_captures(pipeline, text, place, side):
    [claim] = [c for c in pipeline.process(Document(text, published=date(2025, 1, 10))).claims
               if c.event.type == "CAPTURE"]
    assert [m.span.text for m in claim.places] == [place] and claim.event.agent_side == side


@pytest.mark.parametrize("text", [
    "Ukrainian units took part in fighting near Pokrovsk, the General Staff said.",
    "Debris fell on a house in Kyiv, the mayor said.",
    "Kharkiv fell silent after the strike, the governor said.",
    "Russian forces advanced near Toretsk in Fall 2024, the General Staff said.",
])
def test_took_and_fell_without_a_place_as_their_argument_are_no_capture(pipeline, text):
    claims = pipeline.process(Document(text, published=date(2025, 1, 10))).claims
    assert [c for c in claims if c.event.type == "CAPTURE"] == []


def test_a_denied_fall_is_a_denied_capture(pipeline):
    text = "The Ukrainian General Staff denied Russian claims that Chasiv Yar had fallen."
    claims = pipeline.process(Document(text, published=date(2025, 1, 10))).claims
    denied = [c for c in claims if c.event.type == "CAPTURE" and c.stance == "denies"]
    assert [m.span.text for c in denied for m in c.places] == ["Chasiv Yar"]
    assert denied[0].claimant.side == "UA"


def test_a_trigger_word_in_a_units_name_is_no_event(pipeline):
    text = "Elements of the Russian 5th Assault Brigade are operating near Toretsk, a milblogger claimed."
    assert [c.event.type for c in pipeline.process(Document(text, published=date(2025, 1, 10))).claims] == []
    [attack] = pipeline.process(Document("Russian Assault Detachments attacked near Toretsk.",
                                         published=date(2025, 1, 10))).claims
    assert attack.event.trigger is not None and attack.event.trigger.text == "attacked"


def test_what_reports_say_is_claimed_by_the_reports(pipeline):
    # "comment on reports that ...": no reporting verb over the clause, the reports themselves claim it
    text = "Peskov declined to comment on reports that Russian troops had entered Kupiansk."
    [claim] = pipeline.process(Document(text, source="Reuters", published=date(2025, 1, 10))).claims
    assert claim.claimant.kind == "unnamed" and claim.claimant.text == "reports" and claim.hedges == ["reports"]
    assert claim.event.type == "ADVANCE" and claim.event.agent_side == "RU"


def test_a_count_after_a_name_is_not_part_of_it(pipeline):
    # "Highway 61" is a road; in "shelled Kherson 35 times" the number counts the times
    text = "Russian forces shelled Kherson 35 times over the past day, the regional governor said."
    [strike] = pipeline.process(Document(text, published=date(2025, 1, 10))).claims
    assert [m.span.text for m in strike.places] == ["Kherson"]
    assert pipeline.process(Document("Traffic on Highway 61 was closed.", published=date(2025, 1, 10))).mentions == []


def test_a_clause_hung_on_the_place_names_no_actor(pipeline):
    # "the capture of X, which Ukraine has not confirmed": Ukraine is in the relative clause, not the captor
    text = "The Russian army claimed the capture of Novohrodivka, which Ukraine has not confirmed."
    [claim] = pipeline.process(Document(text, published=date(2025, 1, 10))).claims
    assert claim.event.type == "CAPTURE" and claim.event.agent_side != "UA"
    [by] = pipeline.process(Document("Ukraine confirmed the capture of Novohrodivka by Russian forces.",
                                     published=date(2025, 1, 10))).claims
    assert by.event.agent_side == "RU"


@pytest.mark.parametrize("text, side, place", [
    ("Ukraine has lost control of Vuhledar, a Ukrainian commander said.", "UA", "Vuhledar"),
    ("Russia lost Kherson in November, Ukrainian officials said.", "RU", "Kherson"),
    ("Ukrainian troops lost ground near Toretsk, a Ukrainian officer said.", "UA", "Toretsk"),
])
def test_losing_a_place_is_a_withdrawal(pipeline, text, side, place):
    [claim] = pipeline.process(Document(text, published=date(2025, 1, 10))).claims
    assert (claim.event.type, claim.event.agent_side) == ("WITHDRAW", side)
    assert [m.span.text for m in claim.places] == [place]
    soldiers = "Russian forces lost 1,500 soldiers near Pokrovsk, the General Staff said."
    assert [c.event.type for c in pipeline.process(Document(soldiers, published=date(2025, 1, 10))).claims] == []


@pytest.mark.parametrize("line", ["ODESA, May 9 (Reuters) - ", "Odesa, Ukraine (AP) — ", "ODESA — "])
def test_a_dateline_is_where_the_story_was_filed_not_where_it_happened(pipeline, line):
    text = line + "Russian forces attacked Kherson overnight, the regional governor said."
    processed = pipeline.process(Document(text, published=date(2025, 5, 9)))
    [attack] = processed.claims
    assert [m.span.text for m in attack.places] == ["Kherson"]
    roles = {m.span.text: m.role for m in processed.mentions}
    assert roles.get(line.split(",")[0].split(" ")[0]) in (None, "dateline")  # if found, still a toponym


def test_a_trigger_describing_the_speaker_is_no_claim(pipeline):
    text = "A Ukrainian battalion fighting near Toretsk said Russian forces attacked Shcherbynivka at dawn."
    claims = pipeline.process(Document(text, published=date(2025, 1, 10))).claims
    assert [(c.event.type, [m.span.text for m in c.places]) for c in claims] == [("ATTACK", ["Shcherbynivka"])]


def test_a_quotation_over_two_sentences_is_its_speakers(pipeline):
    text = ("Russian forces attacked near Toretsk on Monday, the General Staff said.\n\n"
            "“The enemy has entered Shcherbynivka. Our units are holding Toretsk,” a Russian milblogger wrote.")
    claims = pipeline.process(Document(text, published=date(2025, 1, 10))).claims
    entered = next(c for c in claims if c.event.type == "ADVANCE")
    assert [m.span.text for m in entered.places] == ["Shcherbynivka"]
    assert entered.claimant.text == "a Russian milblogger" and entered.claimant.side == "RU"
    # a quotation closed in its own sentence, and prose after it, are not touched
    first = next(c for c in claims if c.event.type == "ATTACK")
    assert first.claimant.name.startswith("General Staff")


def test_no_one_denies_their_own_claim(pipeline):
    text = "Ukraine's forces are in full control of Kupiansk, a spokesman said, dismissing Russian claims."
    claims = pipeline.process(Document(text, published=date(2025, 1, 10))).claims
    assert [(c.stance, c.event.type) for c in claims] == [("asserts", "CONTROL")]


def test_pounding_a_city_is_a_strike(pipeline):
    [claim] = pipeline.process(Document("Russia pounded Kharkiv with glide bombs overnight, the governor said.",
                                        published=date(2025, 1, 10))).claims
    assert (claim.event.type, claim.event.agent_side, [m.span.text for m in claim.places]) == \
        ("STRIKE", "RU", ["Kharkiv"])


def test_a_region_named_beside_a_place_does_not_contain_it(village_pipeline):
    # "the city of X and the Y region" are two places; "X and Z in the Y region" lie in it
    text = "Russian forces struck the southern city of Zaporizhzhia and the northeastern Kharkiv region overnight."
    mentions = village_pipeline.process(Document(text, published=date(2025, 1, 10))).mentions
    city = next(m for m in mentions if m.span.text == "Zaporizhzhia")
    assert city.region_scope == () and city.resolution.place is not None
    assert city.resolution.place.feature_code == "PPLA"


def test_a_city_that_owns_something_is_the_place(pipeline):
    # "Odesa's port" is in Odesa; "Ukraine's salient" and "Armenia's membership" keep the country an owner
    text = "Russian drones hit Odesa's port overnight, the governor said."
    [strike] = pipeline.process(Document(text, published=date(2025, 1, 10))).claims
    assert [m.span.text for m in strike.places] == ["Odesa"]
    mentions = pipeline.process(Document("Ukraine's salient in Kursk Oblast shrank.")).mentions
    assert {m.span.text: m.role for m in mentions}["Ukraine"] == "actor"


def test_the_subject_of_a_passive_reporting_verb_acts(pipeline):
    text = "Ukrainian troops are said to have recaptured Kotlyne overnight."
    [claim] = pipeline.process(Document(text, published=date(2025, 3, 12))).claims
    assert (claim.event.type, claim.event.agent_side) == ("CAPTURE", "UA")
    assert claim.claimant.kind == "unnamed" and "said" in claim.hedges


@pytest.mark.parametrize("text, start, end", [
    ("over the past day", date(2025, 3, 11), date(2025, 3, 12)),
    ("in the past 24 hours", date(2025, 3, 11), date(2025, 3, 12)),
    ("in the last three days", date(2025, 3, 9), date(2025, 3, 12)),
    ("in recent days", date(2025, 3, 5), date(2025, 3, 12)),
    ("on Tuesday", date(2025, 3, 11), date(2025, 3, 11)),
    ("on Wednesday", date(2025, 3, 12), date(2025, 3, 12)),   # the report's own day
    ("last Wednesday", date(2025, 3, 5), date(2025, 3, 5)),
])
def test_news_time_words_against_the_report_date(text, start, end):
    published = date(2025, 3, 12)  # a Wednesday
    [(_s, _e, found)] = find_times(f"Russian forces attacked near Toretsk {text}.")
    assert found == text
    t = normalise_time(found, published)
    assert (t.start, t.end) == (start, end)
    assert normalise_time(found, None).start is None  # nothing to anchor it without a date


@pytest.mark.parametrize("text", [
    "Russia's Defence Ministry said its forces had captured Kurakhove. Ukraine's military denied the claim.",
    "Russian forces captured Kurakhove, the Russian Defence Ministry said on Monday. Kyiv rejected the report.",
])
def test_a_denial_of_the_claim_before_reaches_back_a_sentence(pipeline, text):
    claims = pipeline.process(Document(text, published=date(2025, 3, 12))).claims
    [denied] = [c for c in claims if c.stance == "denies"]
    assert (denied.event.type, denied.event.agent_side, denied.claimant.side) == ("CAPTURE", "RU", "UA")
    assert [m.span.text for m in denied.places] == ["Kurakhove"]


def test_a_denial_that_states_its_claim_does_not_reach_back(pipeline):
    text = ("Russian forces attacked near Sudzha. A Russian milblogger denied claims that Russian forces seized "
            "Makhnovka.")
    claims = pipeline.process(Document(text, published=date(2025, 3, 12))).claims
    assert [(c.event.type, [m.span.text for m in c.places]) for c in claims if c.stance == "denies"] == \
        [("CAPTURE", ["Makhnovka"])]


def test_may_have_is_a_hedged_claim_about_the_past(pipeline):
    [claim] = pipeline.process(Document("Russian forces may have captured Kotlyne, according to a milblogger.",
                                        published=date(2025, 1, 10))).claims
    assert (claim.event.type, claim.event.agent_side) == ("CAPTURE", "RU") and "may" in claim.hedges
    [strike] = pipeline.process(Document("Ukrainian forces may have conducted a drone strike against an oil "
                                         "refinery in Saratov.", published=date(2025, 1, 10))).claims
    assert [m.span.text for m in strike.places] == ["Saratov"]
    # the future, and an event a possible order would only delay, stay unclaimed
    for text in ("Russian forces may attempt to capture Kotlyne.",
                 "ISW assessed that Putin may have instructed the command to delay the seizure of Pokrovsk."):
        assert pipeline.process(Document(text, published=date(2025, 1, 10))).claims == []


def test_a_hedge_in_the_speakers_words_hedges_the_claim(pipeline):
    [claim] = pipeline.process(Document("Unconfirmed reports said Russian troops had entered Kupiansk.",
                                        published=date(2025, 1, 10))).claims
    assert claim.hedges == ["Unconfirmed"]


def test_a_clause_about_a_place_is_no_place_of_the_event(pipeline):
    text = ("In Russia's Belgorod region, which borders Ukraine, the governor said a Ukrainian drone attack on a "
            "village killed one civilian.")
    [strike] = pipeline.process(Document(text, published=date(2025, 1, 10))).claims
    assert [m.span.text for m in strike.places] == ["Belgorod"]
    # a clause that says where the target is still places the event
    [hit] = pipeline.process(Document("Ukrainian drones struck a refinery, which is located in Saratov, the governor "
                                      "said.", published=date(2025, 1, 10))).claims
    assert [m.span.text for m in hit.places] == ["Saratov"]


@pytest.mark.parametrize("text, side", [
    ("ISW assesses that Russian forces’ closest point of advance is three kilometers from Kupyansk.", "RU"),
    ("Analysts said Russia's rate of advance near Pokrovsk slowed in December.", "RU"),
    ("Observers noted that the Ukrainian army's pace of advance near Kupyansk surprised Moscow.", "UA"),
])
def test_whose_point_of_advance_is_whose_advance(pipeline, text, side):
    # a noun trigger after "of" belongs to the owner of the noun before it
    assert only(read(pipeline, text), "ADVANCE")["event"]["agent_side"] == side


@pytest.mark.parametrize("text, claimant, side", [
    ("Ukrainian officials reported that locals heard explosions from Ukrainian strikes near Berdyansk.",
     "Ukrainian officials", "UA"),
    ("Ukraine's air force said residents reported that Russian drones struck Sumy overnight.",
     "Ukraine's air force", "UA"),
    ("Witnesses said Russian troops entered Kupyansk.", "Witnesses", None),       # no one passes it on
    ("Ukrainian officials said Russia claimed it seized Kurakhove.", "Russia", "RU"),  # a named voice inside
])
def test_who_passes_on_what_unnamed_voices_say_claims_it(pipeline, text, claimant, side):
    (c,) = [c for c in read(pipeline, text) if c["event"]["type"] in ("STRIKE", "ADVANCE", "CAPTURE")]
    assert c["claimant"]["text"] == claimant and c["claimant"]["side"] == side


def test_a_second_speaker_after_but_speaks_for_itself(pipeline):
    claims = read(pipeline, "The Russian MoD claimed that Russian forces seized Tymofiivka, but ISW assessed that "
                            "Russian forces seized the settlement weeks earlier.")
    speakers = {c["claimant"]["text"] for c in claims if c["event"]["type"] == "CAPTURE"}
    assert speakers == {"The Russian MoD", "ISW"}


@pytest.mark.parametrize("text, claimant, hedge", [
    ("The milblogger claimed that Bilohirya is a gray zone but that the Russian raid in the settlement indicates "
     "that Russian forces seized Luhivske.", "The milblogger", "indicates"),
    ("The intensification of Russian attacks near Pokrovsk suggests that Russian forces seized Zvirove.", "Desk",
     None),
    ("Geolocated footage published on January 5 indicates that Russian forces seized Terny.",
     "Geolocated footage published on January 5", None),     # imagery speaks for itself
    ("Kremlin officials indicated that Russian forces had seized Kurakhove.", "Kremlin officials", None),
])
def test_evidence_that_shows_something_is_no_speaker(pipeline, text, claimant, hedge):
    c = only(read(pipeline, text), "CAPTURE")
    assert c["claimant"]["text"] == claimant
    assert hedge is None or hedge in c["hedges"]


def test_the_publisher_named_as_a_speaker_is_the_publisher(pipeline):
    claims = read(pipeline, "ISW assesses that Russian forces seized Kurakhove. Russian forces attacked near Toretsk.",
                  source="ISW")
    speakers = {(c["claimant"]["name"], c["claimant"]["kind"]) for c in claims}
    assert speakers == {("ISW", "media")}  # one actor, as where the report speaks with no one named


@pytest.mark.parametrize("text, side, place", [
    ("Moscow's forces are pressing toward Pokrovsk, Ukrainian officials said.", "RU", "Pokrovsk"),
    ("Russian troops are closing in on Kupiansk, the governor said.", "RU", "Kupiansk"),
    ("Russian forces edged closer to Kostiantynivka this week.", "RU", "Kostiantynivka"),
])
def test_news_words_for_an_advance(pipeline, text, side, place):
    c = only(read(pipeline, text), "ADVANCE")
    assert c["event"]["agent_side"] == side and places(c) == {place}  # "Moscow's forces" are no place


def test_control_fought_for_is_no_claim_of_control(pipeline):
    claims = read(pipeline, "Fierce fighting is under way for control of Chasiv Yar, according to the military.")
    assert [c["event"]["type"] for c in claims] == ["FIGHTING"]


def test_maintaining_control_is_holding_not_saying(pipeline):
    c = only(read(pipeline, "Ukrainian forces maintain control of Kupiansk.", source="ISW"), "CONTROL")
    assert c["claimant"]["name"] == "ISW" and c["event"]["agent_side"] == "UA"
    said = only(read(pipeline, "Kyiv maintained that its forces held Robotyne."), "CONTROL")
    assert said["claimant"]["text"] == "Kyiv"


@pytest.mark.parametrize("text, side, place", [
    ("According to a Ukrainian military spokesman, Russian troops have been trying to cross the Oskil river near "
     "Kupiansk for weeks.", "RU", "Kupiansk"),
    ("Russian forces attempted to enter Toretsk from the south.", "RU", "Toretsk"),
])
def test_an_attempt_to_cross_or_enter_is_an_attack(pipeline, text, side, place):
    c = only(read(pipeline, text), "ATTACK")
    assert c["event"]["agent_side"] == side and places(c) == {place}


def test_according_to_names_a_source_not_a_place(pipeline):
    c = only(read(pipeline, "Russian troops are believed to have advanced into the outskirts of Huliaipole, "
                            "according to DeepState."), "ADVANCE")
    assert c["claimant"]["text"] == "DeepState" and "believed" in c["hedges"]  # the source named says so
    assert places(c) == {"Huliaipole"}
    c = only(read(pipeline, "According to Ukraine, Russian forces attacked near Pokrovsk."), "ATTACK")
    assert places(c) == {"Pokrovsk"} and c["claimant"]["side"] == "UA"


@pytest.mark.parametrize("text, expected", [
    ("Russian forces captured the village of Yasenove in the Pokrovsk district of Donetsk region, the Russian "
     "Defence Ministry said.", {"Yasenove"}),                 # the district and region only say where it lies
    ("Shelling hit the Kupiansk district of Kharkiv region, the governor said.", {"Kupiansk"}),
    # a district beside the villages, not around them, is a place of its own
    ("Russian milbloggers claimed that Russian forces attacked in the forest areas of Sudzhansky Raion and near "
     "Leonidovo and Kurilovka.", {"Sudzhansky", "Leonidovo", "Kurilovka"}),
])
def test_a_claim_is_about_its_most_precise_places(pipeline, text, expected):
    (c,) = read(pipeline, text)
    assert places(c) == expected


def test_a_place_after_claims_by_is_whose_claims(pipeline):
    c = only(read(pipeline, "Russian forces did not capture Toretsk, contrary to claims by Moscow, the Ukrainian "
                            "military said."), "CAPTURE", stance="denies")
    assert places(c) == {"Toretsk"}


@pytest.mark.parametrize("text, speaker", [
    # the parser hangs the reporting clause below the claim (parataxis, a relative clause) rather than over it
    ("Russian troops have recaptured Krasnohorivka, pro-Kremlin bloggers claimed, though the claim could not be "
     "independently verified.", "pro-Kremlin bloggers"),
    ("Russian forces have recaptured Krasnohorivka, Russian military bloggers claimed on Telegram.",
     "Russian military bloggers"),
])
def test_a_reporting_clause_after_the_claim_names_its_speaker(pipeline, text, speaker):
    c = only(read(pipeline, text, source="ISW"), "CAPTURE")
    assert c["claimant"]["text"] == speaker and c["event"]["agent_side"] == "RU"


@pytest.mark.parametrize("text, speaker, etype", [
    ("Fighting continues on the outskirts of Chasiv Yar, a Ukrainian army spokesman said.",
     "a Ukrainian army spokesman", "FIGHTING"),
    ("Ukrainian forces still hold Chasiv Yar, a spokesman for the brigade said.", "a spokesman for the brigade",
     "CONTROL"),
])
def test_a_speaker_read_as_an_apposition_of_the_last_place_still_speaks(pipeline, text, speaker, etype):
    c = only(read(pipeline, text, source="ISW"), etype)
    assert c["claimant"]["text"] == speaker and places(c) == {"Chasiv Yar"}
    # a name described by an apposition that a comma closes is the speaker, as before
    c = only(read(pipeline, "Oleksandr Syrskyi, Ukraine's commander-in-chief, said Russian troops had advanced "
                            "near Pokrovsk."), "ADVANCE")
    assert c["claimant"]["name"] == "Oleksandr Syrskyi"


def test_rejecting_claims_it_states_denies_those_not_the_claim_before(pipeline):
    claims = read(pipeline, "Ukrainian forces still hold Chasiv Yar, a spokesman for the brigade said, rejecting "
                            "Russian claims that the town had fallen.")
    assert not [c for c in claims if c["stance"] == "denies" and c["event"]["type"] == "CONTROL"]
    assert only(claims, "CONTROL")["event"]["agent_side"] == "UA"


def test_retook_is_a_capture(pipeline):
    c = only(read(pipeline, "Ukrainian troops retook the village of Robotyne after weeks of fighting, Kyiv said."),
             "CAPTURE")
    assert c["event"]["agent_side"] == "UA" and places(c) == {"Robotyne"} and c["claimant"]["text"] == "Kyiv"


@pytest.mark.parametrize("text", [
    "Heavy fighting is under way in Toretsk, where Russian forces control most of the town, a Ukrainian officer "
    "told Reuters.",
    "Russian forces control most of Toretsk, a soldier said in an interview with Hromadske.",
])
def test_who_is_told_is_no_place(pipeline, text):
    c = only(read(pipeline, text), "CONTROL")
    assert {p["name"] for p in c["places"]} == {"Toretsk"} and c["event"]["agent_side"] == "RU"
    assert "Reuters" not in places(c) and "Hromadske" not in places(c)


def test_the_subject_of_a_passive_made_to_act_is_the_agent(pipeline):
    c = only(read(pipeline, "Russian troops were forced to retreat from positions near Robotyne, according to a "
                            "Ukrainian commander."), "WITHDRAW")
    assert c["event"]["agent_side"] == "RU" and places(c) == {"Robotyne"}
    assert c["claimant"]["text"] == "a Ukrainian commander"


def test_the_town_points_back_at_the_last_place_named(pipeline):
    claims = read(pipeline, "Russia claimed to have captured Toretsk. Ukraine said fighting continues in the town.")
    fighting = only(claims, "FIGHTING")
    assert [(p["text"], p["name"]) for p in fighting["places"]] == [("the town", "Toretsk")]
    assert fighting["claimant"]["text"] == "Ukraine"


@pytest.mark.parametrize("text", [
    "Russian forces struck the city of Kharkiv overnight.",        # a name follows: no pointing back
    "Russian forces struck Kharkiv overnight. The city council said two people were hurt.",  # the council's city
    "Russian forces seized the village, the milblogger claimed.",  # nothing named before it
])
def test_the_town_is_no_place_of_its_own(pipeline, text):
    assert not [p for c in read(pipeline, text) for p in c["places"] if p["text"].lower().startswith("the ")]


def test_a_place_named_and_pointed_back_at_is_one_place_by_its_name(pipeline):
    c = only(read(pipeline, "The Russian MoD claimed that Russian forces seized Terny (northeast of Lyman), but ISW "
                            "has not observed confirmation that Russian forces seized the settlement.", source="ISW"),
             "CAPTURE")
    assert places(c) == {"Terny"} and c["claimant"]["text"] == "The Russian MoD"


def test_claims_that_a_sentence_states_are_those_claims(pipeline):
    # a village the gazetteer lacks: "the settlement" is that village, by its name
    text = ("Geolocated footage indicates that Ukrainian forces maintain positions in Pogrebki despite recent claims "
            "that Russian forces seized the settlement.")
    c = only(read(pipeline, text, source="ISW"), "CAPTURE")
    assert c["claimant"]["text"] == "recent claims" and places(c) == {"Pogrebki"}
    # who reiterates or relays the claims makes them
    c = only(read(pipeline, "Another milblogger reiterated claims that Russian forces seized Makhnovka."), "CAPTURE")
    assert c["claimant"]["text"] == "Another milblogger"
    c = only(read(pipeline, "Russian milbloggers claimed that Russian forces advanced near Velyka Novosilka and that "
                            "there are unconfirmed reports that Russian forces seized Neskuchne."), "CAPTURE")
    assert c["claimant"]["text"] == "Russian milbloggers" and "unconfirmed reports" in c["hedges"]


def test_reports_called_false_are_denied(pipeline):
    claims = read(pipeline, "Ukraine said reports that Russian troops had entered Kupiansk were false.")
    denial = only(claims, "ADVANCE", stance="denies")
    assert denial["claimant"]["text"] == "Ukraine" and places(denial) == {"Kupiansk"}
    assert only(claims, "ADVANCE")["claimant"]["text"] == "reports"


@pytest.mark.parametrize("text, etype, place", [
    ("Ukrainian defenders repelled an attack on Lyman, a spokesman said.", "REPEL", "Lyman"),
    ("Russia launched a massive missile strike on Kyiv overnight.", "STRIKE", "Kyiv"),
    # a lower-case "centre of" is a part of the town, not an organisation ("Centre of Excellence")
    ("Pro-Russian bloggers said Russian troops were fighting in the centre of Toretsk.", "FIGHTING", "Toretsk"),
])
def test_an_event_on_a_place_and_the_centre_of_a_town(pipeline, text, etype, place):
    assert places(only(read(pipeline, text), etype)) == {place}


def test_on_a_day_is_no_place(pipeline):
    claims = read(pipeline, "Russian forces attacked near Pokrovsk on Monday.")
    assert places(only(claims, "ATTACK")) == {"Pokrovsk"}


def test_a_repel_with_no_place_takes_the_place_of_what_it_repelled(pipeline):
    claims = read(pipeline, "A Russian milblogger claimed that Ukrainian forces advanced to the center of Kupiansk "
                            "and that Russian forces repelled a Ukrainian counterattack in Pokrovsk.")
    assert places(only(claims, "ADVANCE")) == {"Kupiansk"}
    assert places(only(claims, "REPEL")) == {"Pokrovsk"} and places(only(claims, "ATTACK")) == {"Pokrovsk"}


def test_a_quotation_after_a_quoted_speaker_is_still_theirs(pipeline):
    text = ('"Russian troops entered Kupiansk," said Oleh Syniehubov, the regional governor. "Our forces are holding '
            'Kupiansk."\n\nUkrainian forces hold Kupiansk.')
    claims = read(pipeline, text, source="Reuters")
    holds = [c for c in claims if c["event"]["type"] == "CONTROL"]
    assert [c["claimant"]["text"] for c in holds] == ["Oleh Syniehubov, the regional governor", "Reuters"]


def test_the_holder_of_an_office_of_a_place_is_no_place(pipeline):
    c = only(read(pipeline, "The mayor of Kharkiv, Ihor Terekhov, said a guided bomb hit a residential building in "
                            "Kharkiv."), "STRIKE")
    assert "Ihor Terekhov" not in places(c) and places(c) == {"Kharkiv"}


@pytest.mark.parametrize("text, denier", [
    ("Russia says its forces have captured Kurakhove. Ukraine's military called the report a lie.",
     "Ukraine's military"),
    ("Russia says its forces have captured Kurakhove. Kyiv described the claims as fake.", "Kyiv"),
])
def test_a_claim_called_a_lie_is_denied(pipeline, text, denier):
    claims = read(pipeline, text)
    denial = only(claims, "CAPTURE", stance="denies")
    assert denial["claimant"]["text"] == denier and places(denial) == {"Kurakhove"}


def test_a_claim_called_a_success_is_not_denied(pipeline):
    claims = read(pipeline, "Russia says its forces have captured Kurakhove. Moscow called it a clear success.")
    assert not [c for c in claims if c["stance"] == "denies"]


def test_a_long_speaker_the_parser_reads_as_a_noun_phrase_still_speaks(pipeline):
    # the small parser reads "the Toretsk direction reported on January 5" as a noun phrase, with no main verb
    text = ("A spokesperson of a Ukrainian brigade operating in the Toretsk direction reported on January 5 that "
            "Russian forces are now attacking in platoons of up to 20 soldiers.")
    claims = [c for c in read(pipeline, text, source="ISW") if c["event"]["type"] == "ATTACK"]
    assert claims and {c["claimant"]["text"] for c in claims} == {
        "A spokesperson of a Ukrainian brigade operating in the Toretsk direction"}
    assert {c["claimant"]["side"] for c in claims} == {"UA"}
    # a participle describing a noun is no such misreading
    c = only(read(pipeline, "The village captured by Russian forces on Monday lies near Pokrovsk.", source="ISW"),
             "CAPTURE")
    assert c["claimant"]["text"] == "ISW"


def test_a_relative_pronoun_acts_for_the_noun_it_describes(pipeline):
    claims = read(pipeline, "Ukrainian forces are repelling Russian sabotage groups that are attempting to "
                            "infiltrate Ukrainian positions in Vovchansk.")
    assert only(claims, "ATTACK")["event"]["agent_side"] == "RU"


def test_an_agentless_passive_inside_a_named_speakers_clause_is_theirs(pipeline):
    c = only(read(pipeline, "ISW assesses that Ukrainian forces hold positions in Kursk Oblast and that Russian forces "
                            "are confirmed to have recaptured Sudzha.", source="Desk"), "CAPTURE")
    assert c["claimant"]["text"] == "ISW" and "confirmed" not in c["hedges"]
    c = only(read(pipeline, "The Ukrainian General Staff said Russian troops were reported to have entered Toretsk."),
             "ADVANCE")
    assert c["claimant"]["text"] == "The Ukrainian General Staff" and "reported" in c["hedges"]


def test_the_milblogger_is_the_last_milblogger_even_after_another_voice(pipeline):
    claims = read(pipeline, "A Kremlin-affiliated milblogger claimed that Russian forces advanced near Pogrebki. ISW "
                            "assesses that Russian forces recaptured Sudzha. The milblogger added that Russian forces "
                            "attacked near Makhnovka.", source="ISW")
    assert only(claims, "ATTACK")["claimant"]["text"] == "A Kremlin-affiliated milblogger"


@pytest.mark.parametrize("text", [
    "One of the captured North Korean soldiers stated that they suffered food shortages near Sudzha.",
    "Ukraine received a civilian previously captured by Russian forces near Kupiansk.",
    "The command only supplies Russian operators near Pokrovsk advanced FPV models.",
    "Ukraine and Russia have reached a preliminary agreement on prisoner exchanges in Kyiv.",
    "A total of 395 Russian drones entered Belarusian airspace near Homel in 2024.",
])
def test_words_of_war_about_people_and_things_are_no_ground_events(pipeline, text):
    assert not [c for c in read(pipeline, text) if c["event"]["type"] in ("CAPTURE", "ADVANCE")]


def test_reaching_a_place_is_still_an_advance(pipeline):
    assert places(only(read(pipeline, "Russian forces reached the outskirts of Pokrovsk."), "ADVANCE")) == {"Pokrovsk"}


def test_a_city_that_comes_under_attack_is_where_it_happened(pipeline):
    c = only(read(pipeline, "Kyiv came under a massive Russian missile attack early on Monday."), "STRIKE")
    assert places(c) == {"Kyiv"} and c["event"]["agent_side"] == "RU"
    c = only(read(pipeline, "Kyiv said Russian forces attacked near Pokrovsk."), "ATTACK")
    assert places(c) == {"Pokrovsk"} and c["claimant"]["text"] == "Kyiv"


@pytest.mark.parametrize("text, side, place", [
    ("The Russian army has knocked Ukrainian troops out of the settlement of Sudzha, the Russian Defense Ministry "
     "said.", "RU", "Sudzha"),
    ("Units of the Battlegroup West improved their tactical position near Kupiansk, the ministry said.", "RU",
     "Kupiansk"),
    ("Ukrainian forces drove Russian troops out of Robotyne.", "UA", "Robotyne"),
])
def test_words_apart_make_one_trigger(pipeline, text, side, place):
    c = only(read(pipeline, text), "ADVANCE")
    assert c["event"]["agent_side"] == side and places(c) == {place}


def test_a_knockout_is_no_advance(pipeline):
    assert not read(pipeline, "The boxer knocked him out in the third round in Kyiv.")


@pytest.mark.parametrize("text, etype", [
    ("Russian drones struck civilians in Kherson.", "STRIKE"),
    ("Russian forces attacked Ukrainian soldiers near Pokrovsk.", "ATTACK"),
])
def test_an_attack_on_people_is_still_an_attack(pipeline, text, etype):
    assert places(only(read(pipeline, text), etype)) in ({"Kherson"}, {"Pokrovsk"})


def test_capturing_people_is_no_capture_of_ground(pipeline):
    assert not read(pipeline, "Ukrainian forces captured 20 Russian soldiers near Sudzha.")


@pytest.mark.parametrize("speaker, carried", [
    ("said the ISW", "ISW"), ("said the Atlantic Council", "Atlantic Council"), ("sources said", None)])
def test_a_quote_goes_on_in_the_voice_of_a_named_speaker_of_no_known_kind(pipeline, speaker, carried):
    text = f"“Kurakhove was a logistics hub,” {speaker}. “Russian forces captured Kurakhove in January.”"
    [capture] = [c for c in read(pipeline, text) if c["event"]["type"] == "CAPTURE"]
    if carried:
        assert carried in capture["claimant"]["name"]
    else:  # an unnamed voice's quote is not carried on: the second sentence is the publisher's
        assert "sources" not in capture["claimant"]["name"]


@pytest.mark.parametrize("text, struck, not_struck", [
    ("Ukraine struck the Kaleykino Oil Pumping Station in Tatarstan, described as a key facility for filling the "
     "Druzhba oil pipeline to Hungary and Slovakia.", "Tatarstan", "Hungary"),
    ("Ukrainian drones struck a refinery in Saratov that supplies fuel to Moscow.", "Saratov", "Moscow"),
    ("Drones struck a fuel depot located in Bryansk Oblast.", "Bryansk", None),  # where the target is
])
def test_a_place_in_a_clause_describing_the_target_is_not_where_it_was_struck(pipeline, text, struck, not_struck):
    strike = only(read(pipeline, text), "STRIKE")
    assert struck in places(strike) and (not_struck is None or not_struck not in places(strike))


def test_the_events_own_clause_keeps_its_place(pipeline):
    claims = read(pipeline, "A Ukrainian commander stated that Russian forces suffered losses during recent "
                            "attempts to enter Kruhlyakivka (northeast of Borova).")
    assert any("Kruhlyakivka" in places(c) for c in claims if c["event"]["type"] == "ATTACK")


@pytest.mark.parametrize("speaker, side", [
    ("The Kyiv Independent reported", None), ("The Moscow Times reported", None),   # outlets named after a capital
    ("Kyiv said", "UA"), ("Moscow claimed", "RU"), ("The Kyiv City Military Administration said", "UA"),
])
def test_a_capital_speaks_for_its_government_but_not_in_an_outlets_name(pipeline, speaker, side):
    capture = only(read(pipeline, f"{speaker} that Russian forces captured Kurakhove."), "CAPTURE")
    assert capture["claimant"]["side"] == side
