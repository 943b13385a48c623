"""The Mentions schema rejects what the codebook rules out, listing every failing row."""

import pandas as pd
import pandera.errors
import pytest

from kzevents import extract
from kzevents.schema import validate_mentions

GOOD = extract("On 10 May 2018 more than 150 people were detained in Almaty.")


def broken(**changes):
    df = GOOD.copy()
    for column, value in changes.items():
        df[column] = df[column].astype(object)
        df.loc[0, column] = value
    return df


@pytest.mark.parametrize("changes,needle", [
    ({"event_type": "riot"}, "event_type"),
    ({"subtype": "hunger"}, "subtype is not a subtype"),
    ({"date_start": pd.Timestamp("2019-01-01")}, "date_start is after date_end"),
    ({"count_low": 500}, "count_low is above count_high"),
    ({"quote": "shorter"}, "quote is not the span"),
    ({"date_precision": "week"}, "date_precision"),
    ({"count_qualifier": "plenty"}, "count_qualifier"),
    ({"kind": "series"}, "kind"),
])
def test_rejects(changes, needle):
    df = broken(**changes)
    if "count_low" in changes:
        df["count_high"] = pd.array([10], dtype="Int64")
    with pytest.raises(pandera.errors.SchemaErrors) as err:
        validate_mentions(df)
    assert needle in str(err.value)


def test_lazy_validation_lists_every_failure():
    df = pd.concat([broken(event_type="riot"), broken(kind="series")], ignore_index=True)
    with pytest.raises(pandera.errors.SchemaErrors) as err:
        validate_mentions(df)
    cases = err.value.failure_cases
    assert {"event_type", "kind"} <= set(cases["column"].dropna())


def test_good_frame_passes_and_keeps_columns():
    assert list(validate_mentions(GOOD).columns) == list(GOOD.columns)
