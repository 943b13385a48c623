"""Every trigger rule and exception of lexicon.toml against its own examples and counter-examples,
and the shared context filter (codebook §3)."""

import dataclasses

import pytest

from kzevents.lexicon import LEXICON, expand_pattern, inflections, load_lexicon
from kzevents.triggers import context_block, find_triggers

RAW = {raw["name"]: raw for raw in LEXICON.data["trigger"]}
RULES = {rule.name: rule for rule in LEXICON.triggers}


def _found(sentence, rules=None):
    return {(t.event_type, t.subtype) for t in find_triggers(sentence, rules)}


def _cases(key, exception_key=None):
    for name, raw in RAW.items():
        sources = [(name, raw)] if exception_key is None else [(f"{name}.{x['name']}", x) for x in raw.get(exception_key, ())]
        for case_name, source in sources:
            for i, sentence in enumerate(source[key]):
                yield pytest.param(name, sentence, id=f"{case_name}-{i}")


def test_rule_names_are_unique():
    assert len(RAW) == len(LEXICON.data["trigger"])


@pytest.mark.parametrize("name, sentence", list(_cases("examples")))
def test_rule_example_gives_its_type(name, sentence):
    rule = RULES[name]
    assert (rule.event_type, rule.subtype) in _found(sentence) or (
        rule.subtype == "" and rule.event_type in {t for t, _ in _found(sentence)}), sentence


@pytest.mark.parametrize("name, sentence", list(_cases("counter_examples")))
def test_rule_counter_example_gives_no_such_type(name, sentence):
    assert RULES[name].event_type not in {t for t, _ in _found(sentence)}, sentence


def _without_exceptions(name):
    return [dataclasses.replace(r, exceptions=()) if r.name == name else r for r in LEXICON.triggers]


@pytest.mark.parametrize("name, sentence", list(_cases("examples", "exception")))
def test_exception_cancels_and_is_needed(name, sentence):
    kind = (RULES[name].event_type, RULES[name].subtype)
    assert kind not in _found(sentence), sentence
    assert kind in _found(sentence, _without_exceptions(name)), "exception never needed"


@pytest.mark.parametrize("name, sentence", list(_cases("counter_examples", "exception")))
def test_exception_leaves_counter_example(name, sentence):
    assert (RULES[name].event_type, RULES[name].subtype) in _found(sentence), sentence


@pytest.mark.parametrize("sentence, start_word, expected", [
    ("The five organisers were not detained by the police.", "detained", "negation"),
    ("None of them were released before the trial.", "released", "negation"),
    ("Under the new article, bloggers may be prosecuted for insult.", "prosecuted", "modality"),
    ("The amendments allow the prosecutor to block websites without a court order.", "block", "modality"),
    ("Relatives demanded the immediate release of the journalist.", "release", "demand"),
    ("The union called for a strike if wages were not paid.", "strike", "demand"),
    ("The law on peaceful assemblies was adopted in 2020.", "assemblies", "named"),
    ("Workers in the oil sector have the right to strike.", "strike", "named"),
    ("The Committee recommends that the State party release all activists detained for a picket.", "release", "clause_modal"),
    ("On 6 June police detained dozens at a peaceful rally.", "detained", None),
    ("No fewer than 40 people were detained on 10 May.", "detained", None),
    # a participle as an adjective: a status, not an event (its date is not this sentence's)
    ("The mothers of detained activists picketed the prosecutor's office on 3 March.", "detained", "attributive"),
    ("A convicted blogger was moved to another colony in April.", "convicted", "attributive"),
    ("Members of the banned opposition movement were questioned on Friday.", "banned", "attributive"),
    ("Detained activists were taken to the district police station.", "Detained", "attributive"),
    ("The activists arrested on 9 June were fined the next day.", "arrested", None),
    ("Police arrested twelve protesters in Oral on 9 June.", "arrested", None),
    ("The court jailed two journalists on 4 March.", "jailed", None),
    # an event named as the time or cause of another, with no date of its own
    ("Six months after his arrest, the court sentenced him to five years.", "arrest", "setting"),
    ("On 3 May they picketed the akimat against the detention of two colleagues.", "detention", "setting"),
    ("After the rally on 5 May, the organisers were fined.", "rally", None),
    ("Since the strike of December 2011 the town has been tense.", "strike", None),
    ("After the police detained him, his lawyer filed a complaint.", "detained", None),
    # a lasting state
    ("Their lengthy detention drew criticism from the OSCE.", "detention", "state"),
    ("The decree bans strikes and public protests in the region.", "protests", "named"),
    # an order or a plan tells no event yet
    ("The akim ordered police to disperse the crowd.", "disperse", "modality"),
    ("Students who wanted to join the rally were stopped at the metro.", "rally", "modality"),
    ("The march was due to start at noon in the square.", "march", "rule_after"),
    ("The march was held at noon in the square.", "march", None),
    # a duration names a state, not the day it began; a policy's means are no event
    ("He was a leader of the seven-month strike in the oil sector.", "strike", "state"),
    ("On 12 May miners began a ten-day strike.", "strike", None),
    ("The authorities silenced critics through detention, prosecution and heavy fines.", "detention", "means"),
])
def test_context_filter(sentence, start_word, expected):
    start = sentence.index(start_word)
    assert context_block(sentence, start, start + len(start_word)) == expected


def test_bug_protest_not_before_on_without_boundary():
    """'on' ended the protest exception without a word boundary: 'union protests', 'On 5 May ... rallies'."""
    assert ("protest", "rally") in _found("Union protests spread to three more towns.")
    assert ("protest", "rally") in _found("On 5 May 2019 opposition rallies were held in Almaty.")


def test_lemma_expansion_covers_inflections():
    assert set(inflections("detain", "V")) == {"detain", "detains", "detained", "detaining"}
    assert {"rally", "rallies"} <= set(inflections("rally", "N"))
    assert ("detention", "detention") in _found("Police were detaining students at the gates.")


def test_unknown_lemma_is_named():
    with pytest.raises(ValueError, match="<qzxv>"):
        expand_pattern("<qzxv>")


def test_nested_quantifier_is_refused_with_its_rule(tmp_path):
    path = tmp_path / "lexicon.toml"
    path.write_text("[[trigger]]\nname = 'greedy'\ntype = 'ban'\npattern = '(?:a+)+b'\n"
                    "examples = []\ncounter_examples = []\n", encoding="utf-8")
    with pytest.raises(ValueError, match="greedy.*nested quantifier"):
        load_lexicon(path).triggers


def test_rule_without_evidence_is_refused(tmp_path):
    path = tmp_path / "lexicon.toml"
    path.write_text("[[trigger]]\nname = 'bare'\ntype = 'ban'\npattern = 'banned'\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bare.*examples"):
        load_lexicon(path).triggers


def test_patterns_stay_linear_on_hostile_text():
    hostile = ("criminal case " + "word " * 3000 + "; ") * 3 + "a" * 20000
    assert find_triggers(hostile) == []


def test_a_power_granted_by_law_is_not_an_event():
    from kzevents.triggers import find_triggers

    assert not [t for t in find_triggers("Since 2014 the prosecutor has the power to block any website.") if t.event_type == "ban"]
    assert [t for t in find_triggers("In 2014 the prosecutor blocked the website.") if t.event_type == "ban"]


def test_a_denial_earlier_in_the_clause_blocks_the_trigger():
    from kzevents.triggers import find_triggers

    denied = "Monitors found no evidence that guards at the colony tortured any inmate in 2020."
    assert not [t for t in find_triggers(denied) if t.event_type == "violence"]
    told = "Monitors found evidence that guards at the colony tortured two inmates in 2020."
    assert [t for t in find_triggers(told) if t.event_type == "violence"]
