"""The ``kzevents`` command line: build, extract, evaluate.

Run ``kzevents --help`` or ``kzevents COMMAND --help`` for examples.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import warnings
from pathlib import Path

import pandas as pd

from . import __version__
from .corrections import CorrectionsError, apply_to_build, cache_is_raw, corrections_path, read_corrections
from .corpus import (MANIFEST, MAX_MB, UNLISTED, CorpusError, check_published, load_corpus, parse_published,
                     read_manifest, read_manifest_header, scan_corpus)
from .extract import extract
from .formats import SUFFIXES, load_text, text_and_title
from .language import READ, detect_language, language_note
from .link import link, link_mentions
from .parallel import MissingExtra
from .schema import MENTION_COLUMNS, validate_mentions
from .store import BUILD_INFO, append_manifest_row, build_info, write_atomic, write_frame, write_frames
from .timex import parse_covers

_EPILOG = """examples:
  kzevents build                         # data/raw -> data/processed/mentions.{parquet,csv}
  kzevents build data/raw --out data/processed --strict
  kzevents build --workers 2             # on a local Dask cluster of two processes
  kzevents build --scheduler tcp://127.0.0.1:8786   # a running dask scheduler
  kzevents add submission.pdf --title "UPR submission" --publisher HRW --published 2019-03-28
  kzevents add ar2017.txt --publisher Amnesty --published 2018-02-22 --covers 2017
  kzevents extract report.txt            # CSV on stdout
  kzevents extract a.txt b.md --format json -o events.json
  kzevents evaluate --gold tests/gold/seeds.csv --errors
  kzevents evaluate --gold tests/gold/seeds.csv --links tests/gold/links.csv
"""


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _summary(mentions: pd.DataFrame) -> str:
    if mentions.empty:
        return "no event mentions found"
    table = pd.crosstab(mentions["doc_id"], mentions["event_type"], margins=True, margins_name="total")
    return table.to_string()


def cmd_build(args) -> int:
    """Extract every good document of RAW into OUT, atomically; name every bad one."""
    from . import extract_corpus
    from .parallel import code_version

    try:
        catalog = scan_corpus(args.raw)
    except CorpusError as exc:
        _say(f"error: {exc}")
        return 2
    out = Path(args.out)
    corrections_file = Path(args.corrections or corrections_path(args.raw))
    try:
        corrections, malformed = read_corrections(corrections_file)
    except CorrectionsError as exc:
        _say(f"error: {exc}")
        return 2
    engine = "dask" if args.scheduler or (args.workers or 1) > 1 else "serial"
    try:
        mentions = extract_corpus(catalog, engine=engine, client=args.scheduler or None, workers=args.workers,
                                  cache=None if args.no_cache or not cache_is_raw(out) else out,
                                  progress=not args.quiet, max_mb=args.max_mb)
    except (ConnectionError, MissingExtra) as exc:
        _say(f"error: {exc}")
        return 2
    for bad in catalog.errors:
        if bad.reason == UNLISTED:
            _say(f"warning: {bad.file}: {bad.reason}")
        else:
            _say(f"warning: {bad.reason}" if bad.warning else f"bad input: {bad.reason}")
    errors = pd.DataFrame([{"file": b.file, "reason": b.reason} for b in catalog.errors], columns=["file", "reason"])
    documents = catalog.frame()
    curated = apply_to_build(mentions, documents, corrections, malformed, catalog.root, corrections_file)
    mentions, documents, errors = curated.mentions, curated.documents, pd.concat([errors, curated.errors()])
    for problem in curated.problems:
        _say(problem.message())
    events = link(mentions, documents)
    write_frames({out / "mentions.parquet": mentions, out / "mentions.csv": mentions,
                  out / "events.parquet": events, out / "events.csv": events,
                  out / "documents.csv": documents, out / "errors.csv": errors,
                  out / BUILD_INFO: build_info(code_version())})
    if args.report:
        _render_report(mentions, documents, args.report)
    print(_summary(mentions))
    reused = f" ({catalog.reused} unchanged, taken from the last build)" if catalog.reused else ""
    print(f"\n{len(mentions)} mentions from {len(documents)} documents{reused} -> {out}/mentions.parquet, mentions.csv")
    if corrections or curated.problems:
        print(f"{sum(curated.per_document.values())} correction(s) applied from {corrections_file}"
              + (f"; {len(curated.problems)} not applied, see {out}/errors.csv" if curated.problems else ""))
    print(f"{len(events)} events ({int((events['n_sources'] > 1).sum())} told by several documents) -> "
          f"{out}/events.parquet, events.csv")
    bad = catalog.bad()
    if bad:
        print(f"{len(bad)} bad input(s) skipped; see {out}/errors.csv")
    return 1 if (args.strict and (bad or curated.failed())) else 0


def cmd_add(args) -> int:
    """Copy FILE into RAW and append its manifest row (sha256 computed), atomically."""
    src, raw = Path(args.file), Path(args.raw)
    try:
        row = _manifest_row(src, raw, args)
    except ValueError as exc:
        _say(f"error: {exc}")
        return 2
    dest = raw / row["file"]
    copied = src.resolve() != dest.resolve()
    if copied:
        write_atomic(dest, lambda tmp: shutil.copyfile(src, tmp))
    try:
        append_manifest_row(raw / MANIFEST, row)
    except BaseException:
        if copied:
            dest.unlink(missing_ok=True)
        raise
    print(f"added {row['doc_id']} ({dest}) to {raw / MANIFEST}")
    return 0


def _manifest_row(src: Path, raw: Path, args) -> dict:
    """The new manifest row for ``src``; ``ValueError`` when it cannot be added."""
    if not src.is_file():
        raise ValueError(f"{src}: no such file")
    if src.suffix.lower() not in SUFFIXES:
        raise ValueError(f"{src}: unsupported file type {src.suffix or '(none)'!r}; use {', '.join(SUFFIXES)}")
    if not raw.is_dir():
        raise ValueError(f"{raw}: no such folder")
    rows = read_manifest(raw / MANIFEST) if (raw / MANIFEST).exists() else []
    doc_id = args.doc_id or src.stem
    taken = next((r for r in rows if r["doc_id"] == doc_id), None)
    if taken:
        raise ValueError(f"{raw / MANIFEST}: doc_id {doc_id!r} already exists (file {taken['file']}); "
                         "choose another with --doc-id")
    dest = raw / src.name
    if any(r["file"] == src.name for r in rows) or (dest.exists() and dest.resolve() != src.resolve()):
        raise ValueError(f"{dest}: a file of that name is already in {raw}; rename {src} first")
    data = src.read_bytes()
    _, title = text_and_title(data, str(src))  # refuse what a build could not read
    published = args.published or ""
    try:
        check_published(published, "--published")
    except ValueError:
        raise ValueError(f"--published {published!r}: use a date, YYYY or YYYY-MM-DD") from None
    covers = args.covers or ""
    try:
        parse_covers(covers)
    except ValueError as exc:
        raise ValueError(f"--{exc}") from None
    if covers and (raw / MANIFEST).exists() and "covers" not in read_manifest_header(raw / MANIFEST):
        raise ValueError(f"{raw / MANIFEST}: line 1: no 'covers' column; add it to the header to record --covers")
    return {"doc_id": doc_id, "file": src.name, "title": args.title or title or src.stem,
            "publisher": args.publisher or "", "published": published, "url": args.url or "",
            "sha256": hashlib.sha256(data).hexdigest(), "covers": covers}


def _render_report(mentions, documents, out_dir) -> None:
    try:
        from .report import render_report
    except ImportError as exc:  # the charts extra is not installed
        _say(f"warning: charts not rendered ({exc}); install kzevents[charts]")
        return
    paths = render_report(mentions, out_dir=out_dir, documents=documents)
    _say(f"report: {len(paths)} files in {out_dir}/")


def cmd_extract(args) -> int:
    """Extract from text files; exit 1 when any file is bad (the good ones are still written)."""
    frames, failed = [], 0
    try:
        parse_covers(args.covers)
    except ValueError as exc:
        _say(f"error: --{exc}")
        return 2
    try:
        parse_published(args.published)
    except ValueError as exc:
        _say(f"error: --{exc}")
        return 2
    for name in args.files:
        path = Path(name)
        try:
            text = load_text(path)
        except ValueError as exc:
            _say(f"error: {exc}")
            failed += 1
            continue
        language = args.language or detect_language(text)
        note = language_note(str(path), language)
        if note:
            _say(f"warning: {note}")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # said above, once per file
            frames.append(extract(text, doc_id=path.stem, published=args.published, covers=args.covers,
                                  language=language))
    if failed and not frames:
        return 1  # nothing on stdout: `kzevents extract missing.txt > out.csv` must not look like a result
    mentions = validate_mentions(pd.concat(frames, ignore_index=True) if frames else
                                 pd.DataFrame(columns=MENTION_COLUMNS))
    if args.output:
        suffix = {"csv": ".csv", "json": ".json", "parquet": ".parquet"}[args.format]
        out = Path(args.output)
        write_frame(mentions, out if out.suffix else out.with_suffix(suffix))
    elif args.format == "parquet":
        _say("error: --format parquet needs -o FILE")
        return 2
    elif args.format == "json":
        sys.stdout.write(mentions.to_json(orient="records", date_format="iso", indent=1) + "\n")
    else:
        mentions.to_csv(sys.stdout, index=False, date_format="%Y-%m-%d")
    return 1 if failed else 0


def cmd_evaluate(args) -> int:
    """Score the extractor against a gold CSV; the last three lines are the overall figures."""
    from . import extract_corpus
    from .evaluate import by_publisher, evaluate, evaluate_links, format_scores, read_links

    gold_path = Path(args.gold)
    try:
        gold = pd.read_csv(gold_path, dtype=str, keep_default_na=False).replace("", None)
    except (OSError, pd.errors.ParserError) as exc:
        _say(f"error: {gold_path}: {exc}")
        return 2
    missing = {"doc_id", "event_type", "date_start", "date_end", "count"} - set(gold.columns)
    if missing:
        _say(f"error: {gold_path}: missing column(s) {', '.join(sorted(missing))}")
        return 2
    docs = Path(args.docs) if args.docs else _default_docs(gold_path)
    corpus = load_corpus(docs)
    corpus.documents = [d for d in corpus if d.doc_id in set(gold["doc_id"])]
    absent = sorted(set(gold["doc_id"]) - {d.doc_id for d in corpus})
    if absent:
        _say(f"error: {docs}: no document(s) {', '.join(absent)} named by {gold_path}")
        return 2
    try:
        clusters = read_links(args.links, gold, gold_path.as_posix()) if args.links else None
    except (OSError, ValueError) as exc:
        _say(f"error: {exc}")
        return 2
    mentions = extract_corpus(corpus)
    scores = evaluate(mentions, gold)
    if args.errors:
        _print_errors(scores)
    if args.by_publisher:
        print(by_publisher(mentions, gold, {d.doc_id: d.publisher or d.doc_id for d in corpus}).to_string(), end="\n\n")
    print(format_scores(scores))
    if clusters is not None:
        print(evaluate_links(link_mentions(mentions), gold, clusters).line())
    return 0


def _default_docs(gold_path: Path) -> Path:
    """The gold file's corpus: a folder named like it (seeds.csv → seeds/), its sibling docs/, else data/raw."""
    for folder in (gold_path.with_suffix(""), gold_path.parent / "docs"):
        if (folder / "manifest.csv").exists():
            return folder
    return Path("data/raw")


def _print_errors(scores) -> None:
    print(f"MISSES ({len(scores.misses)}): gold rows no prediction matched")
    for _, r in scores.misses.iterrows():
        print(f"- {r.doc_id} {r.event_type} {r.date_start:%Y-%m-%d}..{r.date_end:%Y-%m-%d} count={r['count']}: {str(r.quote)[:160]}")
    print(f"\nFALSE POSITIVES ({len(scores.false_positives)}): predictions no gold row matched")
    for _, r in scores.false_positives.iterrows():
        print(f"- {r.doc_id} {r.event_type} [{r.trigger}] {r.date_start:%Y-%m-%d}..{r.date_end:%Y-%m-%d} "
              f"count={r['count']}: {str(r.quote)[:160]}")
    print()


def cmd_correct(args) -> int:
    """Append a checked correction (one line per FIELD=VALUE) with today's date."""
    from datetime import date

    from .corrections import Correction, append_corrections

    pairs = [change.partition("=") for change in args.changes]
    bad = [c for c, (_, eq, _) in zip(args.changes, pairs) if not eq]
    if bad or (args.action == "set" and not pairs) or (args.action in ("drop", "link", "unlink") and pairs):
        _say(f"error: correct {args.action}: " + (f"{bad[0]!r} is not FIELD=VALUE" if bad else
             "set needs FIELD=VALUE" if args.action == "set" else f"{args.action} takes no FIELD=VALUE"))
        return 2
    base = dict(doc_id=args.doc_id, quote=args.quote, event_type=args.event_type or "", action=args.action,
                note=args.note or "", by=args.by or "", on=date.today().isoformat())
    if args.action in ("link", "unlink"):
        pairs = [("", "", args.other or "")]
    corrections = [Correction(0, field=f.strip(), value=v.strip(), **base) for f, _, v in pairs or [("", "", "")]]
    path = Path(args.corrections or corrections_path(args.raw))
    problems = [] if args.force else _dry_run(corrections, Path(args.source), Path(args.raw))
    if problems:
        for problem in problems:
            _say(f"error: {problem.reason} (not written; --force writes it anyway)")
        return 2
    try:
        append_corrections(path, corrections)
    except (ValueError, CorrectionsError) as exc:
        _say(f"error: {exc}")
        return 2
    print(f"{len(corrections)} correction(s) appended to {path}; `kzevents build` applies them")
    return 0


def _dry_run(corrections, source: Path, raw: Path):
    """What the corrections would meet on the last build in ``source`` (nothing when there is none)."""
    from .corrections import dry_run

    if not (source / "mentions.parquet").is_file():
        return []
    mentions = pd.read_parquet(source / "mentions.parquet")
    texts = {}
    if any(c.action == "add" for c in corrections) and (source / "documents.csv").is_file():
        documents = pd.read_csv(source / "documents.csv", dtype=str, keep_default_na=False)
        files = dict(zip(documents["doc_id"], documents["file"]))
        texts = {c.doc_id: load_text(raw / files[c.doc_id]) for c in corrections if c.doc_id in files}
    return dry_run(mentions, corrections, texts)


def cmd_review(args) -> int:
    """Write the mentions to review (--to) or turn filled-in verdicts into corrections (--from)."""
    from datetime import date

    from .corrections import append_corrections, corrections_from_review, review_frame
    from .export import write_xlsx

    source = Path(args.source)
    if args.to:
        path = source / "mentions.parquet"
        if not path.is_file():
            _say(f"error: {path}: no such file; run `kzevents build` first")
            return 2
        write_xlsx(None, args.to, extra={"review": review_frame(pd.read_parquet(path))})
        print(f"wrote {args.to}: fill in 'verdict' (ok, drop or set with field and value), then "
              f"`kzevents review --from {args.to}`")
        return 0
    try:
        review = pd.read_excel(args.review_from, sheet_name="review", dtype=str)
    except (OSError, ValueError) as exc:
        _say(f"error: {args.review_from}: {exc}")
        return 2
    found, errors = corrections_from_review(review, by=args.by or "", on=date.today().isoformat(),
                                            sheet=f"{args.review_from}: review")
    path = Path(args.corrections or corrections_path(args.raw))
    problems = _dry_run(found, source, Path(args.raw))
    errors += [f"{args.review_from}: review: row {p.line}: {p.reason}" for p in problems]
    refused = {p.line for p in problems}
    existing = {tuple(c.record().values())[:6] for c in (read_corrections(path)[0] if path.exists() else [])}
    new = [c for c in found if c.line not in refused and tuple(c.record().values())[:6] not in existing]
    for message in errors:
        _say(f"error: {message}")
    if new:
        append_corrections(path, new)
    print(f"{len(new)} correction(s) appended to {path}" + (f"; {len(errors)} verdict(s) refused" if errors else ""))
    return 1 if errors else 0


def cmd_export(args) -> int:
    """Write the built tables as Excel, a Data Package, or the ACLED or PLOVER crosswalk."""
    from .export import export

    try:
        paths = export(args.to, args.source, args.out, corrections=args.corrections, raw=args.raw)
    except (FileNotFoundError, ValueError, CorrectionsError) as exc:
        _say(f"error: {exc}")
        return 2
    for path in paths:
        print(f"wrote {path}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kzevents", description="Dated civic-space events from UN and NGO reports.",
                                epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"kzevents {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="extract every document of a corpus folder", epilog=_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    b.add_argument("raw", nargs="?", default="data/raw", help="folder with texts and manifest.csv (default: data/raw)")
    b.add_argument("--out", default="data/processed", help="output folder (default: data/processed)")
    b.add_argument("--report", default="reports", help="folder for charts and index.html ('' to skip; default: reports)")
    b.add_argument("--strict", action="store_true", help="exit non-zero when any input is bad")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    where = b.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_positive, metavar="N",
                       help="extract on a local Dask cluster of N processes (default, and N=1: this process, no Dask)")
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="extract on the Dask cluster at ADDRESS (its workers must see RAW at the same path)")
    b.add_argument("--no-cache", action="store_true",
                   help="extract every document again (by default unchanged ones reuse the last build's rows)")
    b.add_argument("--max-mb", type=float, default=MAX_MB, metavar="N",
                   help=f"skip documents whose text is over N million characters (0: no limit; default: {MAX_MB})")
    b.add_argument("--corrections", metavar="FILE",
                   help="the analyst's corrections, applied after extraction (default: corrections.csv beside RAW)")
    b.set_defaults(func=cmd_build)

    a = sub.add_parser("add", help="copy a file into the corpus folder and add its manifest row", epilog=_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("file", metavar="FILE", help=f"a {', '.join(SUFFIXES)} file")
    a.add_argument("--raw", default="data/raw", help="corpus folder (default: data/raw)")
    a.add_argument("--doc-id", help="the document's id (default: the file name without suffix)")
    a.add_argument("--title", help="default: the title the file declares, else its name")
    a.add_argument("--publisher")
    a.add_argument("--published", help="publication date, YYYY or YYYY-MM-DD")
    a.add_argument("--url")
    a.add_argument("--covers", help="the period a periodic report covers: YYYY or YYYY-MM-DD/YYYY-MM-DD; "
                                    "year-less dates resolve inside it")
    a.set_defaults(func=cmd_add)

    e = sub.add_parser("extract", help="extract from text, HTML or PDF files", epilog=_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    e.add_argument("files", nargs="+", metavar="FILE", help=f"{', '.join(SUFFIXES)} files")
    e.add_argument("--format", choices=("csv", "json", "parquet"), default="csv")
    e.add_argument("-o", "--output", help="write to this file instead of stdout")
    e.add_argument("--published", help="the documents' date, YYYY-MM-DD or YYYY, to anchor year-less dates")
    e.add_argument("--covers", help="the period the documents cover (YYYY or YYYY-MM-DD/YYYY-MM-DD)")
    e.add_argument("--language", choices=sorted(READ), help="read the files in this language (default: detected per file)")
    e.set_defaults(func=cmd_extract)

    v = sub.add_parser("evaluate", help="score extraction against a gold CSV", epilog=_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    v.add_argument("--gold", required=True, help="gold CSV (columns as in tests/gold/seeds.csv)")
    v.add_argument("--docs", help="folder laid out like data/raw (default: the gold file's sibling folder, else data/raw)")
    v.add_argument("--errors", action="store_true", help="list each miss and false positive with its quote")
    v.add_argument("--by-publisher", action="store_true",
                   help="also score each publisher of the corpus apart (does a rule learnt from one help the others?)")
    v.add_argument("--links", metavar="CSV", help="also score linking (B-cubed) against the gold clusters in CSV "
                                                  "(e.g. tests/gold/links.csv)")
    v.set_defaults(func=cmd_evaluate)

    c = sub.add_parser("correct", help="append a checked correction to corrections.csv", epilog=_CORRECT_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("action", choices=("drop", "set", "add", "link", "unlink"))
    c.add_argument("doc_id", metavar="DOC_ID")
    c.add_argument("quote", metavar="QUOTE", help="a piece of the sentence that names the mention")
    c.add_argument("changes", nargs="*", metavar="FIELD=VALUE", help="set/add: the fields to give")
    c.add_argument("--type", dest="event_type", help="the mention's event_type (for add: the missed event's)")
    c.add_argument("--with", dest="other", metavar="'DOC_ID: QUOTE'", help="link/unlink: the other mention")
    c.add_argument("--note", help="why (kept on the corrected row)")
    c.add_argument("--by", default=os.environ.get("USER", ""), help="who (default: $USER)")
    _curation_options(c)
    c.add_argument("--force", action="store_true", help="write it even if the last build has no such target")
    c.set_defaults(func=cmd_correct)

    r = sub.add_parser("review", help="mentions to an Excel sheet with a verdict column, and back",
                       epilog=_CORRECT_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    way = r.add_mutually_exclusive_group(required=True)
    way.add_argument("--to", metavar="REVIEW.xlsx", help="write the mentions with an empty verdict column")
    way.add_argument("--from", dest="review_from", metavar="REVIEW.xlsx", help="turn filled-in verdicts into corrections")
    r.add_argument("--by", default=os.environ.get("USER", ""), help="who reviewed (default: $USER)")
    _curation_options(r, source_flag="--processed")
    r.set_defaults(func=cmd_review)

    x = sub.add_parser("export", help="the built tables as Excel, Data Package, ACLED or PLOVER",
                       epilog=_CORRECT_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    x.add_argument("--to", required=True, choices=("xlsx", "datapackage", "acled", "plover"))
    x.add_argument("--out", default="exports", help="output folder (default: exports)")
    _curation_options(x)
    x.set_defaults(func=cmd_export)
    return p


_CORRECT_EPILOG = """examples:
  kzevents correct drop 004_f6b9 "were detained in Almaty" --type detention --note "a recommendation"
  kzevents correct set 004_f6b9 "more than 150 people" count=160 --type detention --note "para 12 says 160"
  kzevents correct add 004_f6b9 "rallied outside the akimat" --type protest date_start=2019-05-09
  kzevents review --to review.xlsx        # then fill in the verdict column
  kzevents review --from review.xlsx
  kzevents export --to xlsx               # exports/kzevents.xlsx
  kzevents export --to datapackage --out exports/package
  kzevents export --to acled              # exports/acled.csv (see docs/CROSSWALK.md)
"""


def _curation_options(p, source_flag: str = "--from") -> None:
    p.add_argument(source_flag, dest="source", default="data/processed",
                   help="the built tables (default: data/processed)")
    p.add_argument("--raw", default="data/raw", help="the corpus folder (default: data/raw)")
    p.add_argument("--corrections", metavar="FILE", help="default: corrections.csv beside RAW")


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return int(value)


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        _say("interrupted: earlier outputs are left as they were")
        return 130
    except BrokenPipeError:  # e.g. `kzevents extract x.txt | head`
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
