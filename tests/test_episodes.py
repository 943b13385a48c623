"""R7 episodes: a dateless sentence that tells more of the dated episode just told takes its date;
a new date, background, quiet sentences or a long report paragraph end the episode."""

import pandas as pd
import pytest

from kzevents import extract


def rows(text, **kw):
    out = extract(text, published=kw.pop("published", "2021-12-31"), **kw)
    return [(r.event_type, str(r.date_start.date()), None if pd.isna(r["count"]) else int(r["count"]))
            for _, r in out.iterrows()]


def test_figures_in_the_next_sentence_take_the_episode_date():
    text = ("On 12 April 2021 police detained dozens of people in three cities. "
            "More than 30 were detained in Oral alone.")
    got = rows(text)
    assert ("detention", "2021-04-12", 30) in got
    assert all(d == "2021-04-12" for _, d, _ in got)


def test_the_episode_runs_on_across_the_short_paragraphs_of_news():
    text = ("On 3 May 2021 about 200 people rallied in Almaty against a new land law.\n\n"
            "Riot police dispersed the crowd within an hour.\n\n"
            "Eleven activists were later fined by a district court.")
    got = rows(text)
    assert ("conviction", "2021-05-03", 11) in got


def test_an_episode_told_without_a_known_trigger_still_dates_what_follows():
    text = "On 9 June 2021 the town's bakers held an assembly of grievances. Police arrested four of them."
    assert ("detention", "2021-06-09", 4) in rows(text)


@pytest.mark.parametrize("background", [
    "He has long campaigned against torture and was previously detained for his posts.",
    "Journalists are routinely harassed by local officials.",
    "The Special Rapporteur remains concerned about arrests of peaceful protesters.",
    "Under the amended law, organisers of unauthorised rallies are punishable by fines.",
])
def test_background_takes_no_date_from_the_episode(background):
    text = "On 14 March 2021 police detained the blogger Arman Seitov in Semey. " + background
    got = rows(text)
    assert got == [("detention", "2021-03-14", 1)]


def test_a_year_is_a_setting_not_an_episode():
    text = "In 2019 the authorities opened a case against the union. Its leader was later arrested."
    assert [r for r in rows(text) if r[0] == "detention"] == []


QUIET = ["The city lies in the south.", "Its mayor is appointed.", "The square is near the river.",
         "The market is closed on Mondays."]


def test_four_quiet_sentences_end_the_episode():
    text = " ".join(["On 2 February 2021 police detained six activists in Taraz."] + QUIET
                    + ["Residents protested against water tariffs."])
    assert [r for r in rows(text) if r[0] == "protest"] == []


def test_an_episode_survives_a_few_quiet_sentences():
    text = " ".join(["On 2 February 2021 police detained six activists in Taraz."] + QUIET[:2]
                    + ["Residents protested against the detentions."])
    assert ("protest", "2021-02-02", None) in rows(text)


def test_a_long_report_paragraph_ends_its_episode():
    first = ("12. On 20 May 2019 police detained 40 people in Nur-Sultan. The detainees were taken to "
             "stations outside the city. Lawyers were not admitted. Relatives were not informed.")
    second = "13. Activists were detained in other regions as well."
    got = rows(first + "\n\n" + second)
    assert [r for r in got if r[2] is None and r[0] == "detention"] == []


def test_a_date_in_a_relative_clause_does_not_open_the_episode():
    text = ("Opposition groups called a rally on 8 May 2021 for a blogger who died in custody on 30 April 2021. "
            "Police detained about 40 people near the square.")
    assert ("detention", "2021-05-08", 40) in rows(text)


def test_the_event_of_a_where_clause_opens_the_episode_of_a_news_lead():
    text = ("The president imposed a curfew on the town, where at least nine people were shot dead on "
            "16 December 2011.\n\nHe said 60 people were wounded and about 50 were detained.")
    got = rows(text)
    assert ("violence", "2011-12-16", 60) in got and ("detention", "2011-12-16", 50) in got


def test_a_sentence_with_its_own_date_but_no_known_event_opens_the_episode_for_what_follows():
    text = ("The trial of the union's lawyers opened in Aktau on 2 July 2021 under heavy guard. "
            "Eight relatives were detained outside the court.")
    assert ("detention", "2021-07-02", 8) in rows(text)


@pytest.mark.parametrize("habit", [
    "Protesting in the regions has never been easy for the families.",
    "Lists of detainees are released once a year.",
])
def test_habits_and_states_take_no_date_from_the_episode(habit):
    text = "On 21 June 2021 police detained the activist Dana Ermekova in Kyzylorda. " + habit
    assert rows(text) == [("detention", "2021-06-21", 1)]


@pytest.mark.parametrize("opinion", [
    "“This is a crackdown on peaceful dissent and the detentions must end,” the director said.",
    "The bureau considers that the arrest of the activists was an act of intimidation.",
    "Arresting critics before a vote looks like a warning to others.",
    "I am gravely concerned about the charges brought against them, the expert said.",
])
def test_speech_and_opinion_take_no_date_from_the_episode(opinion):
    text = "On 4 October 2021 police detained the activist Dana Ermekova in Kyzylorda. " + opinion
    assert rows(text) == [("detention", "2021-10-04", 1)]
