"""The row fields read off a sentence (codebook §6): each rule with sentences it must and must not fill."""

import pandas as pd
import pytest

from kzevents.extract import fields


@pytest.mark.parametrize("sentence,expected", [
    ("In March 2020 police dispersed a picket of 40 farmers in Taraz.", "Taraz"),
    ("Riot police detained 12 residents of the town of Zhanatas on 2 May 2019.", "Zhanatas"),
    ("In the village of Akkol, two activists were beaten on 3 June 2021.", "Akkol"),
    ("Around 300 workers struck in the Mangistau region in May 2011.", "Mangistau region"),
    ("Rallies took place in Qyzylorda and Oskemen on 10 May 2018.", "Qyzylorda; Oskemen"),
    ("Seventy people were held in Almaty and in Nur-Sultan on Sunday.", "Almaty; Nur-Sultan"),
])
def test_places_named_in_the_sentence(sentence, expected):
    assert fields.places(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "In 1997 President Nursultan Nazarbayev signed a decree on public gatherings.",  # a first name, not the capital
    "He was detained in the city of Bishkek on 4 April 2021.",  # "the city of" a foreign town
    "The camp lies a few kilometres away from Aktau; three guards were injured there in 2019.",  # a reference point
    "Oral submissions were heard by the court on 5 May 2020.",  # no place at all
])
def test_no_place_where_none_is_the_setting(sentence):
    assert "Nursultan" not in fields.places(sentence)
    assert fields.places(sentence) in ("", "Oral") and "Bishkek" not in fields.places(sentence)
    assert "Aktau" not in fields.places(sentence)


def test_a_sentence_opening_with_oral_is_no_place_but_the_city_is():
    assert fields.places("The picket in Oral ended with 5 arrests on 2 March 2022.") == "Oral"


@pytest.mark.parametrize("sentence,expected", [
    ("On 3 May 2021 blogger Aidos Sadykov was detained in Almaty.", "Aidos Sadykov"),
    ("Mr. Kuanyshev was fined in June 2019 for a single picket.", "Kuanyshev"),
    ("In 2018 journalists Dana Omar and Gulnara Bazh were summoned.", "Dana Omar; Gulnara Bazh"),
    ("In May 2017 the court sentenced Zhumabay to 4 years in prison.", "Zhumabay"),
    ("In January 2019 a court banned the Free Workers Party and the Vlast.kz portal.",
     "Free Workers Party; Vlast.kz"),
    ("The movement \"Street Choice\" was declared extremist on 2 May 2019.", "Street Choice"),
    ("The weekly *Taraz Tany* was closed by a court in May 2016.", "Taraz Tany"),  # an outlet's marked name
    ("On 2 May 2019 a fine imposed on the foundation “EKO” was annulled.", "EKO"),
    ("On 4 May 2021 Orda.kz photo reporter Aidana Zhusup was detained.", "Aidana Zhusup"),  # not her outlet
    ("In 2020 the head of NGO ‘Civic Voice Centre’ Aliya Nurmagambet was sentenced to 2 years.",
     "Aliya Nurmagambet"),  # the affiliation is not who was sentenced
])
def test_subjects_show_they_are_names(sentence, expected):
    assert fields.subjects(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "Dozens of protesters were detained on 1 May 2022.",  # a quantity word at the start
    "Temperatures fell to -25 C. Their relatives were not told of the transfer on 3 May 2019.",  # a unit, a pronoun
    "In 2015 the Union was dissolved by a court.",  # an organisation's word alone
    "On 3 May 2020 the portal ‘quoted a source’ and was blocked.",  # a lower-case quote names no outlet
    "Scores of activists were questioned on 1 May 2022.",
    "In 2019 the new Law on Legal Assistance and Public Councils was adopted.",  # a law's title
    "On 2 May 2018 the Special Rapporteur met the Minister of Internal Affairs.",  # titles and institutions
    "According to Kazakhstan Monitor, 14 people were detained in 2020.",  # the source, not a subject
    "According to the NGO ‘Free Word’, 9 outlets were closed in 2021.",
    "The bill was adopted in 2016 (see Legal Environment and Media Freedom).",  # a cross-reference
    "Kazakhstan acceded in 2009 to the Convention against Torture and the Optional Protocol.",  # conventions
    "Amnesty International said 20 people were held on 12 June 2019.",  # a speaker
    "The party's leader abroad, Bolat Abilov, thanked the court for the publicity on 2 May 2018.",
    "On 1 March 2020 about 80 people rallied in Almaty in memory of Dulat Agadil.",  # the cause of a protest
    "Dozens picketed on 5 May 2021 demanding the release of poet Aron Atabek.",
    "In 2013 a rally against the planned extradition of opposition leader Marat Zhakenov was dispersed.",
])
def test_subjects_never_quantities_titles_sources_or_speakers(sentence):
    assert fields.subjects(sentence) == ""


@pytest.mark.parametrize("sentence,expected", [
    ("According to Open Dialogue, 200 people were detained in 2019.", "Open Dialogue"),
    ("According to statistics of the Public Foundation Erkindik Kanaty, 35 cases were opened in 2018.",
     "Erkindik Kanaty"),
    ("According to the Almaty-based watchdog Adil Soz, 12 outlets were closed in 2017.", "Adil Soz"),
    ("According to the prosecutor's office, 40 complaints of torture were registered in 2019.",
     "prosecutor's office"),
    ("According to a statement by the Ministry of Interior on 7 January 2022, 164 people died.",
     "Ministry of Interior"),
])
def test_attribution_names_the_source(sentence, expected):
    assert fields.attribution(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "According to data for the first half of 2019, 119 cases of torture were registered.",  # a date phrase
    "According to 2018 figures, 92 outlets were suspended.",
    "According to media reports, 30 people were held on 16 December 2021.",  # unnamed reports
    "According to official figures, at least 17 people were killed in 2011.",
    "According to Article 400 of the Code, 50 people were fined in 2020.",  # a law, not a source
    "Ignoring the data of human rights defenders, the authorities closed the case in 2018.",
])
def test_attribution_never_a_date_a_law_or_unnamed_reports(sentence):
    assert fields.attribution(sentence) == ""


def test_a_credit_sentence_gives_its_source():
    assert fields.credited_source("These are statistics from the Public Foundation \u201cErkindik Kanaty\u201d.") == "Erkindik Kanaty"
    assert fields.credited_source("These are figures from 2019.") == ""


@pytest.mark.parametrize("clause,expected", [
    ("He was sentenced to seven years in prison for inciting discord.", "seven years in prison"),
    ("She was fined 100 MRP on charges of holding an unsanctioned picket.", "100 MRP"),
    ("The activist was sentenced to two years of restricted freedom on 5 May 2020.", "two years of restricted freedom"),
    ("The court sentenced him to 3 years of restriction of freedom and imposed on him a 2-year ban on "
     "public activity.", "3 years of restriction of freedom; a 2-year ban on public activity"),
    ("They were sentenced to three, and four and a half years respectively.", "three, and four and a half years"),
    ("She was sentenced to 6 years behind bars on a fabricated charge, and later to a fine on a new "
     "charge.", "6 years behind bars"),
    ("He was fined KZT 1,250,000 (about USD 3,000) for the post.", "KZT 1,250,000"),
    ("The prison term was later replaced with a suspended sentence.", "a suspended sentence"),
    ("He was sentenced to 5 years\u2019 imprisonment in absentia.", "5 years\u2019 imprisonment"),
    ("Administrative fines were imposed on three NGOs in Shymkent.", "Administrative fines"),
])
def test_penalty_whole_as_written(clause, expected):
    assert fields.penalty(clause) == expected


@pytest.mark.parametrize("clause", [
    "In 2018 charges were imposed on leader Bolat Suleimen.",  # "imposed on" a person: no penalty named
    "He was given the floor and then convicted in 2019.",
    "She was sentenced on 4 May 2020.",  # no penalty stated
])
def test_no_penalty_where_none_is_named(clause):
    assert fields.penalty(clause) == ""


def test_a_penalty_across_a_line_break_is_one_phrase():
    assert fields.penalty("He was sentenced to two\nand a half years in prison.") == "two and a half years in prison"


def test_gold_for_fields_annotates_seed_rows(root):
    gold = pd.read_csv(root / "tests/gold/fields.csv", dtype=str, keep_default_na=False)
    seeds = pd.read_csv(root / "tests/gold/seeds.csv", dtype=str, keep_default_na=False)
    assert len(gold) >= 120 and gold.seeds_row.astype(int).is_unique
    for _, row in gold.iterrows():
        seed = seeds.iloc[int(row.seeds_row) - 1]
        assert (seed.doc_id, seed.event_type, seed.date_start) == (row.doc_id, row.event_type, row.date_start)
        for name in filter(None, row.location.split("; ")):
            assert name in seed.quote, (row.seeds_row, name)


def test_fields_benchmark_scores_each_field(root):
    import importlib.util

    spec = importlib.util.spec_from_file_location("fields_benchmark", root / "benchmarks/fields.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    gold = bench.load_gold(root)
    perfect = gold.assign(quote=gold.quote)
    table = bench.score(perfect, gold).set_index("field")
    assert (table.precision == 1.0).all() and (table.recall == 1.0).all()
    wrong = gold.assign(location="Atyrau; Aktau", subjects=pd.NA)
    table = bench.score(wrong, gold).set_index("field")
    assert table.at["location", "precision"] < 0.2 and table.at["subjects", "recall"] == 0.0
    elsewhere = wrong.assign(quote="another sentence")
    assert bench.score(elsewhere, gold, same_sentence=True).filled.sum() == 0
    assert bench.names("“Max” Bokayev; A. ‘B’") == frozenset({"max bokayev", "a. b"})
