"""Date expressions in report prose resolve to the codebook's intervals (§4, R2–R4)."""

from datetime import date

import pytest

from kzevents.timex import anchor, find_timexes

CASES = [
    ("Police detained him on 3 April 2016 in Aktobe.", "2016-04-03", "2016-04-03", "day"),
    ("The court ruled on September 9, 2019, against them.", "2019-09-09", "2019-09-09", "day"),
    ("The ruling of 25.10.2018 was upheld.", "2018-10-25", "2018-10-25", "day"),
    ("In December 2011 the strike was dispersed.", "2011-12-01", "2011-12-31", "month"),
    ("In late May 2020, pickets were held.", "2020-05-01", "2020-05-31", "month"),
    ("charges were brought in the autumn of 2018", "2018-09-01", "2018-11-30", "season"),
    ("in the winter of 2012, three were detained", "2011-12-01", "2012-02-29", "season"),
    ("in the 1<sup>st</sup> half of 2019, 119 reports", "2019-01-01", "2019-06-30", "half"),
    ("In the second half of 2017 the bans grew.", "2017-07-01", "2017-12-31", "half"),
    ("555 cases were recorded in 2018.", "2018-01-01", "2018-12-31", "year"),
    ("In early 2012 the union was closed.", "2012-01-01", "2012-12-31", "year"),
    ("from March 2018 to March 2019, more than 700 people", "2018-03-01", "2019-03-31", "period"),
    ("between 2011-2017, seventy activists were assaulted", "2011-01-01", "2017-12-31", "period"),
    ("between 2016 and 2019 the courts convicted 40", "2016-01-01", "2019-12-31", "period"),
    ("a strike lasting from May to December 2011", "2011-05-01", "2011-12-31", "period"),
    ("assemblies from 19 to 27 January 2015", "2015-01-19", "2015-01-27", "period"),
    ("In April and May 2016 more than 50 journalists", "2016-04-01", "2016-05-31", "period"),
    ("on 10 and 12 June 2019 rallies were dispersed", "2019-06-10", "2019-06-12", "period"),
    ("by August 2016, 40 outlets had closed", "2016-01-01", "2016-08-31", "period"),
    ("From March 2018 to March 2019, more than 700 people", "2018-03-01", "2019-03-31", "period"),
    ("Between 2011 and 2017, 70 activists were assaulted", "2011-01-01", "2017-12-31", "period"),
]


@pytest.mark.parametrize("sentence,start,end,precision", CASES)
def test_interval(sentence, start, end, precision):
    spans = [t for t in find_timexes(sentence) if not t.undated]
    assert len(spans) == 1, spans
    t = spans[0]
    assert (str(t.start), str(t.end), t.precision) == (start, end, precision)
    assert sentence[t.char_start:t.char_end] == t.text


@pytest.mark.parametrize("sentence", [
    "the 2014 Trade Union Law requires registration",
    "Strategy Kazakhstan 2050 sets goals",
    "see CCPR/C/112/D/2137/2012, annex",
    "In 2026 cases, investigations were closed",
    "they may be detained",
    "about 1,500 citizens are listed",
])
def test_not_a_date(sentence):
    assert [t for t in find_timexes(sentence) if not t.undated] == []


def test_undated_expressions_are_marked():
    spans = find_timexes("activists were harassed over the past eight years")
    assert [t.undated for t in spans] == [True]


def test_relative_and_yearless_dates_anchor():
    prev = find_timexes("On 4 January 2017, a court banned the union.")[0]
    nxt = anchor(find_timexes("The next day workers went on hunger strike.")[0], prev, None)
    assert (nxt.start, nxt.precision) == (date(2017, 1, 5), "day")
    earlier = anchor(find_timexes("arrested four days earlier")[0], prev, None)
    assert earlier.start == date(2016, 12, 31)
    yearless = anchor(find_timexes("on 20 December, one man died")[0], prev, None)
    assert yearless.start == date(2017, 12, 20)
    few = anchor(find_timexes("a few days after the violence")[0], prev, None)
    assert (few.start, few.end, few.precision) == (date(2017, 1, 5), date(2017, 1, 11), "period")


def test_yearless_date_after_publication_rolls_back():
    span = anchor(find_timexes("on 16 December, police fired")[0], None, date(2015, 6, 16))
    assert span.start == date(2014, 12, 16)


# R26: the period a periodic report covers
def test_covers_parses_a_year_and_an_interval_and_names_bad_values():
    from kzevents.timex import parse_covers

    assert parse_covers("2019") == (date(2019, 1, 1), date(2019, 12, 31))
    assert parse_covers("2014-06-01/2015-05-31") == (date(2014, 6, 1), date(2015, 5, 31))
    assert parse_covers("") is None
    for bad in ("19", "2015-05-31/2014-06-01", "2014/2015", "2014-13-01/2015-01-01"):
        with pytest.raises(ValueError, match="covers"):
            parse_covers(bad)


def test_yearless_dates_resolve_inside_the_covered_period():
    from kzevents import extract

    text = "In March, police detained eleven bloggers."
    annual = extract(text, published="2020-04-15", covers="2019")
    assert str(annual.loc[0, "date_start"].date()) == "2019-03-01"
    news = extract(text, published="2020-04-15")
    assert str(news.loc[0, "date_start"].date()) == "2020-03-01"
    # a period across two years: the month falls where it lies inside the period
    split = extract("In September, two newspapers were closed.", published="2015-07-01", covers="2014-06-01/2015-05-31")
    assert str(split.loc[0, "date_start"].date()) == "2014-09-01"


def test_a_dated_paragraph_still_gives_the_year_in_a_periodic_report():
    from kzevents import extract

    rows = extract("In 2011 the strike began in Zhanaozen. In December, at least 12 strikers were killed.",
                   published="2018-02-01", covers="2017")
    assert str(rows[rows.event_type == "violence"].iloc[0]["date_start"].date()) == "2011-12-01"
