"""The eval harness: matching, every metric on hand-written briefings, the shipped data set, reports."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from summarizer import load_articles
from summarizer.errors import InputError
from summarizer.evaluation.baseline import lead_briefing
from summarizer.evaluation.dataset import Dataset, load_dataset
from summarizer.evaluation.matching import contains, matches
from summarizer.evaluation.report import (
    Thresholds,
    build_report,
    check_thresholds,
    compare,
    load_thresholds,
    render_junit,
    render_markdown,
)
from summarizer.evaluation.score import Report, claim_statements, score
from summarizer.schemas import Briefing, BriefSentence, Claim, Extraction, Meta, Section, Usage

ROOT = Path(__file__).parent.parent
DATASET = ROOT / "evals" / "datasets" / "aleppo-2024-11"
THRESHOLDS = ROOT / "evals" / "thresholds.yaml"
A0, A1, A2, A3, A4 = (
    "000_8a5342e15c562d73",
    "001_14761a0b71c88b47",
    "002_e37d6f9d168da99a",
    "003_e1b355e328a95379",
    "004_a8a65113bd381028",
)

Line = tuple[str, list[str]]


def briefing(
    *lines: Line, lede: Line | None = None, usage: Usage | None = None, seconds: float | None = None
) -> Briefing:
    """A briefing with one section holding ``lines`` (text, citations)."""
    return Briefing(
        title="Test briefing",
        lede=BriefSentence(text=lede[0], citations=lede[1]) if lede else None,
        sections=[Section(heading="What happened", sentences=[BriefSentence(text=t, citations=c) for t, c in lines])],
        sources=[],
        meta=Meta(model="test", mode="json", usage=usage or Usage(), seconds=seconds),
    )


TINY: dict[str, Any] = {
    "dataset": "tiny",
    "facts": [
        {
            "id": "f1",
            "statement": "HTS attacked on Wednesday.",
            "match": [["HTS", "Tahrir al-Sham"], ["Wednesday"]],
            "sources": ["a"],
            "importance": "core",
        },
        {
            "id": "f2",
            "statement": "More than 14,000 fled.",
            "match": [["14,000", "14000"], ["fled", "displaced"]],
            "sources": ["b"],
            "importance": "core",
        },
        {"id": "f3", "statement": "They neared Nubl.", "match": [["Nubl"]], "sources": ["a", "b"]},
        {"id": "f4", "statement": "They took 13 villages.", "match": [["13"], ["village"]], "sources": ["b"]},
    ],
    "conflicts": [{"id": "c1", "topic": "toll", "match": [["killed", "toll"]], "values": [["242"], ["132"], ["57"]]}],
    "absent": [{"id": "a1", "statement": "Aleppo fell.", "match": [["captured Aleppo", "Aleppo fell"]]}],
}
ARTICLES = {
    "a": "HTS attacked on Wednesday, 27 November 2024. The toll was 242. Four civilians were killed near Nubl.",
    "b": "More than 14,000 people fled. The toll rose to 132. They seized 13 villages, the first advance since 2020.",
}


def tiny(**changes: Any) -> Dataset:
    return Dataset.model_validate(TINY | changes)


# ---- matching -------------------------------------------------------------------------------------------


def test_matching_ignores_case_and_needs_every_group() -> None:
    groups = [["HTS", "Tahrir al-Sham"], ["Wednesday"]]
    assert matches("hts fighters attacked on WEDNESDAY", groups)
    assert matches("Hayat TAHRIR AL-SHAM struck on Wednesday", groups)
    assert not matches("HTS fighters attacked on Thursday", groups)
    assert not matches("Rebels attacked on Wednesday", groups)


@pytest.mark.parametrize(
    ("text", "alternative", "expected"),
    [
        ("Syrian Observatory for Human Rights", "HTS", False),  # not inside a word
        ("an HTS-led coalition", "HTS", True),
        ("killed more than 130 people", "13", False),  # a number never runs on into digits
        ("seized 13 villages", "13", True),
        ("seized 13 villages", "village", True),  # plural and verb endings are allowed
        ("the rebels seized towns", "seize", True),
        ("fourteen thousand", "four", False),
        ("more than 14,000 people", "14000", True),  # thousands separators are dropped on both sides
        ("more than 14000 people", "14,000", True),
        ("Türkiye said", "Turkiye", True),  # accents fold
        ("Hay’at Tahrir al-Sham", "Hay'at Tahrir al Sham", True),  # curly quotes, hyphens
        ("within 1.5 km", "5 km", False),
        ("a 10km advance", "10", True),
    ],
)
def test_matching_rules(text: str, alternative: str, expected: bool) -> None:
    assert contains(text, [alternative]) is expected


# ---- metrics on small briefings -------------------------------------------------------------------------


def test_fact_recall_counts_facts_and_core_facts() -> None:
    result = score(
        tiny(), briefing(("HTS attacked on Wednesday.", ["a"]), ("They seized 13 villages.", ["b"])), articles=ARTICLES
    )
    assert result.metrics.fact_recall == 0.5
    assert result.metrics.core_fact_recall == 0.5
    missed = [f.id for f in result.details.facts if not f.sentences]
    assert missed == ["f2", "f3"]


def test_the_lede_counts_as_a_sentence() -> None:
    result = score(tiny(), briefing(lede=("HTS attacked on Wednesday.", ["a"])), articles=ARTICLES)
    assert result.details.facts[0].sentences == [1]


def test_citation_accuracy_wants_a_matching_sentence_citing_a_source() -> None:
    good = ("HTS attacked on Wednesday.", ["a"])
    wrong = ("More than 14,000 fled.", ["a"])  # f2's source is b
    uncited = ("They took 13 villages.", [])
    result = score(tiny(), briefing(good, wrong, uncited), articles=ARTICLES)
    assert result.metrics.citation_accuracy == pytest.approx(1 / 3)
    assert [f.cited for f in result.details.facts] == [True, False, None, False]
    # a second matching sentence that does cite a source makes the fact correctly cited
    fixed = score(tiny(), briefing(good, wrong, ("14,000 people were displaced.", ["b"])), articles=ARTICLES)
    assert fixed.details.facts[1].cited is True
    assert fixed.details.facts[1].sentences == [2, 3]


def test_citation_accuracy_is_none_when_no_fact_is_found() -> None:
    result = score(tiny(), briefing(("Nothing of note.", ["a"])), articles=ARTICLES)
    assert result.metrics.fact_recall == 0
    assert result.metrics.citation_accuracy is None


def test_unsupported_numbers_are_checked_against_cited_articles() -> None:
    result = score(
        tiny(),
        briefing(
            ("More than 14000 people fled [1].", ["b"]),  # comma-free form and a footnote marker
            ("The toll was 242 on 27 November 2024 [^2].", ["a"]),  # the date is skipped
            ("The toll rose to 132 since 2020.", ["a"]),  # 132 and 2020 are in b, not in the cited a
            ("4 civilians were killed.", ["a"]),  # "Four" in the article supports 4
            ("The toll was 500.", []),  # uncited: nothing supports it
            ("They seized 13 villages [001_14761a0b71c88b47].", ["b", "ghost"]),
        ),
        articles=ARTICLES,
    )
    found = [(u.sentence, u.number) for u in result.details.unsupported_numbers]
    assert found == [(3, "132"), (3, "2020"), (5, "500")]
    assert result.metrics.unsupported_numbers == 3
    assert result.details.unknown_citations == ["ghost"]


def test_a_list_of_disputed_values_must_all_be_in_the_cited_articles() -> None:
    listed = "Sources give different figures for the toll: 242 (as of 27 Nov 2024); 132; 57."
    result = score(tiny(), briefing((listed, ["a", "b"])), articles=ARTICLES)
    assert [u.number for u in result.details.unsupported_numbers] == ["57"]


def test_unless_spares_a_sentence() -> None:
    spared = tiny(absent=[TINY["absent"][0] | {"unless": ["countryside", "Aleppo's"]}])
    lines = (
        ("Rebels captured Aleppo countryside.", ["a"]),
        ("Rebels captured Aleppo's suburbs.", ["a"]),
        ("Rebels captured Aleppo.", ["a"]),
    )
    assert [v.sentence for v in score(spared, briefing(*lines), articles=ARTICLES).details.absent_violations] == [3]


def test_absent_violations_count_items_once() -> None:
    result = score(
        tiny(),
        briefing(
            ("Rebels captured Aleppo.", ["a"]),
            ("Aleppo fell on Friday.", ["a"]),
            ("Rebels reached the outskirts of Aleppo.", ["a"]),
        ),
        articles=ARTICLES,
    )
    assert result.metrics.absent_violations == 1
    assert [v.sentence for v in result.details.absent_violations] == [1, 2]


def test_conflict_coverage_needs_two_values_in_matching_sentences() -> None:
    def coverage(*lines: Line) -> float | None:
        return score(tiny(), briefing(*lines), articles=ARTICLES).metrics.conflict_coverage

    assert coverage(("The toll was 242, or 132 by another count.", ["a", "b"])) == 1
    assert coverage(("The toll was 242.", ["a"]), ("Another count put the toll at 132.", ["b"])) == 1
    assert coverage(("The toll was 242.", ["a"])) == 0
    # 132 in a sentence that does not match the conflict's groups is not a reported value
    assert coverage(("The toll was 242.", ["a"]), ("They seized 132 villages.", ["b"])) == 0
    assert score(tiny(conflicts=[]), briefing(), articles=ARTICLES).metrics.conflict_coverage is None


def test_extraction_recall_per_fact_and_source() -> None:
    extractions = {"a": ["HTS attacked on Wednesday.", "They neared Nubl."], "b": ["14,000 people fled."]}
    result = score(tiny(), briefing(), articles=ARTICLES, extractions=extractions)
    # pairs: f1/a yes, f2/b yes, f3/a yes, f3/b no, f4/b no
    assert result.metrics.extraction_recall == pytest.approx(3 / 5)
    assert result.details.facts[2].extracted == {"a": True, "b": False}
    assert score(tiny(), briefing(), articles=ARTICLES).metrics.extraction_recall is None


def test_claim_statements_come_from_extractions() -> None:
    claim = Claim(id="c1", article_id="a", statement="HTS attacked on Wednesday.", evidence=[1], time=None, date=None)
    assert claim_statements([Extraction(article_id="a", claims=[claim], prompt="extract:0")]) == {
        "a": ["HTS attacked on Wednesday."]
    }


def test_cost_comes_from_usage_and_wall_seconds() -> None:
    usage = Usage(calls=6, cache_hits=1, prompt_tokens=4000, completion_tokens=900, retries=2, reasks=1)
    result = score(tiny(), briefing(usage=usage, seconds=80.0), articles=ARTICLES)
    assert result.cost.model_dump() == {**usage.model_dump(), "seconds": 80.0}
    assert score(tiny(), briefing(seconds=80.0), articles=ARTICLES, seconds=95.5).cost.seconds == 95.5


# ---- the shipped data set -------------------------------------------------------------------------------


_SENTENCE_END = re.compile(r"(?<=[.!?\"”])\s+(?=[A-Z“\"])|(?<=[a-z]\.)(?=[A-Z])")  # "Aleppo.Named" is glued


def _sentences(text: str) -> list[str]:
    return [s for line in text.splitlines() for s in _SENTENCE_END.split(line)]


def test_the_shipped_data_set_is_labelled_as_promised() -> None:
    dataset = load_dataset(DATASET)
    core = [f for f in dataset.facts if f.importance == "core"]
    assert len(dataset.facts) >= 20 and len(core) * 3 >= len(dataset.facts)
    assert len(dataset.conflicts) >= 4 and 3 <= len(dataset.absent) <= 5
    articles = {p.stem: _sentences(p.read_text(encoding="utf-8")) for p in (DATASET / "articles").iterdir()}
    assert sorted(articles) == [A0, A1, A2, A3, A4]
    # every source states its fact in one sentence; 003 says "a cease-fire was declared on Wednesday" one
    # sentence after naming Israel and Hezbollah
    split = {("f35", A3)}
    for fact in dataset.facts:
        for source in fact.sources:
            if (fact.id, source) not in split:
                assert any(fact.found_in(s) for s in articles[source]), (fact.id, source)
    for conflict in dataset.conflicts:  # every value is in some article, in a sentence about the topic
        for value in conflict.values:
            assert any(conflict.found_in(s) and contains(s, value) for a in articles.values() for s in a), value
    for item in dataset.absent:  # no article says what the absent items say
        assert not any(item.found_in(s) for a in articles.values() for s in a), item.id


def test_faithful_sentences_do_not_trip_the_absent_items() -> None:
    faithful = briefing(
        ("Rebels seized Aleppo's western countryside.", [A3]),
        ("Several villages west of Aleppo fell to the rebels.", [A4]),
        ("They attacked al-Nayrab airport east of Aleppo and seized 32 villages.", [A2]),
        ("Rebels are advancing on Saraqeb, which is critical for supply lines to Aleppo.", [A4]),
        ("Hundreds of families in the last refuge for opponents of Assad fled to the Turkish border.", [A2]),
        ("The government still holds Aleppo, Syria's second-largest city.", [A4]),
        ("Assad travelled to Moscow to consult Putin, and HTS says it wants to overthrow Assad's government.", [A4]),
        ("The civil war has killed more than 500,000 people since 2011.", [A0]),
    )
    assert score(load_dataset(DATASET), faithful).details.absent_violations == []


GOOD = briefing(
    (
        "Fighters came as close as 1 kilometre to the outer neighbourhoods of Aleppo and cut the key highway linking "
        "Aleppo to Damascus.",
        [A0],
    ),
    (
        "The Syrian Observatory for Human Rights said armed groups seized at least 50 villages and towns, as well as "
        "heavy weapons, depots and military vehicles.",
        [A0],
    ),
    (
        "Earlier they had advanced to almost 10 kilometres from the outskirts of Aleppo and a few kilometres from Nubl "
        "and Zahra, two Shiite towns where Hezbollah has a strong presence.",
        [A2],
    ),
    (
        "They took Khan al-Asal, 10 kilometres from Aleppo, and Tel Hadiyah, tightening their grip on the M5 highway "
        "between Damascus and Aleppo.",
        [A4],
    ),
    ("The rebels captured Base 46, one of the largest government military installations in the area.", [A1]),
    (
        'The operation, called "Deterrence of Aggression", was launched in retaliation for heightened bombardment by '
        "government forces.",
        [A1],
    ),
    (
        "It is the first such territorial advance since March 2020, when Russia and Türkiye agreed a cease-fire.",
        [A0, A2],
    ),
    (
        "Russian and Syrian warplanes bombed opposition-held areas to push back the offensive, "
        "and the army pounded areas "
        "near Idlib, Ariha and Sarmada.",
        [A0, A2],
    ),
    (
        "Anadolu Agency reported that HTS now controls an area of 245 square kilometres and that dozens of soldiers "
        "were captured.",
        [A2],
    ),
    (
        "State media said government forces were struggling to reclaim more than 50 villages, and the army accused the "
        "rebels of violating a 2019 de-escalation agreement.",
        [A4],
    ),
    (
        "The Observatory said the fighting had killed at least 242 people, most of them combatants, including 24 "
        "civilians.",
        [A0],
    ),
    (
        "Sources disagree on the toll: a monitor gave 57 dead on Wednesday, the Observatory 132 by Thursday including "
        "49 members of regime forces, and another report put casualties above 130.",
        [A1, A2],
    ),
    (
        "The Observatory reported 31 Syrian soldiers killed, "
        "while another count said at least 37 regime personnel died "
        "on 28 November.",
        [A1, A2],
    ),
    ("Earlier the Observatory had reported at least four civilians killed in rural areas near Idlib.", [A2]),
    (
        "The UN humanitarian office said more than 14,000 people, nearly half of them children, had been displaced.",
        [A0],
    ),
    (
        "Thousands of civilians fled conflict zones near Aleppo, and hundreds of families fled toward the Turkish "
        "border.",
        [A1, A2],
    ),
    (
        "State media said insurgent projectiles hit student housing at Aleppo University, killing four people, "
        "including two students.",
        [A4],
    ),
    (
        "The army said it was confronting the attack with allied forces and that the offensive breached an agreement "
        "meant to de-escalate the conflict.",
        [A3],
    ),
    (
        "The opposition said the offensive was a response to stepped-up strikes by Russian and Syrian aircraft on "
        "civilians in southern Idlib.",
        [A2],
    ),
    (
        "Turkish security sources said Türkiye had prevented opposition operations until now and that more than 30 "
        "civilians had been killed in attacks on Idlib.",
        [A0, A2],
    ),
    (
        "HTS and its allies have declared their intent to overthrow Assad's government, and Assad travelled to Moscow "
        "for talks with Vladimir Putin.",
        [A4],
    ),
    (
        "The opposition claimed control of more than 15 villages, a military base and equipment, claims not "
        "independently verified.",
        [A3],
    ),
    ("Other reports counted 32 villages seized, and early reports at least 13 villages.", [A1, A2]),
    ("HTS, formerly the Nusra Front, controls much of north-west Syria.", [A3]),
    ("A cease-fire between Israel and Hezbollah took effect in Lebanon the same week.", [A0, A3]),
    ("Rebels are also advancing on Saraqeb in Idlib province.", [A4]),
    lede=(
        "Opposition fighters led by Hayat Tahrir al-Sham (HTS) launched an offensive on Wednesday, 27 November "
        "2024, and by Friday had reached the outskirts of Aleppo, Syria's second-largest city.",
        [A0, A1, A4],
    ),
    usage=Usage(calls=6, prompt_tokens=5000, completion_tokens=1500),
)

BAD = briefing(
    ("The fighting has killed more than 300 people, according to the United Nations.", [A3]),
    ("HTS fighters seized 75 villages.", []),
    ("About 50,000 people have fled their homes.", [A3]),
    ("Assad has fled to Moscow.", [A0]),
    ("The Observatory said at least 242 people were killed.", [A3]),
    ("The offensive began on Wednesday.", []),
    lede=("Rebels captured Aleppo after a two-week siege.", []),
)


def test_a_good_briefing_scores_high_and_passes_the_thresholds() -> None:
    result = score(load_dataset(DATASET), GOOD, lead=load_articles(DATASET / "articles"))
    m = result.metrics
    assert m.fact_recall is not None and m.fact_recall >= 0.9
    assert m.core_fact_recall == 1
    assert m.citation_accuracy == 1
    assert m.conflict_coverage == 1
    assert (m.unsupported_numbers, m.absent_violations) == (0, 0), result.details
    assert check_thresholds([result], load_thresholds(THRESHOLDS)) == []


def test_a_bad_briefing_scores_low_and_fails_the_thresholds() -> None:
    result = score(load_dataset(DATASET), BAD)
    m = result.metrics
    assert m.fact_recall is not None and m.fact_recall < 0.15
    assert m.citation_accuracy == 0
    assert m.conflict_coverage == 0
    assert m.absent_violations == 3
    assert {v.id for v in result.details.absent_violations} == {"a01", "a02", "a03"}
    assert sorted(u.number for u in result.details.unsupported_numbers) == ["242", "300", "50000", "75"]
    failures = check_thresholds([result], load_thresholds(THRESHOLDS))
    assert {f.split()[1] for f in failures} == {
        "fact_recall",
        "core_fact_recall",
        "citation_accuracy",
        "conflict_coverage",
        "unsupported_numbers",
        "absent_violations",
        "lead_margin",  # not measured without the articles: a gate that is not measured fails
    }


def test_a_paraphrased_briefing_still_finds_every_core_fact() -> None:
    """Written without looking at the labels, the way a model might put it."""
    paraphrased = briefing(
        (
            "Syrian rebels led by the Islamist group HTS began a surprise offensive in north-west Syria on "
            "November 27.",
            [A1, A4],
        ),
        ("The rebels have captured more than 50 villages and reached the western outskirts of Aleppo.", [A0, A4]),
        ("They also cut the M5 motorway between Aleppo and Damascus.", [A0]),
        ("According to the Syrian Observatory, at least 242 people have died, including 24 civilians.", [A0]),
        ("The UN says over 14,000 people have been displaced by the fighting, almost half of them children.", [A0]),
        ("Russia and Syria responded with air strikes on rebel-held Idlib.", [A0, A2]),
        ("This is the biggest rebel push since a 2020 ceasefire brokered by Russia and Turkey.", [A0, A2]),
        ("Damascus accused the insurgents of breaking a de-escalation deal.", [A3, A4]),
        ("Rebels said the attack was a response to increased government shelling of civilians.", [A1, A2]),
        ("Fighters seized weapons and tanks from the army, and took a key military base.", [A0, A1]),
        ("Earlier reports gave a death toll of 132, and the number of villages taken as 32.", [A2]),
        ("Thousands of families have fled their homes.", [A1]),
    )
    m = score(load_dataset(DATASET), paraphrased).metrics
    assert (m.core_fact_recall, m.citation_accuracy, m.unsupported_numbers, m.absent_violations) == (1, 1, 0, 0)
    assert m.conflict_coverage == pytest.approx(2 / 5)  # the toll and the villages; not soldiers, distance, civilians


# ---- thresholds, reports --------------------------------------------------------------------------------


def _thresholds(data: dict[str, Any]) -> Thresholds:
    return Thresholds.model_validate(data)


def test_thresholds_pass_fail_and_per_dataset_overrides() -> None:
    result = score(
        tiny(), briefing(("HTS attacked on Wednesday.", ["a"]), ("The toll was 500.", ["a"])), articles=ARTICLES
    )
    limits = _thresholds({"min": {"fact_recall": 0.25, "citation_accuracy": 1.0}, "max": {"unsupported_numbers": 0}})
    assert check_thresholds([result], limits) == ["tiny: unsupported_numbers 1 > max 0"]
    stricter = _thresholds({"min": {"fact_recall": 0.25}, "datasets": {"tiny": {"min": {"fact_recall": 0.5}}}})
    assert check_thresholds([result], stricter) == ["tiny: fact_recall 0.25 < min 0.50"]
    assert check_thresholds([result], _thresholds({"min": {"extraction_recall": 0.5}})) == [
        "tiny: extraction_recall not measured, min 0.50"
    ]
    assert check_thresholds([], limits) == ["no data set was scored"]


def test_thresholds_file_problems_name_the_file(tmp_path: Path) -> None:
    file = tmp_path / "thresholds.yaml"
    file.write_text("min:\n  fact_recal: 0.3\n")
    with pytest.raises(InputError, match=r"thresholds\.yaml.*unknown metric fact_recal"):
        load_thresholds(file)


def test_compare_lists_improvements_and_regressions() -> None:
    baseline = build_report(
        [
            score(
                tiny(),
                briefing(("HTS attacked on Wednesday.", ["a"]), usage=Usage(calls=5), seconds=100.0),
                articles=ARTICLES,
            )
        ]
    )
    current = build_report(
        [
            score(
                tiny(),
                briefing(
                    ("HTS attacked on Wednesday.", ["a"]),
                    ("14,000 people fled.", ["b"]),
                    ("The toll was 999.", ["a"]),
                    usage=Usage(calls=4),
                    seconds=104.0,
                ),
                articles=ARTICLES,
            )
        ]
    )
    lines = compare(current, baseline)
    assert "improved: fact_recall 0.25 -> 0.50 (tiny)" in lines
    assert "improved: core_fact_recall 0.50 -> 1.00 (tiny)" in lines
    assert "regressed: unsupported_numbers 0 -> 1 (tiny)" in lines
    assert "improved: calls 5 -> 4 (tiny)" in lines
    assert not any("seconds" in line for line in lines)  # within 10%: noise
    assert compare(baseline, baseline) == []
    other = build_report([score(tiny(dataset="other"), briefing(), articles=ARTICLES)])
    assert compare(other, baseline) == ["missing: tiny (in the baseline only)", "new: other (not in the baseline)"]


def test_report_round_trips_through_json() -> None:
    report = build_report([score(load_dataset(DATASET), GOOD, seconds=12.5)])
    data = json.loads(report.model_dump_json())
    assert set(data["datasets"][0]["metrics"]) == {
        "fact_recall",
        "core_fact_recall",
        "citation_accuracy",
        "unsupported_numbers",
        "absent_violations",
        "conflict_coverage",
        "extraction_recall",
        "lead_fact_recall",
        "lead_core_fact_recall",
        "lead_margin",
        "words",
    }
    assert Report.model_validate(data) == report


def test_markdown_shows_scores_and_why() -> None:
    text = render_markdown(build_report([score(load_dataset(DATASET), BAD)]))
    assert "| aleppo-2024-11 |" in text
    assert "f07 (core)" in text  # a missed fact, with its statement
    assert "300 in sentence 2" in text
    assert "a01 in sentence 1" in text


def test_junit_has_one_testcase_per_threshold() -> None:
    thresholds = load_thresholds(THRESHOLDS)
    scores = [score(load_dataset(DATASET), BAD)]
    failures = check_thresholds(scores, thresholds)
    root = ET.fromstring(render_junit(build_report(scores), failures, thresholds))
    cases = root.findall("testsuite/testcase")
    assert len(cases) == len(thresholds.limits("aleppo-2024-11"))
    failed = {case.get("name") for case in cases if case.find("failure") is not None}
    assert any(name.startswith("fact_recall >= 0.") for name in failed) and "absent_violations <= 0" in failed
    assert root.find("testsuite").get("failures") == str(len(failed))  # type: ignore[union-attr]
    good = score(load_dataset(DATASET), GOOD, lead=load_articles(DATASET / "articles"))
    passing = ET.fromstring(render_junit(build_report([good]), [], thresholds))
    assert passing.findall(".//failure") == []


def test_junit_without_thresholds_has_one_testcase_per_metric() -> None:
    report = build_report([score(tiny(), briefing(), articles=ARTICLES)])
    root = ET.fromstring(render_junit(report, ["tiny: fact_recall 0.00 < min 0.30", "something else broke"]))
    cases = root.findall("testsuite/testcase")
    assert len(cases) == 11 + 1  # every quality metric, plus one for the failure no metric claims
    assert [c.get("name") for c in cases if c.find("failure") is not None] == ["fact_recall", "thresholds"]


# ---- bad label files ------------------------------------------------------------------------------------


ONE_FACT = "dataset: x\nfacts:\n  - {id: f1, statement: s, match: [[x]], sources: [a]}\n"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("dataset: x\nfacts: [", "not valid YAML"),
        ("dataset: x\nfacts:\n  - id: f1\n    statement: s\n    sources: [a]\n", r"facts\.0\.match"),
        (ONE_FACT.replace("[[x]]", "[[]]"), r"facts\.0\.match\.0: List should have at least 1"),
        (ONE_FACT.replace("[a]}", "[a], unless: ['']}"), "unless.0: .*may not be empty"),
        (ONE_FACT.replace("[a]}", "[a], importance: key}"), "importance"),
        (ONE_FACT.replace("[a]", "[nope]"), "f1 cites nope"),
        (ONE_FACT + "conflicts:\n  - {id: c1, topic: t, match: [[x]], values: [[1]]}\n", r"conflicts\.0\.values"),
        (ONE_FACT + "absent:\n  - {id: f1, statement: s, match: [[y]]}\n", "used more than once: f1"),
    ],
)
def test_a_malformed_facts_file_names_the_file(tmp_path: Path, content: str, problem: str) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text("text")
    (tmp_path / "facts.yaml").write_text(content)
    with pytest.raises(InputError, match=problem) as caught:
        load_dataset(tmp_path)
    assert str(tmp_path / "facts.yaml") in str(caught.value)


def test_unquoted_numbers_in_labels_are_read_as_text(tmp_path: Path) -> None:
    (tmp_path / "facts.yaml").write_text(
        "dataset: x\nfacts:\n  - {id: f1, statement: s, match: [[242]], sources: [a]}\n"
        "conflicts:\n  - {id: c1, topic: toll, match: [[killed]], values: [[242], [132]]}\n"
    )
    dataset = load_dataset(tmp_path)
    assert dataset.facts[0].match == [["242"]] and dataset.conflicts[0].values == [["242"], ["132"]]


def test_a_missing_facts_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_dataset(tmp_path)


def test_the_lead_baseline_is_scored_at_the_briefings_length() -> None:
    articles = load_articles(DATASET / "articles")
    result = score(load_dataset(DATASET), GOOD, lead=articles)
    words = result.metrics.words
    assert words == sum(len(s.text.split()) for s in GOOD.all_sentences())
    lead = lead_briefing(articles, words)
    assert sum(len(s.text.split()) for s in lead.all_sentences()) == words
    # round-robin: the first sentence of every article comes before any second sentence
    assert [s.citations[0] for s in lead.all_sentences()[: len(articles)]] == [a.id for a in articles]
    assert result.metrics.lead_fact_recall is not None
    assert result.metrics.lead_margin == round(result.metrics.fact_recall - result.metrics.lead_fact_recall, 4)
