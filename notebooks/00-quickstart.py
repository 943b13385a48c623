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
# # kzevents quick start
#
# kzevents reads UN and NGO reports on Kazakhstan and returns every **dated event mention** —
# strikes, protests, detentions, prosecutions, convictions, laws, bans, threats, violence — as a
# validated pandas table. Each row keeps its sentence (`quote`), its place in the document
# (`doc_id`, `paragraph`, `char_start`, `char_end`) and the URLs its footnotes cite, so every
# number can be checked against its source. The fields are defined in `docs/CODEBOOK.md`.

# %%
import kzevents
from _setup import RAW, load

corpus, documents, mentions = load()
documents[["doc_id", "title", "publisher", "published"]]

# %% [markdown]
# One row per mention. `date_start`/`date_end` give the interval the date covers,
# `count_low`/`count_high` the bounds the count allows ("more than 150" → 151 and up).

# %%
mentions[["doc_id", "paragraph", "event_type", "subtype", "date_text", "date_start", "date_end",
          "count_text", "count", "count_qualifier"]].head(15)

# %%
mentions.groupby(["event_type", "kind"]).size().unstack(fill_value=0)

# %% [markdown]
# ## Any text, not only the corpus
#
# `kzevents.extract` works on a single text; `published` anchors dates written without a year.

# %%
kzevents.extract(
    "13. On 10 May 2018 more than 150 people were detained in Almaty; the next day a court "
    "sentenced the blogger Aset Nurlanov to 15 days of administrative arrest.",
    published="2019-03-28",
)[["event_type", "subtype", "date_start", "count", "count_qualifier", "location", "quote"]]

# %% [markdown]
# ## Adding a report
#
# 1. Save the report as text (`.txt` or `.md`) in `data/raw/`.
# 2. Add its row to `data/raw/manifest.csv`: `doc_id,file,title,publisher,published,url,sha256`
#    (`sha256sum FILE` gives the digest; a file without a row is still read, with its name as title).
# 3. Run `make run` (or `kzevents build`) to refresh `data/processed/` and the charts in `reports/`.
#
# Bad files (empty, binary, wrong digest) are named and skipped; the rest of the corpus is kept.

# %%
print(f"{len(corpus)} documents in {RAW}; {len(mentions)} mentions; "
      f"{len(corpus.errors)} file(s) reported: {[e.file for e in corpus.errors]}")

# %% [markdown]
# ## Correcting a row, and handing the tables on
#
# A wrong row is fixed in `data/corrections.csv`, never in the output: `kzevents correct drop|set|add`
# appends a checked line, and every `kzevents build` applies it again (codebook §10). The same
# step in Python, on the frame above: a correction names its mention by document and a piece of
# its sentence.

# %%
first = mentions.iloc[0]
fix = kzevents.Correction(line=2, doc_id=first.doc_id, quote=first.quote[:40], event_type=first.event_type,
                          action="set", field="location", value="Almaty", note="checked against the source",
                          by="analyst", on="2026-01-05")
curated = kzevents.apply_corrections(mentions, [fix])
curated.mentions.query("curated")[["doc_id", "event_type", "location", "note", "quote"]]

# %% [markdown]
# `kzevents export --to xlsx|datapackage|acled|plover` writes a build's tables to `exports/`;
# `kzevents.export_frames` does the same for frames (see `docs/CROSSWALK.md` for ACLED and PLOVER).
# Here the workbook goes to a scratch folder.

# %%
import tempfile

import pandas as pd

(workbook,) = kzevents.export_frames("xlsx", curated.mentions, documents, out=tempfile.mkdtemp())
pd.read_excel(workbook, sheet_name=None)["Fields"].head(8)
