"""Exports of a build's tables for colleagues and other tools: an Excel workbook, a Frictionless
Data Package, and the ACLED and PLOVER crosswalks (docs/CROSSWALK.md; codebook §10).

Every file is written atomically. Text is untrusted: no cell of a CSV or workbook may start a
formula (``=``, ``+``, ``-``, ``@``).

>>> row = acled_rows(pd.DataFrame([_EXAMPLE]), pd.DataFrame()).iloc[0]
>>> row["event_type"], row["sub_event_type"], int(row["time_precision"]), row["crosswalk"]
('Strategic developments', 'Arrests', 1, 'mapped')
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import schema
from .corrections import FILE as CORRECTIONS_FILE
from .corrections import corrections_frame, read_corrections, safe_cell
from .store import write_atomic

FORMATS = ("xlsx", "datapackage", "acled", "plover")

# What each column holds (codebook §2–§6, §10), for the Fields sheet and the Data Package. A
# ``description`` given in the pandera schema wins over these.
DESCRIPTIONS = {
    "doc_id": "the document's id in the corpus manifest",
    "paragraph": "the document's own paragraph number, else the 1-based block index",
    "char_start": "where the sentence starts in the document's text as loaded",
    "char_end": "where the sentence ends in the document's text as loaded",
    "quote": "the sentence that tells the event: text[char_start:char_end]",
    "event_type": "what happened: strike, protest, detention, prosecution, conviction, acquittal, release, law, "
                  "ban, threat, violence or restriction (codebook §3)",
    "subtype": "a finer type within event_type (codebook §3)",
    "kind": "occurrence (one happening) or tally (a count of many happenings over a period)",
    "trigger": "the words that decided the event type",
    "date_text": "the date as written",
    "date_start": "the first calendar day the date covers",
    "date_end": "the last calendar day the date covers",
    "date_precision": "day, month, season, half, year or period",
    "count_text": "the count as written",
    "count": "the number stated; the lower number of a range; empty for vague quantities",
    "count_qualifier": "exact, more_than, at_least, approx, up_to, range or vague",
    "count_low": "the lowest number the text allows",
    "count_high": "the highest number the text allows",
    "count_unit": "what is counted: people, cases, incidents, organisations, outlets, materials, times",
    "attributed_to": "who the sentence credits for the figure; empty when the document speaks for itself",
    "cited_urls": "URLs of the footnotes or links the sentence or its paragraph cites",
    "location": "places in Kazakhstan the sentence ties to the event",
    "subjects": "named people or organisations the event befalls",
    "penalty": "for convictions, the sentence as written",
    "curated": "true when an analyst's correction changed or added the row (codebook §10)",
    "note": "the notes of the corrections applied to the row",
    "file": "the document's file in the corpus folder",
    "title": "the document's title",
    "publisher": "who published the document",
    "published": "the publication date, YYYY or YYYY-MM-DD",
    "url": "where the document was published",
    "sha256": "digest of the file's bytes",
    "covers": "the period a periodic report covers (YYYY or YYYY-MM-DD/YYYY-MM-DD)",
    "n_chars": "characters of the document's text",
    "n_corrections": "how many corrections were applied to the document's rows",
    "action": "drop, set, add, link or unlink",
    "field": "the field a set or add correction gives",
    "value": "the value it gives",
    "by": "who made the correction",
    "on": "the day the correction was made",
}
_DATE_COLUMNS = ("date_start", "date_end", "on")
_URL_COLUMNS = ("url", "cited_urls")


@dataclass
class Tables:
    """The tables of one build: mentions, documents, events (empty until linking exists) and the
    corrections file's rows."""

    mentions: pd.DataFrame
    documents: pd.DataFrame
    events: pd.DataFrame
    corrections: pd.DataFrame


def load_tables(source: str | Path = "data/processed", corrections: str | Path | None = None) -> Tables:
    """The built tables in ``source`` (``kzevents build --out``) and the corrections beside the raw
    folder (``data/corrections.csv`` for ``data/processed``); ``FileNotFoundError`` names what is missing.
    """
    source = Path(source)
    path = source / "mentions.parquet"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file; run `kzevents build` first")
    mentions = pd.read_parquet(path)
    documents = pd.read_csv(source / "documents.csv", dtype={"published": str, "covers": str}, keep_default_na=False)
    events = pd.read_parquet(source / "events.parquet") if (source / "events.parquet").is_file() else pd.DataFrame()
    found, _ = read_corrections(Path(corrections) if corrections else source.parent / CORRECTIONS_FILE)
    return Tables(mentions, documents, events, corrections_frame(found))


def export(to: str, source: str | Path = "data/processed", out: str | Path = "exports", *,
           corrections: str | Path | None = None, raw: str | Path | None = None) -> list[Path]:
    """Write the built tables of ``source`` in format ``to`` (one of :data:`FORMATS`) into ``out``;
    the paths written. ``raw`` (default: ``raw`` beside ``source``) holds the manifest whose
    ``license`` column gives the Data Package its licences.

    >>> export("pdf")
    Traceback (most recent call last):
    ValueError: unknown export format 'pdf'; use one of xlsx, datapackage, acled, plover
    """
    _check_format(to)
    tables = load_tables(source, corrections)
    return export_tables(to, tables, out, raw=Path(raw) if raw else Path(source).parent / "raw")


def export_frames(to: str, mentions: pd.DataFrame, documents: pd.DataFrame | None = None,
                  out: str | Path = "exports", *, events: pd.DataFrame | None = None,
                  corrections: pd.DataFrame | None = None) -> list[Path]:
    """Write frames in a notebook (``mentions`` from ``extract_corpus``, ``documents`` from
    ``corpus.frame()``) as :func:`export` writes a build's tables.

    >>> import tempfile
    >>> from kzevents import extract
    >>> frame = extract("On 10 May 2018 more than 150 people were detained.")
    >>> [p.name for p in export_frames("acled", frame, out=tempfile.mkdtemp())]
    ['acled.csv']
    """
    _check_format(to)
    empty = pd.DataFrame()
    documents = documents if documents is not None else pd.DataFrame(columns=list(schema.Documents.to_schema().columns))
    tables = Tables(mentions, documents, events if events is not None else empty,
                    corrections if corrections is not None else corrections_frame([]))
    return export_tables(to, tables, out)


def export_tables(to: str, tables: Tables, out: str | Path, *, raw: str | Path | None = None) -> list[Path]:
    """Write ``tables`` in format ``to`` into the folder ``out``; the paths written."""
    _check_format(to)
    out = Path(out)
    if to == "xlsx":
        return [write_xlsx(tables, out / "kzevents.xlsx")]
    if to == "datapackage":
        return write_datapackage(tables, out, raw=raw)
    rows = acled_rows if to == "acled" else plover_rows
    return [write_csv(rows(tables.mentions, tables.documents), out / f"{to}.csv")]


def _check_format(to: str) -> None:
    if to not in FORMATS:
        raise ValueError(f"unknown export format {to!r}; use one of {', '.join(FORMATS)}")


# ---------------------------------------------------------------- CSV and Excel


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell made inert (:func:`kzevents.corrections.safe_cell`).

    >>> safe_frame(pd.DataFrame({"q": ["=1+1", "ok"]}))["q"].tolist()
    ["'=1+1", 'ok']
    """
    text = [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]
    return frame.assign(**{c: frame[c].map(safe_cell, na_action="ignore") for c in text})


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """``frame`` as CSV at ``path``, atomically, text cells made inert."""
    safe = safe_frame(frame)
    return write_atomic(path, lambda tmp: safe.to_csv(tmp, index=False, date_format="%Y-%m-%d"))


def fields_frame(tables: Tables) -> pd.DataFrame:
    """One row per column of each sheet, with its type and codebook description."""
    rows = []
    for sheet, frame in _sheets(tables).items():
        for column in frame.columns:
            rows.append({"sheet": sheet, "column": column, "type": _field_type(frame[column]),
                         "description": describe(column)})
    return pd.DataFrame(rows, columns=["sheet", "column", "type", "description"])


def describe(column: str) -> str:
    """The codebook description of a column (the pandera schema's, else :data:`DESCRIPTIONS`)."""
    for model in (schema.Mentions, schema.Documents):
        found = model.to_schema().columns.get(column)
        if found is not None and found.description:
            return found.description
    return DESCRIPTIONS.get(column, "")


def _sheets(tables: Tables) -> dict[str, pd.DataFrame]:
    sheets = {"Mentions": tables.mentions}
    if not tables.events.empty:
        sheets["Events"] = tables.events
    sheets.update({"Documents": tables.documents, "Corrections": tables.corrections})
    return sheets


def write_xlsx(tables: Tables, path: str | Path, *, extra: dict[str, pd.DataFrame] | None = None) -> Path:
    """One workbook: sheets Mentions, Events (when built), Documents, Corrections and Fields; header
    frozen, filters on, dates as Excel dates, URLs as links, readable widths."""
    sheets = {**_sheets(tables), "Fields": fields_frame(tables)} if extra is None else extra
    return write_atomic(path, lambda tmp: _workbook(sheets).save(tmp))


def _workbook(sheets: dict[str, pd.DataFrame]):
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        _fill(book.create_sheet(name), frame)
    return book


def _fill(sheet, frame: pd.DataFrame) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.append(list(frame.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in frame.itertuples(index=False):
        sheet.append([_excel_value(v) for v in values])
    for j, column in enumerate(frame.columns, start=1):
        cells = [sheet.cell(row=i, column=j) for i in range(2, len(frame) + 2)]
        for cell in cells:
            _style(cell, column)
        width = max([len(str(column))] + [len(str(c.value)) for c in cells[:500] if c.value is not None])
        sheet.column_dimensions[get_column_letter(j)].width = min(width, 60) + 2
    if "verdict" in frame.columns and len(frame):  # a review sheet: offer the verdicts
        from openpyxl.worksheet.datavalidation import DataValidation

        from .corrections import VERDICTS

        letter = get_column_letter(list(frame.columns).index("verdict") + 1)
        choices = DataValidation(type="list", formula1=f'"{",".join(VERDICTS)}"', allow_blank=True)
        choices.add(f"{letter}2:{letter}{len(frame) + 1}")
        sheet.add_data_validation(choices)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _excel_value(value):
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return value.item()
    return value


def _style(cell, column: str) -> None:
    """Dates shown as dates; URLs as links; text that looks like a formula kept as text."""
    if cell.value is None:
        return
    if column in _DATE_COLUMNS and cell.is_date:
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(cell.value, str):
        if cell.value.startswith(("=", "+", "-", "@")):
            cell.data_type = "s"  # never a formula: Excel shows the text as written
            cell.quotePrefix = True
        if column in _URL_COLUMNS and cell.value.startswith(("http://", "https://")):
            cell.hyperlink = cell.value.split()[0]
            cell.style = "Hyperlink"


def _field_type(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    return "string"


# ---------------------------------------------------------------- Frictionless Data Package


def table_schema(frame: pd.DataFrame, model=None) -> dict:
    """A Frictionless Table Schema for ``frame``'s columns, derived from the pandera ``model``
    (types, enums, required, minimum, patterns, descriptions); columns the model lacks take their
    type from the frame.

    >>> table_schema(pd.DataFrame({"doc_id": ["d1"]}), schema.Documents)["fields"][0]["constraints"]
    {'required': True, 'unique': True, 'minLength': 1}
    """
    columns = model.to_schema().columns if model is not None else {}
    fields = []
    for name in frame.columns:
        column = columns.get(name)
        field = {"name": name, "type": _field_type(frame[name]), "description": describe(name)}
        if column is not None:
            field["type"] = _schema_type(column, field["type"])
            constraints = _constraints(column, field["type"])
            if constraints:
                field["constraints"] = constraints
        fields.append(field)
    return {"fields": fields, "missingValues": [""]}


def _schema_type(column, fallback: str) -> str:
    dtype = str(column.dtype).lower()
    if "datetime" in dtype or "timestamp" in dtype:
        return "date"
    if "bool" in dtype:
        return "boolean"
    if "int" in dtype:
        return "integer"
    if "float" in dtype:
        return "number"
    return "string" if "str" in dtype else fallback


def _constraints(column, kind: str) -> dict:
    constraints = {}
    # an empty string is a missing value in a CSV: only non-nullable non-text columns, or text
    # columns that must hold at least one character, are required
    lengths = [c.statistics for c in column.checks if c.name == "str_length"]
    if not column.nullable and (kind != "string" or any((s.get("min_value") or 0) >= 1 for s in lengths)):
        constraints["required"] = True
    if column.unique:
        constraints["unique"] = True
    for check in column.checks:
        stats = check.statistics
        if check.name == "isin":
            constraints["enum"] = list(stats["allowed_values"])
        elif check.name == "greater_than_or_equal_to":
            constraints["minimum"] = stats["min_value"]
        elif check.name == "str_matches":
            constraints["pattern"] = stats["pattern"].lstrip("^").rstrip("$")
        elif check.name == "str_length" and stats.get("min_value"):
            constraints["minLength"] = stats["min_value"]
    return constraints


_MENTION_KEY = ["doc_id", "char_start", "char_end", "event_type", "date_start", "date_end", "count_text", "trigger"]


def datapackage(tables: Tables, manifest: pd.DataFrame | None = None) -> dict:
    """The ``datapackage.json`` descriptor of the tables: one resource per CSV, its schema from the
    pandera models, documents' ``doc_id`` as primary key and the mentions' foreign key to it,
    sources from the documents and licences from the manifest's ``license`` column, if any."""
    resources = [_resource("mentions", tables.mentions, schema.Mentions),
                 _resource("documents", tables.documents, schema.Documents),
                 _resource("corrections", tables.corrections, None)]
    if not tables.events.empty:
        resources.insert(1, _resource("events", tables.events, getattr(schema, "Events", None)))
    next(r for r in resources if r["name"] == "documents")["schema"]["primaryKey"] = ["doc_id"]
    mentions = resources[0]["schema"]
    mentions["foreignKeys"] = [{"fields": "doc_id", "reference": {"resource": "documents", "fields": "doc_id"}}]
    key = [c for c in _MENTION_KEY if c in tables.mentions.columns]
    if len(key) == len(_MENTION_KEY) and not tables.mentions.duplicated(subset=key).any():
        mentions["primaryKey"] = key
    descriptor = {"profile": "tabular-data-package", "name": "kzevents", "title": "kzevents: dated civic-space "
                  "events in Kazakhstan from UN, NGO and press reports",
                  "resources": resources, "sources": _sources(tables.documents)}
    licences = _licences(manifest)
    if licences:
        descriptor["licenses"] = licences
    return descriptor


def _resource(name: str, frame: pd.DataFrame, model) -> dict:
    return {"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "schema": table_schema(frame, model)}


def _sources(documents: pd.DataFrame) -> list[dict]:
    sources = []
    for record in documents.to_dict("records"):
        source = {"title": str(record.get("title") or record.get("doc_id"))}
        if record.get("url"):
            source["path"] = str(record["url"])
        sources.append(source)
    return sources


def _licences(manifest: pd.DataFrame | None) -> list[dict]:
    if manifest is None:
        return []
    column = next((c for c in ("license", "licence") if c in manifest.columns), None)
    if column is None:
        return []
    names = [n for n in dict.fromkeys(manifest[column].fillna("").astype(str).str.strip()) if n]
    return [{"name": n} if " " not in n else {"title": n} for n in names]


def write_datapackage(tables: Tables, out: str | Path, raw: str | Path | None = None) -> list[Path]:
    """The CSVs and ``datapackage.json`` in ``out``, each written atomically (descriptor last)."""
    out = Path(out)
    manifest_path = Path(raw) / "manifest.csv" if raw else None
    manifest = pd.read_csv(manifest_path, dtype=str, keep_default_na=False) \
        if manifest_path and manifest_path.is_file() else None
    descriptor = datapackage(tables, manifest)
    frames = {"mentions": tables.mentions, "events": tables.events, "documents": tables.documents,
              "corrections": tables.corrections}
    paths = [write_csv(frames[r["name"]], out / r["path"]) for r in descriptor["resources"]]
    text = json.dumps(descriptor, indent=1, ensure_ascii=False) + "\n"
    paths.append(write_atomic(out / "datapackage.json", lambda tmp: tmp.write_text(text, encoding="utf-8")))
    return paths


# ---------------------------------------------------------------- ACLED and PLOVER crosswalks

# our (event_type, subtype) -> ACLED (disorder_type, event_type, sub_event_type, status); subtype
# None is the type's default. Status: "mapped", "approximate" or "none" (docs/CROSSWALK.md).
_ACLED = {
    ("protest", None): ("Demonstrations", "Protests", "Peaceful protest", "mapped"),
    ("strike", None): ("Demonstrations", "Protests", "Peaceful protest", "approximate"),
    ("detention", None): ("Strategic developments", "Strategic developments", "Arrests", "mapped"),
    ("violence", None): ("Political violence", "Violence against civilians", "Attack", "approximate"),
    ("violence", "killing"): ("Political violence", "Violence against civilians", "Attack", "mapped"),
    ("violence", "assault"): ("Political violence", "Violence against civilians", "Attack", "mapped"),
    ("violence", "injury"): ("Political violence", "Violence against civilians", "Attack", "mapped"),
}
ACLED_COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "actor2", "civilian_targeting", "iso", "region", "country", "admin1",
                 "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
                 "fatalities", "tags", "crosswalk", "crosswalk_reason", "kz_doc_id", "kz_paragraph",
                 "kz_event_type", "kz_subtype", "kz_kind", "kz_date_start", "kz_date_end", "kz_count_text"]
_ACTOR1 = {"Protests": "Protesters (Kazakhstan)"}


def acled_rows(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """One ACLED-style row per mention (docs/CROSSWALK.md): ACLED's columns and conventions where
    our row fits them; ``crosswalk`` says ``mapped``, ``approximate`` or ``none`` (with the reason:
    a type ACLED does not code, a tally, a date coarser than a month), and unmapped rows keep
    ACLED's type columns empty rather than forced."""
    publishers = _publishers(documents)
    rows = [_acled_row(r, publishers) for r in mentions.to_dict("records")]
    frame = pd.DataFrame(rows, columns=ACLED_COLUMNS)
    return frame.astype({c: "Int64" for c in ("year", "time_precision", "fatalities", "iso")})


def _acled_row(r: dict, publishers: dict) -> dict:
    start, end = pd.Timestamp(r["date_start"]), pd.Timestamp(r["date_end"])
    precision, event_date = _time_precision(start, end)
    subtype = r.get("subtype") if isinstance(r.get("subtype"), str) else None
    mapping = _ACLED.get((r["event_type"], subtype)) or _ACLED.get((r["event_type"], None))
    if r["event_type"] == "violence" and subtype == "torture":
        mapping = ("Political violence", "Violence against civilians", "Attack", "approximate")
    reason = ""
    if mapping is None:
        reason = f"ACLED codes no {r['event_type']} events"
    elif r["kind"] == "tally":
        reason = "a tally of many events; ACLED codes single events"
    elif precision is None:
        reason = f"date precision {r['date_precision']}: coarser than ACLED's month"
    disorder, acled_type, acled_sub, status = mapping if mapping and not reason else ("", "", "", "none")
    fatalities = _fatalities(r) if acled_type else None
    return {
        "event_id_cnty": "KAZ" + hashlib.sha1(f"{r['doc_id']}|{r['char_start']}|{r['event_type']}|{start:%Y-%m-%d}|"
                                              f"{r.get('count_text', '')}".encode()).hexdigest()[:10].upper(),
        "event_date": event_date if not reason else None, "year": start.year if not reason else None,
        "time_precision": precision if not reason else None, "disorder_type": disorder,
        "event_type": acled_type, "sub_event_type": acled_sub, "actor1": _ACTOR1.get(acled_type, ""),
        "actor2": "Civilians (Kazakhstan)" if acled_type == "Violence against civilians" else "",
        "civilian_targeting": "Civilian targeting" if acled_type == "Violence against civilians" else "",
        "iso": 398, "region": "Caucasus and Central Asia", "country": "Kazakhstan", "admin1": "",
        "location": str(r.get("location") or "").split(";")[0].strip(), "latitude": None, "longitude": None,
        "geo_precision": None, "source": publishers.get(r["doc_id"], r["doc_id"]), "source_scale": "",
        "notes": r["quote"], "fatalities": fatalities, "tags": _tags(r, acled_type), "crosswalk": status,
        "crosswalk_reason": reason, "kz_doc_id": r["doc_id"], "kz_paragraph": r["paragraph"],
        "kz_event_type": r["event_type"], "kz_subtype": subtype or "", "kz_kind": r["kind"],
        "kz_date_start": start.date(), "kz_date_end": end.date(), "kz_count_text": r.get("count_text", ""),
    }


def _time_precision(start: pd.Timestamp, end: pd.Timestamp):
    """ACLED's time_precision and event_date: 1 the day; 2 a span of up to a week (its first day);
    3 a span within one calendar month (its middle day); ``(None, None)`` when coarser.

    >>> _time_precision(pd.Timestamp("2018-05-01"), pd.Timestamp("2018-05-31"))
    (3, datetime.date(2018, 5, 16))
    """
    days = (end - start).days
    if days == 0:
        return 1, start.date()
    if days < 7:
        return 2, start.date()
    if (start.year, start.month) == (end.year, end.month):
        return 3, (start + (end - start) / 2).normalize().date()
    return None, None


def _fatalities(r: dict) -> int:
    """ACLED's fatalities: the lowest figure the text allows for killings, else 0."""
    if r["event_type"] != "violence" or r.get("subtype") != "killing" or r.get("count_unit") not in ("people", None):
        return 0
    low = r.get("count_low")
    return int(low) if low is not None and not pd.isna(low) else 0


def _tags(r: dict, acled_type: str) -> str:
    text = str(r.get("count_text") or "")
    return f"crowd size={text}" if acled_type == "Protests" and text else ""


def _publishers(documents: pd.DataFrame) -> dict:
    if documents.empty:
        return {}
    names = documents["publisher"].fillna("").astype(str).where(documents["publisher"].fillna("") != "",
                                                              documents["title"].fillna("").astype(str))
    return dict(zip(documents["doc_id"], names))


# our (event_type, subtype) -> PLOVER (event_type, mode, status); subtype None is the default
_PLOVER = {
    ("protest", None): ("PROTEST", "demonstrate", "mapped"),
    ("strike", None): ("PROTEST", "strike", "mapped"),
    ("strike", "hunger"): ("PROTEST", "hunger-strike", "mapped"),
    ("detention", None): ("COERCE", "arrest", "mapped"),
    ("ban", None): ("COERCE", "ban", "mapped"),
    ("ban", "media"): ("COERCE", "censor", "mapped"),
    ("ban", "internet"): ("COERCE", "censor", "mapped"),
    ("restriction", None): ("COERCE", "", "approximate"),
    ("restriction", "expulsion"): ("COERCE", "expel", "mapped"),
    ("violence", None): ("ASSAULT", "", "mapped"),
    ("violence", "killing"): ("ASSAULT", "kill", "mapped"),
    ("violence", "torture"): ("ASSAULT", "torture", "mapped"),
    ("violence", "assault"): ("ASSAULT", "beat", "mapped"),
    ("threat", None): ("THREATEN", "", "mapped"),
    ("prosecution", None): ("ACCUSE", "investigate", "approximate"),
    ("conviction", None): ("SANCTION", "convict", "approximate"),
    ("release", None): ("CONCEDE", "release", "mapped"),
    ("acquittal", None): ("CONCEDE", "", "approximate"),
}
PLOVER_COLUMNS = ["event_id", "event_date", "date_end", "date_precision", "event_type", "mode", "context",
                  "country", "location", "source", "text", "crosswalk", "crosswalk_reason", "kz_doc_id",
                  "kz_paragraph", "kz_event_type", "kz_subtype", "kz_kind", "kz_count_text"]


def plover_rows(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """One PLOVER-style row per mention: ``event_type`` and ``mode`` of the PLOVER ontology
    (docs/CROSSWALK.md); types PLOVER has no place for (laws) are flagged ``none``, not forced."""
    publishers = _publishers(documents)
    rows = []
    for r in mentions.to_dict("records"):
        subtype = r.get("subtype") if isinstance(r.get("subtype"), str) else None
        found = _PLOVER.get((r["event_type"], subtype)) or _PLOVER.get((r["event_type"], None))
        plover_type, mode, status = found or ("", "", "none")
        rows.append({"event_id": "KZE" + hashlib.sha1(f"{r['doc_id']}|{r['char_start']}|{r['event_type']}|"
                                                      f"{pd.Timestamp(r['date_start']):%Y-%m-%d}".encode()
                                                      ).hexdigest()[:10].upper(),
                     "event_date": pd.Timestamp(r["date_start"]).date(), "date_end": pd.Timestamp(r["date_end"]).date(),
                     "date_precision": r["date_precision"], "event_type": plover_type, "mode": mode,
                     "context": "labor" if r["event_type"] == "strike" and subtype != "hunger" else "human_rights",
                     "country": "KAZ", "location": str(r.get("location") or "").split(";")[0].strip(),
                     "source": publishers.get(r["doc_id"], r["doc_id"]), "text": r["quote"], "crosswalk": status,
                     "crosswalk_reason": "" if found else f"PLOVER has no {r['event_type']} event type",
                     "kz_doc_id": r["doc_id"], "kz_paragraph": r["paragraph"], "kz_event_type": r["event_type"],
                     "kz_subtype": subtype or "", "kz_kind": r["kind"], "kz_count_text": r.get("count_text", "")})
    return pd.DataFrame(rows, columns=PLOVER_COLUMNS)


# a detention on one day, for the module's example
_EXAMPLE = {"doc_id": "d1", "paragraph": "1", "char_start": 0, "char_end": 10, "quote": "q", "event_type": "detention",
            "subtype": None, "kind": "occurrence", "date_start": "2018-05-10", "date_end": "2018-05-10",
            "date_precision": "day", "count_text": "", "count_low": None, "count_unit": None, "location": ""}
