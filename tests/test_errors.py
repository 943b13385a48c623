"""Clear errors and every advertised input working (issue 10): bad arguments fail in one line
naming what is accepted, one parser for document dates, manifest rows named by their true line
and skipped alike, nothing on stdout when nothing was extracted, outputs with the user's umask,
a missing Dask named with its install command, and a Makefile that says what Python it needs."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import tomllib
import warnings
from pathlib import Path

import pandas as pd
import pytest

import kzevents
from kzevents.cli import main
from kzevents.corpus import scan_corpus
from kzevents.store import write_frames

DETAINED = "On 10 May 2018 more than 150 people were detained in Almaty."
BANNED = "On 4 January 2017 a court banned the Confederation of Independent Trade Unions."
RUSSIAN = ("10 мая 2018 года в Алматы задержали более 150 человек, вышедших на мирный митинг. "
           "Суд оштрафовал организаторов акции.")
HEADER = "doc_id,file,title,publisher,published,url,sha256\n"


def corpus(tmp_path: Path, manifest: str, files: dict[str, str]) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, text in files.items():
        (raw / name).write_text(text)
    (raw / "manifest.csv").write_text(manifest)
    return raw


def build(raw: Path, out: Path, *extra: str) -> int:
    return main(["build", str(raw), "--out", str(out), "--report", "", "--quiet", *extra])


# --- the API -------------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", [None, 123, b"bytes"])
def test_extract_rejects_what_is_not_text_or_a_path(bad):
    with pytest.raises(TypeError, match=r"str.*os\.PathLike.*not " + type(bad).__name__):
        kzevents.extract(bad)


def test_extract_reads_a_path(tmp_path):
    path = tmp_path / "note.html"
    path.write_text(f"<p>{DETAINED}</p>")
    rows = kzevents.extract(path)
    assert rows[["doc_id", "event_type", "count"]].astype(str).values.tolist() == [["note", "detention", "150"]]


@pytest.mark.parametrize("published", ["garbage", "28/03/2019", "2019-13-01", "March 2019"])
def test_published_has_one_parser_and_one_line_error(published, tmp_path, capsys):
    with pytest.raises(ValueError, match=r"^published date .* is not YYYY-MM-DD or YYYY$"):
        kzevents.extract(DETAINED, published=published)
    (tmp_path / "a.txt").write_text(DETAINED)
    assert main(["extract", str(tmp_path / "a.txt"), "--published", published]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and repr(published) in captured.err
    assert main(["add", str(tmp_path / "a.txt"), "--raw", str(tmp_path), "--published", published]) == 2


def test_published_accepts_a_day_or_a_year():
    assert len(kzevents.extract(DETAINED, published="2019-03-28")) == 1
    assert len(kzevents.extract(DETAINED, published="2019")) == 1


def test_published_earlier_than_the_text_keeps_stated_dates_and_warns_once():
    text = "On 12 June 2019, 30 protesters were detained in Almaty. On 14 June 2019, 20 more were detained."
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rows = kzevents.extract(text, doc_id="late", published="2019-03-28")
    assert rows["date_start"].dt.strftime("%Y-%m-%d").tolist() == ["2019-06-12", "2019-06-14"]
    said = [str(w.message) for w in caught if "published" in str(w.message)]
    assert len(said) == 1 and "late" in said[0] and "2019-03-28" in said[0]


def test_a_language_not_read_is_warned_naming_file_and_language(tmp_path, capsys):
    with pytest.warns(UserWarning, match=r"ru-report: .*Russian"):
        kzevents.extract(RUSSIAN, doc_id="ru-report")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kzevents.extract(DETAINED)  # English: no warning
    path = tmp_path / "ru.txt"
    path.write_text(RUSSIAN)
    assert main(["extract", str(path)]) == 0
    assert f"{path}: the text looks to be in Russian" in capsys.readouterr().err
    raw = corpus(tmp_path, HEADER + "ru,ru.txt,,,2019,,\nen,en.txt,,,2019,,\n", {"ru.txt": RUSSIAN, "en.txt": DETAINED})
    assert build(raw, tmp_path / "out", "--strict") == 0  # a warning, not a failure
    err = capsys.readouterr().err
    assert "warning:" in err and "ru.txt: the text looks to be in Russian" in err
    assert "Russian" in (tmp_path / "out" / "errors.csv").read_text()


# --- the manifest --------------------------------------------------------------------------------

def test_unclosed_quote_is_reported_on_its_true_line(tmp_path):
    manifest = HEADER + "".join(f"d{n},d{n}.txt,,,2019,,\n" for n in (2, 3, 4)) + 'd5,d5.txt,"Unclosed title,,2019,,\n' \
        + "d6,d6.txt,,,2019,,\n"
    raw = corpus(tmp_path, manifest, {f"d{n}.txt": DETAINED for n in range(2, 7)})
    catalog = scan_corpus(raw)
    assert [e.doc_id for e in catalog.entries if e.listed] == ["d2", "d3", "d4"]
    assert len(catalog.listing_errors) == 1 and "line 5:" in catalog.listing_errors[0].reason
    assert "never closed" in catalog.listing_errors[0].reason


def test_every_malformed_row_is_named_skipped_and_the_rest_built(tmp_path, capsys):
    files = {f"{n}.txt": DETAINED for n in ("good", "extra", "short", "baddate", "badcovers", "good2")}
    manifest = ("doc_id,file,title,publisher,published,url,sha256,covers\n"
                "good,good.txt,,,2019,,,\n"
                "extra,extra.txt,,,2019,,,,surplus\n"
                "short,short.txt,,,2019\n"
                "baddate,baddate.txt,,,28/03/2019,,,\n"
                "badcovers,badcovers.txt,,,2019,,,last year\n"
                "good2,good2.txt,,,2019,,,\n")
    raw = corpus(tmp_path, manifest, files)
    assert build(raw, tmp_path / "out") == 0
    err = capsys.readouterr().err
    built = pd.read_csv(tmp_path / "out" / "documents.csv")["doc_id"].tolist()
    assert built == ["good", "good2"]  # a skipped row's file is not built as an unlisted one either
    for line, name, why in [(3, "extra.txt", "9 fields where the header has 8"), (4, "short.txt", "5 fields"),
                            (5, "baddate.txt", "'28/03/2019' is not YYYY-MM-DD"), (6, "badcovers.txt", "last year")]:
        said = next(s for s in err.splitlines() if name in s)
        assert f"line {line}:" in said and why in said and said.startswith("bad input:")
    assert build(raw, tmp_path / "out2", "--strict") == 1


def test_sha256_mismatch_shows_both_digests_whole(tmp_path):
    actual = hashlib.sha256(DETAINED.encode()).hexdigest()
    stated = actual[:12] + ("0" if actual[12] != "0" else "1") + actual[13:]  # same first 12 characters
    raw = corpus(tmp_path, HEADER + f"d,d.txt,,,2019,,{stated}\n", {"d.txt": DETAINED})
    reason = kzevents.load_corpus(raw).errors[0].reason
    assert stated in reason and actual in reason


# --- the command line and outputs ----------------------------------------------------------------

def test_extract_of_a_missing_file_prints_nothing_on_stdout(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "missing.txt")]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "missing.txt" in captured.err


def test_outputs_get_the_users_umask(tmp_path, capsys):
    old = os.umask(0o022)
    try:
        write_frames({tmp_path / "m.csv": pd.DataFrame({"a": [1]})})
        raw = corpus(tmp_path, HEADER + "d,d.txt,,,2019,,\n", {"d.txt": BANNED})
        assert build(raw, tmp_path / "out") == 0
    finally:
        os.umask(old)
    for path in [tmp_path / "m.csv", *(tmp_path / "out").iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def test_missing_dask_is_one_line_naming_the_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed now fails
    raw = corpus(tmp_path, HEADER + "d,d.txt,,,2019,,\n", {"d.txt": BANNED})
    assert build(raw, tmp_path / "out", "--workers", "2") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'kzevents[dask]'" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


# --- set-up: dependencies, README, Makefile ------------------------------------------------------

def test_advertised_formats_are_default_dependencies(root):
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    names = {d.split(">")[0].split("[")[0].lower() for d in project["dependencies"]}
    assert {"pypdf", "beautifulsoup4", "lxml"} <= names


def test_readme_states_python_and_extras(root):
    readme = (root / "README.md").read_text()
    assert "Python ≥ 3.11" in readme and "pip install\n'kzevents[dask]'" in readme.replace("pip install '", "pip install\n'")


@pytest.fixture
def makefile_dir(root, tmp_path) -> Path:
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(root / name, tmp_path / name)
    return tmp_path


def make(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-C", str(folder), "--no-print-directory", *args], capture_output=True, text=True)


@pytest.mark.skipif(shutil.which("make") is None, reason="no make on this machine")
def test_makefile_refuses_an_old_python_with_a_clear_message(makefile_dir):
    old = makefile_dir / "python3.9"
    old.write_text('#!/bin/sh\nif [ "$1" = "--version" ]; then echo "Python 3.9.18"; exit 0; fi\nexit 1\n')
    old.chmod(0o755)
    done = make(makefile_dir, "run", f"PYTHON={old}")
    assert done.returncode != 0
    assert "kzevents needs Python >= 3.11" in done.stderr and "Python 3.9.18" in done.stderr
    assert not (makefile_dir / ".venv").exists()  # nothing left behind to keep failing


@pytest.mark.skipif(shutil.which("make") is None, reason="no make on this machine")
def test_makefile_replaces_a_venv_made_by_an_old_python(makefile_dir):
    stale = makefile_dir / ".venv" / "bin" / "python"
    stale.parent.mkdir(parents=True)
    stale.write_text("#!/bin/sh\nexit 1\n")  # what an old or broken interpreter answers
    stale.chmod(0o755)
    done = make(makefile_dir, "check-python", f"PYTHON={sys.executable}")
    assert done.returncode == 0 and "making it again" in done.stderr
    assert not (makefile_dir / ".venv").exists()


@pytest.mark.skipif(shutil.which("make") is None, reason="no make on this machine")
def test_make_clean_keeps_built_data_and_clean_outputs_removes_it(makefile_dir):
    for path in ("data/processed/mentions.csv", "reports/index.html", "reports/figures/a.svg", ".venv/x"):
        (makefile_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (makefile_dir / path).write_text("x")
    assert make(makefile_dir, "clean").returncode == 0
    assert not (makefile_dir / ".venv").exists()
    assert (makefile_dir / "data/processed/mentions.csv").exists() and (makefile_dir / "reports/index.html").exists()
    assert make(makefile_dir, "clean-outputs").returncode == 0
    assert not (makefile_dir / "data/processed").exists() and not (makefile_dir / "reports/figures").exists()


@pytest.mark.skipif(shutil.which("make") is None, reason="no make on this machine")
def test_make_lab_starts_as_root(makefile_dir):
    lab = make(makefile_dir, "-n", "lab").stdout.splitlines()[-1]
    assert "jupyter lab" in lab and "--ip 127.0.0.1" in lab
    assert ("--allow-root" in lab) == (os.geteuid() == 0)


def test_build_names_a_document_whose_published_date_is_before_its_events(tmp_path, capsys):
    text = "On 12 June 2019, 30 protesters were detained in Almaty."
    raw = corpus(tmp_path, HEADER + "late,late.txt,,,2019-03-28,,\n", {"late.txt": text})
    assert build(raw, tmp_path / "out") == 0
    assert "published date 2019-03-28" in capsys.readouterr().err
    mentions = pd.read_parquet(tmp_path / "out" / "mentions.parquet")
    assert mentions["date_start"].dt.strftime("%Y-%m-%d").tolist() == ["2019-06-12"]
