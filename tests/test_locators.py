"""Locators (#7): anchors that say where a place lies are kept on that place, never made claim places."""

from datetime import date

import pytest

from contested.model import Document


def records(pipeline, text):
    return [c.to_record() for c in pipeline.process(Document(text, source="Desk", published=date(2025, 3, 6))).claims]


def claim_places(pipeline, text):
    (claim,) = records(pipeline, text)
    return {p["text"]: p["locator"] for p in claim["places"]}


def test_a_parenthesis_locates_the_place_before_it(pipeline):
    found = claim_places(pipeline, "Russian forces seized Ocheretyne (northwest of Avdiivka) on Tuesday.")
    assert found == {"Ocheretyne": {"direction": "northwest", "anchor": "Avdiivka",
                                    "anchor_start": found["Ocheretyne"]["anchor_start"],
                                    "anchor_end": found["Ocheretyne"]["anchor_end"]}}


def test_the_anchor_offsets_point_at_its_name(pipeline):
    text = "Ukrainian troops advanced near Robotyne (immediately south of Orikhiv)."
    loc = claim_places(pipeline, text)["Robotyne"]
    assert text[loc["anchor_start"]:loc["anchor_end"]] == "Orikhiv" and loc["direction"] == "south"


def test_direction_of_x_near_a_list(pipeline):
    found = claim_places(pipeline, "Russian forces attacked northeast of Kupiansk near Dvorichna and Synkivka, "
                                   "and south of Kupiansk near Petropavlivka.")
    assert set(found) == {"Dvorichna", "Synkivka", "Petropavlivka"}
    assert {loc["direction"] for loc in found.values()} == {"northeast", "south"}
    assert {loc["anchor"] for loc in found.values()} == {"Kupiansk"}


def test_direction_of_x_alone_is_the_place_itself(pipeline):
    assert set(claim_places(pipeline, "Russian forces advanced west of Pokrovsk.")) == {"Pokrovsk"}


@pytest.mark.parametrize("text, place, compass", [
    ("Russian forces advanced west of Pokrovsk.", "Pokrovsk", "west"),
    ("The Russian MoD claimed that its troops seized positions south of Chasiv Yar.", "Chasiv Yar", "south"),
    ("Ukrainian forces attacked immediately northeast of Vovchansk on Monday.", "Vovchansk", "northeast")])
def test_a_place_measured_from_keeps_the_compass_word(pipeline, text, place, compass):
    # the status policy reads it: fighting near the place, not who holds it (the `beside` rule)
    mentions = pipeline.process(Document(text, source="Desk", published=date(2025, 3, 6))).mentions
    assert [(m.span.text, m.relation) for m in mentions] == [(place, compass)]


def test_near_x_and_the_outskirts_of_x_keep_their_words(pipeline):
    for text, relation in (("Russian forces attacked near Toretsk.", "near"),
                           ("Russian forces seized the outskirts of Toretsk.", "of")):
        mentions = pipeline.process(Document(text, source="Desk", published=date(2025, 3, 6))).mentions
        assert [m.relation for m in mentions] == [relation]


def test_near_x_such_as_a_list(pipeline):
    found = claim_places(pipeline, "Russian forces attacked small settlements near Pokrovsk such as Myrnohrad "
                                   "and Selydove.")
    assert set(found) == {"Myrnohrad", "Selydove"} and found["Selydove"]["anchor"] == "Pokrovsk"


def test_a_road_named_after_places_is_not_a_place(pipeline):
    found = claim_places(pipeline, "Russian forces advanced toward the Pokrovsk-Kostiantynivka highway near "
                                   "Myrnohrad.")
    assert set(found) == {"Myrnohrad"}


@pytest.mark.parametrize("text, expected", [
    ("Russian forces captured positions along the Kurakhove-Dachne line on Monday.", {"Kurakhove", "Dachne"}),
    ("Russian sources claimed advances along the Kostiantynivka-Druzhkivka-Kramatorsk line.",
     {"Kostiantynivka", "Druzhkivka", "Kramatorsk"}),
    ("Ukrainian troops held the Siversk-Bilohorivka line against repeated assaults.", {"Siversk", "Bilohorivka"}),
])
def test_a_line_named_after_places_runs_through_them(pipeline, text, expected):
    # unlike a road's ends, the places a line is named after are where the fighting along it is
    claim = [c for c in records(pipeline, text) if c["places"]][0]
    assert {p["text"] for p in claim["places"]} == expected


@pytest.mark.parametrize("text, expected", [
    ("Russian forces are advancing from Zorya towards Slovyanka.", {"Zorya", "Slovyanka"}),
    ("Ukrainian troops pushed south from Huliaipole toward Marfopil.", {"Huliaipole", "Marfopil"}),
    # a whole area it came from is no place of the advance
    ("Russia has pressed a broader push from the Donetsk area into Ukraine's Dnipropetrovsk region.",
     {"Dnipropetrovsk"}),
])
def test_a_settlement_an_advance_sets_out_from_is_its_place(pipeline, text, expected):
    (claim,) = records(pipeline, text)
    assert {p["text"] for p in claim["places"]} == expected


@pytest.mark.parametrize("aside, expected", [
    ("south of Sudzha", True),
    ("immediately west of Velyka Novosilka", True),
    ("49th Combined Arms Army [CAA], Southern Military District [SMD]", True),
    ("VDV", True),
    ("Andriivka, Dachne and Zelene", False),
    ("the town was shelled on Monday", False),
])
def test_which_parentheses_the_parser_does_not_read(pipeline, aside, expected):
    assert pipeline.finder.locators.is_aside(aside) is expected


def test_a_city_named_with_its_noun_is_still_an_anchor(pipeline):
    found = claim_places(pipeline, "Russian forces attacked northeast of Kharkiv City near Vovchansk and Vilcha.")
    assert set(found) == {"Vovchansk", "Vilcha"} and found["Vovchansk"]["anchor"] == "Kharkiv"


def test_a_place_in_a_stated_intention_is_not_a_place_of_the_claim(pipeline):
    claims = records(pipeline, "A milblogger claimed that Russian advances near Lyman indicate that Russian forces "
                               "intend to encircle Siversk.")
    assert {p["text"] for c in claims for p in c["places"]} == {"Lyman"}


def test_all_and_both_locate_the_whole_list(pipeline):
    text = "Russian forces seized Oleshnia, Mala Loknia and Kositsa (all northeast of Sudzha) on Tuesday."
    found = claim_places(pipeline, text)
    assert {name: loc and loc["anchor"] for name, loc in found.items()} == {
        "Oleshnia": "Sudzha", "Mala Loknia": "Sudzha", "Kositsa": "Sudzha"}


def test_an_anchor_is_a_name_not_the_words_after_it(pipeline):
    text = "Russian forces advanced in Pogrebki (northeast of Sudzha at the Sudzha-Korenevo road)."
    assert claim_places(pipeline, text)["Pogrebki"]["anchor"] == "Sudzha"


def test_a_namesake_outside_the_locators_sector_is_rejected_even_abroad(pipeline):
    # Kositsa (Kursk Oblast) is not in the embedded gazetteer; Košice in Slovakia shares a spelling
    processed = pipeline.process(Document("Russian forces seized Kositsa and Berdin (both northeast of Sudzha)."))
    kositsa = next(m for m in processed.mentions if m.span.text == "Kositsa").resolution
    assert kositsa.place is None and any("northeast of Sudzha" in r for r in kositsa.reasons)


def test_a_place_located_by_an_unplaced_anchor_stays_unplaced(pipeline):
    processed = pipeline.process(Document(
        "Russian forces advanced into Kurilovka (immediately southwest of Xyzzyvka). Fighting continued near Sudzha."))
    kurilovka = next(m for m in processed.mentions if m.span.text == "Kurilovka").resolution
    assert kurilovka.place is None


def test_between_two_anchors_locates_the_place_before(pipeline):
    processed = pipeline.process(Document("Fighting continued near Shevchenko and Uspenivka between Kurakhove and "
                                          "Velyka Novosilka."))
    found = {m.span.text: m for m in processed.mentions}
    for name in ("Shevchenko", "Uspenivka"):
        loc = found[name].locator
        assert loc is not None
        assert (loc.direction, loc.anchor, loc.other) == ("between", "Kurakhove", "Velyka Novosilka")
    assert found["Kurakhove"].role == found["Velyka Novosilka"].role == "locator"
    # dozens of Shevchenkos in Ukraine, none of them in the embedded gazetteer between the two towns
    shevchenko = found["Shevchenko"].resolution
    assert shevchenko.place is None and any("between Kurakhove and Velyka Novosilka" in r for r in shevchenko.reasons)


def test_between_picks_the_namesake_between_the_anchors(village_pipeline):
    processed = village_pipeline.process(Document("Fighting continued near Shevchenko between Kurakhove and "
                                                  "Velyka Novosilka."))
    shevchenko = next(m for m in processed.mentions if m.span.text == "Shevchenko").resolution
    assert shevchenko.place is not None and shevchenko.place.admin1 == "05"  # Donetsk oblast
    assert any("namesakes rejected: not between Kurakhove and Velyka Novosilka" in r for r in shevchenko.reasons)


def test_an_area_between_two_places_keeps_them_as_places(pipeline):
    text = "Russian forces advanced in an area 2 kilometers wide between Petropavlivka and Shevchenko."
    assert set(claim_places(pipeline, text)) == {"Petropavlivka", "Shevchenko"}


def test_a_place_on_a_road_between_two_towns(pipeline):
    processed = pipeline.process(Document("Russian forces advanced near Kotlyne on the Pokrovsk-Mezhova road."))
    found = {m.span.text: m for m in processed.mentions}
    assert found["Pokrovsk"].role == found["Mezhova"].role == "route"
    assert found["Kotlyne"].locator.direction == "between" and found["Kotlyne"].locator.other == "Mezhova"


@pytest.mark.parametrize("text, place, direction, anchor", [
    ("Russian forces seized Ocheretyne northwest of Avdiivka.", "Ocheretyne", "northwest", "Avdiivka"),
    ("Ukrainian troops advanced near Robotyne immediately south of Orikhiv on Friday.", "Robotyne", "south",
     "Orikhiv"),
    ("Ukrainian forces liberated Klishchiivka, about 7 kilometers south of Bakhmut, and Andriivka.", "Klishchiivka",
     "south", "Bakhmut"),
    ("Russian forces struck Vovchansk, roughly 5 km north of Kharkiv city limits.", "Vovchansk", "north", "Kharkiv"),
])
def test_a_trailing_locator_locates_the_place_right_before_it(pipeline, text, place, direction, anchor):
    claims = records(pipeline, text)
    places = {p["text"]: p["locator"] for c in claims for p in c["places"]}
    assert anchor not in places  # the anchor is never a place of the claim
    assert places[place]["direction"] == direction and places[place]["anchor"] == anchor


@pytest.mark.parametrize("text", ["Russian forces attacked in Ocheretyne and west of Avdiivka.",
                                  "Russian forces advanced near Ocheretyne, west of Avdiivka, and up to Orlivka."])
def test_a_direction_not_right_after_a_place_is_a_place_of_the_list(pipeline, text):
    found = claim_places(pipeline, text)
    assert {"Ocheretyne", "Avdiivka"} <= set(found) and found["Ocheretyne"] is None
