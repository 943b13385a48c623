"""Rows of data/raw that must come out right (issue #2): pinned against the seed documents."""

import pandas as pd
import pytest


def pick(m, doc, event_type, start, end=None):
    end = end or start
    sel = m[(m.doc_id.str.startswith(doc)) & (m.event_type == event_type)
            & (m.date_start == pd.Timestamp(start)) & (m.date_end == pd.Timestamp(end))]
    return sel


@pytest.mark.parametrize("day,count", [("2018-05-10", 150), ("2018-06-23", 200), ("2018-07-06", 50),
                                       ("2018-12-16", 20), ("2019-02-27", 200), ("2019-03-22", 100)])
def test_detention_waves_004_p13(seed_mentions, day, count):
    sel = pick(seed_mentions, "004", "detention", day)
    assert len(sel) == 1
    r = sel.iloc[0]
    assert (r["count"], r.count_qualifier, r.count_low, r.paragraph) == (count, "more_than", count + 1, 13)


def test_detention_tally_march_2018_to_march_2019(seed_mentions):
    r = pick(seed_mentions, "004", "detention", "2018-03-01", "2019-03-31").iloc[0]
    assert (r["count"], r.count_qualifier, r.kind, r.date_precision) == (700, "more_than", "tally", "period")


def test_threats_003_p3(seed_mentions):
    y2011 = pick(seed_mentions, "003", "threat", "2011-01-01", "2011-12-31")
    y2018 = pick(seed_mentions, "003", "threat", "2018-01-01", "2018-12-31")
    assert y2011["count"].tolist() == [101] and y2018["count"].tolist() == [555]
    assert set(y2011.paragraph) == {3}


def test_threats_002(seed_mentions):
    assert pick(seed_mentions, "002", "threat", "2014-01-01", "2014-12-31")["count"].tolist() == [255]
    r = pick(seed_mentions, "002", "threat", "2018-01-01", "2018-12-31").iloc[0]
    assert (r["count"], r.attributed_to) == (555, "Kadyr Kasiet")


@pytest.mark.parametrize("year,cases,guilty", [(2015, 34, 2), (2016, 51, 5), (2017, 21, 6), (2018, 15, 5)])
def test_defamation_cases_and_verdicts_002(seed_mentions, year, cases, guilty):
    start, end = f"{year}-01-01", f"{year}-12-31"
    assert cases in pick(seed_mentions, "002", "prosecution", start, end)["count"].tolist()
    assert guilty in pick(seed_mentions, "002", "conviction", start, end)["count"].tolist()


def test_prosecutor_general_zhanaozen_figures_000_p72(seed_mentions):
    sel = pick(seed_mentions, "000", "violence", "2011-12-16")
    got = {(r.subtype, r["count"]) for _, r in sel.iterrows() if not pd.isna(r["count"])}
    assert {("injury", 64), ("killing", 14), ("injury", 35), ("killing", 12)} <= got
    assert "2012-01-25" not in sel.date_start.astype(str).tolist()


def test_37_charged_000_p84(seed_mentions):
    sel = seed_mentions[seed_mentions.doc_id.str.startswith("000") & (seed_mentions.event_type == "prosecution")
                        & (seed_mentions["count"] == 37)]
    assert len(sel) == 1
    r = sel.iloc[0]
    assert r.paragraph == 84 and r.date_start.year == 2011


def test_ban_and_hunger_strike_004_p18(seed_mentions):
    ban = pick(seed_mentions, "004", "ban", "2017-01-04").iloc[0]
    assert (ban.subtype, ban["count"], ban.count_unit) == ("organisation", 1, "organisations")
    strike = pick(seed_mentions, "004", "strike", "2017-01-05").iloc[0]
    assert (strike.subtype, strike["count"], strike.count_qualifier) == ("hunger", 600, "more_than")


def test_torture_first_half_2019_002(seed_mentions):
    r = pick(seed_mentions, "002", "violence", "2019-01-01", "2019-06-30").iloc[0]
    assert (r.subtype, r["count"], r.date_precision, r.kind) == ("torture", 119, "half", "tally")


def test_charges_autumn_2018_003(seed_mentions):
    r = pick(seed_mentions, "003", "prosecution", "2018-09-01", "2018-11-30").iloc[0]
    assert r.date_precision == "season" and "Baltabay" in r.quote


def test_every_quote_is_its_span(seed_mentions, root):
    from kzevents.schema import check_quotes
    import kzevents

    texts = kzevents.load_corpus(root / "data" / "raw").texts()
    assert check_quotes(seed_mentions, texts) == []
