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
# # Laws, bans and convictions on a timeline
#
# `law` rows are acts of adoption, signature or entry into force told with a date; `ban` rows are
# organisations, parties, unions, media outlets and websites banned, liquidated, suspended or
# blocked. Convictions and prosecutions are counted per year.

# %%
from kzevents import charts
from _setup import load

corpus, documents, mentions = load()
laws_and_bans = mentions[mentions["event_type"].isin(["law", "ban"])]
laws_and_bans[["doc_id", "event_type", "subtype", "date_text", "date_start", "subjects", "quote"]]

# %%
charts.timeline(mentions, types=("law", "ban"), documents=documents)

# %%
charts.by_year(mentions, "conviction", documents=documents)

# %%
charts.by_year(mentions, "prosecution", documents=documents)

# %% [markdown]
# **A new report?** Save its text in `data/raw/`, add its row to `data/raw/manifest.csv`
# (`doc_id,file,title,publisher,published,url,sha256`) and run this notebook again: the frames and
# charts above are rebuilt from the whole folder (`00-quickstart` has the details).
