"""Dask: a LocalCluster of two workers gives the serial output row for row; a given client, a
scheduler address and `kzevents build --workers/--scheduler` do too; documents stream."""

from __future__ import annotations

import csv
import hashlib
import shutil
import weakref
from pathlib import Path

import pandas as pd
import pytest

import kzevents
from kzevents import parallel
from kzevents.cli import main
from test_formats import make_pdf

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["doc_id", "file", "title", "publisher", "published", "url", "sha256"]

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    """The seed documents and the gold report passages, plus HTML, PDF and bad input."""
    root = tmp_path_factory.mktemp("raw")
    rows = []
    for src in (ROOT / "data" / "raw", ROOT / "tests" / "gold" / "reports"):
        for row in csv.DictReader(open(src / "manifest.csv", encoding="utf-8")):
            shutil.copy(src / row["file"], root / row["file"])
            rows.append([row.get(c, "") for c in HEADER])
    extra = {"p.html": b"<p>On 1 June 2018 ten activists were <a href='https://x.org'>arrested</a>.</p>",
             "q.pdf": make_pdf([["On 4 January 2017 a court banned the union."]]),
             "empty.txt": b"", "scan.pdf": make_pdf([None])}
    for name, data in extra.items():
        (root / name).write_bytes(data)
        rows.append([name.replace(".", "_"), name, name, "", "2019-01-01", "", hashlib.sha256(data).hexdigest()])
    rows.append(["gone", "gone.txt", "", "", "", "", ""])
    with open(root / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    return root


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with distributed.Client(cluster) as c:
            yield c


@pytest.fixture(scope="module")
def serial(corpus_dir):
    catalog = kzevents.scan_corpus(corpus_dir)
    return kzevents.extract_corpus(catalog), catalog


def test_local_cluster_of_two_workers_matches_serial_row_for_row(corpus_dir, serial):
    mentions, catalog = serial
    assert len(mentions) > 100 and mentions["doc_id"].nunique() > 10
    on_dask = kzevents.scan_corpus(corpus_dir)
    got = kzevents.extract_corpus(on_dask, engine="dask", workers=2)
    pd.testing.assert_frame_equal(got, mentions)
    assert on_dask.errors == catalog.errors and len(catalog.errors) == 3
    pd.testing.assert_frame_equal(on_dask.frame(), catalog.frame())


def test_given_client_and_scheduler_address(corpus_dir, serial, client):
    mentions, _ = serial
    pd.testing.assert_frame_equal(kzevents.extract_corpus(corpus_dir, engine="dask", client=client), mentions)
    pd.testing.assert_frame_equal(
        kzevents.extract_corpus(corpus_dir, engine="dask", client=client.scheduler.address), mentions)
    assert client.status == "running"  # a client we were given is not closed


def test_loaded_corpus_on_dask_matches(corpus_dir, serial, client):
    corpus = kzevents.load_corpus(corpus_dir)
    pd.testing.assert_frame_equal(kzevents.extract_corpus(corpus, engine="dask", client=client), serial[0])


def test_build_with_scheduler_and_workers_writes_the_serial_outputs(corpus_dir, client, tmp_path, capsys):
    outs = {}
    for name, extra in {"serial": [], "scheduler": ["--scheduler", client.scheduler.address],
                        "workers": ["--workers", "2"]}.items():
        out = tmp_path / name
        assert main(["build", str(corpus_dir), "--out", str(out), "--report", "", "--quiet", *extra]) == 0
        outs[name] = {p.name: p.read_bytes() for p in out.iterdir()}
    assert outs["serial"] == outs["scheduler"] == outs["workers"]


def test_workers_and_scheduler_are_exclusive(capsys):
    with pytest.raises(SystemExit):
        main(["build", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"])
    with pytest.raises(SystemExit):
        main(["build", "--workers", "0"])


def test_unknown_engine():
    with pytest.raises(ValueError, match="engine"):
        kzevents.extract_corpus(ROOT / "data" / "raw", engine="spark")


def test_documents_stream_one_text_at_a_time(corpus_dir, monkeypatch):
    """From a folder, each document is loaded in its task and let go before the next is read."""
    alive, peak = weakref.WeakSet(), []
    load = parallel.load_entry

    def tracked(*args, **kwargs):
        doc = load(*args, **kwargs)
        alive.add(doc)
        peak.append(len(alive))
        return doc

    monkeypatch.setattr(parallel, "load_entry", tracked)
    kzevents.extract_corpus(corpus_dir)
    assert len(peak) > 10 and max(peak) == 1


def test_dask_jobs_carry_paths_not_texts(corpus_dir):
    catalog = kzevents.scan_corpus(corpus_dir)
    jobs = [parallel.Job(str(catalog.root), e) for e in catalog.entries]
    assert all(j.document is None for j in jobs)
    assert max(len(repr(j)) for j in jobs) < 1000  # small whatever the document's size


def test_run_yields_every_position_once(corpus_dir, client):
    catalog = kzevents.scan_corpus(corpus_dir)
    jobs = [parallel.Job(str(catalog.root), e) for e in catalog.entries]
    positions = [p for p, _ in parallel.run(jobs, engine="dask", client=client)]
    assert sorted(positions) == list(range(len(jobs)))


def test_unreachable_scheduler_is_a_clear_error(tmp_path, capsys):
    raw = ROOT / "data" / "raw"
    assert main(["build", str(raw), "--out", str(tmp_path / "out"), "--report", "", "--quiet",
                 "--scheduler", "tcp://127.0.0.1:9"]) == 2
    assert "tcp://127.0.0.1:9: cannot reach the Dask scheduler" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_failed_batch_is_retried_one_document_a_task(corpus_dir, client):
    catalog = kzevents.scan_corpus(corpus_dir)
    jobs = [parallel.Job(str(catalog.root), e) for e in catalog.entries]
    jobs[3] = parallel.Job(str(catalog.root), catalog.entries[3], max_mb=None)  # its task raises TypeError
    outcomes = dict(parallel.run(jobs, engine="dask", client=client))
    assert sorted(outcomes) == list(range(len(jobs)))
    assert "the task failed on Dask (TypeError" in outcomes[3].error
    assert catalog.entries[3].file in outcomes[3].error
    assert all(outcomes[p].record for p in (0, 1, 2, 4, 5))


def test_batches_keep_order_and_every_thread_busy():
    jobs = [parallel.Job(document=kzevents.Document(f"d{i}", "f", "", "", "", "", "0" * 64, "x" * 1000))
            for i in range(100)]
    batches = list(parallel._batches(jobs, threads=2))
    assert [p for b in batches for p in b] == list(range(100))
    assert len(batches) >= 16
    big = [parallel.Job(document=kzevents.Document("big", "f", "", "", "", "", "0" * 64, "x" * 500_000))] * 3
    assert list(parallel._batches(big, threads=1)) == [[0], [1], [2]]
