"""Status per place: the sample's picture, each policy rule, order independence, later reports."""

import json
from datetime import date, timedelta

import pytest

from conftest import REPORTS, build_ledger
from contested.ingest import Meta, read_inputs
from contested.pipeline import ingest
from contested.reconcile import (
    Fact,
    explain_status,
    ledger_today,
    refresh,
    status_for_place,
    status_table,
    stored_contradictions,
    stored_propositions,
    weigh,
)
from contested.resources import load_policy, load_profile

DAY = date(2025, 8, 21)
POLICY, PROFILE = load_policy(), load_profile()


def fact(**kw):
    base = dict(claim_id=1, doc_id="d", source="S", when=DAY, claimant="X", kind="military", claimant_side="UA",
                stance="asserts", event_type="CAPTURE", agent_side="RU", hedges=0, reporting_verb="say",
                mention="Zaporizke", place_id=1, place_name="Zaporizke", admin1="Dnipropetrovsk", evidence="e",
                mention_kind="settlement")
    base.update(kw)
    return Fact(**base)


def test_zaporizke_is_contested(sample_ledger):
    r = status_for_place(sample_ledger, "Zaporizke", DAY)
    assert r.status == "contested"
    assert {w.fact.event_type for w in r.weighed} == {"CAPTURE", "CONTROL"}


def test_novohryhorivka_is_contested_with_fighting(sample_ledger):
    r = status_for_place(sample_ledger, "Novohryhorivka", DAY)
    assert r.status == "contested" and r.fighting and "fighting reported" in r.notes


def test_dnipropetrovsk_shows_a_conceded_incursion(sample_ledger):
    r = status_for_place(sample_ledger, "Dnipropetrovsk", DAY)
    assert r.incursion == "RU"
    assert any("RU incursion acknowledged by UA" in n for n in r.notes)


def test_explain_names_each_claim_and_rule(sample_ledger):
    lines = explain_status(status_for_place(sample_ledger, "Zaporizke", DAY))
    assert any("hedged" in line and "CAPTURE" in line for line in lines)
    assert any("rule denied: supports UA" in line for line in lines)


def test_concession_outweighs_the_gaining_sides_claim():
    conceded = weigh(fact(claimant_side="UA", agent_side="RU"), DAY, POLICY, PROFILE)
    boasted = weigh(fact(claimant_side="RU", agent_side="RU"), DAY, POLICY, PROFILE)
    assert conceded.weight > boasted.weight and conceded.supports == boasted.supports == "RU"


def test_hedges_and_age_reduce_weight():
    plain = weigh(fact(claimant_side=None), DAY, POLICY, PROFILE).weight
    assert weigh(fact(claimant_side=None, hedges=1), DAY, POLICY, PROFILE).weight == pytest.approx(plain * 0.6)
    old = weigh(fact(claimant_side=None, when=date(2025, 8, 7)), DAY, POLICY, PROFILE).weight
    assert old == pytest.approx(plain * 0.5)


def test_claimant_kind_weights():
    mil = weigh(fact(claimant_side=None, kind="military"), DAY, POLICY, PROFILE).weight
    unnamed = weigh(fact(claimant_side=None, kind="unnamed"), DAY, POLICY, PROFILE).weight
    assert mil > unnamed


def test_denial_supports_the_other_side_and_strikes_support_none():
    assert weigh(fact(stance="denies"), DAY, POLICY, PROFILE).supports == "UA"
    assert weigh(fact(event_type="STRIKE"), DAY, POLICY, PROFILE).supports is None


REPORT_A = ("Russia's Ministry of Defence said its forces captured Pokrovske in Dnipropetrovsk region on "
            "August 10, 2025.")
REPORT_B = ("Ukraine's General Staff denied that Russian troops captured Pokrovske in Dnipropetrovsk region, "
            "saying Ukrainian forces remain in control of Pokrovske.")
REPORT_C = "Ukrainian forces acknowledged that Russian troops captured Pokrovske in Dnipropetrovsk region."


def _ledger(ledger_at, pipeline, name, files):
    paths = []
    for i, (text, day) in enumerate(files):
        p = ledger_at.folder / f"{name}{i}.jsonl"
        p.write_text(json.dumps({"text": text, "source": f"Outlet{i}", "published": day}) + "\n")
        paths.append(str(p))
    return build_ledger(ledger_at(name), pipeline, *paths, meta=Meta())


def test_contradictions_do_not_depend_on_ingestion_order(ledger_at, pipeline):
    ab = _ledger(ledger_at, pipeline, "ab", [(REPORT_A, "2025-08-11"), (REPORT_B, "2025-08-12")])
    ba = _ledger(ledger_at, pipeline, "ba", [(REPORT_B, "2025-08-12"), (REPORT_A, "2025-08-11")])

    def summary(ledger):
        refresh(ledger)
        return sorted(tuple(sorted((c.place, c.why, *(f.evidence for f in c.a.facts + c.b.facts))))
                      for c in stored_contradictions(ledger))

    assert summary(ab) and summary(ab) == summary(ba)
    sa, sb = (status_for_place(x, "Pokrovske", DAY) for x in (ab, ba))
    assert (sa.status, sa.side, round(sa.confidence, 6)) == (sb.status, sb.side, round(sb.confidence, 6))
    assert sa.status == "contested"


def test_a_later_concession_changes_the_status(ledger_at, pipeline):
    ledger = _ledger(ledger_at, pipeline, "later", [(REPORT_A, "2025-08-11")])
    before = status_for_place(ledger, "Pokrovske", date(2025, 8, 12))
    assert before.status == "claimed" and before.side == "RU"
    ledger = _ledger(ledger_at, pipeline, "later2", [(REPORT_A, "2025-08-11"), (REPORT_C, "2025-08-20")])
    after = status_for_place(ledger, "Pokrovske", date(2025, 8, 21))
    assert after.status == "held" and after.side == "RU"


def test_reprinted_claims_are_one_proposition(ledger_at, pipeline):
    reprints = [(f"{REPORT_A}{tail}", "2025-08-11") for tail in
                ("", " More details to follow.", " The statement was published on Telegram.",
                 " Reuters could not verify it.", " No further details were given.")]
    ledger = _ledger(ledger_at, pipeline, "reprint", reprints)
    refresh(ledger)
    [capture] = [p for p in stored_propositions(ledger) if p.event_type == "CAPTURE" and p.label == "Pokrovske"]
    assert (capture.reports, capture.independent, capture.publishers) == (5, 1, 5)
    single = _ledger(ledger_at, pipeline, "single", reprints[:1])
    day = date(2025, 8, 12)
    assert status_for_place(ledger, "Pokrovske", day).scores == status_for_place(single, "Pokrovske", day).scores


def test_table_and_explained_status_agree(sample_ledger, ledger_at, pipeline):
    later = _ledger(ledger_at, pipeline, "agree", [(REPORT_A, "2025-08-11"), (REPORT_B, "2025-08-12"),
                                                  (REPORT_C, "2025-08-20")])
    for ledger, day in ((sample_ledger, DAY), (later, date(2025, 8, 21)), (later, date(2025, 8, 12))):
        for row in status_table(ledger, day):
            one = status_for_place(ledger, row.place, day)
            assert (row.status, row.side) == (one.status, one.side), row.place
            assert row.confidence == pytest.approx(one.confidence)


def test_region_filter(sample_ledger):
    names = {r.place for r in status_table(sample_ledger, DAY, region="Dnipropetrovsk")}
    assert {"Zaporizke", "Dnipro"} <= names and "Donetsk" not in names


def test_independent_claimants_add_weight_copies_do_not():
    from contested.reconcile.status import Tally, decide

    one = Tally.from_rows([("RU", "MoD", 0.5, "2025-08-10"), ("RU", "MoD", 0.5, "2025-08-11")])
    two = Tally.from_rows([("RU", "MoD", 0.5, "2025-08-10"), ("RU", "Wagner", 0.5, "2025-08-11")])
    assert decide("X", DAY, one, POLICY).scores["RU"] == pytest.approx(0.5)
    assert decide("X", DAY, two, POLICY).scores["RU"] == pytest.approx(1.0 * (1 + POLICY["independent_sources_bonus"]))


def test_thresholds_and_changed_hands():
    from contested.reconcile.status import Tally, _changed_hands, decide

    held = decide("X", DAY, Tally(scores={"RU": 2.0}, claimants={"RU": 1}), POLICY)
    assert (held.status, held.side) == ("held", "RU")
    claimed = decide("X", DAY, Tally(scores={"RU": 0.5}, claimants={"RU": 1}), POLICY)
    assert (claimed.status, claimed.side) == ("claimed", "RU")
    assert decide("X", DAY, Tally(scores={"RU": 0.1}, claimants={"RU": 1}), POLICY).status == "unknown"
    prior = decide("X", DAY, Tally(scores={"UA": 2.0}, claimants={"UA": 1}), POLICY)
    _changed_hands(held, prior)
    assert held.status == "changed hands" and "held by UA" in held.notes[-1]


def test_a_holding_pressed_by_the_other_sides_advance_or_by_fighting_is_contested():
    from contested.reconcile.status import Tally, decide

    def status(**kw):
        r = decide("X", DAY, Tally(scores={"UA": 1.5}, claimants={"UA": 1}, **kw), POLICY)
        return r.status, r.side

    assert status() == ("held", "UA")
    assert status(incursion={"RU": 0.8}) == ("contested", "UA")
    assert status(fighting=0.5) == ("contested", "UA")
    assert status(incursion={"UA": 0.8}) == ("held", "UA")  # its own advance does not put it in question
    strong = decide("X", DAY, Tally(scores={"UA": 3.0}, claimants={"UA": 1}, incursion={"RU": 0.8}), POLICY)
    assert strong.status == "held"


def test_claims_beyond_the_horizon_are_left_out():
    old = fact(when=DAY - timedelta(days=POLICY["horizon_days"] + 1))
    from contested.reconcile.status import status_of_facts

    assert status_of_facts("Zaporizke", DAY, [old], POLICY, PROFILE).weighed == []


def test_repel_holds_at_half_weight():
    full = weigh(fact(event_type="CONTROL", agent_side="UA", claimant_side=None), DAY, POLICY, PROFILE)
    repel = weigh(fact(event_type="REPEL", agent_side="UA", claimant_side=None), DAY, POLICY, PROFILE)
    assert repel.supports == "UA" and repel.weight == pytest.approx(full.weight * 0.5)


def test_refresh_of_new_reports_equals_a_full_refresh(tmp_path, pipeline, ledger_at):
    ledger = _ledger(ledger_at, pipeline, "incr", [(REPORT_A, "2025-08-11")])
    refresh(ledger)
    path = tmp_path / "b.jsonl"
    path.write_text(json.dumps({"text": REPORT_B, "source": "Later", "published": "2025-08-12"}) + "\n")
    [outcome] = ingest(read_inputs([str(path)]), ledger, pipeline)
    assert outcome.status == "added"
    refresh(ledger)  # only the new report is pending

    def stored(lg):
        return (sorted((p.label, p.event_type, p.stance, p.reports, p.independent) for p in stored_propositions(lg)),
                sorted((c.place, c.why) for c in stored_contradictions(lg)))

    incremental = stored(ledger)
    refresh(ledger, full=True)
    assert incremental == stored(ledger) and incremental[1]
    assert refresh(ledger) == (0, 0)  # nothing pending: reading commands cost nothing



def test_a_refresh_in_chunks_of_places_stores_what_one_pass_stores(ledger_at, pipeline):
    # a backfill refreshes place by place in bounded memory: chunks of one fact each must change nothing,
    # not the propositions, not their contradictions, not the order they are stored in
    ledger = _ledger(ledger_at, pipeline, "chunks", [(REPORT_A, "2025-08-11"), (REPORT_B, "2025-08-12"),
                                                     (REPORT_C, "2025-08-13"), (REPORTS[2]["text"], "2025-08-13")])

    def stored():
        props = stored_propositions(ledger)
        return ([(p.label, p.event_type, p.stance, p.agent_side, p.claimant_side, p.reports) for p in props],
                [(c.place, c.a.event_type, c.b.stance, c.why) for c in stored_contradictions(ledger)])

    one_pass = refresh(ledger, full=True, chunk_facts=10**9)
    whole = stored()
    assert refresh(ledger, full=True, chunk_facts=1) == one_pass
    assert stored() == whole
    assert len({p[0] for p in whole[0]}) >= 3 and whole[1]  # several places, and a contradiction among them


def test_a_country_gets_no_status(ledger_at, pipeline):
    text = "Ukrainian forces had regained 300 square kilometres of territory in southern Ukraine, Zelensky said."
    ledger = _ledger(ledger_at, pipeline, "country", [(text, "2026-02-27")])
    record = next(ledger.claim_records())
    assert [p["precision"] for p in record["places"]] == ["country"]
    assert status_table(ledger, date(2026, 2, 28)) == []


def test_today_is_the_latest_publication_not_a_date_a_claim_mentions(ledger_at, pipeline):
    ledger = _ledger(ledger_at, pipeline, "today", [
        ("Russian forces captured Pishchane on January 9, Russian milbloggers claimed.", "2025-01-10"),
        ("Ukrainian forces repelled an assault near Kupiansk on January 11, the General Staff said.", "2025-01-12"),
    ])
    with ledger.conn:  # a claim that speaks of a date far ahead ("contracts due by December 31, 2025")
        ledger.conn.execute("UPDATE claims SET time_start = '2025-12-31', time_end = '2025-12-31' WHERE id = "
                            "(SELECT MIN(id) FROM claims)")
    assert ledger_today(ledger) == date(2025, 1, 12)
    assert status_table(ledger, ledger_today(ledger))  # the January claims are within the horizon that day


def test_countries_and_continents_named_anywhere_get_no_status(ledger_at, pipeline):
    text = "Russian forces struck Ukraine and Europe again, Russian milbloggers claimed."
    ledger = _ledger(ledger_at, pipeline, "anywhere", [(text, "2025-01-10")])
    record = next(ledger.claim_records())
    assert sorted(p["precision"] for p in record["places"]) == ["continent", "country"]
    assert status_table(ledger, date(2025, 1, 10)) == []


def test_a_partial_or_malformed_policy_names_the_file_and_key(tmp_path):
    import yaml

    from contested.errors import ConfigError
    from contested.resources import load_policy

    good = load_policy()
    partial = {k: v for k, v in good.items() if k != "half_life_days"}
    (tmp_path / "partial.yaml").write_text(yaml.safe_dump(partial), encoding="utf-8")
    with pytest.raises(ConfigError, match="partial.yaml: missing key `half_life_days`"):
        load_policy(str(tmp_path / "partial.yaml"))
    wrong = {**good, "thresholds": {**good["thresholds"], next(iter(good["thresholds"])): "high"}}
    (tmp_path / "wrong.yaml").write_text(yaml.safe_dump(wrong), encoding="utf-8")
    with pytest.raises(ConfigError, match="must be a number"):
        load_policy(str(tmp_path / "wrong.yaml"))
    fewer_kinds = {**good, "claimant_kind": {"military": 1.0}}  # the kinds left out weigh the default
    (tmp_path / "kinds.yaml").write_text(yaml.safe_dump(fewer_kinds), encoding="utf-8")
    assert load_policy(str(tmp_path / "kinds.yaml"))["claimant_kind"] == {"military": 1.0}


@pytest.mark.parametrize("change, key", [
    ({"sides": None}, "sides"),
    ({"sides": {"RU": "Russia"}}, "sides.RU"),
    ({"sides": {"RU": {"label": "Russia", "demonyms": "Russian"}}}, "sides.RU.demonyms"),
    ({"sides": {"RU": {"label": "Russia", "actors": [{"kind": "military"}]}}}, "sides.RU.actors[0]"),
    ({"sides": {"RU": {"label": "Russia", "actors": [{"name": "TASS", "aliases": [1]}]}}},
     "sides.RU.actors[0].aliases"),
    ({"countries": "UA"}, "countries"),
    ({"area_of_interest": [[1, 2, 3]]}, "area_of_interest"),
    ({"area_of_interest": [["w", 2, 3, 4]]}, "area_of_interest"),
])
def test_a_malformed_profile_names_the_file_and_key(tmp_path, change, key):
    import yaml

    from contested.errors import ConfigError
    from contested.resources import DEFAULT_PROFILE, data_path, load_profile

    profile = {**yaml.safe_load(data_path(DEFAULT_PROFILE).read_text(encoding="utf-8")), **change}
    path = tmp_path / "bad-profile.yaml"
    path.write_text(yaml.safe_dump(profile), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_profile(str(path))
    assert "bad-profile.yaml" in str(caught.value) and f"`{key}" in str(caught.value)


def test_a_claim_dated_after_its_report_is_flagged_and_counts_as_of_publication(ledger_at, pipeline):
    ledger = _ledger(ledger_at, pipeline, "ahead", [
        ("Russian forces captured Pishchane by December 31, 2025, Russian milbloggers claimed.", "2025-01-10")])
    [claim] = list(ledger.claim_records())
    assert claim["time"]["granularity"] == "after publication" and claim["time"]["start"] is None
    assert ledger.conn.execute("SELECT day FROM claim_facts").fetchone()[0] == "2025-01-10"


def test_an_unresolved_non_ascii_name_keeps_its_propositions(ledger_at, pipeline):
    # unresolved Cyrillic names: SQLite's lower() would key "Ясне" and "ЯСНЕ" apart from Python's casefold
    ledger = _ledger(ledger_at, pipeline, "cyr", [
        ("Russian forces captured Ясноградівка, the Russian Ministry of Defence claimed.", "2025-01-10"),
        ("Ukrainian officials denied that Russian forces captured ЯСНОГРАДІВКА.", "2025-01-11")])
    keys = {r[0] for r in ledger.conn.execute("SELECT place_key FROM claim_facts")}
    assert keys == {"text:ясноградівка"}
    refresh(ledger)
    assert {p.stance for p in stored_propositions(ledger)} == {"asserts", "denies"}
    assert {r[0] for r in ledger.conn.execute("SELECT place_key FROM propositions")} == keys
    assert status_for_place(ledger, "ясноградівка", date(2025, 1, 11)).status == "contested"


def test_places_sharing_a_name_are_explained_apart(ledger_at, pipeline):
    from contested.reconcile import place_keys, status_for_key

    ledger = _ledger(ledger_at, pipeline, "twins", [
        ("Russian forces captured Pishchane, the Russian Ministry of Defence claimed.", "2025-01-10"),
        ("Ukrainian forces repelled an assault near Kupiansk, the General Staff said.", "2025-01-11")])
    with ledger.conn:  # give the second place the first one's name: two places, one name
        other = "(SELECT place_id FROM mentions WHERE text = 'Kupiansk')"
        ledger.conn.execute(f"UPDATE places SET name = 'Pishchane' WHERE id = {other}")
        ledger.conn.execute(f"UPDATE claim_facts SET label = 'Pishchane' WHERE place_id = {other}")
    keys = place_keys(ledger, "pishchane")
    assert len(keys) == 2 and len({k for k, _, _ in keys}) == 2
    statuses = {status_for_key(ledger, k, date(2025, 1, 11)).side for k, _, _ in keys}
    assert statuses == {"RU", "UA"}  # never merged into one contested place
    assert any("another place is also called" in n for n in status_for_place(ledger, "Pishchane",
                                                                              date(2025, 1, 11)).notes)
