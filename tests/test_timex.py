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


# issue 8: intervals, open periods, news dates, the covered period (§4, R2–R4, R26)
PUBLISHED = date(2023, 3, 15)  # a Wednesday

ANCHORED = [
    # bugs: the fourth quarter is October–December; a year-less February keeps its last day
    ("Wage arrears grew in the fourth quarter of 2018.", "2018-10-01", "2018-12-31", "period"),
    ("In the 3rd quarter of 2020 the courts heard 12 cases.", "2020-07-01", "2020-09-30", "period"),
    ("Q2 2021 saw a wave of pickets.", "2021-04-01", "2021-06-30", "period"),
    ("In H1 2020 the ministry refused 30 rallies.", "2020-01-01", "2020-06-30", "half"),
    ("In the fourth quarter, 40 people were fined.", "2022-10-01", "2022-12-31", "period"),
    ("Since early February, nine journalists have been summoned.", "2023-02-01", "2023-02-28", "month"),
    # intervals
    ("between 20 and 24 March 2022 police held 300 people", "2022-03-20", "2022-03-24", "period"),
    ("Between 20 March and 24 March, 1,000 people were held.", "2022-03-20", "2022-03-24", "period"),
    ("Between the vote on 20 March and 24 March, 80 were held.", "2022-03-20", "2022-03-24", "period"),
    ("Workers struck from 3 to 7 June.", "2022-06-03", "2022-06-07", "period"),
    ("From May 2019 to March 2020, the union was barred.", "2019-05-01", "2020-03-31", "period"),
    ("Rallies took place on 3–7 June 2021 in Aktau.", "2021-06-03", "2021-06-07", "period"),
    ("On 2–3 January, miners stopped work.", "2023-01-02", "2023-01-03", "period"),
    ("On January 4–10 the internet was cut.", "2023-01-04", "2023-01-10", "period"),
    ("on 10 and 12 June pickets were dispersed", "2022-06-10", "2022-06-12", "period"),
    ("from December 2021 to February 2022 the bloggers were held", "2021-12-01", "2022-02-28", "period"),
    # open periods and tallies (R3)
    ("Since 3 February 2019, the editor has been in custody.", "2019-02-03", "2019-02-03", "day"),
    ("As of 11 January, 9,900 people had been detained.", "2023-01-01", "2023-01-11", "period"),
    ("as of the 11th of January 2022, 9,900 were held", "2022-01-01", "2022-01-11", "period"),
    ("By the evening of 9 September, 70 had been detained.", "2022-01-01", "2022-09-09", "period"),
    ("By 5 May 2020, 40 activists had been fined.", "2020-01-01", "2020-05-05", "period"),
    ("He remained in detention until March 2021.", "2021-03-01", "2021-03-31", "month"),
    # news dates against the publication date (R2)
    ("Police detained two reporters yesterday.", "2023-03-14", "2023-03-14", "day"),
    ("Today, a court in Almaty fined the activist.", "2023-03-15", "2023-03-15", "day"),
    ("On Monday, police detained 20 protesters.", "2023-03-13", "2023-03-13", "day"),
    ("The pickets on Wednesday night were dispersed.", "2023-03-15", "2023-03-15", "day"),
    ("On Thursday, the court convicted him.", "2023-03-09", "2023-03-09", "day"),
    ("Last week, two newspapers were closed.", "2023-03-06", "2023-03-12", "period"),
    ("This week, three bloggers were summoned.", "2023-03-13", "2023-03-15", "period"),
    ("Last month a court banned the party.", "2023-02-01", "2023-02-28", "month"),
    ("Earlier this month, 12 people were fined.", "2023-03-01", "2023-03-31", "month"),
    ("Last year, 300 people were prosecuted.", "2022-01-01", "2022-12-31", "year"),
    ("This year the ministry refused 15 rallies.", "2023-01-01", "2023-12-31", "year"),
    ("Last summer, oil workers went on strike.", "2022-06-01", "2022-08-31", "season"),
    ("this winter, ten activists were detained", "2022-12-01", "2023-02-28", "season"),
    ("Over the past three days, 40 people were detained.", "2023-03-12", "2023-03-15", "period"),
    ("In the past 48 hours police held 19 people.", "2023-03-13", "2023-03-15", "period"),
    # ordinal and written-out days
    ("On 25th October 2016 they were sentenced.", "2016-10-25", "2016-10-25", "day"),
    ("On the 11th of January 2022, 200 were released.", "2022-01-11", "2022-01-11", "day"),
    ("On October 25th, 2016, the court convicted him.", "2016-10-25", "2016-10-25", "day"),
    ("the 25th October rally was dispersed", "2022-10-25", "2022-10-25", "day"),
    ("Police detained him from December 17.", "2022-12-17", "2022-12-17", "day"),
    ("the January 10 elections were marred", "2023-01-10", "2023-01-10", "day"),
    ("December’s strikes spread to Aktau.", "2022-12-01", "2022-12-31", "month"),
]


@pytest.mark.parametrize("sentence,start,end,precision", ANCHORED)
def test_anchored_interval(sentence, start, end, precision):
    spans = [anchor(t, None, PUBLISHED) for t in find_timexes(sentence) if not t.undated]
    assert len(spans) == 1 and spans[0] is not None, spans
    t = spans[0]
    assert (str(t.start), str(t.end), t.precision) == (start, end, precision)
    assert sentence[t.char_start:t.char_end].strip() == t.text


@pytest.mark.parametrize("sentence", [
    "a quarter of the protesters were women",  # a quarter, not the first quarter
    "the first quarter of the population voted",
    "they sold half of the shares",
    "between the police and the protesters",
    "Monday Club members met",  # a weekday with no "on"
    "Kazakhstan Today reported the arrest",  # a name, not the publication day
    "the Black Monday's crash",
    "May 5 people be detained",
    "on the 30th anniversary of independence",
])
def test_not_a_date_without_context(sentence):
    resolved = [anchor(t, None, PUBLISHED) for t in find_timexes(sentence) if not t.undated]
    assert [t for t in resolved if t is not None] == []


def test_to_this_day_is_undated():
    spans = find_timexes("He has remained in prison to this day.")
    assert [t.undated for t in spans] == [True]
    assert [t.undated for t in find_timexes("To the present day, no one was charged.")] == [True]


def test_news_dates_need_a_publication_date():
    for sentence in ("Police detained two reporters yesterday.", "On Monday, 20 were held.", "Last week, a ban."):
        (span,) = find_timexes(sentence)
        assert span.relative["against"] == "published"
        assert anchor(span, None, None) is None
        # the previous event does not anchor a news date: the publication date does
        prev = find_timexes("On 4 January 2017, a court banned it.")[0]
        assert anchor(span, prev, None) is None


def test_covered_period_is_the_report_period_or_nothing():
    (span,) = find_timexes("During the year, police detained 150 protesters.")
    assert anchor(span, None, PUBLISHED) is None
    year = anchor(span, None, PUBLISHED, covers=(date(2022, 1, 1), date(2022, 12, 31)))
    assert (year.start, year.end, year.precision) == (date(2022, 1, 1), date(2022, 12, 31), "year")
    (span,) = find_timexes("In the period under review, 12 outlets were closed.")
    split = anchor(span, None, PUBLISHED, covers=(date(2021, 6, 1), date(2022, 5, 31)))
    assert (split.start, split.end, split.precision) == (date(2021, 6, 1), date(2022, 5, 31), "period")


def test_yearless_range_and_quarter_fall_inside_the_covered_period():
    covers = (date(2014, 6, 1), date(2015, 5, 31))
    (rng,) = find_timexes("from 3 to 7 June protesters were held")
    assert (anchor(rng, None, PUBLISHED, covers).start, anchor(rng, None, PUBLISHED, covers).end) == \
        (date(2014, 6, 3), date(2014, 6, 7))
    (feb,) = find_timexes("In February, two sites were blocked.")
    assert anchor(feb, None, PUBLISHED, covers).end == date(2015, 2, 28)


def test_day_of_month_takes_the_month_of_the_event_before():
    prev = find_timexes("On 28 May 2019, workers struck in Zhanaozen.")[0]
    (later,) = find_timexes("On the 3rd, police detained their leader.")
    assert anchor(later, prev, None).start == date(2019, 6, 3)
    (same,) = find_timexes("on the 30th the strike ended")
    assert anchor(same, prev, None).start == date(2019, 5, 30)


def test_sentences_without_a_date_word_return_at_once():
    assert find_timexes("Police detained the activists and took them to the station.") == []
    long_text = "word, " * 20000 + "police"
    assert find_timexes(long_text) == []


def test_yearless_range_across_the_new_year_starts_in_the_anchor_year():
    (span,) = find_timexes("a curfew was imposed from 17 December to 5 January")
    moved = anchor(span, None, date(2011, 12, 20))
    assert (moved.start, moved.end) == (date(2011, 12, 17), date(2012, 1, 5))
    (winter,) = find_timexes("from December to February, 30 were detained")
    inside = anchor(winter, None, PUBLISHED, covers=(date(2014, 6, 1), date(2015, 5, 31)))
    assert (inside.start, inside.end) == (date(2014, 12, 1), date(2015, 2, 28))


def test_a_day_later_follows_the_event_but_a_day_after_a_clause_does_not():
    prev = find_timexes("On 4 January 2017, a court banned the union.")[0]
    (later,) = find_timexes("A day later, its leader was detained.")
    assert anchor(later, prev, None).start == date(2017, 1, 5)
    # "X, a day after the paper was banned": the ban is a day before X, not after the anchor
    (before,) = find_timexes("sealed, a day after the newspaper was banned")
    assert anchor(before, prev, None).start == date(2017, 1, 3)


def test_during_the_year_without_a_covered_period_dates_nothing():
    from kzevents import extract

    assert extract("During the year police detained 40 activists.", published="2020-03-01").empty
    covered = extract("During the year police detained 40 activists.", published="2020-03-01", covers="2019")
    assert [str(covered.loc[0, c].date()) for c in ("date_start", "date_end")] == ["2019-01-01", "2019-12-31"]


def test_a_number_in_the_1800s_is_not_a_year_of_this_genre():
    assert find_timexes("About 1800 people gathered at the palace.") == []
    assert find_timexes("The riots of 1986 in Almaty")[0].start == date(1986, 1, 1)


@pytest.mark.parametrize("text,expected", [
    ("Police detained dozens of marchers Sunday in the capital.", "2019-06-09"),
    ("Protests went on Tuesday, the ministry said.", "2019-06-04"),
    ("The Sunday Times reported the arrests.", None),
])
def test_a_bare_weekday_in_news_resolves_against_publication(text, expected):
    spans = [anchor(t, None, date(2019, 6, 10)) for t in find_timexes(text)]
    got = [str(s.start) for s in spans if s]
    assert got == ([expected] if expected else [])


def test_a_yearless_date_takes_the_year_nearest_the_date_before_it():
    """'in the autumn of 2022 ... On 14 February' is February 2023 when the document is later;
    not after the publication date, and inside a covered period when there is one."""
    prev = find_timexes("a series of attacks in the autumn of 2022")[0]
    feb = find_timexes("On 14 February a journalist was beaten")[0]
    assert str(anchor(feb, prev, date(2023, 3, 1)).start) == "2023-02-14"
    assert str(anchor(feb, prev, date(2023, 1, 10)).start) == "2022-02-14"  # 2023 would be after publication
    march = find_timexes("On 3 March the court fined him")[0]
    assert str(anchor(march, find_timexes("On 9 May 2019 he was detained")[0], date(2020, 6, 1)).start) == "2019-03-03"
    late = find_timexes("On 20 November 2017 the union was closed")[0]
    january = find_timexes("On 19 January workers went on strike")[0]
    assert str(anchor(january, late, date(2018, 12, 1)).start) == "2018-01-19"
    assert str(anchor(january, late, date(2018, 12, 1), (date(2017, 1, 1), date(2017, 12, 31))).start) == "2017-01-19"


@pytest.mark.parametrize("text, published, month", [
    ("The strike began a year ago in May.", date(2012, 6, 10), "2011-05"),
    ("Two years ago in March, police detained 40 people.", date(2012, 6, 10), "2010-03"),
    ("In November last year, the court closed the weekly.", date(2015, 2, 1), "2014-11"),
    ("The union was dissolved in April, three years ago.", date(2012, 6, 10), "2009-04"),
])
def test_a_month_of_a_past_year_resolves_against_the_publication_date(text, published, month):
    span = anchor(find_timexes(text)[0], None, published)
    assert (span.start.strftime("%Y-%m"), span.precision) == (month, "month")
    assert span.end.strftime("%Y-%m") == month


@pytest.mark.parametrize("text, start, end", [
    ("Over the weekend, police detained 40 people.", "2020-05-30", "2020-05-31"),  # published on a Tuesday
    ("Since the start of the year, 40 people were detained.", "2020-01-01", "2020-12-31"),
])
def test_weekends_and_the_start_of_the_year_read_against_publication(text, start, end):
    (span,) = find_timexes(text)
    got = anchor(span, None, date(2020, 6, 2))
    assert (str(got.start), str(got.end)) == (start, end)


def test_a_half_of_a_month_is_not_a_half_year_and_a_run_up_is_no_tally():
    assert [t.text for t in find_timexes("In the second half of January, 40 people were detained.")] == ["of January"]
    (span,) = find_timexes("In the run-up to the 9 June election, 40 people were detained.")
    assert span.precision == "day" and span.text == "the 9 June"
