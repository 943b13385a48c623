"""Per-period series: partial periods annualised, the same figure from two documents counted once."""

import pandas as pd

import kzevents
from kzevents.schema import validate_mentions

TEXT_A = ("3. While 101 incidents affecting activists were registered over five months in 2011, "
          "555 cases of threats against defenders were recorded in 2018.")
TEXT_B = "According to Kadyr Kasiet, there were 555 cases of threats against defenders in 2018."


def mentions():
    return validate_mentions(pd.concat([kzevents.extract(TEXT_A, doc_id="a", published="2019-01-01"),
                                        kzevents.extract(TEXT_B, doc_id="b", published="2019-06-01")],
                                       ignore_index=True))


def test_partial_year_is_flagged_and_annualised():
    s = kzevents.series(mentions(), "threat").set_index("period")
    row = s.loc["2011"]
    assert (row.count_low, bool(row.partial), row.months) == (101, True, 5)
    assert round(row.rate_low) == 242  # 101 over five months is about 242 a year


def test_same_figure_from_two_documents_counted_once_with_both_sources():
    row = kzevents.series(mentions(), "threat").set_index("period").loc["2018"]
    assert row.count_low == 555 and row.n_sources == 2
    assert {x.strip() for x in row.sources.split(";")} == {"a", "b"}


def test_other_types_give_an_empty_series():
    assert kzevents.series(mentions(), "strike").empty
