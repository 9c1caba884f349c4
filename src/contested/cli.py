"""The `contested` command: thin Typer commands over the library functions (STYLE 4)."""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape as escape_markup
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from contested.errors import ContestedError
from contested.ledger import Ledger

app = typer.Typer(help="Who claims what happened, where and when: a ledger of war-report claims.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
gazetteer_app = typer.Typer(help="Build the gazetteer index or import GeoNames dumps into it.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")
console = Console()
err = Console(stderr=True)

DbOpt = Annotated[str | None, typer.Option("--db", envvar="CONTESTED_DB",
                                           help="Ledger: a file (default ./contested.db), or a PostgreSQL URL "
                                                "postgresql://user@host/dbname.")]
GazOpt = Annotated[Path | None, typer.Option("--gazetteer", envvar="CONTESTED_GAZETTEER",
                                             help="Gazetteer index (default ~/.cache/contested/).")]


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape(text: str) -> str:
    """Report text made safe for the terminal: Rich markup escaped, control and escape sequences removed."""
    return escape_markup(_CONTROL.sub("", text))


def one_line(text: str) -> str:
    """A failure line that a newline in a file name cannot split into a forged second line."""
    return escape(text.replace("\r", "\\r").replace("\n", "\\n"))


def _date(value: str | None) -> date | None:
    from contested.ingest import parse_date

    try:
        return parse_date(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


def _gazetteer(path: Path | None, rebuild: bool = False):
    from contested.geo.gazetteer import default_index_path, open_gazetteer

    target = path or default_index_path()
    if target.exists() and not rebuild:
        return open_gazetteer(target)
    with _progress() as progress:
        task = progress.add_task("building the gazetteer index", total=None)
        return open_gazetteer(target, _reporter(progress, task), rebuild=rebuild)


def _reporter(progress: Progress, task: Any) -> Any:
    """A (done, total) callback that moves one task of a progress bar."""

    def report(done: int, total: int | None) -> None:
        progress.update(task, completed=done, total=total)

    return report


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=False)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")],
    source: Annotated[str | None, typer.Option(help="Publisher, where the input does not say.")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date (YYYY-MM-DD).")] = None,
    url: Annotated[str | None, typer.Option()] = None,
    title: Annotated[str | None, typer.Option()] = None,
    language: Annotated[str, typer.Option()] = "en",
    max_bytes: Annotated[int, typer.Option(min=1, help="Larger inputs are refused.")] = 10 * 1024 * 1024,
    profile: Annotated[Path | None, typer.Option(help="Conflict profile (YAML).")] = None,
    workers: Annotated[int | None, typer.Option(min=1, max=4096, help="Processes that parse and extract (one "
                                                "writes); with Ray, tasks in flight (default: the cluster's CPUs).")
                       ] = None,
    engine: Annotated[str, typer.Option(help="local (this machine) or ray (a Ray cluster).")] = "local",
    address: Annotated[str | None, typer.Option(help="Ray cluster address HOST:PORT (default: start Ray here).")
                       ] = None,
    shards: Annotated[Path | None, typer.Option(help="With Ray: write Parquet shards to this folder (for "
                                                "`contested load`) instead of the ledger.")] = None,
    db: DbOpt = None,
    gazetteer: GazOpt = None,
) -> None:
    """Read reports, extract their claims and places, and add them to the ledger."""
    from contested.ingest import Meta, read_inputs
    from contested.nlp import model_label
    from contested.resources import load_profile
    from contested.settings import ledger_profile, record_settings

    if engine not in ("local", "ray"):
        err.print(f"--engine must be local or ray, not {engine!r}")
        raise typer.Exit(2)
    if (shards or address) and engine != "ray":
        err.print("--shards and --address go with --engine ray")
        raise typer.Exit(2)
    meta = Meta(source, _date(published), url, title, language)
    profile_path = str(profile) if profile else None
    ledger = None if shards else Ledger.open(db)
    if ledger is not None:
        ledger.writable()  # before loading the model: a read-only ledger is said at once
    # the recorded profile, or a refusal to mix two
    sides = ledger_profile(ledger, profile_path) if ledger else load_profile(profile_path)
    gaz = _gazetteer(gazetteer)
    if ledger is not None:
        record_settings(ledger, profile_path, model_label(), gaz)
    counts, failures, run = _outcome_counter()
    items = read_inputs(paths, meta, max_bytes)
    with _progress() as progress:
        task = progress.add_task("ingesting", total=None)
        on_outcome = run(progress, task)
        if engine == "ray":
            from contested.ray_engine import ingest_ray, write_shard_settings

            if shards:
                write_shard_settings(shards, profile_path, model_label(), str(gaz.path))
            ingest_ray(items, ledger, str(gaz.path), sides, address, workers, shards, on_outcome)
        elif workers and workers > 1:  # the model is loaded in each worker only
            from contested.pipeline import ingest_parallel

            assert ledger is not None
            ingest_parallel(items, ledger, str(gaz.path), sides, workers, on_outcome)
        else:
            from contested.pipeline import Pipeline
            from contested.pipeline import ingest as run_ingest

            assert ledger is not None
            run_ingest(items, ledger, Pipeline(gaz, sides), on_outcome)
    _finish(ledger, sides, counts, failures, f"shards: {shards}" if shards else None)


def _outcome_counter(verb: str = "ingesting") -> tuple[dict[str, int], list[str], Any]:
    """Counts of added, duplicate and failed inputs, the failures' lines, and a progress callback maker."""
    from contested.model import IngestOutcome

    counts = {"added": 0, "duplicate": 0, "failed": 0}
    failures: list[str] = []

    def run(progress: Progress, task: Any) -> Any:
        def on_outcome(o: IngestOutcome) -> None:
            counts[o.status] += 1
            if o.error:
                failures.append(o.error)
            progress.update(task, advance=1, description=f"{verb} ({counts['added']} added)")

        return on_outcome

    return counts, failures, run


def _finish(ledger: Ledger | None, sides: Any, counts: dict[str, int], failures: list[str],
            where: str | None = None) -> None:
    """Refresh what the new reports speak of, say what became of the inputs, exit 1 if any failed."""
    if counts["added"] and ledger is not None:
        from contested.reconcile import refresh

        refresh(ledger, sides)  # the places the new reports speak of
    for line in failures:
        err.print(f"[red]failed[/red] {one_line(line)}", highlight=False)
    console.print(f"documents added: {counts['added']}, skipped as duplicates: {counts['duplicate']}, "
                  f"failed: {counts['failed']}  ({where or f'ledger: {ledger.path if ledger else None}'})")
    if counts["failed"]:  # a script sees that something was not stored; the lines above say what
        err.print(f"{counts['failed']} input(s) failed")
        raise typer.Exit(1)


@app.command()
def check(db: DbOpt = None) -> None:
    """Check every page of the ledger (SQLite's quick_check); exit 1 if it is damaged."""
    ledger = Ledger.open(db)
    problems = ledger.check()
    if problems == ["ok"]:
        console.print(f"ok: {ledger.path}")
        return
    for line in problems:
        err.print(f"[red]{escape(one_line(line))}[/red]", highlight=False)
    err.print(f"[E300] the ledger at {ledger.path} is damaged: restore it from a backup, or ingest the reports "
              "again into a new ledger")
    raise typer.Exit(1)


@app.command()
def load(
    folder: Annotated[Path, typer.Argument(help="A folder of Parquet shards from `ingest --engine ray --shards`.")],
    db: DbOpt = None,
) -> None:
    """Import the shards of a Ray backfill into the ledger (documents already there are skipped)."""
    from contested.ray_engine import load_shards, read_shard_settings
    from contested.settings import ledger_profile, record_settings

    settings = read_shard_settings(folder)
    ledger = Ledger.open(db)
    ledger.writable()
    sides = ledger_profile(ledger, settings["profile"])
    record_settings(ledger, settings["profile"], settings["model"], settings["gazetteer"])
    counts, failures, run = _outcome_counter("loading")
    with _progress() as progress:
        load_shards(folder, ledger, run(progress, progress.add_task("loading", total=None)))
    _finish(ledger, sides, counts, failures)


@app.command()
def geoparse(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")] = None,  # type: ignore[assignment]
    max_bytes: Annotated[int, typer.Option(min=1, help="Larger inputs are refused.")] = 10 * 1024 * 1024,
    profile: Annotated[Path | None, typer.Option(help="Conflict profile (YAML).")] = None,
    gazetteer: GazOpt = None,
) -> None:
    """Find and resolve the places in reports; write one JSON line per mention, store nothing."""
    import json

    from contested.geoparse import geoparse as run_geoparse
    from contested.ingest import Failure, Meta, read_inputs
    from contested.pipeline import Pipeline
    from contested.resources import load_profile

    pipeline = Pipeline(_gazetteer(gazetteer), load_profile(str(profile) if profile else None))
    failed = written = 0
    for item in run_geoparse(pipeline, read_inputs(paths or ["-"], Meta(), max_bytes)):
        if isinstance(item, Failure):
            failed += 1
            err.print(f"[red]failed[/red] {one_line(str(item.error))}", highlight=False)
        else:
            written += 1
            sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
    if failed and not written:  # as `ingest`: an error only when nothing came of the inputs
        raise typer.Exit(1)


@app.command()
def claims(
    place: Annotated[str | None, typer.Option(help="Only claims about this place.")] = None,
    db: DbOpt = None,
) -> None:
    """Every claim (or those about a place): who said it, stance, event, places and the sentence."""
    ledger = Ledger.open(db)
    records = list(ledger.claim_records(place=place))
    if not records:
        console.print(f"no claims{' about ' + escape(place) if place else ''}")
        raise typer.Exit(0)
    table = Table(show_lines=True)
    for col in ("claimant", "stance", "event", "places", "time", "evidence"):
        table.add_column(col)
    for r in records:
        c, e = r["claimant"], r["event"]
        table.add_row(
            escape(f"{c['name']} ({c['kind']}, {c['side'] or 'side unknown'})"),
            r["stance"] + (f"\nhedged: {escape(', '.join(r['hedges']))}" if r["hedges"] else ""),
            f"{e['type']} by {e['agent_side'] or '?'}" + (" (negated)" if e["negated"] else ""),
            escape(", ".join(_place_label(p) for p in r["places"])),
            escape(r["time"]["text"] or ""),
            escape(f"{r['source'] or 'unknown source'} {r['published'] or ''}: {r['evidence']['text']}"),
        )
    console.print(table)


def _place_label(p: dict) -> str:
    if p["name"] is None:
        return f"{p['text']} (unresolved)"
    return f"{p['text']} → {p['name']} ({p['confidence']:.2f})"


@app.command()
def place(
    name: Annotated[str, typer.Argument(help="A place name as written in reports or in the gazetteer.")],
    candidates: Annotated[bool, typer.Option(help="List the gazetteer candidates considered.")] = False,
    on: Annotated[str | None, typer.Option(help="Status on this date (YYYY-MM-DD).")] = None,
    explain: Annotated[bool, typer.Option(help="Say why: each claim, its weight and rule.")] = False,
    db: DbOpt = None,
) -> None:
    """The place, where it is, and its claims over time."""
    from contested.reconcile import explain_status, ledger_today, place_keys, status_for_key

    ledger = Ledger.open(db)
    rows = ledger.place_rows(name)
    if not rows:
        console.print(f"no mention of {escape(name)} in the ledger")
        raise typer.Exit(1)
    day = _date(on) or ledger_today(ledger)
    for place_key, label, admin1 in place_keys(ledger, name):  # places sharing the name: each its own status
        result = status_for_key(ledger, place_key, day)
        console.print(f"[bold]{escape(label)}[/bold]{' (' + escape(admin1) + ')' if admin1 else ''} on {day}: "
                      f"[bold]{result.status}[/bold]{' (' + result.side + ')' if result.side else ''}, "
                      f"confidence {result.confidence:.2f}" + (f", since {result.since}" if result.since else ""))
        for note in result.notes:
            console.print(f"   {escape(note)}", highlight=False)
        deciding = sorted((w for w in result.weighed if w.supports), key=lambda w: -w.weight)
        for w in deciding if explain else deciding[:3]:
            f = w.fact
            why = escape("[" + "; ".join(w.rules) + "]")
            console.print(f"   {w.weight:4.2f} → {w.supports}: {escape(f.claimant)} {f.stance} {f.event_type} "
                          f"({escape(f.source or 'unknown source')} {f.when or 'undated'}) {why}"
                          f"\n        \"{escape(f.evidence[:200])}\"", highlight=False)
        if explain and result.scores:
            console.print(f"   {escape(explain_status(result)[-1])}", highlight=False)
    console.print()
    seen = set()
    for r in rows:
        key = (r["geonameid"], r["name"], tuple(r["reasons"]))
        if key in seen:
            continue
        seen.add(key)
        if r["name"]:
            console.print(f"[bold]{escape(r['text'])}[/bold] → {escape(r['name'])}, "
                          f"{escape(r['admin2'] or '')} {escape(r['admin1'] or '')} {r['country']} "
                          f"({r['lat']:.4f}N {r['lon']:.4f}E, GeoNames {r['geonameid'] or '-'}), "
                          f"confidence {r['confidence']:.2f}, precision {r['precision']}")
        else:
            console.print(f"[bold]{escape(r['text'])}[/bold]: unresolved")
        for reason in r["reasons"]:
            console.print(f"   · {escape(reason)}")
        if candidates:
            for c in r["candidates"]:
                console.print(f"     candidate {escape(c['name'])} ({escape(str(c['admin1']))}) "
                              f"{c['lat']:.4f}N {c['lon']:.4f}E GeoNames {c['geonameid']} pop {c['population']}")
    console.print()
    claims(place=name, db=db)


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl, geojson or csv.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (default: stdout).")] = None,
    on: Annotated[str | None, typer.Option(help="Status date for GeoJSON (default: the latest publication).")] = None,
    db: DbOpt = None,
) -> None:
    """Export claims: JSON Lines (one claim a line), GeoJSON (places with claims and status), CSV (ACLED-like)."""
    from contested.export import FORMATS, write_export
    from contested.reconcile import geojson_status, ledger_today

    if format not in FORMATS:
        raise typer.BadParameter(f"format must be one of {', '.join(FORMATS)}")
    ledger = Ledger.open(db)
    status = geojson_status(ledger, _date(on) or ledger_today(ledger)) if format == "geojson" else None
    if output:
        partial = output.with_name(output.name + ".part")
        try:  # written beside the target and moved into place: a full disk never leaves half a file
            with partial.open("w", encoding="utf-8", newline="") as f:
                n = write_export(ledger, format, f, status)
            partial.replace(output)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            err.print(f"[red]cannot write {escape(str(output))}: {escape(exc.strerror or str(exc))}[/red]")
            raise typer.Exit(1) from exc
        err.print(f"{n} records written to {escape(str(output))}")
    else:
        write_export(ledger, format, sys.stdout, status)


@gazetteer_app.command("build")
def gazetteer_build(
    gazetteer: GazOpt = None,
    rebuild: Annotated[bool, typer.Option(help="Build it afresh (imported files must be imported again).")] = False,
) -> None:
    """Build the embedded index (cities500, every country's regions, countries) if it is not built."""
    gaz = _gazetteer(gazetteer, rebuild=rebuild)
    console.print(f"gazetteer index {gaz.path}: {gaz.count():,} places")


@gazetteer_app.command("import")
def gazetteer_import(
    files: Annotated[list[Path] | None, typer.Argument(help="GeoNames files: UA.txt/UA.zip, admin1CodesASCII.txt, "
                                                            "admin2Codes.txt, alternateNamesV2.txt.")] = None,
    url: Annotated[list[str] | None, typer.Option(help="Download a dump first (for users who are online).")] = None,
    gazetteer: GazOpt = None,
) -> None:
    """Import GeoNames dumps (resumable; malformed rows are reported and skipped)."""
    from contested.geo.importer import download, import_geonames

    gaz = _gazetteer(gazetteer)
    files = list(files or [])
    for address in url or []:
        with _progress() as progress:
            task = progress.add_task(f"downloading {address}", total=None)
            try:
                files.append(download(address, gaz.path.parent / "downloads", _reporter(progress, task)))
            except ContestedError as exc:
                err.print(f"[red]{escape(str(exc))}[/red]")
                raise typer.Exit(1) from exc
    if not files:
        raise typer.BadParameter("give GeoNames files or --url")
    for file in sorted(files, key=lambda f: ("admin" in f.name.lower(), f.name)):
        with _progress() as progress:
            task = progress.add_task(f"importing {file.name}", total=None)
            try:
                report = import_geonames(gaz, file, _reporter(progress, task))
            except ContestedError as exc:
                err.print(f"[red]{escape(str(exc))}[/red]")
                raise typer.Exit(1) from exc
        console.print(f"{file.name}: {report.rows_added:,} rows imported"
                      + (f", resumed after {report.rows_skipped_resume:,}" if report.rows_skipped_resume else "")
                      + f", {len(report.malformed)} malformed skipped")
        for line in report.malformed[:20]:
            err.print(f"  skipped {escape(line)}")
    console.print(f"gazetteer index {gaz.path}: {gaz.count():,} places")


def _status_table(results, title: str) -> Table:
    table = Table(title=title)
    for col in ("place", "status", "side", "confidence", "since", "notes"):
        table.add_column(col)
    for r in results:
        table.add_row(escape(r.place), r.status, r.side or "", f"{r.confidence:.2f}",
                      str(r.since or ""), escape("; ".join(r.notes)))
    return table


@app.command()
def status(
    on: Annotated[str | None, typer.Option(help="Date (YYYY-MM-DD); default the ledger's latest date.")] = None,
    region: Annotated[str | None, typer.Option(help="Only places in this first-order region.")] = None,
    policy: Annotated[Path | None, typer.Option(help="Status policy file (YAML).")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, jsonl or csv (one record a place).")] = "table",
    db: DbOpt = None,
) -> None:
    """Places with their status on a date: a table, or one JSON Lines / CSV record per place."""
    from contested.reconcile import ledger_today, status_records, status_table
    from contested.reconcile.status import STATUS_FIELDS

    if format not in ("table", "jsonl", "csv"):
        raise typer.BadParameter("format must be one of table, jsonl, csv")
    ledger = Ledger.open(db)
    day = _date(on) or ledger_today(ledger)
    results = status_table(ledger, day, region, str(policy) if policy else None)
    if format == "table":
        console.print(_status_table(results, f"status on {day}" + (f" in {region}" if region else "")))
    elif format == "jsonl":
        for record in status_records(ledger, results):
            sys.stdout.write(json.dumps({k: record[k] for k in STATUS_FIELDS}, ensure_ascii=False) + "\n")
    else:
        import csv

        from contested.export import safe_cell

        writer = csv.DictWriter(sys.stdout, fieldnames=STATUS_FIELDS, lineterminator="\n")
        writer.writeheader()
        for record in status_records(ledger, results):
            writer.writerow({k: safe_cell(record[k]) for k in STATUS_FIELDS})


@app.command()
def places(db: DbOpt = None) -> None:
    """The contested picture: places whose claims disagree or report fighting (what `make demo` prints)."""
    from contested.reconcile import ledger_today, status_table

    ledger = Ledger.open(db)
    results = [r for r in status_table(ledger, ledger_today(ledger)) if r.status != "unknown"]
    console.print(_status_table(results, "places in the ledger"))


@app.command()
def timeline(name: Annotated[str, typer.Argument()], db: DbOpt = None) -> None:
    """The status of a place on each date a claim about it is dated."""
    from contested.reconcile import timeline as build

    results = build(Ledger.open(db), name)
    table = Table(title=f"timeline of {escape(name)}")
    for col in ("date", "status", "side", "confidence", "notes"):
        table.add_column(col)
    for r in results:
        table.add_row(str(r.on), r.status, r.side or "", f"{r.confidence:.2f}", escape("; ".join(r.notes)))
    console.print(table)


@app.command()
def contradictions(db: DbOpt = None) -> None:
    """Pairs of propositions that cannot both be true, with both sides' evidence."""
    from contested.reconcile import refresh, stored_contradictions

    ledger = Ledger.open(db)
    if not ledger.readonly:
        refresh(ledger)
    found = stored_contradictions(ledger)
    if not found:
        console.print("no contradictions")
        return
    for c in found:
        console.print(f"[bold]{escape(c.place)}[/bold]: {escape(c.why)}")
        for p in (c.a, c.b):
            _print_proposition(p)


def _print_proposition(p: Any) -> None:
    console.print(f"  {p.claimant_side or 'unattributed'} {p.stance} {p.event_type} by {p.agent_side or '?'} "
                  f"({p.reports} report(s), {p.independent} independent source(s), {p.publishers} publisher(s))",
                  highlight=False)
    for f in p.facts:
        console.print(f"    {escape(f.claimant)} — {escape(f.source or 'unknown source')} {f.when or 'undated'}: "
                      f"\"{escape(f.evidence)}\"", highlight=False)


@app.command()
def propositions(
    place: Annotated[str | None, typer.Option(help="Only propositions about this place.")] = None,
    db: DbOpt = None,
) -> None:
    """The same claim across reports, grouped, with its reports and independent sources counted."""
    from contested.reconcile import place_keys, refresh, stored_propositions

    ledger = Ledger.open(db)
    if not ledger.readonly:
        refresh(ledger)
    keys = [k for k, _, _ in place_keys(ledger, place)] if place else None
    for p in stored_propositions(ledger, keys):
        console.print(f"[bold]{escape(p.label)}[/bold]")
        _print_proposition(p)


@app.command()
def compare(
    file: Annotated[Path, typer.Argument(help="GeoJSON of controlled territory, or CSV of place,date,side.")],
    side: Annotated[str, typer.Option(help="The side the GeoJSON area is controlled by.")] = "RU",
    on: Annotated[str | None, typer.Option("--date", help="Date of the GeoJSON (else from its name).")] = None,
    other: Annotated[str, typer.Option(help="Label for places outside the area (e.g. the other side).")] = "other",
    country: Annotated[str | None, typer.Option(help="Only places of this country code.")] = None,
    db: DbOpt = None,
) -> None:
    """Agreement of contested's statuses with an independent control dataset, as a confusion table."""
    from contested.compare import compare_csv, compare_geojson

    ledger = Ledger.open(db)
    try:
        results = compare_csv(ledger, file) if file.suffix.lower() == ".csv" else [
            compare_geojson(ledger, file, side, _date(on), other, country)]
    except ContestedError as exc:
        err.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(1) from exc
    for cmp in results:
        confusion = cmp.confusion()
        theirs = sorted({t for _, t in confusion})
        table = Table(title=f"contested vs {file.name} on {cmp.truth_date} ({len(cmp.rows)} places)")
        table.add_column("contested \\ truth")
        for t in theirs:
            table.add_column(t)
        for o in sorted({o for o, _ in confusion}):
            table.add_row(o, *[str(confusion.get((o, t), 0)) for t in theirs])
        console.print(table)
        console.print(f"agreement where contested decides a side: {cmp.agreement():.0%}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind (default loopback only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8765,
    token: Annotated[str | None, typer.Option(envvar="CONTESTED_TOKEN",
                                              help="Token that writes (ingest) must carry; none: read-only.")] = None,
    overlay: Annotated[Path | None, typer.Option(help="A control-map GeoJSON drawn over the places.")] = None,
    tiles: Annotated[str, typer.Option(help="Base-map tile URL template.")] = "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    db: DbOpt = None,
    gazetteer: GazOpt = None,
) -> None:
    """The desk: a map with a timeline and the evidence behind every point, and a JSON API (/docs)."""
    import uvicorn

    from contested.web import create_app

    if overlay is not None and not overlay.is_file():
        raise typer.BadParameter(f"no overlay file {overlay}")
    desk = create_app(db, token=token, overlay=overlay, tiles=tiles, gazetteer=gazetteer)
    err.print(f"the desk on http://{host}:{port}/ (API schema at /openapi.json)"
              + ("" if token else "; read-only: give --token to allow ingest"))
    uvicorn.run(desk, host=host, port=port, log_level="warning")


def main() -> None:
    import sqlite3

    try:
        app()
    except ContestedError as exc:
        err.print(f"[red]{escape(str(exc))}[/red]")
        sys.exit(1)
    except sqlite3.DatabaseError as exc:  # a page damaged where the check on open does not look (a large ledger)
        err.print(f"[red][E300] the ledger cannot be read: {escape(str(exc))}; `contested check` lists the damage"
                  "[/red]")
        sys.exit(1)
