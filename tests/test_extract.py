"""Rows from report-style passages written for these tests (codebook §1–§6, R1–R18)."""

import pandas as pd

from kzevents import extract


def rows(text, published="2020-01-01"):
    df = extract(text, doc_id="t", published=published)
    return [(r.event_type, str(r.date_start.date()), str(r.date_end.date()),
             None if pd.isna(r["count"]) else int(r["count"])) for _, r in df.iterrows()]


def test_several_events_in_one_sentence_each_with_its_date_and_count():
    text = ("7. Mass detentions took place in Almaty: on 3 May 2019 more than 80 people were detained; "
            "on 9 June 2019 more than 120 people were detained.")
    assert rows(text) == [("detention", "2019-05-03", "2019-05-03", 80), ("detention", "2019-06-09", "2019-06-09", 120)]


def test_of_which_gives_a_prosecution_and_a_conviction_row_per_year():
    text = ("Criminal cases for insult were opened against 12 bloggers in 2016. "
            "In 2017, 40 cases, of which 9 ended in guilty verdicts, and in 2018 31, of which 7 guilty.")
    got = rows(text)
    assert ("conviction", "2017-01-01", "2017-12-31", 9) in got
    assert ("conviction", "2018-01-01", "2018-12-31", 7) in got
    assert ("prosecution", "2017-01-01", "2017-12-31", 40) in got
    assert ("prosecution", "2018-01-01", "2018-12-31", 31) in got


def test_report_date_is_not_the_event_date():
    text = ("15. On 2 March 2020, police dispersed a rally in Shymkent. According to a statement issued by the "
            "Interior Ministry on 10 March 2020, 14 people were injured.")
    got = rows(text, "2020-06-01")
    assert ("violence", "2020-03-02", "2020-03-02", 14) in got
    assert all(r[1] != "2020-03-10" for r in got)


def test_next_day_and_singular_subject():
    text = ("On 12 October 2015, a court in Taraz banned the independent union Birlik. "
            "The next day, its chairman was arrested.")
    got = rows(text)
    assert ("ban", "2015-10-12", "2015-10-12", 1) in got
    assert ("detention", "2015-10-13", "2015-10-13", 1) in got


def test_recommendations_and_undated_practice_are_not_rows():
    text = ("The State should release all detained journalists. Activists have been detained over the past "
            "five years. Penalties can include up to 15 days of administrative arrest.")
    assert rows(text) == []


def test_law_rows_have_no_count_and_future_dates_are_dropped():
    text = "On 1 July 2021 amendments to the Law on Assemblies entered into force. The plan runs to 2030."
    df = extract(text, published="2022-01-01")
    assert df["event_type"].tolist() == ["law"] and df["subtype"].tolist() == ["in_force"]
    assert df["count"].isna().all()


def test_sources_fields():
    text = ("4. According to Adil Soz, 20 journalists were detained in Almaty in 2019.<sup>3</sup>\n\n"
            "<sup>3</sup> http://example.org/adilsoz")
    df = extract(text)
    r = df.iloc[0]
    assert r.attributed_to == "Adil Soz" and r.location == "Almaty" and r.paragraph == 4
    assert r.cited_urls == "http://example.org/adilsoz"
    assert text[r.char_start:r.char_end] == r.quote


def test_conviction_penalty_and_subtype():
    df = extract("In March 2019 the blogger Aset Nurlanov was sentenced to 3 years in prison for his posts.")
    r = df.iloc[0]
    assert (r.event_type, r.subtype, r.penalty, int(r["count"])) == ("conviction", "prison", "3 years in prison", 1)


def test_empty_and_eventless_text_give_a_valid_empty_frame():
    assert extract("").empty and extract("No events are told here.").empty


def test_one_event_over_a_list_of_dates_r22():
    got = rows("The two trade union leaders were released from prison in 2019 and 2021.", "2022-01-01")
    assert [(r[0], r[1]) for r in got] == [("release", "2019-01-01"), ("release", "2021-01-01")]
    got = rows("The blogger was arrested in Oral on 3 March 2020 and, on 9 June 2020, was sentenced to 2 years in prison.", "2022-01-01")
    assert ("detention", "2020-03-03", "2020-03-03", 1) in got and ("conviction", "2020-06-09", "2020-06-09", 1) in got
    assert len(got) == 2


def test_protest_setting_spans_a_list_of_days_r17():
    text = ("Mass detentions took place during peaceful rallies: on 1 May 2019 more than 40 people were detained; "
            "on 9 May 2019 more than 60 people were detained.")
    protests = [r for r in rows(text) if r[0] == "protest"]
    assert [r[1] for r in protests] == ["2019-05-01", "2019-05-09"]


def test_continuation_cues_r23():
    text = ("8. On 3 July 2017, police fired on a crowd in Kulsary, killing two people. "
            "Dozens of others were wounded by gunfire.")
    assert ("violence", "2017-07-03", "2017-07-03", None) in rows(text)


def test_counts_of_one_from_objects_and_pronouns_r24():
    got = rows("On 5 July 2016, a court in Kyzylorda convicted the blogger Ruslan Akhmetov of defamation.")
    assert got == [("conviction", "2016-07-05", "2016-07-05", 1)]
    got = rows("On 11 April 2017, the city court ordered the closure of the weekly Dala Times.")
    assert got == [("ban", "2017-04-11", "2017-04-11", 1)]
    assert rows("In May 2011 workers of three companies started labour strikes.")[0][3] is None


def test_a_table_row_cut_by_a_page_break_is_read_whole_r14():
    header = "Recommendations\tCountry\tAnswer of the State\tImplementation 2014-2019\tSuggested recommendations\n"
    cut = "\t\t<p>(b): Not implemented</p>\t<p>In March 2018, the movement “Birlik” was banned by a court.</p>\n"
    df = extract(header + cut, published="2019-01-01")
    assert df["event_type"].tolist() == ["ban"]


def test_future_tense_is_not_an_event_even_with_a_stated_date():
    text = "The amendments will enter into force on 1 March 2022. The hearing is scheduled to open on 3 March 2022."
    assert extract(text, published="2022-01-01").empty


def test_a_relative_clause_after_the_trigger_keeps_its_own_date():
    """'gathered ..., where a clash in December ...': the gathering is not dated December; a
    relative clause on the trigger itself ("the strikes, which began on 4 May") dates it."""
    text = ("On 20 February 2012 about 200 people marched through Aktau. Relatives of the jailed workers "
            "gathered outside the akimat, where a shooting in December 2011 had left many dead.")
    rows = extract(text, published="2012-02-21")
    protest = rows[rows.event_type == "protest"]
    assert list(protest.date_start.dt.strftime("%Y-%m-%d")) == ["2012-02-20", "2012-02-20"]
    rows = extract("About 300 people were injured in the strikes, which began on 4 May 2011.", published="2011-06-01")
    strike = rows[rows.event_type == "strike"]
    assert list(strike.date_start.dt.strftime("%Y-%m-%d")) == ["2011-05-04"]


def test_two_events_of_a_clause_each_take_the_date_right_after_them():
    rows = extract("The code was signed on 2 May and entered into force on 1 July.", published="2020-12-20")
    assert sorted(zip(rows.subtype, rows.date_start.dt.strftime("%m-%d"))) == [("adopted", "05-02"), ("in_force", "07-01")]
    rows = extract("The blogger was detained on 5 May and released on 9 May.", published="2020-12-20")
    assert sorted(zip(rows.event_type, rows.date_start.dt.strftime("%m-%d"))) == [("detention", "05-05"), ("release", "05-09")]


def test_n_days_after_a_clause_dates_that_clause_before_the_main_date():
    """'sealed yesterday, two days after a court banned it': the ban is two days before yesterday."""
    rows = extract("The weekly was sealed off yesterday, two days after a court banned it.", published="2023-02-24")
    assert list(zip(rows.event_type, rows.date_start.dt.strftime("%m-%d"))) == [("ban", "02-21")]
    rows = extract("On 3 May 2022 police detained 20 people. A day later, a court fined nine of them.", published="2023-02-24")
    assert list(zip(rows.event_type, rows.date_start.dt.strftime("%m-%d"))) == [("detention", "05-03"), ("conviction", "05-04")]
