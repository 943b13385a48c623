"""kzevents.series: per-period figures, deduplicated across documents, partial periods annualised."""

from __future__ import annotations

import pandas as pd
import pytest

from kzevents.schema import Mentions, validate_mentions
from kzevents.series import COLUMNS, events, months_covered, series


def mention(quote, event_type, start, end=None, *, doc_id="doc_a", kind="occurrence", subtype=None,
            count=None, qualifier="exact", text="", date_text="", unit="people", subjects="", location=""):
    """One Mentions row; count bounds follow codebook §5 (more_than N → N+1..empty)."""
    end = end or start
    low = None if count is None or qualifier == "up_to" else count + 1 if qualifier == "more_than" else count
    high = count if qualifier in ("exact", "approx", "up_to") else None
    return {"doc_id": doc_id, "paragraph": "1", "char_start": 0, "char_end": len(quote), "quote": quote,
            "event_type": event_type, "subtype": subtype, "kind": kind, "trigger": "", "date_text": date_text,
            "date_start": start, "date_end": end, "date_precision": "day" if start == end else "year",
            "count_text": text, "count": count, "count_qualifier": None if count is None else qualifier,
            "count_low": low, "count_high": high, "count_unit": None if count is None else unit,
            "attributed_to": "", "cited_urls": "", "location": location, "subjects": subjects, "penalty": ""}


def frame(*rows) -> pd.DataFrame:
    return validate_mentions(pd.DataFrame(list(rows), columns=list(Mentions.to_schema().columns)))


THREATS = frame(
    mention("While 101 incidents were registered over five months in 2011, 555 cases were recorded in 2018.",
            "threat", "2011-01-01", "2011-12-31", doc_id="kk", kind="tally", count=101, text="101 incidents",
            date_text="over five months in 2011", unit="incidents"),
    mention("While 101 incidents were registered over five months in 2011, 555 cases were recorded in 2018.",
            "threat", "2018-01-01", "2018-12-31", doc_id="kk", kind="tally", count=555, text="555 cases",
            date_text="in 2018", unit="cases"),
    mention("In 2014, there were 255 instances of threats, while there were 555 cases of threats in 2018.",
            "threat", "2014-01-01", "2014-12-31", doc_id="ccpr", kind="tally", count=255, text="255 instances",
            date_text="in 2014", unit="incidents"),
    mention("In 2014, there were 255 instances of threats, while there were 555 cases of threats in 2018.",
            "threat", "2018-01-01", "2018-12-31", doc_id="ccpr", kind="tally", count=555, text="555 cases",
            date_text="in 2018", unit="cases"),
)


def test_same_figure_in_two_documents_is_counted_once_with_both_sources():
    s = series(THREATS, "threat").set_index("period")
    assert s.loc["2018", "count_low"] == 555 and s.loc["2018", "count_high"] == 555
    assert s.loc["2018", "n_sources"] == 2 and s.loc["2018", "sources"] == "ccpr; kk"
    assert list(s.index) == ["2011", "2014", "2018"]
    assert list(s.columns) == COLUMNS[1:]


def test_partial_year_is_flagged_and_annualised():
    s = series(THREATS, "threat").set_index("period")
    assert bool(s.loc["2011", "partial"]) and s.loc["2011", "months"] == 5
    assert s.loc["2011", "count_low"] == 101
    assert s.loc["2011", "rate_low"] == pytest.approx(242.4)
    # the other figure of the same sentence is for its own, whole year
    assert not s.loc["2018", "partial"] and s.loc["2018", "rate_low"] == 555


def test_months_from_the_date_span_and_from_the_quote():
    half = mention("In the 1<sup>st</sup> half of 2019, 119 reports of torture were received.", "violence",
                   "2019-01-01", "2019-06-30", kind="tally", subtype="torture", count=119)
    s = series(frame(half), "violence")
    assert s.loc[0, "months"] == 6 and s.loc[0, "rate_low"] == pytest.approx(238)
    row = pd.Series({"date_start": pd.Timestamp("2017-01-01"), "date_end": pd.Timestamp("2017-12-31"),
                     "quote": "It was under inspection for 9 months in 2017."})
    assert months_covered(row) == 9
    assert months_covered(row.replace(row["quote"], "For 9 months in 2016, then in 2017.")) == 12


def test_open_ended_counts_make_a_lower_bound():
    s = series(frame(
        mention("On 10 May 2018 more than 150 people were detained.", "detention", "2018-05-10",
                subtype="detention", count=150, qualifier="more_than"),
        mention("On 23 June 2018 more than 200 people were detained.", "detention", "2018-06-23",
                subtype="detention", count=200, qualifier="more_than"),
    ), "detention")
    assert s.loc[0, "count_low"] == 151 + 201
    assert pd.isna(s.loc[0, "count_high"]) and bool(s.loc[0, "lower_bound"])
    assert s.loc[0, "basis"] == "occurrences" and s.loc[0, "n_events"] == 2


def test_a_topic_statistic_never_replaces_the_single_events_of_its_type():
    rows = frame(
        mention("In 2016, of 51 defamation cases, 5 were found guilty.", "conviction", "2016-01-01", "2016-12-31",
                kind="tally", count=5),
        mention("In 2016 seven activists were sentenced for the land rallies.", "conviction", "2016-01-01",
                "2016-12-31", doc_id="doc_b", count=7, subjects="land rallies"),
        mention("In 2016 Max Bokayev and Talgat Ayan were sentenced to prison.", "conviction", "2016-01-01",
                "2016-12-31", doc_id="doc_b", subtype="prison", count=2, subjects="Max Bokayev; Talgat Ayan"),
    )
    s = series(rows, "conviction").set_index("subtype")
    # the statistic and the single events are both kept: the year is at least the larger of the two
    assert s.loc["", "count_low"] == 7 and s.loc["", "basis"] == "mixed" and s.loc["", "sources"] == "doc_a; doc_b"
    assert s.loc["", "count_high"] == 12 and not s.loc["", "lower_bound"]
    # a subtype is its own row, never added to the others
    assert s.loc["prison", "count_low"] == 2 and len(s) == 2


def test_figures_of_different_subtypes_are_never_added():
    s = series(frame(
        mention("On 16 December 2011, 64 persons received gunshot wounds.", "violence", "2011-12-16",
                subtype="injury", count=64),
        mention("On 16 December 2011, 14 individuals died.", "violence", "2011-12-16", subtype="killing", count=14),
    ), "violence")
    assert s[["period", "subtype", "count_low"]].values.tolist() == [["2011", "injury", 64], ["2011", "killing", 14]]


def test_a_subset_under_another_subtype_is_not_added_to_its_whole():
    s = series(frame(
        mention("In 2016 more than 1,000 participants were detained, of whom more than 30 got administrative arrest.",
                "detention", "2016-01-01", "2016-12-31", kind="tally", subtype="detention", count=1000,
                qualifier="more_than"),
        mention("In 2016 more than 1,000 participants were detained, of whom more than 30 got administrative arrest.",
                "detention", "2016-01-01", "2016-12-31", kind="tally", subtype="administrative_arrest", count=30,
                qualifier="more_than"),
    ), "detention").set_index("subtype")
    assert s.loc["detention", "count_low"] == 1001 and s.loc["administrative_arrest", "count_low"] == 31


def test_an_up_to_figure_is_a_ceiling_and_the_period_a_range():
    s = series(frame(
        mention("A few days later as many as 700 persons had been arrested.", "detention", "2011-12-19",
                "2011-12-23", subtype="detention", count=700, qualifier="up_to"),
        mention("On 16 December 2011 one protester was detained.", "detention", "2011-12-16",
                doc_id="doc_b", subtype="detention", count=1),
    ), "detention")
    assert (s.loc[0, "count_low"], s.loc[0, "count_high"], bool(s.loc[0, "lower_bound"])) == (1, 701, False)


def test_a_misspelt_type_or_subtype_names_the_valid_ones():
    with pytest.raises(ValueError, match=r"'detentions' \(did you mean 'detention'\?\); the event types are: .*protest"):
        series(THREATS, "detentions")
    with pytest.raises(ValueError, match="valid subtypes: killing"):
        series(THREATS, "violence", subtype="killings")


def test_two_accounts_of_one_event_are_spanned_not_summed():
    ev = events(frame(
        mention("On 16 December 2011 at least 16 people were killed in Zhanaozen.", "violence", "2011-12-16",
                subtype="killing", count=16, qualifier="at_least", location="Zhanaozen"),
        mention("On 16 December 2011, 14 individuals died in Zhanaozen.", "violence", "2011-12-16",
                doc_id="doc_b", subtype="killing", count=14, location="Zhanaozen"),
        mention("On 16 December 2011, 64 persons received gunshot wounds.", "violence", "2011-12-16",
                subtype="injury", count=64),
    ))
    killing = ev[ev["subtype"] == "killing"].iloc[0]  # each source's figure: 16 or more, 14
    assert len(ev) == 2 and killing["count_low"] == 14 and pd.isna(killing["count_high"])
    assert killing["sources"] == "doc_a; doc_b" and killing["n_mentions"] == 2


def test_one_event_told_to_the_day_and_to_the_month_keeps_the_day():
    ev = events(frame(
        mention("On 13 March 2018 a court banned the DCK.", "ban", "2018-03-13", subtype="organisation",
                count=1, unit="organisations", subjects="Democratic Choice of Kazakhstan"),
        mention("In March 2018 the DCK was declared extremist.", "ban", "2018-03-01", "2018-03-31",
                doc_id="doc_b", subtype="organisation", count=1, unit="organisations",
                subjects="Democratic Choice of Kazakhstan"),
    ))
    assert len(ev) == 1 and ev.loc[0, "date_start"] == pd.Timestamp("2018-03-13") and ev.loc[0, "n_sources"] == 2


def test_different_people_on_the_same_dates_stay_two_events():
    s = series(frame(
        mention("In 2017 Larisa Kharkova was sentenced.", "conviction", "2017-01-01", "2017-12-31",
                subtype="restriction", count=1, subjects="Larisa Kharkova"),
        mention("In 2017 Olesya Khalabuzar was sentenced.", "conviction", "2017-01-01", "2017-12-31",
                doc_id="doc_b", subtype="restriction", count=1, subjects="Olesya Khalabuzar"),
    ), "conviction")
    assert s.loc[0, "count_low"] == 2 and s.loc[0, "n_events"] == 2


def test_rows_across_two_periods_are_left_out_and_month_frequency():
    rows = frame(
        mention("From March 2018 to March 2019, more than 700 people were detained.", "detention",
                "2018-03-01", "2019-03-31", kind="tally", subtype="detention", count=700, qualifier="more_than"),
        mention("On 10 May 2018 more than 150 people were detained.", "detention", "2018-05-10",
                subtype="detention", count=150, qualifier="more_than"),
    )
    assert series(rows, "detention")["period"].tolist() == ["2018"]
    assert series(rows, "detention")["count_low"].tolist() == [151]
    assert series(rows, "detention", freq="month")["period"].tolist() == ["2018-05"]


def test_subtype_filter_empty_result_and_bad_frequency():
    assert series(THREATS, "strike").columns.tolist() == COLUMNS and series(THREATS, "strike").empty
    assert series(THREATS, "violence", subtype="killing").empty
    with pytest.raises(ValueError, match="freq"):
        series(THREATS, "threat", freq="fortnight")


# --- end to end, from text through the extractor --------------------------------------------

TEXT_A = ("3. While 101 incidents affecting activists were registered over five months in 2011, "
          "555 cases of threats against defenders were recorded in 2018.")
TEXT_B = "According to Kadyr Kasiet, there were 555 cases of threats against defenders in 2018."


def test_from_extracted_text_partial_year_and_one_figure_two_sources():
    import kzevents

    rows = validate_mentions(pd.concat([kzevents.extract(TEXT_A, doc_id="a", published="2019-01-01"),
                                        kzevents.extract(TEXT_B, doc_id="b", published="2019-06-01")],
                                       ignore_index=True))
    s = kzevents.series(rows, "threat").set_index("period")
    assert (s.loc["2011", "count_low"], bool(s.loc["2011", "partial"]), s.loc["2011", "months"]) == (101, True, 5)
    assert round(s.loc["2011", "rate_low"]) == 242
    assert s.loc["2018", "count_low"] == 555 and s.loc["2018", "sources"] == "a; b"


# --- honest per-period figures, pinned on data/raw (issue 9) -----------------------------------

def _year(s: pd.DataFrame, period: str, subtype: str) -> pd.Series:
    rows = s[(s["period"] == period) & (s["subtype"] == subtype)]
    assert len(rows) == 1, (period, subtype, s[["period", "subtype"]].values.tolist())
    return rows.iloc[0]


def test_data_raw_detentions_2011_keep_the_up_to_700_as_a_ceiling(seed_mentions):
    import kzevents

    row = _year(series(seed_mentions, "detention"), "2011", "detention")
    # never the lower bound "1" alone: either the ceiling of 700 shows, or the year is marked open
    # because another 2011 detention has no figure at all
    assert row["count_low"] >= 1 and (pd.isna(row["count_high"]) and row["lower_bound"] or row["count_high"] >= 700)
    events = kzevents.link(seed_mentions)
    ceiling = events[(events["event_type"] == "detention") & (events["date_start"].dt.year == 2011)]["count_high"]
    assert (ceiling == 700).any()


def test_data_raw_detentions_2016_never_add_the_administrative_arrests_to_the_detained(seed_mentions):
    s = series(seed_mentions, "detention")
    assert _year(s, "2016", "detention")["count_low"] == 1001
    assert _year(s, "2016", "administrative_arrest")["count_low"] == 31


def test_data_raw_violence_2011_keeps_killings_and_injuries_apart(seed_mentions):
    s = series(seed_mentions, "violence")
    y2011 = s[s["period"] == "2011"]
    assert {"killing", "injury"} <= set(y2011["subtype"]) and y2011["subtype"].is_unique
    assert _year(s, "2011", "killing")["count_low"] < 100


def test_data_raw_defamation_verdicts_do_not_replace_the_prison_sentences(seed_mentions):
    s = series(seed_mentions, "conviction")
    assert _year(s, "2016", "")["count_low"] == 5 and _year(s, "2016", "prison")["count_low"] >= 1
    assert set(s.loc[s["period"] == "2017", "subtype"]) > {""}


def test_series_accepts_the_events_frame_of_link(seed_mentions):
    import kzevents

    from_events = series(kzevents.link(seed_mentions), "threat").set_index("period")
    assert from_events.loc["2018", "count_low"] == 555 and from_events.loc["2018", "n_sources"] == 2
