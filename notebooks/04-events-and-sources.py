# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: -all
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
# ---

# %% [markdown]
# # Events and their sources: where the reports agree and where they differ
#
# A mention is one sentence of one report; an event is what happened. `kzevents.link` folds the
# mentions that tell one event into one row (codebook §7) and keeps every source's figure side by
# side: `counts_reported` lists each figure as written, `count_low`..`count_high` spans them,
# `count_conservative` is the lowest, and `count_conflict` says when no single number fits them all.

# %%
import altair as alt
import pandas as pd

import kzevents
from kzevents import charts
from _setup import load

corpus, documents, mentions = load()
linked = kzevents.link.link_mentions(mentions)
events = kzevents.link(mentions, documents)
print(f"{len(mentions)} mentions -> {len(events)} events; "
      f"{(events['n_sources'] > 1).sum()} told by more than one report")

# %% [markdown]
# ## Events told by several reports

# %%
several = events[events["n_sources"] > 1].sort_values("date_start")
several[["event_type", "subtype", "date_start", "date_end", "n_sources", "doc_ids", "counts_reported",
         "count_conflict"]]

# %% [markdown]
# ## Where the figures differ: each source's quote side by side

# %%
titles = dict(zip(documents["doc_id"], documents["title"]))
contested = events[events["count_conflict"]]
side_by_side = (linked[linked["event_id"].isin(contested["event_id"])]
                .assign(report=lambda m: m["doc_id"].map(titles),
                        quote=lambda m: [" ".join(q.split()) for q in m["quote"]])
                .sort_values(["event_id", "doc_id", "char_start"]))
side_by_side[["event_id", "report", "count_text", "count_low", "count_high", "date_text", "quote"]]

# %% [markdown]
# Each dot is one source's figure for an event told with figures that disagree; the line spans
# what the sources allow together.

# %%
figures = side_by_side.assign(
    event=lambda m: m["event_id"].map(dict(zip(events["event_id"], events["event_type"] + " "
                                               + events["subtype"].fillna("") + ", "
                                               + events["date_start"].dt.strftime("%d %b %Y")))),
    figure=lambda m: m["count_low"].fillna(m["count_high"]).astype("float"))
figures = figures[figures["figure"].notna()]
alt.Chart(figures).mark_circle(size=90).encode(
    x=alt.X("figure:Q", title="Figure given by the source"),
    y=alt.Y("event:N", title=None),
    color=alt.Color("report:N", title="Report", legend=alt.Legend(orient="bottom", columns=1, labelLimit=500)),
    tooltip=["report", "count_text", "quote"],
).properties(width=560, title="Events whose reports give figures that disagree")

# %% [markdown]
# ## Where the dates differ in precision
#
# One report dates an event to the day, another only to the month or year; the event keeps the
# narrowest interval that all of them agree with.

# %%
spans = linked.assign(days=(linked["date_end"] - linked["date_start"]).dt.days + 1)
mixed = spans.groupby("event_id")["days"].nunique()
(spans[spans["event_id"].isin(mixed[mixed > 1].index)]
 .sort_values(["event_id", "days"])[["event_id", "doc_id", "event_type", "date_text", "date_start", "date_end"]])

# %% [markdown]
# ## Counted as events, per year
#
# Each subtype is its own bar (killings and injuries are never added); the same event told by two
# reports counts once.

# %%
charts.by_year(mentions, "violence", documents=documents)
