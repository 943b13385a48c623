"""Render every chart to files a report can use, and an index page with the rows behind each.

``render_report`` writes, for each chart NAME (the chart function's name with dashes:
``threat-trend``, ``detention-waves``, ``timeline``, ``by-year-conviction``, ...),
``figures/NAME.html`` (self-contained: the Vega libraries are inlined, so it renders with no
network), ``figures/NAME.svg`` and ``figures/NAME.png``, then ``index.html`` with every figure
and, under each, the events behind it (every source's figure side by side, contested figures
marked) and the mention rows they are linked from. Document text is HTML-escaped everywhere;
each file is written atomically. A chart with nothing to draw is skipped with a note.

>>> import tempfile, kzevents
>>> m = kzevents.extract("On 5 May 2018 police detained 30 activists in Almaty.", published="2019-01-01")
>>> [p.name for p in render_report(m, tempfile.mkdtemp())][-1]
'index.html'
"""

from __future__ import annotations

import functools
import html
import json
import os
import tempfile
from pathlib import Path

import pandas as pd

from . import charts
from .link import link

__all__ = ["render_report"]

_BY_YEAR = ("conviction", "prosecution", "violence", "ban", "detention", "protest", "strike", "release",
            "restriction", "acquittal")
_WINDOW = ("2018-01-01", "2019-12-31")


def _figures():
    """(NAME, draw(mentions, documents), rows behind it(mentions)) for every figure of the report."""
    yield ("threat-trend", lambda m, d: charts.threat_trend(m, documents=d),
           lambda m: m[m["event_type"] == "threat"])
    yield ("detention-waves", lambda m, d: charts.detention_waves(m, *_WINDOW, documents=d),
           lambda m: m[(m["event_type"] == "detention") & (m["date_end"] >= _WINDOW[0])
                       & (m["date_start"] <= _WINDOW[1])])
    yield ("timeline", lambda m, d: charts.timeline(m, documents=d),
           lambda m: m[m["event_type"].isin(["law", "ban"])])
    for t in _BY_YEAR:
        yield (f"by-year-{t}", lambda m, d, t=t: charts.by_year(m, t, documents=d),
               lambda m, t=t: m[m["event_type"] == t])


def _write(path: Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` atomically: a temporary file in the same folder, then os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


@functools.lru_cache(maxsize=1)
def _bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one inline script (from vl-convert, no network)."""
    import vl_convert

    return vl_convert.javascript_bundle().replace("</script", "<\\/script")


def _json_for_html(spec: dict) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' left to end it."""
    return json.dumps(spec, allow_nan=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_STYLE = """body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}
table{border-collapse:collapse;font-size:12px;margin:.5em 0 2em}td,th{border:1px solid #ccc;padding:3px 6px;
vertical-align:top;text-align:left}td.q{max-width:520px}.note{color:#8a1c1c}.chart{margin:1em 0}
nav li{margin:.15em 0}"""


def _page(title: str, body: str, specs: dict[str, dict]) -> str:
    data = "\n".join(f'<script type="application/json" id="spec-{n}">{_json_for_html(s)}</script>'
                     for n, s in specs.items())
    embed = ("for (const el of document.querySelectorAll('script[id^=\"spec-\"]')) {"
             "const name = el.id.slice(5);"
             "vegaEmbed('#chart-' + name, JSON.parse(el.textContent), {actions: false, renderer: 'svg'})"
             ".catch(err => console.error('chart ' + name + ': ' + err));}")
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{_STYLE}</style>\n<script>{_bundle()}</script></head>\n<body>\n{body}\n{data}\n"
            f"<script>{embed}</script>\n</body></html>\n")


def _table(rows: pd.DataFrame, titles: dict[str, str]) -> str:
    esc = lambda v: "" if v is None or (not isinstance(v, str) and pd.isna(v)) else html.escape(str(v))
    head = ["Document", "¶", "Type", "Kind", "Date as written", "Dates", "Count as written", "Bounds", "Quote"]
    body = []
    for r in rows.sort_values(["date_start", "doc_id"], kind="stable").itertuples():
        bounds = f"{esc(r.count_low) or '?'}–{esc(r.count_high) or '…'}" if pd.notna(r.count_low) \
            or pd.notna(r.count_high) else ""
        cells = [f'{esc(titles.get(r.doc_id, r.doc_id))} <small>[{esc(r.doc_id)}]</small>', esc(r.paragraph),
                 esc(r.event_type) + (f"/{esc(r.subtype)}" if isinstance(r.subtype, str) and r.subtype else ""),
                 esc(r.kind), esc(r.date_text), f"{r.date_start:%Y-%m-%d} – {r.date_end:%Y-%m-%d}",
                 esc(r.count_text), bounds, f'<span class="q">{esc(" ".join(str(r.quote).split()))}</span>']
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return ("<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"
            + "".join(body) + "</tbody></table>")


def _events_table(rows: pd.DataFrame, titles: dict[str, str]) -> str:
    """Every event behind a figure with each source's figure side by side; contested figures marked."""
    esc = lambda v: "" if v is None or (not isinstance(v, str) and pd.isna(v)) else html.escape(str(v))
    events = link(rows.reset_index(drop=True))
    head = ["Event", "Dates", "Sources", "Each source's figure", "Range", "Quote (most precise source)"]
    body = []
    for r in events.sort_values(["date_start", "event_id"], kind="stable").itertuples():
        sources = "; ".join(f"{esc(titles.get(d, d))} <small>[{esc(d)}]</small>" for d in r.doc_ids.split("; "))
        figures = "<br>".join(esc(f) for f in str(r.counts_reported).split(" | ") if f)
        if r.count_conflict:
            figures += ' <span class="note">(contested: the sources\' figures disagree)</span>'
        low, high = esc(r.count_low), esc(r.count_high)
        span = f"{low or '?'}–{high or '…'}" if low or high else ""
        cells = [esc(r.event_type) + (f"/{esc(r.subtype)}" if isinstance(r.subtype, str) and r.subtype else ""),
                 f"{r.date_start:%Y-%m-%d} – {r.date_end:%Y-%m-%d}", sources, figures, span,
                 f'<span class="q">{esc(" ".join(str(r.quote).split()))}</span>']
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return ("<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"
            + "".join(body) + "</tbody></table>")


def _chart_title(spec: dict, name: str) -> str:
    title = spec.get("vconcat", [{}])[0].get("title", name)
    return title.get("text", name) if isinstance(title, dict) else str(title)


def _render_figure(name: str, spec: dict, folder: Path) -> list[Path]:
    import vl_convert

    title = _chart_title(spec, name)
    body = f'<h1>{html.escape(title)}</h1>\n<div class="chart" id="chart-{name}"></div>'
    return [_write(folder / f"{name}.html", _page(title, body, {name: spec})),
            _write(folder / f"{name}.svg", vl_convert.vegalite_to_svg(spec)),
            _write(folder / f"{name}.png", vl_convert.vegalite_to_png(spec, scale=2))]


def _section(name: str, title: str, rows: pd.DataFrame, titles: dict[str, str], note: str = "") -> str:
    links = " · ".join(f'<a href="figures/{name}.{ext}">{ext.upper()}</a>' for ext in ("html", "svg", "png"))
    figure = (f'<p class="note">Not drawn: {html.escape(note)}</p>' if note else
              f'<div class="chart" id="chart-{name}"></div>\n<p>Files: {links}</p>')
    table = (f"<details open><summary>Events behind this figure, every source side by side</summary>"
             f"{_events_table(rows, titles)}</details>\n"
             f"<details><summary>{len(rows)} mention rows behind this figure (sources and quotes)"
             f"</summary>{_table(rows, titles)}</details>") if len(rows) else ""
    return f'<section id="{name}">\n<h2>{html.escape(title)}</h2>\n{figure}\n{table}\n</section>'


def render_report(mentions: pd.DataFrame, out_dir="reports", documents: pd.DataFrame | None = None) -> list[Path]:
    """Write every figure (HTML, SVG, PNG) and ``index.html`` under ``out_dir``; return the paths.

    >>> import tempfile, kzevents
    >>> m = kzevents.extract("In 2016 a court banned the party.", published="2019-01-01")
    >>> sorted(p.name for p in render_report(m, tempfile.mkdtemp()))[:3]
    ['by-year-ban.html', 'by-year-ban.png', 'by-year-ban.svg']
    """
    out = Path(out_dir)
    titles = charts._titles(documents)
    written, sections, specs = [], [], {}
    for name, draw, behind in _figures():
        rows = behind(mentions)
        try:
            spec = draw(mentions, documents).to_dict()
        except charts.EmptyChartError as err:
            sections.append(_section(name, name, rows, titles, note=str(err)))
            continue
        written += _render_figure(name, spec, out / "figures")
        specs[name] = spec
        sections.append(_section(name, _chart_title(spec, name), rows, titles))
    nav = "".join(f'<li><a href="#{n}">{n}</a></li>' for n, _, _ in _figures())
    intro = (f"<h1>Civic space in Kazakhstan: events in the reports</h1>\n<p>{len(mentions)} event mentions "
             f"from {mentions['doc_id'].nunique()} documents, extracted by kzevents. Every figure is followed "
             f"by the rows it is drawn from, with their sources and quotes.</p>\n<nav><ul>{nav}</ul></nav>")
    written.append(_write(out / "index.html", _page("kzevents report", intro + "\n" + "\n".join(sections), specs)))
    return written
