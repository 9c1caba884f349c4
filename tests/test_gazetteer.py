"""The gazetteer index: the embedded cities500 data and GeoNames imports written by the tests themselves."""

from pathlib import Path

import pytest

from contested.errors import GazetteerError
from contested.geo.gazetteer import SQLiteGazetteer
from contested.geo.importer import import_geonames

ROW = ("{id}\t{name}\t{name}\t{alt}\t{lat}\t{lon}\tP\tPPL\tUA\t\t04\t{a2}\t\t\t{pop}\t\t100\tEurope/Kyiv\t2024-01-01\n")


def write_dump(path: Path, rows: list[str]) -> Path:
    path.write_text("".join(rows), encoding="utf-8")
    return path


def fresh(tmp_path: Path) -> SQLiteGazetteer:
    return SQLiteGazetteer(tmp_path / "gaz.sqlite")


def test_embedded_index_has_cities500(gazetteer):
    assert gazetteer.count() > 230_000
    assert gazetteer.count("UA") > 5_000


def test_embedded_index_lacks_the_front_line_villages(gazetteer):
    zaporizke = [p for p in gazetteer.candidates("Zaporizke") if p.admin1 == "04"]
    assert [p.geonameid for p in zaporizke] == [687697]  # the one 200 km west of the front
    assert not [p for p in gazetteer.candidates("Novohryhorivka") if p.admin1 == "04"]


def test_cyrillic_and_old_names_find_the_city(gazetteer):
    assert 709930 in {p.geonameid for p in gazetteer.candidates("Дніпро")}  # Dnipro
    assert 709930 in {p.geonameid for p in gazetteer.candidates("Dnipropetrovsk")}


def test_regions_come_from_the_region_table(gazetteer):
    region = gazetteer.region("UA", "04")
    assert region is not None and region.name == "Dnipropetrovsk" and region.feature_code == "ADM1"
    assert any(p.feature_code == "ADM1" for p in gazetteer.candidates("Dnipropetrovsk Oblast"))


def test_import_skips_malformed_rows_and_is_idempotent(tmp_path):
    gaz = fresh(tmp_path)
    dump = write_dump(tmp_path / "XX.txt", [
        ROW.format(id=1, name="Testivka", alt="Тестівка,Testovka", lat=48.1, lon=36.1, a2="1214", pop=10),
        "not\ta\tvalid\trow\n",
        ROW.format(id=2, name="Badlat", alt="", lat=123.0, lon=36.1, a2="", pop=0),
        ROW.format(id=3, name="Otherivka", alt="", lat=48.2, lon=36.2, a2="1214", pop="x"),
    ])
    report = import_geonames(gaz, dump)
    assert report.rows_added == 1
    assert len(report.malformed) == 3 and all("XX.txt:" in m for m in report.malformed)
    assert [p.geonameid for p in gaz.candidates("Тестівка")] == [1]
    again = import_geonames(gaz, dump)
    assert again.rows_added == 0 and gaz.count() == 1


def test_import_resumes_after_an_interrupted_run(tmp_path):
    gaz = fresh(tmp_path)
    rows = [ROW.format(id=i, name=f"Place{i}", alt="", lat=48.0, lon=36.0, a2="", pop=i) for i in range(1, 13)]
    dump = write_dump(tmp_path / "YY.txt", rows)
    first = import_geonames(gaz, dump, stop_after=5)
    assert first.rows_added == 5 and gaz.count() == 5
    second = import_geonames(gaz, dump)
    assert second.rows_skipped_resume == 5 and second.rows_added == 7
    assert gaz.count() == 12


def test_admin_codes_name_oblasts_and_raions(tmp_path):
    gaz = fresh(tmp_path)
    import_geonames(gaz, write_dump(tmp_path / "XX.txt", [
        ROW.format(id=1, name="Testivka", alt="", lat=48.1, lon=36.1, a2="1214", pop=10)]))
    (tmp_path / "admin1CodesASCII.txt").write_text("UA.04\tDnipropetrovsk\tDnipropetrovsk\t709929\n")
    (tmp_path / "admin2Codes.txt").write_text("UA.04.1214\tSynelnykove Raion\tSynelnykove Raion\t12\nbroken\n")
    import_geonames(gaz, tmp_path / "admin1CodesASCII.txt")
    report = import_geonames(gaz, tmp_path / "admin2Codes.txt")
    assert len(report.malformed) == 1
    place = gaz.candidates("Testivka")[0]
    assert (place.admin1_name, place.admin2_name) == ("Dnipropetrovsk", "Synelnykove Raion")


def test_alternate_names_file_adds_spellings(tmp_path):
    gaz = fresh(tmp_path)
    import_geonames(gaz, write_dump(tmp_path / "XX.txt", [
        ROW.format(id=7, name="Testivka", alt="", lat=48.1, lon=36.1, a2="", pop=10)]))
    (tmp_path / "alternateNamesV2.txt").write_text("1\t7\tru\tТестовка\t\t\t\t\t\t\n2\t7\tlink\thttp://x\n")
    import_geonames(gaz, tmp_path / "alternateNamesV2.txt")
    assert [p.geonameid for p in gaz.candidates("Тестовка")] == [7]
    assert gaz.candidates("http://x") == []


def test_missing_dump_is_a_clear_error(tmp_path):
    with pytest.raises(GazetteerError, match="no such file"):
        import_geonames(fresh(tmp_path), tmp_path / "nope.txt")


def test_import_by_url_downloads_then_imports(tmp_path):
    from contested.geo.importer import download

    source = write_dump(tmp_path / "ZZ.txt", [ROW.format(id=9, name="Urlivka", alt="", lat=48.0, lon=36.0, a2="",
                                                          pop=1)])
    fetched = download(source.as_uri(), tmp_path / "downloads")
    gaz = fresh(tmp_path)
    import_geonames(gaz, fetched)
    assert [p.geonameid for p in gaz.candidates("Urlivka")] == [9]


def test_download_failure_is_a_clear_error(tmp_path):
    from contested.geo.importer import download

    with pytest.raises(GazetteerError, match="offline, pass a local file"):
        download((tmp_path / "absent.zip").as_uri(), tmp_path / "downloads")


def test_zipped_country_dump(tmp_path):
    import zipfile

    dump = write_dump(tmp_path / "QQ.txt", [ROW.format(id=5, name="Zipivka", alt="", lat=48.0, lon=36.0, a2="",
                                                        pop=1)])
    with zipfile.ZipFile(tmp_path / "QQ.zip", "w") as zf:
        zf.write(dump, "QQ.txt")
        zf.writestr("readme.txt", "not data")
    gaz = fresh(tmp_path)
    assert import_geonames(gaz, tmp_path / "QQ.zip").rows_added == 1


def test_every_country_has_its_first_order_divisions(gazetteer):
    texas = [p for p in gazetteer.candidates("Texas") if p.feature_code == "ADM1"]
    assert [(p.country, p.geonameid) for p in texas] == [("US", 4736286)]
    # placed inside the state, not at the mean of its towns nor at a town called Texas
    assert 27 < texas[0].lat < 35 and -105 < texas[0].lon < -94
    assert [p.country for p in gazetteer.candidates("Kursk Oblast") if p.feature_code == "ADM1"] == ["RU"]
    assert any(p.feature_code == "ADM1" and p.country == "SD" for p in gazetteer.candidates("Khartoum"))



@pytest.mark.parametrize("name, code", [
    ("Tatarstan", "RU.73"),           # GeoNames: "Tatarstan Republic"
    ("Republic of Tatarstan", "RU.73"),
    ("Udmurtia", "RU.80"),            # GeoNames: "Udmurtiya Republic": English writes -ia
    ("Mordovia", "RU.46"),
    ("Tyva", "RU.79"),                # GeoNames: "Republic of Tyva"
])
def test_a_division_is_found_by_the_name_prose_uses(gazetteer, name, code):
    found = [f"{p.country}.{p.admin1}" for p in gazetteer.candidates(name) if p.feature_code == "ADM1"]
    assert found == [code]

@pytest.mark.parametrize("name, code, near", [
    ("Laurel County", "US.KY.125", (37.13, -84.08)),     # London, Kentucky, its seat
    ("Rapides Parish", "US.LA.079", (31.31, -92.45)),    # Alexandria, Louisiana
    ("Cambridgeshire", "GB.ENG.C3", (52.20, 0.12)),      # Cambridge
    ("Var", "FR.93.83", (43.12, 5.93)),                  # Toulon
    ("Korenevsky District", "RU.41.544901", (51.41, 34.91)),  # an alias: Korenevo, Kursk Oblast
])
def test_second_order_divisions_lie_among_their_towns(gazetteer, name, code, near):
    [division] = [p for p in gazetteer.candidates(name) if p.feature_code == "ADM2"]
    assert f"{division.country}.{division.admin1}.{division.admin2}" == code
    assert abs(division.lat - near[0]) < 0.6 and abs(division.lon - near[1]) < 0.8
    assert division.admin2_name == division.name


def test_countries_have_a_centre_point_and_their_short_names(gazetteer):
    [us] = [p for p in gazetteer.candidates("U.S.") if p.feature_code == "PCLI"]
    assert us.country == "US" and abs(us.lat - 38) < 3 and abs(us.lon + 97) < 3  # the middle, not Washington
    assert any(p.feature_code == "PCLI" and p.country == "GB" for p in gazetteer.candidates("Britain"))
    assert any(p.feature_code == "PCLI" and p.country == "RU" for p in gazetteer.candidates("Rossiya"))
    assert any(p.feature_code == "CONT" for p in gazetteer.candidates("Europe"))
    assert not any(p.feature_code == "PCLI" for p in gazetteer.candidates("IN"))  # ISO codes are not names


@pytest.mark.parametrize("name, point", [
    ("United States", (39.76, -98.5)),   # country-points.tsv: GeoNames', not countryinfo's (38, -97)
    ("Australia", (-25.0, 135.0)),       # country-points.tsv
    ("France", (46.0, 2.0)),             # countryinfo's, which is GeoNames' too
])
def test_a_country_sits_at_its_usual_centre(gazetteer, name, point):
    [country] = [p for p in gazetteer.candidates(name) if p.feature_code == "PCLI"]
    assert (round(country.lat, 2), round(country.lon, 2)) == point


@pytest.mark.parametrize("name, admin1, admin2", [
    ("Richmond", "KY", "151"),   # Madison County
    ("Athens", "TX", "213"),     # Henderson County
])
def test_a_town_knows_its_county(gazetteer, name, admin1, admin2):
    towns = [p for p in gazetteer.candidates(name) if p.feature_class == "P" and p.admin1 == admin1]
    assert [p.admin2 for p in towns] == [admin2]
    assert towns[0].admin2_name and towns[0].admin2_name.endswith("County")


def test_a_country_listed_twice_keeps_its_own_point_and_name(gazetteer):
    # countryinfo lists Wales under GB and "Palestine, State of" under PS, with no point: neither replaces the
    # country's own entry, and Wales stays the division
    [uk] = [p for p in gazetteer.candidates("United Kingdom") if p.feature_code == "PCLI"]
    assert abs(uk.lat - 54) < 2 and abs(uk.lon + 2) < 3
    assert [p.feature_code for p in gazetteer.candidates("Wales") if p.feature_class == "A"] == ["ADM1"]
    [ps] = [p for p in gazetteer.candidates("Palestine") if p.feature_code == "PCLI"]
    assert abs(ps.lat - 31.9) < 0.5 and abs(ps.lon - 35.2) < 0.5


def test_a_neighbours_dump_imports_like_any_other(tmp_path):
    gaz = fresh(tmp_path)
    row = ROW.replace("\tUA\t\t04\t", "\tRU\t\t41\t")
    report = import_geonames(gaz, write_dump(tmp_path / "RU.txt", [
        row.format(id=11, name="Makhnovka", alt="Махновка", lat=51.19, lon=35.23, a2="", pop=300)]))
    assert report.rows_added == 1
    assert [(p.country, p.admin1) for p in gaz.candidates("Махновка")] == [("RU", "41")]


def test_an_index_with_imports_is_not_silently_rebuilt_by_another_version(tmp_path):
    from contested.geo.gazetteer import open_gazetteer

    gaz = fresh(tmp_path)
    import_geonames(gaz, write_dump(tmp_path / "XX.txt", [
        ROW.format(id=1, name="Testivka", alt="", lat=48.1, lon=36.1, a2="", pop=10)]))
    gaz.conn.execute("INSERT OR REPLACE INTO meta VALUES ('built', '1')")
    gaz.conn.commit()
    with pytest.raises(GazetteerError, match="gazetteer build --rebuild"):
        open_gazetteer(gaz.path)
    assert gaz.count() == 1  # the imported place is still there


def test_a_corrupt_index_is_a_clear_error_naming_the_mend(tmp_path):
    from contested.geo.gazetteer import open_gazetteer

    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database" * 400)
    with pytest.raises(GazetteerError, match="gazetteer build --rebuild"):
        open_gazetteer(bad)


def test_a_zip_bomb_is_refused_unread(tmp_path):
    import zipfile

    bomb = tmp_path / "XX.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("XX.txt", b"0" * 20_000_000)  # 20 MB of one byte: about a thousand to one
    with pytest.raises(GazetteerError, match="zip bomb"):
        import_geonames(fresh(tmp_path), bomb)


def test_a_line_without_end_is_refused(tmp_path):
    huge = tmp_path / "YY.txt"
    huge.write_bytes(b"x" * (2 << 20))
    with pytest.raises(GazetteerError, match="line longer than"):
        import_geonames(fresh(tmp_path), huge)


@pytest.mark.parametrize("word, country", [("American", "US"), ("Americans", "US"), ("British", "GB")])
def test_a_nationality_word_names_the_largest_country_that_shares_it(gazetteer, word, country):
    # "American" is also the demonym of the US territories (Northern Mariana Islands, Guam)
    place = gazetteer.demonym(word)
    assert place is not None and place.country == country
