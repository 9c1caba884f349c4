"""Reconcile stage: claims weighed into a status per place and date, propositions and contradictions (#4).

Claims are not facts: this stage only reads the ledger's claims and applies a readable policy
(`contested/data/policy.yaml`, rules in `rules.py`), so every status can be explained by its claims.
"""

from contested.reconcile.clusters import (
    Contradiction,
    Proposition,
    contradictions,
    propositions,
    refresh,
    stored_contradictions,
    stored_propositions,
)
from contested.reconcile.facts import Fact, load_facts
from contested.reconcile.rules import Weighed, weigh
from contested.reconcile.status import (
    StatusResult,
    explain_status,
    geojson_status,
    ledger_today,
    place_keys,
    status_for_key,
    status_for_place,
    status_records,
    status_table,
    timeline,
    timeline_of_key,
)

__all__ = [
    "Contradiction", "Fact", "Proposition", "StatusResult", "Weighed", "contradictions", "explain_status",
    "geojson_status", "ledger_today", "load_facts", "place_keys", "propositions", "refresh", "status_for_key",
    "status_for_place", "status_records", "status_table",
    "stored_contradictions", "stored_propositions", "timeline", "timeline_of_key", "weigh",
]
