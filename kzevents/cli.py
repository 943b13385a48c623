"""The ``kzevents`` command line: build, extract, evaluate.

Run ``kzevents --help`` or ``kzevents COMMAND --help`` for examples.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from . import __version__
from .corpus import CorpusError, decode, load_corpus
from .extract import COLUMNS, extract
from .schema import validate_mentions
from .store import write_frame, write_frames

_EPILOG = """examples:
  kzevents build                         # data/raw -> data/processed/mentions.{parquet,csv}
  kzevents build data/raw --out data/processed --strict
  kzevents extract report.txt            # CSV on stdout
  kzevents extract a.txt b.md --format json -o events.json
  kzevents evaluate --gold tests/gold/seeds.csv --errors
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

    try:
        corpus = load_corpus(args.raw)
    except CorpusError as exc:
        _say(f"error: {exc}")
        return 2
    for bad in corpus.errors:
        _say(f"warning: {bad.file}: {bad.reason}" if bad.reason.startswith("not in the manifest")
             else f"bad input: {bad.reason}")
    mentions = extract_corpus(corpus, progress=not args.quiet)
    out = Path(args.out)
    errors = pd.DataFrame([{"file": b.file, "reason": b.reason} for b in corpus.errors], columns=["file", "reason"])
    write_frames({out / "mentions.parquet": mentions, out / "mentions.csv": mentions,
                  out / "documents.csv": corpus.frame(), out / "errors.csv": errors})
    if args.report:
        _render_report(mentions, corpus.frame(), args.report)
    print(_summary(mentions))
    print(f"\n{len(mentions)} mentions from {len(corpus)} documents -> {out}/mentions.parquet, mentions.csv")
    bad = [b for b in corpus.errors if not b.reason.startswith("not in the manifest")]
    if bad:
        print(f"{len(bad)} bad input(s) skipped; see {out}/errors.csv")
    return 1 if (args.strict and bad) else 0


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
    for name in args.files:
        path = Path(name)
        try:
            text = decode(path.read_bytes(), str(path))
        except (ValueError, OSError) as exc:
            _say(f"error: {exc}" if isinstance(exc, ValueError) else f"error: {path}: {exc.strerror}")
            failed += 1
            continue
        frames.append(extract(text, doc_id=path.stem, published=args.published))
    mentions = validate_mentions(pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS))
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
    from .evaluate import evaluate, format_scores

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
    scores = evaluate(extract_corpus(corpus), gold)
    if args.errors:
        _print_errors(scores)
    print(format_scores(scores))
    return 0


def _default_docs(gold_path: Path) -> Path:
    sibling = gold_path.with_suffix("")
    return sibling if (sibling / "manifest.csv").exists() else Path("data/raw")


def _print_errors(scores) -> None:
    print(f"MISSES ({len(scores.misses)}): gold rows no prediction matched")
    for _, r in scores.misses.iterrows():
        print(f"- {r.doc_id} {r.event_type} {r.date_start:%Y-%m-%d}..{r.date_end:%Y-%m-%d} count={r['count']}: {str(r.quote)[:160]}")
    print(f"\nFALSE POSITIVES ({len(scores.false_positives)}): predictions no gold row matched")
    for _, r in scores.false_positives.iterrows():
        print(f"- {r.doc_id} {r.event_type} [{r.trigger}] {r.date_start:%Y-%m-%d}..{r.date_end:%Y-%m-%d} "
              f"count={r['count']}: {str(r.quote)[:160]}")
    print()


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
    b.set_defaults(func=cmd_build)

    e = sub.add_parser("extract", help="extract from text files", epilog=_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    e.add_argument("files", nargs="+", metavar="FILE")
    e.add_argument("--format", choices=("csv", "json", "parquet"), default="csv")
    e.add_argument("-o", "--output", help="write to this file instead of stdout")
    e.add_argument("--published", help="the documents' date (ISO), to anchor year-less dates")
    e.set_defaults(func=cmd_extract)

    v = sub.add_parser("evaluate", help="score extraction against a gold CSV", epilog=_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    v.add_argument("--gold", required=True, help="gold CSV (columns as in tests/gold/seeds.csv)")
    v.add_argument("--docs", help="folder laid out like data/raw (default: the gold file's sibling folder, else data/raw)")
    v.add_argument("--errors", action="store_true", help="list each miss and false positive with its quote")
    v.set_defaults(func=cmd_evaluate)
    return p


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
