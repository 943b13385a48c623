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
# # Threats against human rights defenders, 2011–2018
#
# Monitoring groups publish yearly counts of threats, intimidation and pressure against defenders.
# kzevents finds them as `threat` tallies. A count for part of a year (101 incidents over five
# months of 2011) is flagged as partial and scaled to a yearly rate; the same figure told by two
# documents (555 cases in 2018) is counted once, with both sources.

# %%
import kzevents
from kzevents import charts
from _setup import load

corpus, documents, mentions = load()
threats = mentions[mentions["event_type"] == "threat"]
threats[["doc_id", "paragraph", "kind", "date_text", "count_text", "count", "attributed_to", "quote"]]

# %%
yearly = kzevents.series(mentions, "threat")
yearly[["period", "count_low", "partial", "months", "rate_low", "n_sources", "sources", "basis"]]

# %% [markdown]
# The chart draws each year's statistic; a partial year is drawn as reported and, dashed, as its
# annualised rate. Hover a bar for the count and date as written, the quote and the document.

# %%
charts.threat_trend(mentions, documents=documents)

# %% [markdown]
# **A new report?** Save its text in `data/raw/`, add its row to `data/raw/manifest.csv`
# (`doc_id,file,title,publisher,published,url,sha256`) and run this notebook again: the frames and
# charts above are rebuilt from the whole folder (`00-quickstart` has the details).
