"""Golden claims on the bundled sample report (issue #2's list), plus time and edge cases."""

from datetime import date

import pytest

from contested.extract.time import find_times, normalise_time
from contested.model import Document


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
