"""Place resolution on the sample and the named hard cases, with the embedded and the village gazetteer."""

import pytest

from conftest import SAMPLE
from contested.model import Document


def mention(processed, text):
    return [m for m in processed.mentions if m.span.text == text]


def test_sample_places_with_the_embedded_gazetteer(pipeline):
    processed = pipeline.process(Document(SAMPLE.read_text(encoding="utf-8")))
    zaporizke = mention(processed, "Zaporizke")[0].resolution
    assert zaporizke.place.geonameid == 687697 and zaporizke.confidence < 0.5
    assert any("no other place of the report within 50 km" in r for r in zaporizke.reasons)
    novo = mention(processed, "Novohryhorivka")[0].resolution
    assert novo.place is None
    assert "not in the gazetteer for Dnipropetrovsk oblast" in novo.reasons
    dnipro = mention(processed, "Dnipro")[0].resolution
    assert dnipro.place.geonameid == 709930 and dnipro.confidence >= 0.5
    region = mention(processed, "Dnipropetrovsk")[0].resolution
    assert region.place.feature_code == "ADM1" and region.place.admin1 == "04" and region.precision == "oblast"


def test_dnipro_unit_is_not_a_place(pipeline):
    processed = pipeline.process(Document(
        "Viktor Trehubov, representing the Dnipro Operational-Strategic Group of Troops, said the attack failed."))
    assert not mention(processed, "Dnipro")


def test_russian_spelling_resolves(pipeline):
    processed = pipeline.process(Document("Russian forces attacked near Gulyaypole and Orikhiv on Monday."))
    place = mention(processed, "Gulyaypole")[0].resolution.place
    assert place is not None and place.name == "Hulyaypole" and place.admin1 == "26"


def test_cyrillic_place_name(pipeline):
    processed = pipeline.process(Document("Russian troops attacked near Покровськ and Mirnohrad."))
    place = mention(processed, "Покровськ")[0].resolution.place
    assert place is not None and place.geonameid == 704422  # Pokrovsk, Donetsk oblast


def test_pokrovske_in_dnipropetrovsk_is_not_pokrovsk(pipeline):
    processed = pipeline.process(Document("Fighting was reported near Pokrovske in Dnipropetrovsk region."))
    place = mention(processed, "Pokrovske")[0].resolution.place
    assert place is not None and place.admin1 == "04" and place.name == "Pokrovske"


def test_common_words_are_not_places(pipeline):
    processed = pipeline.process(Document("Victory is near, the Ukrainian commander said of the war."))
    assert not processed.mentions


def test_village_gazetteer_finds_the_front_line_pair(village_pipeline):
    processed = village_pipeline.process(Document(SAMPLE.read_text(encoding="utf-8")))
    zaporizke = [m.resolution for m in mention(processed, "Zaporizke")]
    # 7 Zaporizkes in the oblast; the one 8 km from a Novohryhorivka is the front-line village (#3)
    assert {r.place.geonameid for r in zaporizke} == {687688}
    assert all(r.confidence < 0.5 for r in zaporizke)  # still several namesakes: not confident
    novo = mention(processed, "Novohryhorivka")[0].resolution
    # GeoNames puts this Novohryhorivka just across the border, in Zaporizhzhia oblast: low confidence, said why
    assert novo.place.geonameid == 699570 and novo.confidence < 0.5
    assert any("within 15 km of a list neighbour" in r for r in novo.reasons)


def test_village_gazetteer_dnipro_is_the_city_not_the_river(village_pipeline):
    processed = village_pipeline.process(Document("Russian forces struck Dnipro overnight, officials said."))
    place = mention(processed, "Dnipro")[0].resolution.place
    assert place.geonameid == 709930 and place.feature_class == "P"


def test_village_gazetteer_russian_spelling_finds_the_oblast_village(village_pipeline):
    processed = village_pipeline.process(Document(
        "Fighting continues near Novogrigorovka and Zaporizke in Dnipropetrovsk region, the General Staff said."))
    place = mention(processed, "Novogrigorovka")[0].resolution.place
    assert place is not None and place.name == "Novohryhorivka"


def test_raion_without_raion_data_falls_back_to_its_town(pipeline):
    # the embedded index has only the raions that have a cities500 town linked to them: not Sudzha's
    processed = pipeline.process(Document("Russian forces attacked villages in Sudzha district, officials said."))
    res = mention(processed, "Sudzha")[0].resolution
    assert res.place.feature_class == "P" and res.place.country == "RU" and res.precision == "raion"
    assert any("placed at the town it is named after" in r for r in res.reasons)


def test_the_embedded_index_knows_raions_with_towns(pipeline):
    processed = pipeline.process(Document("Russian forces attacked villages in Pokrovsk district, officials said."))
    res = mention(processed, "Pokrovsk")[0].resolution
    assert res.place.geonameid == 704417 and res.place.feature_code == "ADM2" and res.precision == "raion"


def test_village_gazetteer_raion(village_pipeline):
    processed = village_pipeline.process(Document("Russian forces attacked villages in Pokrovsk raion, officials said"
                                                  "."))
    res = mention(processed, "Pokrovsk")[0].resolution
    assert res.place.geonameid == 704417 and res.place.feature_code == "ADM2" and res.precision == "raion"


def test_country_after_a_word_of_location_is_a_country_level_place(pipeline):
    processed = pipeline.process(Document("Russian strikes continued across Ukraine overnight, officials said."))
    [m] = mention(processed, "Ukraine")
    assert m.kind == "country" and m.resolution.place.geonameid == 690791 and m.resolution.precision == "country"


def test_country_as_subject_is_an_actor_not_a_place(pipeline):
    processed = pipeline.process(Document("On Monday, Ukraine struck an oil pumping station in Tatarstan."))
    [m] = mention(processed, "Ukraine")  # still a toponym (geoparse lists it), but no claim is about it (#8)
    assert m.role == "actor" and m.resolution.place.country == "UA"
    assert all(p.span.text != "Ukraine" for c in processed.claims for p in c.places)


def test_a_country_is_a_country_wherever_it_stands(pipeline):
    processed = pipeline.process(Document("Envoys from Cuba met Turkey and Russia's foreign ministers. "
                                          "The U.S. sent aid to Texas."))
    found = {m.span.text: m for m in processed.mentions}
    assert found["Cuba"].resolution.place.feature_code == "PCLI" and found["Cuba"].role == "place"
    assert found["Turkey"].resolution.place.country == "TR"
    assert found["Russia"].role == "actor"  # an owner: "Russia's foreign ministers"
    assert found["U.S."].resolution.place.country == "US" and found["U.S."].resolution.precision == "country"
    texas = found["Texas"].resolution
    assert texas.place.feature_code == "ADM1" and texas.precision == "oblast" and texas.place.population > 10**6


def test_the_profile_prefers_its_countries_but_never_excludes_others(pipeline):
    processed = pipeline.process(Document("Delegations flew to Paris and New York after shelling near Kupiansk."))
    found = {m.span.text: m.resolution.place for m in processed.mentions}
    assert found["Paris"].country == "FR" and found["New York"].country == "US"  # not Parizh, not Niu-York
    assert found["Kupiansk"].country == "UA"


def test_a_town_in_a_region_named_elsewhere_in_the_report(pipeline):
    processed = pipeline.process(Document("Paris police arrested two men on Friday. The sheriff of Lamar County, "
                                          "Texas, said the men came from Dallas."))
    assert next(m for m in processed.mentions if m.span.text == "Paris").resolution.place.admin1 == "TX"


def test_acronyms_and_numbered_roads_are_not_places(pipeline):
    processed = pipeline.process(Document("The MoD said trucks on Highway 61 reached the Republic of Health."))
    assert not [m for m in processed.mentions if m.span.text in ("MoD", "Highway", "Health")]


def test_a_weak_guess_is_left_unresolved_with_candidates(pipeline):
    processed = pipeline.process(Document(
        "The enemy attacked in the directions of Dobropillya, Pryluky, Zaliznychne, Zelenyi and Varvarivka."))
    zelenyi = mention(processed, "Zelenyi")[0].resolution
    assert zelenyi.place is None and zelenyi.candidates
    assert any("left unresolved" in r for r in zelenyi.reasons)


# --- locators as constraints (#7): "X (DIRECTION of ANCHOR)" --------------------------------------------------

def test_a_locator_rejects_a_namesake_far_from_its_anchor(pipeline):
    processed = pipeline.process(Document("Russian forces attacked near Lozova (northeast of Borova) on Monday."))
    lozova = mention(processed, "Lozova")[0].resolution
    assert lozova.place is None  # the only Lozova of the embedded index is the city 120 km away
    assert any("northeast of Borova" in r for r in lozova.reasons)
    assert mention(processed, "Borova")[0].role == "locator"


def test_a_locator_picks_the_namesake_in_its_direction(village_pipeline):
    south = village_pipeline.process(Document("Russian forces attacked near Shevchenko (south of Pokrovsk)."))
    north = village_pipeline.process(Document("Russian forces attacked near Shevchenko (north of Pokrovsk)."))
    s, n = (mention(p, "Shevchenko")[0].resolution for p in (south, north))
    assert s.place is not None and n.place is not None and s.place.geonameid != n.place.geonameid
    assert s.place.lat < 48.28 < n.place.lat  # Pokrovsk lies at 48.28 N
    assert any("south of Pokrovsk, as the report locates it" in r for r in s.reasons) and s.confidence >= 0.5


def test_one_name_with_two_anchors_is_two_places(village_pipeline):
    processed = village_pipeline.process(Document(
        "Russian forces attacked near Petropavlivka (east of Kupiansk). Russian forces also attacked near "
        "Petropavlivka (northwest of Kurakhove)."))
    first, second = (m.resolution.place for m in mention(processed, "Petropavlivka"))
    assert first is not None and second is not None and first.geonameid != second.geonameid


def test_nationality_words_are_toponyms_only_when_geoparsing(pipeline):
    # "Russian drones" says whose drones: the nationality word stays a nationality word in the whole report
    text = ("Georgian troops pushed into Ukrainian territory, Palestinians in Gaza said. Mikheil Saakashvili spoke. "
            "On Monday, Russian drones struck Kharkiv, and Russian troops shelled Kupiansk.")
    processed = pipeline.process(Document(text))
    assert not [m for m in processed.mentions if m.span.text in ("Georgian", "Ukrainian", "Palestinians")]
    pipeline.geoparsing = True
    try:
        demonyms = {m.span.text: m for m in pipeline.process(Document(text)).mentions if m.role == "demonym"}
    finally:
        pipeline.geoparsing = False
    assert demonyms["Georgian"].resolution.place.country == "GE"  # the country, not the US state
    assert demonyms["Palestinians"].resolution.precision == "country"
    assert demonyms["Russian"].resolution.place.country == "RU"
    pipeline.geoparsing = True
    try:
        russian = [m for m in pipeline.process(Document(text)).mentions if m.span.text == "Russian"]
    finally:
        pipeline.geoparsing = False
    assert [m.role for m in russian] == ["demonym", "demonym"]


def test_a_nationality_word_naming_a_body_is_its_country_when_geoparsing(pipeline):
    text = "Pallister said so in an interview with The Canadian Press in Winnipeg."
    pipeline.geoparsing = True
    try:
        mentions = {m.span.text: m for m in pipeline.process(Document(text)).mentions}
    finally:
        pipeline.geoparsing = False
    assert mentions["Canadian"].role == "demonym" and mentions["Canadian"].resolution.place.country == "CA"
    assert "Canadian" not in {m.span.text for m in pipeline.process(Document(text)).mentions}


@pytest.mark.parametrize("text, name, country, code", [
    ("Ukrainian drones struck the Votkinsk missile factory on February 21.", "Votkinsk", "RU", None),
    ("Drones hit the Saratov refinery overnight, the governor said.", "Saratov", "RU", None),
    ("Ukrainian drones struck an oil depot in Tatarstan on Tuesday.", "Tatarstan", "RU", "ADM1"),
    ("Explosions were heard in the Republic of Udmurtia after the attack.", "Udmurtia", "RU", "ADM1"),
    # the name of a weapon elsewhere in the report ("Iskander missiles"), with a word of location, is a place
    ("Iskander missiles struck Kharkiv. Fighting continued near Iskander on Monday.", "Iskander", None, None),
])
def test_places_of_strikes_far_behind_the_line(pipeline, text, name, country, code):
    # a town named before a site ("the Saratov refinery") is where the site is; a republic is a region
    mentions = {m.span.text: m for m in pipeline.process(Document(text)).mentions if m.role == "place"}
    place = next((m.resolution.place for t, m in mentions.items() if name in t), None)
    assert any(name in t for t in mentions)
    if country:
        assert place is not None and (place.country, place.feature_code) == (country, code)

@pytest.mark.parametrize("text, names", [
    ("Russian forces attacked near Pogrebki and Leonidovo (both southeast of Sudzha).", ["Pogrebki", "Leonidovo"]),
    ("Ukrainian forces still hold positions in Pogrebki, a Russian milblogger claimed.", ["Pogrebki"]),
    ("Fighting continued in Russkoye Porechnoye on Monday.", ["Russkoye Porechnoye"]),
])
def test_a_village_the_gazetteer_lacks_is_still_a_place(pipeline, text, names):
    mentions = [m.span.text for m in pipeline.process(Document(text)).mentions if m.role == "place"]
    assert all(n in mentions for n in names)

def test_a_person_named_in_full_is_not_a_town_later(pipeline):
    processed = pipeline.process(Document(
        "Sheriff Tom Ripley said the fire started early. Ripley said two men fled toward Dallas."))
    assert [m.span.text for m in processed.mentions] == ["Dallas"]


@pytest.mark.parametrize("text, name", [
    ("Ukrainian forces destroyed two Osa air defense systems near Kherson.", "Osa"),
    ("Gas flows through the Trans-Balkan pipeline to Moldova.", "Balkan"),
    ("Veterans applied to the Time of Heroes program in Moscow.", "Time"),
    ('Drone operators of the "Canada" Group struck near Vovchansk.', "Canada"),
    ("Calls for the West to accept the demands grew in Moscow.", "West"),
    ("Russian forces advanced along Murmanska and Korolenka streets in Toretsk.", "Murmanska"),
    # a weapon the report named is that weapon later too, though a town somewhere bears the name
    ("FP-5 Flamingo missiles struck the plant. It was the first use of the Flamingo against such a target.",
     "Flamingo"),
    ("FP-5 \u201cFlamingo\u201d missiles struck the plant. It was the first use of the Flamingo against a target.",
     "Flamingo"),
    # names the gazetteer lacks, which the text makes something other than a village it misses
    ("Russian forces executed three Ukrainian POWs near Neskuchne.", "Ukrainian POWs"),
    ("Train operator Ukrzaliznytsia reported damage to the rail network near Kyiv.", "Ukrzaliznytsia"),
    ("Opposition outlet _Mediazona_ counted the dead from Kursk.", "Mediazona"),
    ("Most of the tanks come from Soviet-era storage near Omsk.", "Soviet"),
    ("Veterans joined the Time of Heroes program in Moscow.", "Heroes"),
    ("Gas still reaches Europe through the TurkStream pipeline across the Black Sea.", "TurkStream"),
    ("After the strike near Kyiv, Ukrzaliznytsia has since restored operations.", "Ukrzaliznytsia"),
    ("The motion was made by Tommy Smith and seconded by Eddie Jones.", "Eddie Jones"),   # the agent of a passive
    # a person named in full at the start of a sentence, then by the surname alone
    ("Derek D. Moore was sentenced on Friday. The judge sent a letter to Moore in Richmond.", "Moore"),
    ("Near Kupyansk, Gazpromneft supplied fuel to the Russian units.", "Gazpromneft"),
    # a nationality word of a region, like a country's: whose forces, not where
    ("Elements of the Chechen Akhmat Spetsnaz attacked near Tetkino.", "Chechen Akhmat"),
    ("Chechen forces attacked near Tetkino and Vovchansk.", "Chechen"),
    # a holiday is a date, after any preposition (Christmas, Florida, is a town)
    ("Travellers face disruption over Christmas because of strikes.", "Christmas"),
    ("Putin declared an Easter truce, but fighting went on over Easter near Pokrovsk.", "Easter"),
    # a road leads to the place it is named after: it is no site in it
    ("Russian troops continue fighting for the Velyka Novosilka – Uspenivka road.", "Uspenivka"),
])
def test_names_that_are_not_places(pipeline, text, name):
    assert name not in {m.span.text for m in pipeline.process(Document(text)).mentions if m.role == "place"}


def test_a_city_outranks_a_division_of_its_name(pipeline):
    processed = pipeline.process(Document("The delegation visited Minsk and then Moscow."))
    places = {m.span.text: m.resolution.place for m in processed.mentions}
    assert places["Minsk"].feature_class == "P" and places["Moscow"].feature_class == "P"


@pytest.mark.parametrize("text, name", [
    ("Farmers in Minnesota and Iowa lost most of the harvest.", "Minnesota"),  # Minneota, MN, has it as an alias
    ("The governor of Minnesota said the roads stay closed.", "Minnesota"),
])
def test_a_division_stays_a_division_when_only_a_village_alias_shares_its_name(pipeline, text, name):
    processed = pipeline.process(Document(text))
    place = mention(processed, name)[0].resolution.place
    assert place is not None and place.feature_code == "ADM1" and place.country == "US"

@pytest.mark.parametrize("text, name, code", [
    ("Deputies in Laurel County arrested two men near London on Friday.", "Laurel County", "ADM2"),
    ("Deputies in Laurel County arrested two men near London on Friday.", "London", None),
    ("Flooding closed schools in Rapides Parish and Avoyelles Parish.", "Avoyelles Parish", "ADM2"),
    ("The storm reached Laurel, a town of a few thousand, by noon.", "Laurel", None),  # the town, not the county
])
def test_a_name_with_a_division_word_is_the_division(pipeline, text, name, code):
    processed = pipeline.process(Document(text))
    place = mention(processed, name)[0].resolution.place
    assert place is not None and place.feature_code == code
    assert place.country == "US" if name != "Laurel" else place.feature_class == "P"


@pytest.mark.parametrize("text, town, county, where", [
    ("A Richmond man was arrested. Madison County deputies said he lived there.", "Richmond", "Madison County",
     ("US", "KY")),  # not Richmond, Virginia, nor Madison County, Alabama, the largest of each
    ("Athens police said the Henderson County jail held him overnight.", "Athens", "Henderson County", ("US", "TX")),
    ("The Muscogee County sheriff and Columbus police closed the road.", "Columbus", "Muscogee County",
     ("US", "GA")),
    ("Deputies from Madison and Estill counties searched homes in Richmond.", "Richmond", "Madison", ("US", "KY")),
])
def test_a_town_and_a_county_it_lies_in_choose_each_other(pipeline, text, town, county, where):
    processed = pipeline.process(Document(text))
    town_at, county_at = (mention(processed, name)[0].resolution for name in (town, county))
    assert town_at.place is not None and county_at.place is not None
    assert (town_at.place.country, town_at.place.admin1) == where == (county_at.place.country, county_at.place.admin1)
    assert town_at.place.admin2 == county_at.place.admin2
    assert f"in {county}, also named in the report" in town_at.reasons
    assert f"holds {town}, also named in the report" in county_at.reasons


@pytest.mark.parametrize("text, name, code, country", [
    ("A man from Clacton, Essex was charged with fraud.", "Essex", "ADM2", "GB"),   # not Essex, Maryland
    ("Detectives from Hertfordshire and Essex made the arrests in Chelmsford.", "Essex", "ADM2", "GB"),
    ("Flooding closed roads in Yvelines and Essonne west of Paris.", "Yvelines", "ADM2", "FR"),
    ("Flooding closed the centre of York on Sunday.", "York", None, "GB"),   # the city, not York Region, Ontario
    ("Essex County deputies in New Jersey made the arrest.", "Essex County", "ADM2", "US"),
])
def test_a_division_called_by_its_own_bare_name_is_the_division(pipeline, text, name, code, country):
    place = mention(pipeline.process(Document(text)), name)[0].resolution.place
    assert place is not None and (place.feature_code, place.country) == (code, country)


def test_a_town_with_no_county_named_keeps_its_usual_reading(pipeline):
    processed = pipeline.process(Document("Richmond police said the man was arrested on Friday."))
    place = mention(processed, "Richmond")[0].resolution.place
    assert place is not None and (place.country, place.admin1) == ("US", "VA")


@pytest.mark.parametrize("text, name, nth, code, country", [
    ("Belgorod Governor Vyacheslav Gladkov said a drone struck a car in Belgorod.", "Belgorod", 0, "ADM1", "RU"),
    ("Belgorod Governor Vyacheslav Gladkov said a drone struck a car in Belgorod.", "Belgorod", 1, None, "RU"),
    ("Former New York Gov. Mario Cuomo spoke at the rally.", "New York", 0, "ADM1", "US"),
    ("The Quebec government will appeal the ruling.", "Quebec", 0, "ADM1", "CA"),
    ("The Georgia government protested the visit to Tbilisi.", "Georgia", 0, "PCLI", "GE"),  # a country stays one
    ("Kharkiv Mayor Ihor Terekhov said the city was hit.", "Kharkiv", 0, None, "UA"),        # a mayor is the city's
])
def test_a_regions_office_names_the_region_there_only(pipeline, text, name, nth, code, country):
    place = mention(pipeline.process(Document(text)), name)[nth].resolution.place
    assert place is not None and (place.feature_code, place.country) == (code, country)


@pytest.mark.parametrize("text, name, country", [
    ("Organizers of a London rally thanked Canada for its stand on the war.", "London", "CA"),  # London, Ontario
    ("A London rally was held on Saturday.", "London", "GB"),                   # with no country named, the largest
    ("Police in Paris said the suspect had fled to the United States.", "Paris", "US"),
])
def test_a_town_lies_in_the_country_the_report_names(pipeline, text, name, country):
    place = mention(pipeline.process(Document(text)), name)[0].resolution.place
    assert place is not None and place.country == country


def test_a_nationality_word_names_no_country_towns_lie_in(pipeline):
    pipeline.geoparsing = True  # where "American" is a toponym of its own
    try:
        mentions = pipeline.process(Document("An American tourist was robbed in Toronto on Friday.")).mentions
    finally:
        pipeline.geoparsing = False
    assert [m.resolution.place.country for m in mentions if m.span.text == "Toronto"] == ["CA"]  # not Toronto, Ohio


@pytest.mark.parametrize("text, name, country", [
    ("Flooding hit Rio de Janeiro on Monday.", "Rio de Janeiro", "BR"),
    ("The fair opened in Frankfurt am Main.", "Frankfurt am Main", "DE"),
    ("Drones struck Rostov-on-Don overnight.", "Rostov-on-Don", "RU"),
    ("He flew home from Stratford-upon-Avon.", "Stratford-upon-Avon", "GB"),
    ("Strikes hit Deir al-Balah at dawn.", "Deir al-Balah", None),  # one name, though this spelling is unknown
])
def test_a_name_keeps_its_lowercase_particles(pipeline, text, name, country):
    found = mention(pipeline.process(Document(text)), name)
    assert len(found) == 1
    place = found[0].resolution.place
    assert (place.country if place else None) == country


def test_an_english_word_between_two_names_joins_nothing(pipeline):
    names = [m.span.text for m in pipeline.process(Document("Russia on Tuesday struck Kyiv and Kharkiv.")).mentions]
    assert "Kyiv" in names and not any(" on " in n for n in names)


def test_a_county_and_its_seat_vouch_for_each_other(pipeline):
    processed = pipeline.process(Document("Deputies in Laurel County arrested two men near London on Friday."))
    london = mention(processed, "London")[0].resolution.place
    assert london is not None and (london.country, london.admin1) == ("US", "KY")  # not London, England


@pytest.mark.parametrize("text, country, code", [
    ("Volunteers from Camden and Charlton counties in Georgia and Nassau County in Florida joined in.", "US", "ADM1"),
    ("Storms hit Atlanta and Savannah, and flooding across Georgia closed roads.", "US", "ADM1"),
    ("Russian officials met their counterparts in Georgia and Armenia.", "GE", "PCLI"),
    ("The ministers met in Georgia after talks in Kyiv and Kharkiv.", "GE", "PCLI"),
    ("Protesters gathered in Tbilisi as tensions across Georgia rose.", "GE", "PCLI"),
])
def test_a_country_and_a_division_of_its_name_are_told_apart_by_the_reports_places(pipeline, text, country, code):
    place = next(m.resolution.place for m in pipeline.process(Document(text)).mentions if m.span.text == "Georgia")
    assert (place.country, place.feature_code) == (country, code)

def test_a_lone_village_far_from_a_dense_report_is_left_unresolved(pipeline):
    # a front-line report whose places lie a few km apart; "Makhnovka" has only namesakes hundreds of km away
    processed = pipeline.process(Document(
        "Russian forces attacked near Pokrovsk, Myrnohrad, Selydove, Kurakhove, Hrodivka and Novohrodivka. "
        "Russian sources claimed that Russian forces advanced near Makhnovka."))
    makhnovka = next(m for m in processed.mentions if m.span.text == "Makhnovka").resolution
    assert makhnovka.place is None and any("nearest other place" in r for r in makhnovka.reasons)


def test_a_direction_named_after_a_river_the_report_names_is_no_city(pipeline):
    text = ("Russian forces attacked in the Dnipro direction and on the islands of the Dnipro River Delta. "
            "A missile struck Dnipro on Tuesday.")
    places = [(m.span.text, m.kind) for m in pipeline.process(Document(text)).mentions]
    assert ("Dnipro", "direction") not in places and ("Dnipro", "settlement") in places


def test_a_direction_far_from_its_sentences_places_is_named_after_something_else(pipeline):
    text = "Russian forces continued attacks in the Dnipro direction including near Kozatske and Kherson."
    dnipro = next(m for m in pipeline.process(Document(text)).mentions if m.span.text == "Dnipro").resolution
    assert dnipro.place is None and any("named after something else" in r for r in dnipro.reasons)
    near = "Russian forces attacked in the Pokrovsk direction near Myrnohrad and Selydove."
    pokrovsk = next(m for m in pipeline.process(Document(near)).mentions if m.span.text == "Pokrovsk").resolution
    assert pokrovsk.place is not None and pokrovsk.place.name == "Pokrovsk"


def test_a_titled_person_is_not_the_town_of_the_name(pipeline):
    processed = pipeline.process(Document("President Obama met Sheriff Nelson in Dallas."))
    assert [m.span.text for m in processed.mentions if m.role == "place"] == ["Dallas"]


def test_a_direction_reported_in_another_region_is_named_after_something_else(pipeline):
    from contested.model import Document

    def directions(text):
        return {m.span.text: m for m in pipeline.process(Document(text)).mentions if m.kind == "direction"}

    dnipro = directions("Russian forces continued offensive operations in the Dnipro direction on January 11 but "
                        "did not make any confirmed advances. Drone operators of the Russian 80th Motorized Rifle "
                        "Brigade are reportedly operating in Kherson Oblast.")["Dnipro"]
    assert dnipro.resolution.place is None  # the river's front, not Dnipro city in another oblast
    assert "reported in Kherson" in dnipro.resolution.reasons[-1]
    found = directions("Russian forces attacked in the Pokrovsk direction near Myrnohrad in Donetsk Oblast. "
                       "Russian forces attacked in the Kursk direction, in Kursk Oblast.")
    assert found["Pokrovsk"].resolution.place.name == "Pokrovsk"
    assert found["Kursk"].resolution.place.name == "Kursk"  # in the region named with it, whatever else is near


@pytest.mark.parametrize("text", [
    "The company moved its plant to Charleston, W.Va., last spring.",
    "The company moved its plant to Charleston, W.Va.",            # the full stop ends the sentence too
])
def test_an_abbreviated_state_is_one_word_and_places_its_town(pipeline, text):
    processed = pipeline.process(Document(text))
    names = {m.span.text: m.resolution.place for m in processed.mentions}
    assert names["W.Va."] is not None and names["W.Va."].name == "West Virginia"
    assert names["Charleston"] is not None and names["Charleston"].admin1 == "WV"


@pytest.mark.parametrize("text, name, country, admin1", [
    ("The team flew from Tbilisi, Georgia, to Athens, Ga., last week.", "Georgia", "GE", None),
    ("The team flew from Tbilisi, Georgia, to Athens, Ga., last week.", "Athens", "US", "GA"),
    ("The festival moved from Paris, Texas, to Dallas.", "Paris", "US", "TX"),
    ("She was abducted in Redding, northern California, in November.", "Redding", "US", "CA"),
    ("Shelling hit Kharkiv, Sumy, and Odesa overnight.", "Kharkiv", "UA", None),   # a list, not "a town, its area"
])
def test_a_town_followed_by_its_country_or_division_lies_in_it(pipeline, text, name, country, admin1):
    processed = pipeline.process(Document(text))
    place = mention(processed, name)[0].resolution.place
    assert place is not None and place.country == country
    assert admin1 is None or place.admin1 == admin1


@pytest.mark.parametrize("text, name", [
    ("Officials in Kyiv Monday said the talks would resume.", "Kyiv"),
    ("He was booked into the Henderson County jail Tuesday morning.", "Henderson County"),
])
def test_a_day_after_a_name_is_not_part_of_it(pipeline, text, name):
    processed = pipeline.process(Document(text))
    assert name in [m.span.text for m in processed.mentions]


def test_a_typo_in_a_village_name_is_the_village_its_neighbours_vouch_for(village_pipeline):
    processed = village_pipeline.process(Document(
        "Russian forces attacked near Velyka Novosilka and Kostyatynopil on Monday."))
    res = mention(processed, "Kostyatynopil")[0].resolution
    assert res.place is not None and res.place.name == "Kostiantynopil" and res.place.admin1 == "05"
    assert any("close spelling" in r for r in res.reasons)


@pytest.mark.parametrize("text, name", [
    ("Russian forces attacked near Kostyatynopil on Monday.", "Kostyatynopil"),   # nothing near vouches for it
    ("Russian forces attacked near Ulanok and Velyka Novosilka.", "Ulanok"),       # too short to call a typo
])
def test_a_look_alike_spelling_alone_is_left_unresolved(village_pipeline, text, name):
    res = mention(village_pipeline.process(Document(text)), name)[0].resolution
    assert res.place is None


def test_a_citys_other_romanisation_needs_no_neighbour_to_vouch_for_it(gazetteer, tmp_path):
    """Another conflict's profile: "Hodeidah" (GeoNames: Hodeida, Al Hudaydah) is the city of 700,000, named alone."""
    from contested.pipeline import Pipeline
    from contested.resources import DEFAULT_PROFILE, data_path, load_profile

    text = data_path(DEFAULT_PROFILE).read_text(encoding="utf-8").replace("countries: [UA, RU]", "countries: [YE]")
    (tmp_path / "yemen.yaml").write_text(text, encoding="utf-8")
    yemen = Pipeline(gazetteer, load_profile(str(tmp_path / "yemen.yaml")))
    res = mention(yemen.process(Document("Houthi forces fired missiles from Hodeidah on Tuesday.")), "Hodeidah")[0]
    assert res.resolution.place is not None and res.resolution.place.country == "YE"
    assert any("close spelling" in r for r in res.resolution.reasons)


def test_a_place_naming_the_agent_of_a_passive_is_still_a_place(pipeline):
    processed = pipeline.process(Document("The man was arrested by Danbury police on Monday night."))
    assert "Danbury" in {m.span.text for m in processed.mentions if m.role == "place"}


def test_a_town_named_as_a_town_stays_one_where_its_region_is_named_too(pipeline):
    processed = pipeline.process(Document("Russian forces struck Chernihiv Oblast overnight. Ukrainian officials "
                                          "reported that missiles struck the outskirts of Chernihiv City."))
    places = [(m.span.text, m.resolution.place.feature_code if m.resolution and m.resolution.place else None)
              for m in processed.mentions]
    assert ("Chernihiv", "ADM1") in places and ("Chernihiv", None) in places  # the oblast, then the city


def test_a_city_locates_a_whole_sector(village_pipeline):
    processed = village_pipeline.process(Document(
        "Russian forces continued limited ground attacks northeast of Kharkiv City near Vovchansk and Tykhe."))
    tykhe = mention(processed, "Tykhe")[0].resolution
    assert tykhe.place is not None and tykhe.place.admin1 == "07"  # Kharkiv Oblast, some 70 km from the city


@pytest.mark.parametrize("text, name, expected", [
    ("Volunteers came from Douglas and Lancaster counties in Nebraska.", "Lancaster", ("ADM2", "US")),
    ("The case is before the U.S. District Court for the Southern District of Ohio.", "Ohio", ("ADM1", "US")),
    # no Karak county or raion: the governorate or town, not Pakistan's Karak District
    ("A house burned in the town of Qatraneh in the Karak district, Jordan's police said.", "Karak", (None, "JO")),
])
def test_a_list_of_counties_names_counties(pipeline, text, name, expected):
    place = mention(pipeline.process(Document(text)), name)[0].resolution.place
    assert place is not None and place.country == expected[1]
    assert expected[0] is None or place.feature_code == expected[0]


@pytest.mark.parametrize("text, name, code", [
    ("Swanton is about 20 miles west of Toledo in Ohio's northwestern corner.", "Ohio", "ADM1"),
    ("The Marine was killed in Helmand province of southwestern Afghanistan.", "Afghanistan", "PCLI"),
])
def test_a_country_or_region_holds_what_is_located_beside_it(pipeline, text, name, code):
    place = mention(pipeline.process(Document(text)), name)[0].resolution.place
    assert place is not None and place.feature_code == code


def geoparsed(pipeline, text):
    pipeline.geoparsing = True
    try:
        return pipeline.process(Document(text)).mentions
    finally:
        pipeline.geoparsing = False


@pytest.mark.parametrize("text, name, country", [
    ("Edmonton sits in eighth place out of 10 Canadian cities, a report found.", "Canadian", "CA"),
    ("Rebels shelled Syrian towns near the border.", "Syrian", "SY"),
])
def test_a_nationality_before_a_place_noun_is_still_its_country(pipeline, text, name, country):
    found = [m for m in geoparsed(pipeline, text) if m.span.text == name]
    assert found and found[0].role == "demonym" and found[0].resolution.place.country == country


def test_a_country_after_region_of_holds_the_region(pipeline):
    place = mention(pipeline.process(Document("The deal stalled when a region of Belgium vetoed it.")),
                    "Belgium")[0].resolution.place
    assert place is not None and place.feature_code == "PCLI" and place.country == "BE"


@pytest.mark.parametrize("text, name, admin1", [
    ("Sen. Sherrod Brown, D-Ohio, said the bill passed.", "Ohio", "OH"),
    ("The amendment, offered by Rep. Barbara Lee, D-Calif., failed.", "Calif.", "CA"),
])
def test_a_legislators_party_and_state_names_the_state_as_whose(pipeline, text, name, admin1):
    found = [m for m in geoparsed(pipeline, text) if m.span.text == name]
    assert found and found[0].role == "actor"  # a toponym, never where something happened
    assert found[0].resolution.place.feature_code == "ADM1" and found[0].resolution.place.admin1 == admin1
    assert not [m for m in geoparsed(pipeline, text) if m.span.text.startswith(("D-", "R-"))]


@pytest.mark.parametrize("text, name, expected", [
    ("A rumor spread across Northeast Texas on Monday.", "Texas", ("US", "ADM1")),
    ("The plant in South Philadelphia closed last year.", "Philadelphia", ("US", None)),
    ("Settlers moved into East Jerusalem.", "East Jerusalem", ("PS", None)),  # a name of its own stays whole
    ("Sanctions on North Korea were tightened.", "North Korea", ("KP", "PCLI")),
])
def test_a_compass_word_before_a_place_names_part_of_it(pipeline, text, name, expected):
    place = mention(pipeline.process(Document(text)), name)[0].resolution.place
    assert place is not None and place.country == expected[0]
    assert expected[1] is None or place.feature_code == expected[1]


def test_a_division_named_like_an_organisation_is_a_place(pipeline):
    processed = pipeline.process(Document("Israeli troops raided a camp in the West Bank on Monday."))
    place = mention(processed, "West Bank")[0].resolution.place
    assert place is not None and place.country == "PS"
    assert not mention(pipeline.process(Document("The National Bank raised rates.")), "National Bank")


@pytest.mark.parametrize("text, name, expected", [
    ("A man from Sulphur, La., was arrested in Lake Charles.", "La.", "Louisiana"),
    ("Vance, 57, of Fresno, Calif., said he was hurt.", "Calif.", "California"),
])
def test_a_divisions_abbreviation_is_the_division(pipeline, text, name, expected):
    place = mention(pipeline.process(Document(text)), name)[0].resolution.place
    assert place is not None and place.name == expected and place.feature_code == "ADM1"


def test_two_names_in_a_list_are_two_places(pipeline):
    # GeoNames also calls Mount Gilead "Youngstown": a list names different places, so neither vouches for it
    processed = pipeline.process(Document("Police in Youngstown and Mount Gilead, Ohio, closed the roads."))
    youngstown = mention(processed, "Youngstown")[0].resolution.place
    gilead = mention(processed, "Mount Gilead")[0].resolution.place
    assert youngstown is not None and gilead is not None and youngstown.geonameid != gilead.geonameid


def test_within_a_locators_sector_the_candidate_on_its_bearing_wins(village_pipeline):
    # two Topolis lie within the sector northeast of Kupyansk: the one due northeast (Kharkiv Oblast), not the one
    # east-northeast across the oblast border, when nothing else tells them apart
    processed = village_pipeline.process(Document(
        "Russian forces continued attacking northeast of Kupyansk near Topoli; east of Kupyansk near Petropavlivka; "
        "and southeast of Kupyansk near Tabaivka on January 14 and 15."))
    topoli = mention(processed, "Topoli")[0].resolution.place
    assert topoli is not None and topoli.admin1 == "07"


@pytest.mark.parametrize("text, expected", [
    ("Officials guard the Turkish Embassy in Moscow.", [("Turkish", "TR"), ("Moscow", "RU")]),
    ("Three themes dominated Egyptian-US relations.", [("Egyptian", "EG"), ("US", "US")]),
    ("French Interior Minister Bruno Le Roux spoke.", [("French", "FR")]),
    ("He visited American Samoa last year.", [("American Samoa", "AS")]),     # a place of its own, whole
])
def test_a_nationality_word_that_begins_a_longer_name_is_a_toponym_when_geoparsing(pipeline, text, expected):
    found = [(m.span.text, m.resolution.place.country) for m in geoparsed(pipeline, text)]
    assert found == expected
    assert not [m for m in pipeline.process(Document(text)).mentions if m.role == "demonym"]


@pytest.mark.parametrize("text, name, country", [
    ("M23 rebels seized Goma and advanced toward Bukavu in South Kivu province.", "Goma", "CD"),  # North Kivu's
    ("M23 rebels seized Goma and advanced toward Bukavu in South Kivu province.", "Bukavu", "CD"),
    ("M23 rebels seized Goma in North Kivu province and advanced toward Bukavu.", "Bukavu", "CD"),
    ("Russian forces launched drones from Millerovo, Rostov Oblast and Primorsko-Akhtarsk, Krasnodar Krai.",
     "Primorsko-Akhtarsk", "RU"),
    ("Russian missiles struck the city of Zaporizhzhia and the Kharkiv region overnight.", "Zaporizhzhia", "UA"),
])
def test_a_region_holds_the_names_the_sentence_puts_in_it(pipeline, text, name, country):
    """A region in one of two clauses joined by "and", or beside a place rather than around it, filters no other
    name; a town followed by its region ("Millerovo, Rostov Oblast") lies in it."""
    place = mention(pipeline.process(Document(text)), name)[0].resolution.place
    assert place is not None and place.country == country


def test_a_region_that_sets_the_scene_still_scopes_the_sentence(pipeline):
    processed = pipeline.process(Document("A brigade operating in Kursk Oblast said that Russian forces seized "
                                          "Leonidovo and advanced near Korenevo."))
    scopes = {m.span.text: m.region_scope for m in processed.mentions}
    assert scopes["Leonidovo"] == scopes["Korenevo"] == ("Kursk",)
