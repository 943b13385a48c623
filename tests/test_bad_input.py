"""Bad input never costs data: a corpus holding an empty file, a binary file, a PDF with no text
layer, a truncated PDF, a 50 MB text, pathological runs (100,000 digits; a line of a million commas),
a missing file and bad manifest rows builds every good document, names every bad one (errors.csv and
the terminal), exits non-zero only with --strict and never hangs (builds run in a subprocess with a
timeout); an interrupted or killed build leaves the earlier outputs as they were."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kzevents
from kzevents import parallel
from kzevents.cli import main
from test_formats import make_pdf

HEADER = ["doc_id", "file", "title", "publisher", "published", "url", "sha256"]
SENTENCES = [
    "On 10 May 2018 more than 150 people were detained in Almaty.",
    "The Special Rapporteur met representatives of civil society in Astana.",
    "In 2019, 555 cases of threats against journalists were registered.",
    "Police dispersed the peaceful assembly and arrested about 30 activists.",
    "On 4 January 2017 a court banned the Confederation of Independent Trade Unions.",
    "The law on peaceful assemblies entered into force on 1 June 2020.",
]
GOOD = {
    "good.txt": "13. On 10 May 2018 more than 150 people were detained in Almaty.\n".encode(),
    "good.html": b"<p>14. On 1 June 2018 ten activists were <a href='https://x.org/a'>arrested</a> in Almaty.</p>",
    "good.pdf": make_pdf([["15. On 4 January 2017 a court banned the Confederation of Independent Trade Unions."]]),
    "digits.txt": ("On 10 May 2018 " + "7" * 100_000 + " people were detained.\n"
                   "16. On 2 June 2018 twelve people were detained in Almaty.\n").encode(),
    "commas.txt": ("17. On 10 May 2018 more than 150 people were detained" + "," * 1_000_000 + ".\n").encode(),
}
BAD = {  # file -> what its reason says
    "empty.txt": "the file is empty",
    "binary.txt": "binary data",
    "scanned.pdf": "no text layer",
    "truncated.pdf": "truncated PDF",
    "big.txt": "too large",
    "missing.txt": "the file is missing",
    "undated.txt": "published date 'March 2019'",
    "twice.txt": "doc_id 'good_txt' (line 13 of",
}


def report_text(size: int, seed: int = 0) -> bytes:
    """Report-style text of ``size`` bytes: numbered paragraphs of resampled sentences."""
    rng, parts, n, total = random.Random(seed), [], 1, 0
    while total < size:
        para = f"{n}. " + " ".join(rng.choice(SENTENCES) for _ in range(6)) + "\n\n"
        parts.append(para)
        total, n = total + len(para), n + 1
    return "".join(parts).encode()[:size]


def write_manifest(root: Path, rows: list[list[str]]) -> None:
    with open(root / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HEADER, *rows])


def row(name: str, data: bytes | None, published: str = "2019-03-28", doc_id: str | None = None) -> list[str]:
    digest = hashlib.sha256(data).hexdigest() if data is not None else ""
    return [doc_id or name.replace(".", "_"), name, name, "UN", published, "", digest]


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("raw")
    files = dict(GOOD)
    files["empty.txt"] = b""
    files["binary.txt"] = random.Random(1).randbytes(20_000)
    files["scanned.pdf"] = make_pdf([None, None])
    files["truncated.pdf"] = make_pdf([["On 10 May 2018 more than 150 people were detained."]])[:300]
    files["big.txt"] = report_text(50_000_000)
    files["undated.txt"] = b"On 10 May 2018 ten people were detained."
    files["twice.txt"] = b"On 11 May 2018 ten people were detained."
    rows = []
    for name, data in files.items():
        (root / name).write_bytes(data)
        rows.append(row(name, data, published="March 2019" if name == "undated.txt" else "2019-03-28",
                        doc_id="good_txt" if name == "twice.txt" else None))
    rows.append(row("missing.txt", None))
    write_manifest(root, rows)
    return root


def run_build(raw: Path, out: Path, *extra: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """`kzevents build` in a subprocess: a hang fails the test instead of blocking it."""
    return subprocess.run([sys.executable, "-m", "kzevents.cli", "build", str(raw), "--out", str(out), "--report", "",
                           "--quiet", *extra], capture_output=True, text=True, timeout=timeout)


def check_bad_corpus_outputs(out: Path, stderr: str) -> None:
    errors = pd.read_csv(out / "errors.csv")
    reasons = dict(zip(errors.file, errors.reason))
    assert set(reasons) == set(BAD)
    for name, words in BAD.items():
        assert words in reasons[name], (name, reasons[name])
        assert name in stderr
    mentions = pd.read_parquet(out / "mentions.parquet")
    assert set(mentions.doc_id) == {"good_txt", "good_html", "good_pdf", "digits_txt", "commas_txt"}
    assert set(pd.read_csv(out / "documents.csv").doc_id) == {n.replace(".", "_") for n in GOOD}
    assert "https://x.org/a" in mentions.loc[mentions.doc_id == "good_html", "cited_urls"].iloc[0]


def test_bad_corpus_builds_every_good_document_and_names_each_bad_one(bad_corpus, tmp_path):
    started = time.perf_counter()
    done = run_build(bad_corpus, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert time.perf_counter() - started < 120
    check_bad_corpus_outputs(tmp_path / "out", done.stderr)
    assert f"{len(BAD)} bad input(s) skipped" in done.stdout


def test_bad_corpus_is_an_error_only_with_strict(bad_corpus, tmp_path):
    done = run_build(bad_corpus, tmp_path / "out", "--strict")
    assert done.returncode == 1
    assert (tmp_path / "out" / "errors.csv").is_file()  # outputs are still written


def test_bad_corpus_on_dask_names_the_same_bad_documents(bad_corpus, tmp_path):
    done = run_build(bad_corpus, tmp_path / "out", "--workers", "2")
    assert done.returncode == 0, done.stderr
    check_bad_corpus_outputs(tmp_path / "out", done.stderr)


def test_the_size_limit_is_a_choice(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    data = report_text(600_000)
    (raw / "long.txt").write_bytes(data)
    write_manifest(raw, [row("long.txt", data)])
    catalog = kzevents.scan_corpus(raw)
    assert kzevents.extract_corpus(catalog, max_mb=0.5).empty
    assert "0.6 million characters; the limit is 0.5" in catalog.errors[0].reason
    assert len(kzevents.extract_corpus(raw, max_mb=0)) > 1000


LINEAR_CHECK = r"""
import json, sys, time
from kzevents import extract_rows
from kzevents.formats import text_and_title
PRE = "On 10 May 2018 more than 150 people were detained in Almaty "
def best(fn):
    times = []
    for _ in range(2):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    return max(min(times), 0.02)
extract_rows(PRE + ".")
out = {}
for unit in json.loads(sys.argv[1]):
    small, large = (PRE + unit * (n // len(unit)) + " were detained." for n in (50_000, 200_000))
    cost = lambda text: best(lambda: extract_rows(text, published="2020-01-01"))
    out[unit] = cost(large) / cost(small)
for unit in ["<a ", "<div>", "<!--", "<p>1 "]:
    small, large = (("<p>" + unit * (n // len(unit))).encode() for n in (50_000, 200_000))
    def load(data):
        try: text_and_title(data, "x.html")
        except ValueError: pass
    out["html " + unit] = best(lambda: load(large)) / best(lambda: load(small))
print(json.dumps(out))
"""
RUNS = ["7", ",", "1 ", "1,", "May ", "2018 ", "<sup>1</sup>", "a", "Aa ", "detained ", "10 May 2018, ", "more than ",
        "http://a.b/", "(", "\n", "\t", ". ", "Mr. ", "- ", "“", "*"]


def test_every_stage_is_linear_in_pathological_runs():
    """Four times the input costs about four times the time (a backtracking pattern would cost 16x)."""
    done = subprocess.run([sys.executable, "-c", LINEAR_CHECK, json.dumps(RUNS)], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    ratios = json.loads(done.stdout)
    slow = {unit: round(r, 1) for unit, r in ratios.items() if r > 10}
    assert not slow, f"superlinear on runs of {slow}"


@pytest.fixture
def slow_corpus(tmp_path) -> tuple[Path, Path, dict[str, bytes]]:
    """A corpus built once (outputs snapshotted), then grown so that a rebuild takes many seconds."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    data = GOOD["good.txt"]
    (raw / "good.txt").write_bytes(data)
    write_manifest(raw, [row("good.txt", data)])
    assert main(["build", str(raw), "--out", str(out), "--report", "", "--quiet"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    rows = [row("good.txt", data)]
    for n in range(40):
        big = report_text(150_000, seed=n)
        (raw / f"r{n}.txt").write_bytes(big)
        rows.append(row(f"r{n}.txt", big))
    write_manifest(raw, rows)
    return raw, out, before


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "killed"])
def test_interrupted_or_killed_build_leaves_earlier_outputs(slow_corpus, sig):
    raw, out, before = slow_corpus
    proc = subprocess.Popen([sys.executable, "-m", "kzevents.cli", "build", str(raw), "--out", str(out),
                             "--report", ""], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stderr: list[str] = []
    started = threading.Event()

    def read_stderr():  # the progress bar on stderr says extraction has begun (imports can be slow)
        for chunk in iter(lambda: proc.stderr.read(1), ""):
            stderr.append(chunk)
            if "extracting" in "".join(stderr[-40:]):
                started.set()

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    assert started.wait(timeout=120), "the build never started extracting: " + "".join(stderr)
    assert proc.poll() is None, "the build finished before it could be interrupted: grow slow_corpus"
    os.kill(proc.pid, sig)
    proc.wait(timeout=60)
    reader.join(timeout=10)
    assert proc.returncode == (130 if sig == signal.SIGINT else -signal.SIGKILL)
    if sig == signal.SIGINT:
        assert "interrupted" in "".join(stderr)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_keyboard_interrupt_mid_extraction_leaves_earlier_outputs(tmp_path, monkeypatch, capsys):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    docs = {f"d{n}.txt": f"{n}. On {n} May 2018 {n + 2} people were detained.\n".encode() for n in range(1, 6)}
    for name, data in docs.items():
        (raw / name).write_bytes(data)
    write_manifest(raw, [row(n, d) for n, d in docs.items()])
    assert main(["build", str(raw), "--out", str(out), "--report", "", "--quiet", "--no-cache"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (raw / "d1.txt").write_bytes(b"1. On 9 May 2018 99 people were detained.\n")
    rows = [row(n, d) for n, d in docs.items() if n != "d1.txt"]
    write_manifest(raw, [row("d1.txt", (raw / "d1.txt").read_bytes()), *rows])
    real, seen = parallel.extract_rows, []

    def interrupted(text, **kw):
        seen.append(kw["doc_id"])
        if len(seen) == 3:
            raise KeyboardInterrupt
        return real(text, **kw)

    monkeypatch.setattr(parallel, "extract_rows", interrupted)
    assert main(["build", str(raw), "--out", str(out), "--report", "", "--quiet", "--no-cache"]) == 130
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_crash_in_extraction_costs_only_its_document(tmp_path, monkeypatch, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    docs = {"a.txt": b"On 1 May 2018 ten people were detained.", "b.txt": b"On 2 May 2018 five people were arrested."}
    for name, data in docs.items():
        (raw / name).write_bytes(data)
    write_manifest(raw, [row(n, d) for n, d in docs.items()])
    real = parallel.extract_rows

    def crash(text, **kw):
        if kw["doc_id"] == "a_txt":
            raise IndexError("boom")
        return real(text, **kw)

    monkeypatch.setattr(parallel, "extract_rows", crash)
    out = tmp_path / "out"
    assert main(["build", str(raw), "--out", str(out), "--report", "", "--quiet"]) == 0
    errors = pd.read_csv(out / "errors.csv")
    assert errors.file.tolist() == ["a.txt"]
    assert "extraction failed (IndexError: boom)" in errors.reason[0]
    assert set(pd.read_parquet(out / "mentions.parquet").doc_id) == {"b_txt"}
    assert main(["build", str(raw), "--out", str(out), "--report", "", "--quiet", "--strict"]) == 1


SUFFIX = st.sampled_from([".txt", ".md", ".html", ".pdf"])
CONTENT = st.one_of(st.binary(max_size=600), st.text(max_size=600).map(str.encode),
                    st.binary(max_size=400).map(lambda b: b"%PDF-1.4\n" + b + b"\n%%EOF\n"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(SUFFIX, CONTENT), min_size=1, max_size=4))
def test_fuzz_any_files_build_without_raising(files):
    """Whatever the files, every one ends up either extracted or named with a reason."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for n, (suffix, data) in enumerate(files):
            (root / f"f{n}{suffix}").write_bytes(data)
        catalog = kzevents.scan_corpus(root)
        mentions = kzevents.extract_corpus(catalog)
        good = {r["file"] for r in catalog.records}
        bad = {b.file for b in catalog.bad()}
        assert good | bad == {f"f{n}{s}" for n, (s, _) in enumerate(files)} and not good & bad
        for b in catalog.bad():
            assert b.file in b.reason
        assert set(mentions.doc_id) <= {r["doc_id"] for r in catalog.records}
