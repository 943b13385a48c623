"""Counts attached to their trigger across appositions and subsets (R6, R24)."""

import pandas as pd
import pytest

from kzevents import extract


def counts(text):
    out = extract(text, published="2023-01-01")
    return [(r.event_type, None if pd.isna(r["count"]) else int(r["count"])) for _, r in out.iterrows()]


@pytest.mark.parametrize("text,expected", [
    ("On 8 March 2022 at least 30 women, including four journalists, were detained in Almaty.", ("detention", 30)),
    ("On 1 May 2021 nine people (among them two minors) were injured in Zhanaozen.", ("violence", 9)),
    ("On 3 June 2020 some 60 strikers, of whom 12 were women, walked out at the copper plant.", ("strike", 60)),
])
def test_a_count_inside_an_apposition_is_not_the_clause_count(text, expected):
    assert expected in counts(text)


def test_without_an_apposition_the_nearest_count_still_wins():
    assert ("detention", 4) in counts("On 8 March 2022 police stopped 30 cars and detained 4 drivers in Taraz.")


@pytest.mark.parametrize("text,expected", [
    ("On 10 October 2019, 21 of the 25 accused were found guilty.", ("conviction", 21)),
    ("On 10 October 2019 a court convicted 21 out of 25 defendants.", ("conviction", 21)),
])
def test_n_of_m_counts_the_part(text, expected):
    assert expected in counts(text)


def test_n_of_m_gives_the_whole_to_a_trigger_that_names_it():
    got = counts("In 2016, 40 out of 90 rallies recorded by monitors were dispersed.")
    assert ("protest", 90) in got


@pytest.mark.parametrize("text,expected", [
    ("On 5 May 2020 the lawyer Aigul Nurova and the blogger Timur Sadykov were detained in Shymkent.", ("detention", 2)),
    ("On 5 May 2020 Aigul Nurova, Timur Sadykov and Erlan Bekov were fined by a court in Taraz.", ("conviction", 3)),
    ("On 5 May 2020 a court in Taraz sentenced Aigul Nurova and Timur Sadykov to ten days of arrest.", (None, 2)),
    ("On 5 May 2020 Aigul Nurova & Timur Sadykov arrested outside the akimat.", ("detention", 2)),
])
def test_a_list_of_named_people_counts_its_names(text, expected):
    got = counts(text)
    event_type, count = expected
    assert any(c == count and event_type in (None, t) for t, c in got), got


def test_a_pronoun_for_people_counted_just_before_takes_their_count():
    text = "On 9 March 2021 police detained 14 activists in Aktobe. A court fined them the next day."
    assert ("conviction", 14) in counts(text)
    assert ("conviction", 14) not in counts("On 9 March 2021 police detained 14 activists in Aktobe. "
                                            "A court fined the organiser the next day.")


@pytest.mark.parametrize("text,expected", [
    ("On 14 December 2021 the death toll in Satpayev rose to nine.", ("violence", 9)),
    ("On 15 December 2021 the authorities raised the official death toll to 12.", ("violence", 12)),
    ("On 16 December 2021 the death toll in Satpayev had risen to 14 people.", ("violence", 14)),
])
def test_a_figure_after_a_toll_verb_counts_the_trigger(text, expected):
    assert counts(text) == [expected]


@pytest.mark.parametrize("text,expected", [
    ("Between 19 and 24 January 2022, 40 miners were prosecuted and fined.", [("prosecution", 40), ("conviction", 40)]),
    ("On 5 May 2022 12 activists were detained and later beaten in custody.", [("detention", 12), ("violence", 12)]),
])
def test_two_verbs_of_one_subject_share_its_count(text, expected):
    assert counts(text) == expected


def test_a_verb_with_its_own_subject_does_not_take_the_count():
    found = dict(counts("On 5 May 2022 12 activists were detained and police blocked the news website."))
    assert found["detention"] == 12 and found["ban"] != 12


@pytest.mark.parametrize("text,expected", [
    ("Bokenov and Sadykova were released on 9 May 2022.", [("release", 2)]),
    ("Serikov, Bokenov and Sadykova were detained on 9 May 2022.", [("detention", 3)]),
    ("Police and Prosecutors were accused of torture on 3 June 2022.", [("prosecution", None)]),
])
def test_surnames_listed_as_the_subject_count_their_people(text, expected):
    assert counts(text) == expected
