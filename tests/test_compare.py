"""Comparison with independent control data: GeoJSON areas and place/date/side CSV files."""

import json
from datetime import date

from contested.compare import compare_csv, compare_geojson, date_from_name


def test_date_from_file_name(tmp_path):
    assert date_from_name(tmp_path / "deepstatemap_data_20250821.geojson") == date(2025, 8, 21)
    assert date_from_name(tmp_path / "control-2025-08-21.geojson") == date(2025, 8, 21)
    assert date_from_name(tmp_path / "control.geojson") is None


def test_geojson_area_marks_places_inside(sample_ledger, tmp_path):
    around_dnipro = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [
        [[34.9, 48.3], [35.2, 48.3], [35.2, 48.6], [34.9, 48.6], [34.9, 48.3]]]}}
    path = tmp_path / "area.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [around_dnipro]}))
    result = compare_geojson(sample_ledger, path, "RU", date(2025, 8, 21), other="UA", country="UA")
    rows = {place: (ours, theirs) for place, ours, theirs in result.rows}
    assert rows["Dnipro"][1] == "RU" and rows["Zaporizke"] == ("contested", "UA")
    assert "Dnipropetrovsk" not in rows  # a region has no single point to test


def test_csv_of_place_date_side(sample_ledger, tmp_path):
    path = tmp_path / "truth.csv"
    path.write_text("place,date,side\nZaporizke,2025-08-21,UA\nNowhere,2025-08-21,RU\n")
    [result] = compare_csv(sample_ledger, path)
    assert result.rows == [("Zaporizke", "contested", "UA")]
    assert result.confusion()[("contested", "UA")] == 1
