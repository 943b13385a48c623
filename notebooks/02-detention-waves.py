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
# # The detention waves of 2018 and 2019
#
# After the "Democratic Choice of Kazakhstan" movement was banned on 13 March 2018, NGOs recorded
# mass detentions at each of its rallies. The reports give most counts as "more than N": the chart
# draws them as lower bounds (an arrow up from N), and a count told for a whole period ("from March
# 2018 to March 2019, more than 700") as a band behind the days.

# %%
import pandas as pd

from kzevents import charts
from _setup import load

corpus, documents, mentions = load()
waves = mentions[(mentions["event_type"] == "detention")
                 & (mentions["date_start"] >= pd.Timestamp("2018-01-01"))
                 & (mentions["date_end"] <= pd.Timestamp("2019-12-31"))]
waves[["doc_id", "paragraph", "kind", "date_text", "count_text", "count_low", "count_high", "quote"]]

# %%
charts.detention_waves(mentions, start="2018-01-01", end="2019-12-31", documents=documents)

# %% [markdown]
# The same chart for any window: `charts.detention_waves(mentions, start="2016-01-01", end="2016-12-31")`.

# %% [markdown]
# **A new report?** Save its text in `data/raw/`, add its row to `data/raw/manifest.csv`
# (`doc_id,file,title,publisher,published,url,sha256`) and run this notebook again: the frames and
# charts above are rebuilt from the whole folder (`00-quickstart` has the details).
