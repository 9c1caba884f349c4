"""Geoparsing benchmarks (#3, #8).

1. The standard corpora in ../shared/geoparsing/ (LGL, TR-News), scored as geoparsers are scored there:
   recognition P/R/F1 (exact span, and any overlap), and on the gold toponyms recognised exactly: Acc@161,
   mean and median error, AUC of the error curve (CamCoder), abstentions, and Acc@161 with abstentions
   counted wrong; published figures beside them.
2. The development gold (../shared/gold/): mention precision/recall, resolution within 10 km and 161 km,
   with the embedded gazetteer and (where ../shared/gazetteer/ has it) village data;
3. resolutions per second against cached name lookups (the baseline) in the same run.

    .venv/bin/python benchmarks/geoparse.py                 # all of it
    .venv/bin/python benchmarks/geoparse.py lgl tr-news     # just these corpora (errors: --errors FILE)
"""

from __future__ import annotations

import json
import math
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from contested.geo.gazetteer import SQLiteGazetteer, open_gazetteer
from contested.geo.importer import import_geonames
from contested.geo.names import normalise_name
from contested.geo.resolve import Resolver
from contested.geoparse import geoparse
from contested.ingest import read_inputs
from contested.model import Document
from contested.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = {"dnipropetrovsk-incursion": ROOT / "samples" / "dnipropetrovsk-incursion.txt",
        "mezha-frontline-2026-02-26": SHARED / "reports" / "mezha-frontline-2026-02-26.txt"}


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def per_call(fn: Callable[[], Any], trials: int = 5, seconds: float = 0.5) -> float:
    """Median seconds per call over `trials` runs of about `seconds` each (a steadier figure than one run)."""
    fn()
    times = []
    for _ in range(trials):
        n, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            fn()
            n += 1
        times.append((time.perf_counter() - start) / n)
    return statistics.median(times)


def norm(name: str) -> str:
    return normalise_name(name).removesuffix(" region").removesuffix(" oblast")


def evaluate(label: str, gaz: SQLiteGazetteer) -> None:
    pipeline = Pipeline(gaz)
    tp = fp = fn = 0
    near10 = near161 = located = confident_wrong = 0
    all_mentions = []
    for stem, path in GOLD.items():
        gold_file = SHARED / "gold" / f"{stem}.jsonl"
        if not gold_file.is_file() or not path.is_file():
            continue
        gold = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines() if line.strip()]
        gold_places = {norm(p["name"]): p for g in gold for p in g["places"]}
        [doc] = [d for d in read_inputs([str(path)]) if isinstance(d, Document)]
        processed = pipeline.process(doc)
        all_mentions.append(processed.mentions)
        # the gold lists the places claims are about: countries acting or owning ("Russia said") are not among them
        found = {norm(m.span.text) for m in processed.mentions if m.relation != "anaphora" and m.role != "actor"}
        found |= {norm(m.resolution.place.name) for m in processed.mentions
                  if m.resolution and m.resolution.place and m.relation == "anaphora"}
        tp += len(found & gold_places.keys())
        fp += len(found - gold_places.keys())
        fn += len(gold_places.keys() - found)
        for key, gp in gold_places.items():
            if gp.get("lat") is None:
                continue
            located += 1
            ms = [m for m in processed.mentions if norm(m.span.text) == key and m.resolution and m.resolution.place]
            if not ms:
                continue
            res = ms[0].resolution
            assert res is not None and res.place is not None
            d = km((gp["lat"], gp["lon"]), (res.place.lat, res.place.lon))
            near10 += d <= 10
            near161 += d <= 161
            confident_wrong += d > 50 and res.confidence >= 0.5
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    print(f"[{label}] mentions: precision {p:.3f} recall {r:.3f} ({tp} found, {fp} extra, {fn} missed)")
    print(f"[{label}] gold places with coordinates: {near10}/{located} within 10 km, {near161}/{located} within "
          f"161 km, {confident_wrong} confidently wrong (> 50 km, confidence >= 0.5); exact GeoNames id: the gold "
          "carries none")
    resolver = Resolver(gaz)
    flat = [m for ms in all_mentions for m in ms]

    def resolve_reports() -> None:
        for ms in all_mentions:
            resolver.resolve_all(ms)

    def look_up() -> None:
        for m in flat:
            gaz.candidates(m.span.text)

    rate = len(flat) / per_call(resolve_reports)
    lookup = len(flat) / per_call(look_up)
    print(f"[{label}] resolutions/s (index loaded, whole reports resolved jointly): {rate:,.0f}; "
          f"baseline cached name lookups/s: {lookup:,.0f}; ratio {rate / lookup:.3f}")


PUBLISHED = {
    "lgl": "published Acc@161: Mordecai3 82.7 % (gold spans; 79.4 % exact id), CamCoder 76 %, Edinburgh 76 %, "
           "Placemaker 72 %, CLAVIN 71 %, population baseline 70 %",
    "tr-news": "published Acc@161: Mordecai3 87.3 % (gold spans; 84.3 % exact id)",
}


def auc(errors: list[float]) -> float:
    """Area under ln(1 + error) over the sorted toponyms, scaled to [0, 1] (Gritta et al. 2018)."""
    if len(errors) < 2:
        return 0.0
    ys = [math.log1p(e) for e in sorted(errors)]
    area = sum((a + b) / 2 for a, b in zip(ys, ys[1:], strict=False))
    return area / (math.log(20039) * (len(ys) - 1))


def score_corpus(name: str, pipeline: Pipeline, errors_to: Path | None = None) -> dict[str, float]:
    """Recognition and resolution on one corpus of ../shared/geoparsing/ (see its README for the metrics)."""
    path = SHARED / "geoparsing" / f"{name}.jsonl"
    articles = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    docs = [Document(a["text"], ref=str(a["id"])) for a in articles]
    start = time.perf_counter()
    records: dict[str, dict[tuple[int, int], dict]] = {a["id"]: {} for a in articles}
    for rec in geoparse(pipeline, docs):  # what `contested geoparse` writes, record for record
        assert isinstance(rec, dict)
        records[rec["doc"]][(rec["start"], rec["end"])] = rec
    seconds = time.perf_counter() - start
    tp = fp = fn = overlap = 0
    errors: list[float] = []
    abstained = 0
    exact = same_far = 0  # the gold's GeoNames id chosen; chosen, yet more than 161 km from the gold's point
    log = []
    for article in articles:
        found = records[article["id"]]
        gold = {(t["start"], t["end"]): t for t in article["toponyms"]}
        tp += len(found.keys() & gold.keys())
        fp += len(found.keys() - gold.keys())
        fn += len(gold.keys() - found.keys())
        overlap += sum(any(s < ge and gs < e for s, e in found) for gs, ge in gold)
        for key, t in gold.items():
            if t.get("lat") is None or key not in found:
                continue
            got = found[key]
            if got["lat"] is None:
                abstained += 1
                log.append({"doc": article["id"], "phrase": t["phrase"], "start": key[0], "gold": t["name"],
                            "gold_cc": t["country"], "got": None, "km": None, "reasons": got["reasons"]})
                continue
            d = km((t["lat"], t["lon"]), (got["lat"], got["lon"]))
            errors.append(d)
            same = t.get("geonameid") is not None and got["geonameid"] == t["geonameid"]
            exact += same
            same_far += same and d > 161
            if d > 161:
                log.append({"doc": article["id"], "phrase": t["phrase"], "start": key[0], "gold": t["name"],
                            "gold_cc": t["country"], "gold_fc": t.get("feature_code"), "got": got["name"],
                            "got_cc": got["country"], "got_fc": got["feature_code"], "km": round(d),
                            "conf": got["confidence"], "reasons": got["reasons"]})
        for key in found.keys() - gold.keys():
            log.append({"doc": article["id"], "extra": found[key]["text"], "start": key[0], "role": found[key]["role"]})
        for key in gold.keys() - found.keys():
            log.append({"doc": article["id"], "missed": gold[key]["phrase"], "start": key[0],
                        "overlap": any(s < key[1] and key[0] < e for s, e in found)})
    if errors_to:
        errors_to.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in log), encoding="utf-8")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    resolved = len(errors)
    within = sum(e <= 161 for e in errors)
    acc = within / resolved if resolved else 0.0
    acc_all = within / (resolved + abstained) if resolved + abstained else 0.0
    print(f"[{name}] {len(articles)} articles in {seconds:.0f} s; recognition (exact span): P {p:.3f} R {r:.3f} "
          f"F1 {f1:.3f} ({tp} found, {fp} extra, {fn} missed; {overlap} of {tp + fn} gold overlapped)")
    print(f"[{name}] resolution of {resolved + abstained} recognised gold toponyms with coordinates: "
          f"Acc@161 {acc:.1%} of {resolved} resolved, {acc_all:.1%} counting {abstained} abstentions wrong; "
          f"median error {statistics.median(errors) if errors else 0:.0f} km, "
          f"mean {statistics.mean(errors) if errors else 0:.0f} km, "
          f"AUC {auc(errors):.3f}")
    print(f"[{name}] exact GeoNames id: {exact / (resolved + abstained) if resolved + abstained else 0:.1%} "
          f"(abstentions wrong); {same_far} toponyms resolved to the gold's own entry lie over 161 km from the "
          "gold's point (a country's or region's representative point differs from GeoNames')")
    print(f"[{name}] {PUBLISHED.get(name, '')}")
    return {"f1": f1, "acc161": acc, "acc161_all": acc_all}


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpora", nargs="*", help="lgl, tr-news (default: both, then the development gold)")
    parser.add_argument("--errors", type=Path, help="write each corpus's misses to FILE-<corpus>.jsonl")
    args = parser.parse_args()
    embedded = open_gazetteer()
    corpora = args.corpora or ["lgl", "tr-news"]
    pipeline = Pipeline(embedded)
    for name in corpora:
        if (SHARED / "geoparsing" / f"{name}.jsonl").is_file():
            out = args.errors.with_name(f"{args.errors.stem}-{name}.jsonl") if args.errors else None
            score_corpus(name, pipeline, out)
        else:
            print(f"[{name}] absent from ../shared/geoparsing/: skipped")
    if args.corpora:
        return
    evaluate("embedded cities500", embedded)
    ua = SHARED / "gazetteer" / "UA.txt"
    if not ua.is_file():
        print(f"village-level data absent ({ua}): skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "village.sqlite"
        shutil.copy(embedded.path, target)
        gaz = SQLiteGazetteer(target)
        start = time.perf_counter()
        report = import_geonames(gaz, ua)
        print(f"import of {ua.name}: {report.rows_added:,} rows in {time.perf_counter() - start:.1f} s")
        for name in ("admin1CodesASCII.txt", "admin2Codes.txt"):
            import_geonames(gaz, ua.parent / name)
        evaluate("cities500 + UA.txt", gaz)


if __name__ == "__main__":
    main()
