"""Corrections: the analyst's decisions, kept in ``data/corrections.csv`` beside ``data/raw/`` and
applied after extraction on every build (codebook §10, C1–C7).

A correction names its mention by ``doc_id``, a piece of the sentence (``quote``) and, optionally,
the ``event_type``, never by offsets, so it survives changes to the extractor. It is applied only
when it finds exactly one target; otherwise it is *stale* (no target) or *malformed*, and named
with its line of the file.

>>> import pandas as pd
>>> from kzevents import extract
>>> text = "On 10 May 2018 more than 150 people were detained in Almaty."
>>> rows = [Correction(2, "d1", "150 people were detained", "detention", "set", "count", "160", "", "", "")]
>>> applied = apply_corrections(extract(text, doc_id="d1"), rows)
>>> row = applied.mentions.iloc[0]; (int(row["count"]), bool(row["curated"]), applied.problems)
(160, True, [])
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import astuple, dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from .extract.fields import attribution, matching_text, places
from .language import READ, detect_language
from .quantities import QUALIFIERS, UNITS
from .schema import KINDS, validate_mentions
from .segment import segment
from .timex import PRECISIONS
from .triggers import EVENT_TYPES, SUBTYPES

FILE = "corrections.csv"
COLUMNS = ("doc_id", "quote", "event_type", "action", "field", "value", "note", "by", "on")
ACTIONS = ("drop", "set", "add", "link", "unlink")
LINKS = ("link", "unlink")
_ALL_SUBTYPES = sorted({s for subs in SUBTYPES.values() for s in subs})
_INT_FIELDS = ("count", "count_low", "count_high")
_DATE_FIELDS = ("date_start", "date_end")
_VOCABULARIES = {"date_precision": PRECISIONS, "count_qualifier": QUALIFIERS, "count_unit": UNITS,
                 "event_type": EVENT_TYPES, "subtype": _ALL_SUBTYPES, "kind": KINDS}
_OPTIONAL = ("count", "count_low", "count_high", "count_qualifier", "count_unit", "subtype")
# the fields a correction may set (codebook §10, C3); free text beyond these is for the note
FIELDS = ("date_start", "date_end", "date_precision", "count_text", "count", "count_qualifier", "count_low",
          "count_high", "count_unit", "event_type", "subtype", "kind", "location")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LINK_VALUE = re.compile(r"^\s*([^:\s][^:]*?)\s*:\s*(\S.*?)\s*$")


class CorrectionsError(ValueError):
    """A corrections file that cannot be read at all (its header, its encoding)."""


@dataclass(frozen=True)
class Correction:
    """One row of a corrections file, with its line number (1 is the header)."""

    line: int
    doc_id: str
    quote: str
    event_type: str
    action: str
    field: str
    value: str
    note: str
    by: str
    on: str

    def record(self) -> dict:
        """The row as written to the file (without the line number)."""
        return dict(zip(COLUMNS, astuple(self)[1:]))


@dataclass(frozen=True)
class Problem:
    """A correction not applied: ``stale`` (its target is gone), ``malformed`` (it cannot be
    applied as written) or ``waiting`` (a link/unlink kept for the event linker)."""

    file: str
    line: int
    kind: str
    reason: str

    def message(self) -> str:
        return f"{self.file}: line {self.line}: {self.kind}: {self.reason}"


@dataclass(frozen=True)
class LinkRequest:
    """A ``link`` or ``unlink`` correction resolved to two rows (positions in the corrected
    mentions), for the event linker to apply (codebook §10, C2)."""

    action: str
    first: int
    second: int
    correction: Correction


@dataclass
class Applied:
    """The corrected mentions, what was not applied, the link/unlink corrections kept for the
    linker, how many corrections each document received and (in a build) the documents frame
    with its ``n_corrections`` column."""

    mentions: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    links: list[LinkRequest] = field(default_factory=list)
    per_document: dict[str, int] = field(default_factory=dict)
    documents: pd.DataFrame | None = None

    def failed(self) -> bool:
        """Whether any correction is stale or malformed (what ``--strict`` refuses)."""
        return any(p.kind != "waiting" for p in self.problems)

    def errors(self) -> pd.DataFrame:
        """The problems as rows of ``errors.csv`` (columns file, reason)."""
        return pd.DataFrame([{"file": p.file, "reason": f"line {p.line}: {p.kind}: {p.reason}"}
                             for p in self.problems], columns=["file", "reason"])


def corrections_path(raw: str | Path) -> Path:
    """The default corrections file of a corpus folder: beside it.

    >>> str(corrections_path("data/raw"))
    'data/corrections.csv'
    """
    return Path(raw).parent / FILE


def read_corrections(path: str | Path) -> tuple[list[Correction], list[Problem]]:
    """The well-formed corrections of ``path`` and a ``malformed`` problem for each other row; a
    missing file has none. Raises :class:`CorrectionsError` for a file with a wrong header.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / FILE
    >>> _ = p.write_text("doc_id,quote,event_type,action,field,value,note,by,on\\n"
    ...                  "d1,were detained,,set,colour,red,,,\\n")
    >>> good, bad = read_corrections(p); (len(good), bad[0].line, bad[0].reason[:20])
    (0, 2, "unknown field 'colou")
    """
    path = Path(path)
    if not path.exists():
        return [], []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorrectionsError(f"{path}: cannot be read as UTF-8 ({exc})") from None
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise CorrectionsError(f"{path}: line 1: missing column(s) {', '.join(missing)}; "
                               f"the header is {','.join(COLUMNS)}")
    good, bad = [], []
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        values = dict(zip(header, (_unescaped(c.strip()) for c in cells)))
        correction = Correction(line, *(values.get(c, "") for c in COLUMNS))
        reason = check_correction(correction)
        if reason:
            bad.append(Problem(str(path), line, "malformed", reason))
        else:
            good.append(correction)
    return good, bad


def _unescaped(cell: str) -> str:
    """A cell as the analyst meant it: the ``'`` that :func:`safe_cell` put before ``= + - @`` removed."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@") else cell


def check_correction(c: Correction) -> str | None:
    """Why ``c`` cannot be applied as written, or ``None`` when it is well formed.

    >>> check_correction(Correction(2, "d1", "detained", "", "set", "date_start", "2018-02-30", "", "", ""))
    "date_start: '2018-02-30' is not a date (YYYY-MM-DD)"
    """
    if not c.doc_id:
        return "doc_id is empty"
    if not c.quote:
        return "quote is empty: give a piece of the sentence that names the mention"
    if c.action not in ACTIONS:
        return f"unknown action {c.action!r}; use one of {', '.join(ACTIONS)}"
    if c.event_type and c.event_type not in EVENT_TYPES:
        return f"unknown event_type {c.event_type!r}; use one of {', '.join(EVENT_TYPES)}"
    if c.on and not _is_day(c.on):
        return f"on: {c.on!r} is not a date (YYYY-MM-DD)"
    if c.action in LINKS:
        if not _LINK_VALUE.match(c.value):
            return f"{c.action}: value {c.value!r} must name the other mention as 'DOC_ID: piece of its sentence'"
        return None
    if c.action == "add" and not c.event_type:
        return "add: event_type is empty: say which type the missed event is"
    if c.action == "drop":
        return None
    if c.action == "set" and not c.field:
        return "set: field is empty"
    if c.field:
        return check_value(c.field, c.value)
    return None


def check_value(name: str, value: str) -> str | None:
    """Why ``value`` cannot go into field ``name``, or ``None``.

    >>> check_value("count", "-3")
    "count: '-3' is not a whole number >= 0"
    """
    if name not in FIELDS:
        return f"unknown field {name!r}; a correction may set {', '.join(FIELDS)}"
    if name in _DATE_FIELDS and not _is_day(value):
        return f"{name}: {value!r} is not a date (YYYY-MM-DD)"
    if name in _INT_FIELDS and value and not value.isdigit():
        return f"{name}: {value!r} is not a whole number >= 0"
    if name in _VOCABULARIES and (value or name not in _OPTIONAL) and value not in _VOCABULARIES[name]:
        return f"{name}: {value!r} is not one of {', '.join(_VOCABULARIES[name])}"
    return None


def _is_day(value: str) -> bool:
    if not _ISO_DAY.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def apply_corrections(mentions: pd.DataFrame, corrections: list[Correction], texts=None, *,
                      file: str = FILE) -> Applied:
    """``mentions`` with every applicable correction applied (codebook §10): dropped rows gone, set
    fields changed, added rows appended; every changed or added row has ``curated`` True and the
    notes. ``texts`` maps doc_id to the document's text, for ``add``. A correction is applied to
    its one target or not at all.
    """
    base = mentions.reset_index(drop=True)
    work = base.assign(curated=False, note="")
    applied = Applied(work)
    dropped, changes, adds = set(), {}, {}
    for c in corrections:
        if c.action in LINKS:
            continue  # resolved on the corrected rows, below
        elif c.action == "add":
            adds.setdefault((c.doc_id, c.quote, c.event_type), []).append(c)
        else:
            target = _target(base, c, file, applied.problems)
            if target is not None:
                (dropped.add(target) if c.action == "drop" else changes.setdefault(target, []).append(c))
                if c.action == "drop":
                    _count(applied, c)
    for index, group in changes.items():
        row = _changed(work.loc[[index]], group, file, applied.problems)
        if row is not None:
            work.loc[[index]] = row
            for c in group:
                _count(applied, c)
    added = []
    for group in adds.values():
        row = _added(group, (texts or {}).get(group[0].doc_id), file, applied.problems)
        if row is not None:
            added.append(row)
            for c in group:
                _count(applied, c)
    work = work.drop(index=sorted(dropped))
    if added:
        work = pd.concat([work, *added], ignore_index=True)
    applied.mentions = validate_mentions(_ordered(work.reset_index(drop=True)))
    for c in corrections:
        if c.action in LINKS:
            _resolve_link(applied, c, file)
    applied.problems.sort(key=lambda p: p.line)
    return applied


def _resolve_link(applied: Applied, c: Correction, file: str) -> None:
    """Find both rows a link/unlink names in the corrected mentions; keep the pair for the linker."""
    other_doc, other_quote = _LINK_VALUE.match(c.value).groups()
    other = Correction(c.line, other_doc, other_quote, "", c.action, "", "", "", "", "")
    frame = applied.mentions
    first = _target(frame, c, file, applied.problems)
    second = _target(frame, other, file, applied.problems)
    if first is None or second is None:
        return
    applied.links.append(LinkRequest(c.action, first, second, c))
    applied.problems.append(Problem(file, c.line, "waiting", f"{c.action} of {c.doc_id} {_short(c.quote)} and "
                                                             f"{other_doc} {_short(other_quote)} waits for events "
                                                             "(kzevents.link)"))


def _count(applied: Applied, c: Correction) -> None:
    applied.per_document[c.doc_id] = applied.per_document.get(c.doc_id, 0) + 1


def _target(base: pd.DataFrame, c: Correction, file: str, problems: list[Problem]) -> int | None:
    """The index of the one row ``c`` names, else ``None`` with its problem recorded."""
    in_doc = base["doc_id"] == c.doc_id
    hits = in_doc & base["quote"].str.contains(c.quote, regex=False)
    if c.event_type:
        hits &= base["event_type"] == c.event_type
    found = base.index[hits].tolist()
    kind = f" {c.event_type}" if c.event_type else ""
    if not found:
        where = "no mention" if in_doc.any() else "no mention at all (document gone or empty)"
        problems.append(Problem(file, c.line, "stale", f"{c.doc_id}: {where} of{kind or ' any type'} "
                                                       f"quoting {_short(c.quote)}"))
        return None
    if len(found) > 1:
        rows = ", ".join(f"{base.at[i, 'event_type']} {base.at[i, 'date_start']:%Y-%m-%d} (paragraph "
                         f"{base.at[i, 'paragraph']})" for i in found[:5])
        problems.append(Problem(file, c.line, "malformed", f"{c.doc_id}: {_short(c.quote)} matches {len(found)}"
                                                           f"{kind} mentions: {rows}; quote more of the sentence"
                                                           f"{'' if c.event_type else ' or give event_type'}"))
        return None
    return found[0]


def _changed(row: pd.DataFrame, group: list[Correction], file: str, problems: list[Problem]):
    """``row`` with the ``set`` corrections of ``group``, validated; ``None`` when the result breaks
    the schema (every correction of the group is then reported and none applied)."""
    row = row.copy()
    for c in group:
        row[c.field] = _typed(c.field, c.value)
    row["curated"] = True
    row["note"] = _notes(row["note"].iloc[0], group)
    try:
        return _validated(row)
    except Exception as exc:  # noqa: BLE001 - pandera's errors name the failing check
        reason = _schema_reason(exc)
        for c in group:
            problems.append(Problem(file, c.line, "malformed", f"{c.doc_id}: setting {', '.join(g.field for g in group)} "
                                                                f"makes the row invalid: {reason}"))
        return None


def _added(group: list[Correction], text: str | None, file: str, problems: list[Problem]):
    """The one-row frame of a missed event told by ``add`` corrections (same doc_id, quote, type)."""
    first = group[0]

    def fail(kind: str, reason: str):
        for c in group:
            problems.append(Problem(file, c.line, kind, f"{first.doc_id}: {reason}"))

    if text is None:
        return fail("stale", "document not in the corpus")
    found = [m.start() for m in re.finditer(re.escape(first.quote), text)]
    if not found:
        return fail("stale", f"the text has no {_short(first.quote)}")
    if len(found) > 1:
        return fail("malformed", f"{_short(first.quote)} is found {len(found)} times in the text; quote more of it")
    sentence = next((s for s in segment(text) if s.start <= found[0] and found[0] + len(first.quote) <= s.end), None)
    if sentence is None:
        return fail("malformed", f"{_short(first.quote)} runs across sentences; quote a piece of one sentence")
    given = {c.field: _typed(c.field, c.value) for c in group if c.field}
    if "date_start" not in given:
        return fail("malformed", "add needs a date_start (and date_end unless it is one day)")
    quote = text[sentence.start:sentence.end]
    row = {"doc_id": first.doc_id, "paragraph": sentence.paragraph, "char_start": sentence.start,
           "char_end": sentence.end, "quote": quote, "event_type": first.event_type, "subtype": None,
           "kind": "occurrence", "trigger": first.quote, "date_text": "", "date_start": None, "date_end": given["date_start"],
           "date_precision": "day" if given.get("date_end", given["date_start"]) == given["date_start"] else "period", "count_text": "", "count": None,
           "count_qualifier": None, "count_low": None, "count_high": None, "count_unit": None,
           "attributed_to": attribution(matching_text(quote)), "cited_urls": " ".join(sentence.urls),
           "location": places(quote),
           "subjects": "", "penalty": "", "language": detect_language(text) if detect_language(text) in READ else None,
           **given, "curated": True, "note": _notes("", group)}
    try:
        return _validated(pd.DataFrame([row]))
    except Exception as exc:  # noqa: BLE001
        return fail("malformed", f"the added row is invalid: {_schema_reason(exc)}")


def _typed(name: str, value: str):
    if name in _DATE_FIELDS:
        return pd.Timestamp(value)
    if name in _INT_FIELDS:
        return int(value) if value else pd.NA
    if name in _OPTIONAL:
        return value or None
    return value


def _notes(before: str, group: list[Correction]) -> str:
    notes = [before] if before else []
    notes += [n for n in dict.fromkeys(c.note for c in group) if n and n not in notes]
    return "; ".join(notes)


def _validated(frame: pd.DataFrame) -> pd.DataFrame:
    return validate_mentions(_ordered(frame))


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    columns = [c for c in frame.columns if c not in ("curated", "note")] + ["curated", "note"]
    return frame[columns].astype({"curated": bool}).assign(note=frame["note"].fillna("").astype(str))


def _schema_reason(exc: Exception) -> str:
    cases = getattr(exc, "failure_cases", None)
    if cases is not None and len(cases):
        return "; ".join(dict.fromkeys(str(c) for c in cases["check"]))
    return str(exc).splitlines()[0]


def _short(quote: str, width: int = 60) -> str:
    return repr(quote if len(quote) <= width else quote[:width - 1] + "…")


def apply_to_build(mentions: pd.DataFrame, documents: pd.DataFrame, corrections: list[Correction],
                   malformed: list[Problem], raw: str | Path, file: str | Path) -> Applied:
    """What ``kzevents build`` does after extraction: apply ``corrections`` (reading the texts of the
    documents that get an ``add`` from ``raw``), list ``malformed`` with the other problems, and
    count each document's applied corrections in ``documents.n_corrections``."""
    from .formats import load_text

    wanted = {c.doc_id for c in corrections if c.action == "add"}
    files = dict(zip(documents["doc_id"], documents["file"]))
    texts = {doc_id: load_text(Path(raw) / files[doc_id]) for doc_id in wanted if doc_id in files}
    applied = apply_corrections(mentions, corrections, texts, file=str(file))
    applied.problems = sorted(malformed + applied.problems, key=lambda p: p.line)
    counts = documents["doc_id"].map(applied.per_document).fillna(0).astype(int)
    applied.documents = documents.assign(n_corrections=counts)
    return applied


def cache_is_raw(out: str | Path) -> bool:
    """Whether the earlier build in ``out`` holds only the extractor's own rows, so unchanged
    documents may reuse them: not when any document was corrected (its dropped rows are gone).

    >>> import tempfile; cache_is_raw(tempfile.mkdtemp())
    True
    """
    path = Path(out) / "documents.csv"
    try:
        counts = pd.read_csv(path, usecols=["n_corrections"])["n_corrections"]
    except (OSError, ValueError):  # no earlier build, or one without corrections
        return True
    return not counts.fillna(0).astype(int).any()


def corrections_frame(corrections: list[Correction]) -> pd.DataFrame:
    """The corrections as a frame of the file's columns (for exports)."""
    return pd.DataFrame([c.record() for c in corrections], columns=list(COLUMNS))


def append_corrections(path: str | Path, corrections: list[Correction]) -> Path:
    """Check ``corrections`` and append them to the file at ``path`` (created with its header) in one
    atomic write; raises ``ValueError`` naming the first malformed one.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / FILE
    >>> _ = append_corrections(p, [Correction(0, "d1", "were detained", "", "drop", "", "", "a note", "me", "2026-01-05")])
    >>> p.read_text().splitlines()[1]
    'd1,were detained,,drop,,,a note,me,2026-01-05'
    """
    from .store import write_atomic

    for correction in corrections:
        reason = check_correction(correction)
        if reason:
            raise ValueError(f"{correction.action} {correction.doc_id} {_short(correction.quote)}: {reason}")
    path = Path(path)
    if path.exists():
        read_corrections(path)  # refuse to append to a file with a wrong header
    old = path.read_bytes() if path.exists() else b""
    newline = "\r\n" if b"\r\n" in old[:4096] else "\n"  # keep the file's own line endings
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    if not old.strip():
        writer.writerow(COLUMNS)
        old = b""
    for correction in corrections:
        writer.writerow([safe_cell(v) for v in correction.record().values()])
    ending = b"" if not old or old.endswith(b"\n") else newline.encode()
    data = old + ending + buffer.getvalue().encode("utf-8")
    return write_atomic(path, lambda tmp: tmp.write_bytes(data))


def dry_run(mentions: pd.DataFrame, corrections: list[Correction], texts=None) -> list[Problem]:
    """The stale or malformed problems ``corrections`` would meet on ``mentions`` (a build's rows)."""
    applied = apply_corrections(mentions.drop(columns=["curated", "note"], errors="ignore"), corrections, texts)
    return [p for p in applied.problems if p.kind != "waiting"]


REVIEW_COLUMNS = ["verdict", "field", "value", "note", "doc_id", "event_type", "subtype", "kind", "date_text",
                  "date_start", "date_end", "date_precision", "count_text", "count", "count_qualifier", "count_unit",
                  "location", "paragraph", "quote"]
VERDICTS = ("ok", "drop", "set")


def review_frame(mentions: pd.DataFrame) -> pd.DataFrame:
    """The mentions for review: an empty ``verdict`` (ok, drop or set), ``field``, ``value`` and
    ``note`` before the columns a reviewer reads."""
    frame = mentions.assign(verdict="", field="", value="", note="")
    return frame[REVIEW_COLUMNS].reset_index(drop=True)


def corrections_from_review(review: pd.DataFrame, *, by: str = "", on: str = "",
                            sheet: str = "review") -> tuple[list[Correction], list[str]]:
    """The corrections the filled-in verdicts of a review sheet ask for, and a message naming the
    sheet row of each verdict that cannot be turned into one.

    >>> frame = pd.DataFrame([{"verdict": "drop", "doc_id": "d1", "quote": "x was detained.", "event_type": "detention"}])
    >>> [c.action for c in corrections_from_review(frame)[0]]
    ['drop']
    """
    found, errors = [], []
    for i, r in enumerate(review.fillna("").astype(str).to_dict("records"), start=2):
        verdict = r.get("verdict", "").strip().lower()
        if verdict in ("", "ok"):
            continue
        if verdict not in VERDICTS:
            errors.append(f"{sheet}: row {i}: verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
            continue
        value = r.get("value", "").strip()
        if r.get("field", "") in _DATE_FIELDS:
            value = value[:10]  # a date cell reads back as 'YYYY-MM-DD 00:00:00'
        correction = Correction(i, r.get("doc_id", ""), r.get("quote", ""), r.get("event_type", ""), verdict,
                                r.get("field", "").strip() if verdict == "set" else "",
                                value if verdict == "set" else "", r.get("note", "").strip(), by, on)
        reason = check_correction(correction)
        if reason:
            errors.append(f"{sheet}: row {i}: {reason}")
        else:
            found.append(correction)
    return found, errors


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value`` made inert for spreadsheets: text starting like a formula gets a leading ``'``.

    >>> safe_cell("=HYPERLINK(1)"), safe_cell("-3 people"), safe_cell(5)
    ("'=HYPERLINK(1)", "'-3 people", 5)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


