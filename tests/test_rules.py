"""The status policy's rule engine (#9): each rule of the `support` table, the table as data, and the SQL the
status table runs checked against the Python engine on random ledgers (hypothesis)."""

from __future__ import annotations

import json
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contested.errors import ConfigError
from contested.ledger import FACTS_SELECT, Ledger
from contested.reconcile import Fact, status_for_key, status_table, weigh
from contested.reconcile.clusters import Proposition, contradictions
from contested.resources import load_policy, load_profile, support_rules

DAY = date(2025, 8, 21)
POLICY, PROFILE = load_policy(), load_profile()


def fact(**kw) -> Fact:
    base = dict(claim_id=1, doc_id="d", source="S", when=DAY, claimant="X", kind="military", claimant_side=None,
                stance="asserts", event_type="CAPTURE", agent_side="RU", hedges=0, reporting_verb="say",
                mention="Zaporizke", place_id=1, place_name="Zaporizke", admin1="Dnipropetrovsk", evidence="e",
                mention_kind="settlement")
    base.update(kw)
    return Fact(**base)


# Each rule of the default policy: a claim it decides, and what that claim must support
RULE_CASES = {
    # "advanced west of X", "an assault east of X", "seized positions north of X": fighting near X, no side's holding
    "beside": [(dict(event_type="ADVANCE", agent_side="RU", relation="west"), "fighting"),
               (dict(event_type="ATTACK", agent_side="RU", relation="east"), "fighting"),
               (dict(event_type="CAPTURE", agent_side="UA", relation="northeast"), "fighting")],
    "attacked from": [(dict(event_type="ATTACK", agent_side="RU", relation="from"), "RU")],
    "advanced from": [(dict(event_type="ADVANCE", agent_side="RU", relation="from"), "RU")],
    "counterattacked": [(dict(event_type="ATTACK", agent_side="UA", trigger="counterattacked"), "UA"),
                        (dict(event_type="ATTACK", agent_side="RU", trigger="Counter-attacks", relation="near"),
                         "RU")],
    "advanced toward": [(dict(event_type="ADVANCE", agent_side="RU", relation="toward"), "UA"),
                        (dict(event_type="ADVANCE", agent_side="RU", relation="Towards"), "UA")],
    "captured": [(dict(event_type="CAPTURE", agent_side="RU"), "RU"), (dict(event_type="CONTROL", agent_side="UA"),
                                                                       "UA")],
    "repelled": [(dict(event_type="REPEL", agent_side="UA"), "UA")],
    "withdrew": [(dict(event_type="WITHDRAW", agent_side="RU"), "UA"), (dict(event_type="WITHDRAW",
                                                                             agent_side="UA"), "RU")],
    "advanced": [(dict(event_type="ADVANCE", agent_side="RU"), "incursion:RU"),
                 (dict(event_type="ADVANCE", agent_side="RU", relation="into"), "incursion:RU"),
                 (dict(event_type="ADVANCE", agent_side="RU", relation="to"), "incursion:RU")],  # reached it
    "attacked": [(dict(event_type="ATTACK", agent_side="RU"), "UA"), (dict(event_type="ATTACK", agent_side="UA"),
                                                                      "RU"),
                 (dict(event_type="ATTACK", agent_side="RU", relation="near", trigger="attacked"), "UA")],
    "fighting": [(dict(event_type="FIGHTING", agent_side=None), "fighting")],
    "denied": [(dict(stance="denies", event_type="CAPTURE", agent_side="RU"), "UA"),
               (dict(stance="denies", event_type="ADVANCE", agent_side="UA"), "RU")],
    "struck": [(dict(event_type="STRIKE", agent_side="RU"), None), (dict(stance="denies", event_type="STRIKE"), None)],
}


def test_every_rule_of_the_default_policy_has_its_cases():
    assert {r.name for r in support_rules(POLICY)} == set(RULE_CASES)


@pytest.mark.parametrize("name, change, expected", [(n, c, e) for n, cases in RULE_CASES.items() for c, e in cases])
def test_each_rule_supports_what_it_says(name, change, expected):
    weighed = weigh(fact(**change), DAY, POLICY, PROFILE)
    assert weighed.supports == expected
    assert any(f"rule {name}:" in note for note in weighed.rules)


def test_a_claim_without_an_acting_side_supports_no_side():
    assert weigh(fact(agent_side=None), DAY, POLICY, PROFILE).supports is None
    assert weigh(fact(event_type="ATTACK", agent_side=None), DAY, POLICY, PROFILE).supports is None
    assert weigh(fact(stance="denies", event_type="ATTACK"), DAY, POLICY, PROFILE).supports is None  # no rule


def test_repelled_weighs_half_of_a_held_claim():
    held = weigh(fact(event_type="CONTROL", agent_side="UA"), DAY, POLICY, PROFILE).weight
    assert weigh(fact(event_type="REPEL", agent_side="UA"), DAY, POLICY, PROFILE).weight == pytest.approx(held / 2)


def test_the_rule_table_is_data_a_user_can_change():
    flipped = {**POLICY, "support": [{**row, "supports": "agent"} if row["rule"] == "withdrew" else row
                                     for row in POLICY["support"]]}
    assert weigh(fact(event_type="WITHDRAW"), DAY, flipped, PROFILE).supports == "RU"
    first = {**POLICY, "support": [{"rule": "all-fighting", "stance": "any", "events": ["CAPTURE"],
                                    "supports": "fighting", "factor": 2}, *POLICY["support"]]}
    capture = weigh(fact(), DAY, first, PROFILE)
    assert capture.supports == "fighting" and capture.weight == pytest.approx(2 * weigh(fact(), DAY, POLICY,
                                                                                       PROFILE).weight)


def test_self_serving_and_concession():
    plain = weigh(fact(claimant_side=None), DAY, POLICY, PROFILE).weight
    assert weigh(fact(claimant_side="RU"), DAY, POLICY, PROFILE).weight == pytest.approx(plain * 0.6)
    assert weigh(fact(claimant_side="UA"), DAY, POLICY, PROFILE).weight == pytest.approx(plain * 1.5)
    fight = dict(event_type="FIGHTING", agent_side="RU")  # not a gain: no role factor
    assert weigh(fact(claimant_side="UA", **fight), DAY, POLICY, PROFILE).weight == pytest.approx(plain)


def test_a_claim_about_the_direction_weighs_less_than_one_about_the_place():
    place = weigh(fact(), DAY, POLICY, PROFILE).weight
    direction = weigh(fact(scope="direction"), DAY, POLICY, PROFILE)
    assert direction.weight == pytest.approx(place * POLICY["scope"]["direction"]) and direction.weight < place


def test_a_roundup_weighs_less_for_each_of_its_places():
    roundup = POLICY["roundup"]
    one = weigh(fact(event_type="ATTACK", places=1), DAY, POLICY, PROFILE)
    assert weigh(fact(event_type="ATTACK", places=roundup), DAY, POLICY, PROFILE).weight == pytest.approx(one.weight)
    many = weigh(fact(event_type="ATTACK", places=2 * roundup), DAY, POLICY, PROFILE)
    assert many.weight == pytest.approx(one.weight / 2)
    assert f"one of {2 * roundup} places the claim names ×0.50" in many.rules


@pytest.mark.parametrize("value", [0, 2.5, "six", True])
def test_roundup_must_be_a_whole_number_of_places(tmp_path, value):
    path = tmp_path / "p.yaml"
    policy = dict(POLICY, roundup=value)
    path.write_text(json.dumps(policy), encoding="utf-8")
    with pytest.raises(ConfigError, match="`roundup`"):
        load_policy(str(path))


def test_the_ledger_counts_the_places_a_claim_names(tmp_path):
    ledger = _ledger(tmp_path / "l.db", [(0, 0, "media", None, "asserts", "ATTACK", "RU", 0, 10, 10, "settlement",
                                          "near", "attacked", 8), (1, 0, "media", None, "asserts", "ATTACK", "RU", 0,
                                                                   10, 10, "settlement", None, "attacked", 0)])
    counts = dict(ledger.conn.execute("SELECT place_key, MAX(places) FROM claim_facts GROUP BY place_key"))
    assert counts["id:1"] == 9 and counts["id:5"] == 9 and counts["id:2"] == 1
    ledger.close()


def test_contradictions_use_the_same_rules():
    def prop(**kw):
        f = fact(**kw)
        return Proposition("id:1", "Zaporizke", f.event_type, f.agent_side, f.claimant_side, f.stance, [f])

    rules = support_rules(POLICY)
    [found] = contradictions([prop(event_type="WITHDRAW", agent_side="UA"), prop(event_type="CONTROL",
                                                                                 agent_side="UA")], 30, PROFILE, rules)
    assert found.why == "RU holds it vs UA holds it"
    assert not contradictions([prop(event_type="ATTACK"), prop(event_type="CONTROL", agent_side="UA")], 30,
                              PROFILE, rules)


def test_contradictions_read_each_claims_words():
    def prop(*facts):
        f = facts[0]
        return Proposition("id:1", "Zaporizke", f.event_type, f.agent_side, f.claimant_side, f.stance, list(facts))

    rules = support_rules(POLICY)
    captured = prop(fact(event_type="CAPTURE", agent_side="RU"))
    counter = prop(fact(event_type="ATTACK", agent_side="UA", trigger="counterattacked"))
    [found] = contradictions([captured, counter], 30, PROFILE, rules)
    assert found.why == "RU holds it vs UA holds it"
    # "attacked from X" says RU holds X, as the capture does: no contradiction
    assert not contradictions([captured, prop(fact(event_type="ATTACK", agent_side="RU", relation="from"))], 30,
                              PROFILE, rules)
    # one proposition whose claims say different things ("from X", "near X") says no holder
    mixed = prop(fact(event_type="ATTACK", agent_side="RU", relation="from"),
                 fact(event_type="ATTACK", agent_side="RU", relation="near"))
    assert not contradictions([mixed, prop(fact(event_type="CONTROL", agent_side="UA"))], 30, PROFILE, rules)


@pytest.mark.parametrize("key, value", [("relations", "from"), ("triggers", ["counter attack"])])
def test_a_rule_words_must_be_a_list_of_words(tmp_path, key, value):
    import yaml

    from contested.errors import ConfigError

    bad = {**POLICY, "support": [{"rule": "x", "stance": "asserts", "events": ["ATTACK"], "supports": "agent",
                                  key: value}]}
    (tmp_path / "p.yaml").write_text(yaml.safe_dump(bad), encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"p.yaml: `support\[0\]`: `{key}` must be a list of words"):
        load_policy(str(tmp_path / "p.yaml"))


def test_a_malformed_rule_names_the_file_row_and_key(tmp_path):
    import yaml

    from contested.errors import ConfigError

    bad = {**POLICY, "support": [{"rule": "x", "stance": "maybe", "events": ["CAPTURE"], "supports": "agent"}]}
    (tmp_path / "p.yaml").write_text(yaml.safe_dump(bad), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"p.yaml: `support\[0\]`: `stance` must be one of"):
        load_policy(str(tmp_path / "p.yaml"))


# --- the SQL of the status table against the Python engine, on random ledgers ---------------------------------

KINDS = ["military", "government", "media", "unnamed", "person", "imagery"]
EVENTS = ["CAPTURE", "CONTROL", "ATTACK", "FIGHTING", "ADVANCE", "REPEL", "STRIKE", "WITHDRAW"]
CLAIMS = st.tuples(
    st.integers(0, 2),                          # place
    st.integers(0, 4),                          # claimant
    st.sampled_from(KINDS), st.sampled_from(["RU", "UA", None]),        # claimant kind, side
    st.sampled_from(["asserts", "asserts", "denies"]), st.sampled_from(EVENTS), st.sampled_from(["RU", "UA", None]),
    st.integers(0, 2),                          # hedges
    st.one_of(st.none(), st.integers(0, 200)),  # the claim's day (None: the report's)
    st.integers(0, 200),                        # publication day
    st.sampled_from(["settlement", "direction"]),
    st.sampled_from([None, "near", "from", "toward", "Towards", "west"]),   # the word naming the place
    st.sampled_from([None, "attacked", "counterattacked", "Counter-attack"]),  # the trigger
    st.integers(0, 9))                          # how many other places the claim names (a roundup beyond 6)


def _ledger(path: Path, claims: list[tuple]) -> Ledger:
    ledger = Ledger.open(path)
    c = ledger.conn
    start = date(2025, 1, 1)
    c.execute("BEGIN")
    for p in range(12):
        c.execute("INSERT INTO places(key, geonameid, name, lat, lon, country, admin1_name, feature_code) "
                  "VALUES (?,?,?,?,?,?,?,?)", (f"gn:{p}", p + 1, f"Place{p}", 48.0, 37.0 + p, "UA", "Donetsk", "PPL"))
    for n, (place, who, kind, side, stance, event, agent, hedges, day, published, scope, relation, trigger, others
            ) in enumerate(claims):
        doc = f"doc{n}"
        c.execute("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?)",
                  (doc, f"Outlet{n % 3}", (start + timedelta(days=published)).isoformat(), None, None, "en", "-",
                   f"text {n}", "now"))
        c.execute("INSERT OR IGNORE INTO actors(name, kind, side) VALUES (?,?,?)", (f"speaker{who}", kind, side))
        actor = c.execute("SELECT id FROM actors WHERE name=? AND kind=? AND side IS ?",
                          (f"speaker{who}", kind, side)).fetchone()[0]
        ev = c.execute("INSERT INTO evidence(doc_id, sentence, start, end, text) VALUES (?,0,0,4,'text')",
                       (doc,)).lastrowid
        m = c.execute("INSERT INTO mentions(doc_id, sentence, start, end, text, kind, relation, place_id, precision) "
                      "VALUES (?,0,0,5,?,?,?,?,'settlement')", (doc, f"Place{place}", scope, relation,
                                                               place + 1)).lastrowid
        when = (start + timedelta(days=day)).isoformat() if day is not None else None
        claim = c.execute("INSERT INTO claims(doc_id, evidence_id, actor_id, stance, event_type, agent_side, negated, "
                          "hedges, time_start, time_end, trigger_text) VALUES (?,?,?,?,?,?,0,?,?,?,?)",
                          (doc, ev, actor, stance, event, agent, json.dumps(["reportedly"] * hedges), when,
                           when, trigger)).lastrowid
        c.execute("INSERT INTO claim_places VALUES (?,?,0)", (claim, m))
        for k in range(others):
            also = c.execute("INSERT INTO mentions(doc_id, sentence, start, end, text, kind, place_id, precision) "
                             "VALUES (?,0,0,5,?,'settlement',?,'settlement')", (doc, f"Place{3 + k}", 4 + k)).lastrowid
            c.execute("INSERT INTO claim_places VALUES (?,?,?)", (claim, also, k + 1))
    c.execute(f"INSERT INTO claim_facts {FACTS_SELECT}")
    c.execute("COMMIT")
    return ledger


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claims=st.lists(CLAIMS, min_size=1, max_size=25), on=st.integers(0, 260))
def test_the_status_table_sql_agrees_with_the_python_engine(claims, on):
    day = date(2025, 1, 1) + timedelta(days=on)
    with tempfile.TemporaryDirectory() as folder:
        ledger = _ledger(Path(folder) / "random.db", claims)
        table = {r.place_key: r for r in status_table(ledger, day, profile=PROFILE)}
        for key, row in table.items():
            one = status_for_key(ledger, key, day, profile=PROFILE)
            assert (row.status, row.side, row.since) == (one.status, one.side, one.since), key
            assert row.confidence == pytest.approx(one.confidence)
            assert row.scores.keys() == one.scores.keys()
            assert all(row.scores[k] == pytest.approx(one.scores[k]) for k in row.scores)
        for key in {f"id:{p + 1}" for p, *_ in claims} - set(table):  # no row: nothing supports a side there yet
            assert status_for_key(ledger, key, day, profile=PROFILE).status == "unknown"
        ledger.close()
