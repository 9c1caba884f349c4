"""Ingest: every input kind, and bad input reported per document while the batch goes on."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLE, SAMPLES, build_ledger
from contested.ingest import Failure, Meta, read_inputs
from contested.ledger import Ledger
from contested.model import Document, document_id

GOOD = "Russian troops captured Pokrovsk, the General Staff of Ukraine said."


def read(*paths, **kw):
    return list(read_inputs([str(p) for p in paths], **kw))


def test_bad_inputs_each_get_one_clear_line(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG" * 10)
    (tmp_path / "latin1.txt").write_bytes("Zaporiz\xb4ke captured".encode("latin-1"))
    (tmp_path / "bad.jsonl").write_text('{"text": "' + GOOD + '"}\n{not json\n{"title": "no text"}\n')
    (tmp_path / "nothing.html").write_text("<html><body><nav>menu</nav></body></html>")
    (tmp_path / "huge.txt").write_bytes(b"a" * (50 * 1024 * 1024))
    (tmp_path / "good.txt").write_text(GOOD)
    items = read(tmp_path, tmp_path / "missing.txt")
    failures = {Path(f.origin).name: str(f.error) for f in items if isinstance(f, Failure)}
    assert "[E101]" in failures["empty.txt"]
    assert "[E102]" in failures["binary.txt"]
    assert "[E103]" in failures["latin1.txt"] and "byte 7" in failures["latin1.txt"]
    assert "[E104]" in failures["bad.jsonl:2"] and "[E104]" in failures["bad.jsonl:3"]
    assert "[E105]" in failures["nothing.html"]
    assert "[E106]" in failures["huge.txt"]
    assert "[E107]" in failures["missing.txt"]
    assert all("\n" not in line for line in failures.values())
    docs = [d for d in items if isinstance(d, Document)]
    assert [d.text for d in docs] == [GOOD, GOOD]  # bad.jsonl line 1 and good.txt: the batch went on


def test_html_main_text_and_title(tmp_path):
    body = "<p>" + GOOD + " Fighting continued near Orikhiv, officials said on Monday.</p>" * 3
    page = (f"<html><head><title>Front update</title></head><body><nav>Home | News</nav><article>{body}"
            "</article></body></html>")
    (tmp_path / "page.html").write_text(page)
    [doc] = read(tmp_path / "page.html")
    assert GOOD in doc.text and "Home | News" not in doc.text and doc.title == "Front update"


def test_jsonl_fields_win_over_flags(tmp_path):
    record = {"text": GOOD, "source": "Kyiv Independent", "published": "2025-08-20T10:00:00Z", "url": "https://x"}
    (tmp_path / "r.jsonl").write_text(json.dumps(record) + "\n")
    [doc] = read(tmp_path / "r.jsonl", meta=Meta(source="BBC"))
    assert (doc.source, str(doc.published), doc.url) == ("Kyiv Independent", "2025-08-20", "https://x")


def test_rss_feed_entries(tmp_path):
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Front Wire</title>
    <item><title>A</title><link>https://a</link><pubDate>Thu, 21 Aug 2025 10:00:00 GMT</pubDate>
    <description>{GOOD}</description></item></channel></rss>"""
    (tmp_path / "feed.xml").write_text(feed)
    [doc] = read(tmp_path / "feed.xml")
    assert (doc.source, str(doc.published), doc.url) == ("Front Wire", "2025-08-21", "https://a")


def test_sidecar_index_gives_metadata():
    [doc] = read(SAMPLES)
    assert doc.origin.endswith("dnipropetrovsk-incursion.txt") and doc.source is None


def test_document_id_ignores_whitespace_noise():
    assert document_id("a  b\r\n") == document_id("a b")


def test_stdin_and_duplicates(pipeline, tmp_path):
    env = {**os.environ, "CONTESTED_DB": str(tmp_path / "s.db")}
    cmd = [sys.executable, "-m", "contested", "ingest", "-", "--source", "BBC", "--published", "2025-08-21"]
    first = subprocess.run(cmd, input=GOOD, capture_output=True, text=True, env=env, check=True)
    assert "documents added: 1" in first.stdout
    second = subprocess.run(cmd, input=GOOD + "\n", capture_output=True, text=True, env=env, check=True)
    assert "documents added: 0, skipped as duplicates: 1" in second.stdout


def test_a_failed_document_leaves_nothing_half_written(pipeline, ledger_at, monkeypatch):
    ledger = Ledger.open(ledger_at("l"))
    processed = pipeline.process(Document(GOOD))

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ledger, "_add_claim", boom)
    with pytest.raises(RuntimeError):
        ledger.add_document(processed.document, processed.mentions, processed.claims)
    assert ledger.counts()["documents"] == 0 and ledger.counts()["mentions"] == 0


def ledger_snapshot(path: Path | str) -> tuple:
    ledger = Ledger.open(path)
    return (ledger.counts(), sorted(json.dumps({k: v for k, v in r.items() if k != "id"}, sort_keys=True)
                                    for r in ledger.claim_records()))


def test_killed_run_then_rerun_equals_one_clean_run(pipeline, tmp_path, ledger_at):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    total = 64  # four batches of 16: the kill lands after the first is committed, well before the last
    for i in range(total):
        (corpus / f"r{i:02}.txt").write_text(f"Report {i}.\n{text}")
    db = ledger_at("killed")
    env = {**os.environ, "CONTESTED_DB": db}
    proc = subprocess.Popen([sys.executable, "-m", "contested", "ingest", str(corpus)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:  # kill once some, not all, documents are in
        try:
            n = Ledger.open(db).counts()["documents"]
        except Exception:
            n = 0
        if n >= 3:
            break
        time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = Ledger.open(db).counts()["documents"]
    assert 0 < partial < total
    subprocess.run([sys.executable, "-m", "contested", "ingest", str(corpus)], env=env, check=True,
                   capture_output=True)
    target = ledger_at("clean")
    build_ledger(target, pipeline, str(corpus)).close()
    assert ledger_snapshot(db) == ledger_snapshot(target)


def test_records_with_wrong_types_or_lone_surrogates_fail_alone(tmp_path, pipeline):
    report = tmp_path / "mixed.jsonl"
    report.write_text("\n".join([
        '{"text": "Russian forces captured Pishchane \\ud800, milbloggers claimed.", "title": "x"}',
        '{"text": "Ukrainian forces repelled an assault near Kupiansk.", "source": ["x"]}',
        '{"text": "Fighting near Toretsk continued.", "url": {"a": 1}}',
        '{"text": "Russian forces attacked near Toretsk, Ukrainian officials said.", "published": "2025-01-10"}',
    ]) + "\n", encoding="utf-8")
    failures = [i for i in read_inputs([str(report)]) if isinstance(i, Failure)]
    assert [f.origin.rsplit(":", 1)[1] for f in failures] == ["1", "2", "3"]
    assert "lone surrogate" in str(failures[0].error) and "`source` must be a string" in str(failures[1].error)
    ledger = build_ledger(tmp_path / "mixed.db", pipeline, str(report))
    assert ledger.conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1


def test_a_folder_index_entry_of_the_wrong_type_fails_its_file_only(tmp_path):
    (tmp_path / "a.txt").write_text("Fighting near Toretsk continued.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Fighting near Kupiansk continued.", encoding="utf-8")
    (tmp_path / "index.jsonl").write_text('{"file": "a.txt", "source": ["BBC"]}\n{"file": ["b.txt"]}\n'
                                          '{"file": "b.txt", "source": "ISW"}\n', encoding="utf-8")
    items = list(read_inputs([str(tmp_path)]))
    docs = [i for i in items if isinstance(i, Document)]
    fails = [i for i in items if isinstance(i, Failure)]
    assert [d.source for d in docs] == ["ISW"] and len(fails) == 1 and "a.txt" in fails[0].origin


def test_a_fifo_or_device_is_refused_without_reading_it(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "real.txt").write_text("Fighting near Toretsk continued.", encoding="utf-8")
    items = list(read_inputs([str(fifo), "/dev/zero", str(tmp_path)]))  # would block or never end if read
    failures = [i for i in items if isinstance(i, Failure)]
    assert [f.error.code for f in failures] == ["E108", "E108", "E108"]
    assert [d.origin for d in items if isinstance(d, Document)] == [str(tmp_path / "real.txt")]


def test_a_link_out_of_the_folder_is_not_followed(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("Fighting near Toretsk continued.", encoding="utf-8")
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "leak.txt").symlink_to(outside)
    (folder / "own.txt").write_text("Fighting near Kupiansk continued.", encoding="utf-8")
    (folder / "inside.txt").symlink_to(folder / "own.txt")  # a link within the folder is fine
    items = list(read_inputs([str(folder)]))
    assert sorted(Path(d.origin).name for d in items if isinstance(d, Document)) == ["inside.txt", "own.txt"]
    [failure] = [i for i in items if isinstance(i, Failure)]
    assert "leak.txt" in failure.origin and "leads out of" in str(failure.error)


@pytest.mark.parametrize("value, expected", [
    ("2025-01-10", "2025-01-10"), ("2025-01-10T08:00:00Z", "2025-01-10"), ("Fri, 10 Jan 2025 08:00:00 GMT",
                                                                           "2025-01-10"),
    ("10 January 2025", "2025-01-10"), ("August 21, 2025", "2025-08-21"),
])
def test_dates_in_the_formats_reports_and_feeds_use(value, expected):
    from contested.ingest import parse_date

    assert str(parse_date(value)) == expected


@pytest.mark.parametrize("value", ["12/01/2025", "1", "9999-12-31T99:99", "yesterday", "2999-01-01"])
def test_ambiguous_impossible_or_future_dates_are_refused_by_name(value):
    from contested.ingest import parse_date

    with pytest.raises(ValueError, match=re.escape(value)):
        parse_date(value)


def test_a_bad_published_flag_is_a_clear_error():
    result = subprocess.run([sys.executable, "-m", "contested", "ingest", "-", "--published", "12/01/2025"],
                            input=b"Fighting near Toretsk continued.", capture_output=True, check=False)
    assert result.returncode == 2 and b"12/01/2025" in result.stderr and b"Traceback" not in result.stderr


def test_utf16_and_utf32_with_a_bom_are_decoded_not_called_binary(tmp_path):
    for name, encoding in (("le16.txt", "utf-16-le"), ("be16.txt", "utf-16-be"), ("le32.txt", "utf-32-le")):
        bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-32-le": b"\xff\xfe\x00\x00"}[encoding]
        (tmp_path / name).write_bytes(bom + GOOD.encode(encoding))
    (tmp_path / "nul.txt").write_bytes(b"\x00\x00" + GOOD.encode("utf-16-le"))  # no BOM: binary as before
    items = read(tmp_path)
    docs = {Path(d.origin).name: d.text for d in items if isinstance(d, Document)}
    assert docs == {"be16.txt": GOOD, "le16.txt": GOOD, "le32.txt": GOOD}
    [failure] = [f for f in items if isinstance(f, Failure)]
    assert failure.origin.endswith("nul.txt") and "[E102]" in str(failure.error)


def test_hidden_html_text_is_not_ingested(tmp_path):
    visible = "Russian forces attacked near Pokrovsk on Monday, officials said in a statement."
    hidden = ["<noscript><p>Enable JavaScript to see the map of Kharkiv strikes today.</p></noscript>",
              "<p hidden>Russian forces captured Mariupol port, the hidden line said.</p>",
              '<div style="display: none">Ukrainian forces liberated Sumy, said the invisible text.</div>',
              '<p aria-hidden="true">Fighting near Odesa continued, said nobody at all.</p>',
              "<template><p>Russian forces captured Kherson, the template said.</p></template>"]
    (tmp_path / "page.html").write_text(f"<html><body><article><p>{visible}</p>{''.join(hidden)}</article>"
                                        "</body></html>", encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    docs = [d for d in read(tmp_path) if isinstance(d, Document)]
    assert [d.text for d in docs] == [GOOD, visible]


def test_zero_width_characters_are_removed_before_names_and_hashes(tmp_path, pipeline):
    sly = "Russian troops captured Pokr\u200bovsk, the General\u2060 Staff of Ukraine said.\ufeff"
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": sly, "title": "Pokr\u200dovsk"}) + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    docs = [d for d in read(tmp_path) if isinstance(d, Document)]
    assert [d.text for d in docs] == [GOOD, GOOD] and docs[0].title == "Pokrovsk"
    assert docs[0].id == docs[1].id == document_id(sly)  # one report, however it is padded
    processed = pipeline.process(docs[0])
    assert "Pokrovsk" in [m.span.text for m in processed.mentions]


def test_a_document_longer_than_the_parser_limit_is_read_in_pieces(tmp_path, pipeline, monkeypatch):
    monkeypatch.setattr(pipeline.nlp, "max_length", 100_000)  # spaCy's limit, lowered to keep the test short
    text = "Nothing of note happened on this quiet stretch of the line today.\n\n" * 2_500 + GOOD
    assert len(text) > pipeline.nlp.max_length
    processed = pipeline.process(Document(text))
    [claim] = processed.claims
    place = claim.places[0]
    assert text[place.span.start:place.span.end] == "Pokrovsk"  # offsets into the whole text
    ledger = Ledger.open(tmp_path / "long.db")
    assert ledger.add_document(processed.document, processed.mentions, processed.claims) == "added"


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
    | st.sampled_from(["\ud800", "2025-01-10", "12/01/2025", "9999-12-31T99:99", "", " ", "\x00", GOOD]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6)
RECORDS = st.fixed_dictionaries({}, optional={
    key: JSON_VALUES for key in ("text", "title", "source", "url", "language", "published", "id", "file")})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(RECORDS | JSON_VALUES, min_size=1, max_size=6))
def test_arbitrary_json_records_never_abort_the_batch(records, pipeline):
    import tempfile

    from contested.pipeline import ingest

    good = {"text": "Ukrainian forces repelled an assault near Kupiansk, the General Staff said.", "source": "ISW"}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.jsonl"
        lines = [json.dumps(r) for r in records] + [json.dumps(good)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        ledger = Ledger.open(Path(folder) / "fuzz.db")
        outcomes = ingest(read_inputs([str(path)]), ledger, pipeline)
        stored = {r[0] for r in ledger.conn.execute("SELECT text FROM documents")}
        ledger.close()
    assert len(outcomes) == len(lines)  # one outcome a line: stored, duplicate or failed with its line
    assert good["text"] in stored
    assert all(o.error.startswith("[E1") for o in outcomes if o.status == "failed")


def test_two_workers_store_what_one_process_stores(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    towns = ["Pokrovsk", "Toretsk", "Kupiansk", "Chasiv Yar", "Kurakhove", "Vuhledar"]
    for n, town in enumerate(towns):
        (reports / f"r{n}.txt").write_text(f"Russian forces attacked near {town} on Monday, the General Staff said. "
                                           f"Ukrainian officials denied that Russian forces captured {town}.",
                                           encoding="utf-8")
    (reports / "empty.txt").write_text("", encoding="utf-8")
    command = [sys.executable, "-m", "contested", "ingest", str(reports), "--published", "2025-01-10"]
    one = subprocess.run([*command, "--db", str(tmp_path / "one.db")], capture_output=True, text=True)
    two = subprocess.run([*command, "--db", str(tmp_path / "two.db"), "--workers", "2"], capture_output=True,
                         text=True)
    assert one.returncode == two.returncode == 1 and "[E101]" in two.stderr + two.stdout  # the empty file
    claims = [[(c["doc_id"], c["evidence"]["start"], c["stance"], c["event"]["type"],
                [p["text"] for p in c["places"]]) for c in Ledger.open(tmp_path / db).claim_records()]
              for db in ("one.db", "two.db")]
    assert claims[0] == claims[1] and len({c[0] for c in claims[0]}) == len(towns)
    again = subprocess.run([*command, "--db", str(tmp_path / "two.db"), "--workers", "2"], capture_output=True,
                           text=True)
    assert "documents added: 0, skipped as duplicates: 6" in again.stdout  # resumable: nothing twice
