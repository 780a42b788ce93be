"""The alignment check: WordNet relations, the two tiers, whole articles as evidence, and `summarizer verify`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.claims.alignment import check_claim, check_sentence, verify
from summarizer.claims.recheck import read_pairs, recheck_briefing
from summarizer.cli import EXIT_FAILURE, EXIT_OK, EXIT_PARTIAL, app
from summarizer.errors import InputError
from summarizer.ingest import load_articles
from summarizer.language.wordnet import base_forms, relation
from summarizer.schemas import Briefing, BriefSentence, CitedSpan, Meta, Section, Source

from .conftest import ROOT

BUDGET = "The city council approved the budget on Tuesday by 7 votes to 2."
ARTICLE = f"""{BUDGET}
Councillor Lena Ortiz warned about the rising costs of repairing the bridge.
She said the repairs would cost at least $4 million."""


@pytest.mark.parametrize(
    ("claimed", "given", "expected"),
    [
        ("arrested", "arrest", "same"),
        ("fell", "fall", "same"),  # an irregular form, though "fell" is a word of its own too
        ("approval", "approved", "same"),  # derivationally related
        ("apprehended", "arrested", "synonym"),
        ("official", "minister", "general"),  # a more general word states less: allowed
        ("rejected", "approved", "opposite"),  # "disapprove, reject" is the antonym of "approve"
        ("closed", "open", "opposite"),
        ("uncontrolled", "controlled", "opposite"),
        ("woman", "person", None),  # more specific: it adds what was not said
        ("praised", "warned", None),
    ],
)
def test_wordnet_relations(claimed: str, given: str, expected: str | None) -> None:
    assert relation(claimed, given) == expected


def test_base_forms_come_from_wordnet_rules_and_its_irregular_forms() -> None:
    assert base_forms("took") == {"take"}
    assert "stop" in base_forms("stopped")
    assert base_forms("Sydney") == frozenset()  # names are not in the shipped word list


@pytest.mark.parametrize(
    ("claim", "problem"),
    [
        (
            "The city council rejected the budget on Tuesday by 7 votes to 2.",
            "says rejected where its evidence says approved",
        ),
        ("The city council approved the budget on Tuesday by 2 votes to 7.", "reverses 2 and 7"),
        ("The city council approved the budget on Tuesday by 9 votes to 2.", "states 9, which its evidence does not"),
        (
            "The city council approved the budget on Tuesday by 7 seats to 2.",
            "states 7 seats where its evidence says 7 votes",
        ),
        ("The city council did not approve the budget on Tuesday.", "says not where its evidence does not"),
        ("The city council approved the budget on Friday.", "names Friday, which its evidence does not"),
        ("The city council quietly approved the budget.", "uses quietly, which its evidence does not"),
        # a small model slipped into another script mid-word (the e-waste set: "200 Empire州")
        ("The city council approved the budget by 7 votes to 2州.", "writes “州”, which its evidence does not"),
    ],
)
def test_a_claim_is_held_to_its_sentence(claim: str, problem: str) -> None:
    assert problem in " | ".join(check_claim(claim, [BUDGET]))


def test_a_claim_that_copies_its_sentence_or_shortens_it_is_supported() -> None:
    assert check_claim(BUDGET, [BUDGET]) == []
    assert check_claim("The council approved the budget by 7 votes to 2.", [BUDGET]) == []
    assert check_claim("Türkiye approved it.", ["Türkiye approved it on Tuesday."]) == []  # its own letters


def test_he_and_she_stand_for_a_name_given_just_before_not_for_any_name_of_the_article() -> None:
    sentences = ARTICLE.splitlines()
    said = "Ortiz said the repairs would cost at least $4 million."
    assert check_claim(said, [sentences[2]], context=sentences[:2]) == []
    assert check_claim(said, [sentences[2]]) == ["attributes it to Ortiz, which its evidence does not"]
    assert check_claim("Putin said the repairs would cost at least $4 million.", [sentences[2]], context=sentences[:2])


def test_a_first_name_opening_a_sentence_is_part_of_the_name_after_it() -> None:
    """ "Anna" is also an everyday word (a coin), but "Anna Berg" is a name: "She" named just before stands for it."""
    context = ["Mayor Anna Berg welcomed the vote at a meeting in the town hall."]
    said = "Anna Berg said the repairs would begin in the spring."
    assert (
        check_claim(said, ["She said the repairs would begin in the spring and take about a year."], context=context)
        == []
    )
    assert check_claim("Anna Ruiz said the repairs would begin in the spring.", ["She said the repairs would begin."],
                       context=context)  # fmt: skip


def test_bounds_may_not_turn_around() -> None:
    given = ["More than 300 cases have been reported."]
    assert check_claim("At least 300 cases have been reported.", given) == []
    assert check_claim("Up to 300 cases have been reported.", given) != []
    assert check_claim("Fewer than 300 cases have been reported.", given) != []


def test_nor_is_a_negation_and_a_dropped_not_is_caught() -> None:
    assert "says nor where its evidence does not" in check_claim("Nor did the council approve the budget.", [BUDGET])
    assert check_claim("The council discussed the fees.", ["The council did not discuss the fees."]) == [
        "states discussed where its evidence says not"
    ]


def test_a_written_sentence_fuses_facts_clause_by_clause_but_adds_nothing() -> None:
    facts = ARTICLE.splitlines()[:2]
    assert check_sentence("The council approved the budget by 7 votes to 2, and Ortiz warned about costs.", facts) == []
    added = check_sentence("The council approved the budget by 7 votes to 2, and the mayor was arrested.", facts)
    assert added and "mayor" in " ".join(added)


def test_verify_finds_the_sentences_that_matter_in_whole_articles() -> None:
    verdict = verify("Ortiz said the repairs would cost at least $4 million.", [ARTICLE])
    assert verdict.supported and verdict.problems == ()
    assert "She said the repairs would cost at least $4 million." in verdict.evidence
    assert not verify("Ortiz said the repairs would cost at least $40 million.", [ARTICLE]).supported


def test_empty_texts_and_no_evidence_are_not_supported() -> None:
    assert check_claim("", [BUDGET]) == ["is empty"]
    assert check_claim(BUDGET, []) == ["cites no evidence"]
    assert check_sentence(BUDGET, ["   "]) == ["cites no evidence"]


def test_faithful_near_copies_from_every_labelled_set_pass() -> None:
    """Each sentence of every labelled set, as a claim against itself and shortened at its last comma."""
    checked = refused = 0
    for articles in sorted((ROOT / "evals" / "datasets").glob("*/articles")):
        for article in load_articles(articles):
            for i, sentence in enumerate(article.sentences):
                context = article.sentences[:i]
                head = sentence.rsplit(", ", 1)[0].rstrip(".") + "."
                for claim in {sentence, head} if len(head.split()) >= 6 else {sentence}:
                    checked += 1
                    refused += bool(check_claim(claim, [sentence], context=context))
    assert checked > 1000 and refused == 0


# ---- pairs, briefings and the command ----------------------------------------------------------------------


def test_pairs_are_read_and_a_bad_line_is_named() -> None:
    lines = ['{"id": "a", "claim": "x", "evidence": ["y"]}', "", '{"id": 2, "claim": "z", "evidence": "one text"}']
    pairs = read_pairs(lines, name="p.jsonl")
    assert [p.id for p in pairs] == ["a", 2] and pairs[1].evidence == ("one text",)
    with pytest.raises(InputError, match=r"p.jsonl: line 2: not JSON"):
        read_pairs(['{"id": 1, "claim": "x", "evidence": []}', "{oops"], name="p.jsonl")
    with pytest.raises(InputError, match=r'line 1: "evidence" must be a list of strings'):
        read_pairs(['{"claim": "x", "evidence": [1]}'], name="p.jsonl")


def _briefing(tmp_path: Path, sentences: list[BriefSentence], sources: list[Source]) -> Briefing:
    return Briefing(title="t", sections=[Section(heading="h", sentences=sentences)], sources=sources,
                    meta=Meta(model="m", mode="json"))  # fmt: skip


def test_a_briefing_is_rechecked_against_its_sources_read_again(tmp_path: Path) -> None:
    (tmp_path / "council.txt").write_text(ARTICLE)
    sentences = [
        BriefSentence(text="The council approved the budget by 7 votes to 2.", citations=["council"]),
        BriefSentence(text="The council rejected the budget.", citations=["council"]),
        BriefSentence(text="27 Nov 2024: Ortiz warned about the rising costs.", citations=["council"]),
        BriefSentence(text="The bridge will cost $4 million.", citations=["gone"]),
        BriefSentence(
            text="Sources give different figures: 7 (council); 9 (gone).",
            citations=["council", "gone"],
            spans=[CitedSpan(end=42, citations=["council"]), CitedSpan(end=52, citations=["gone"])],
        ),
    ]
    sources = [Source(id="council", path="council.txt"), Source(id="gone", path=str(tmp_path / "missing.txt"))]
    checked = recheck_briefing(_briefing(tmp_path, sentences, sources), base=tmp_path)
    assert [c.supported for c in checked] == [True, False, True, None, False]
    assert checked[1].problems == ("says rejected where its evidence says approved",)
    assert checked[3].unread == (f"gone: cannot read {tmp_path / 'missing.txt'}: no such file",)
    assert checked[4].problems == ("states 9, which the sources cited for it do not",)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_verify_command_on_pairs(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        json.dumps({"id": 1, "claim": "The council approved the budget by 7 votes to 2.", "evidence": [ARTICLE]})
        + "\n"
        + json.dumps({"id": 2, "claim": "The council rejected the budget.", "evidence": [ARTICLE]})
        + "\n"
    )
    code, stdout, stderr = run("verify", str(pairs))
    assert code == EXIT_PARTIAL and "1 of 2 supported" in stderr
    first, second = (json.loads(line) for line in stdout.splitlines())
    assert first == {"id": 1, "supported": True, "problems": []}
    assert second["supported"] is False and second["problems"] == ["says rejected where its evidence says approved"]
    out = tmp_path / "out.jsonl"
    code, _, _ = run("verify", str(pairs), "-o", str(out), "--strict")
    assert code == EXIT_PARTIAL and len(out.read_text().splitlines()) == 2


def test_verify_command_exit_codes_and_one_line_errors(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"id": "a", "claim": BUDGET, "evidence": [BUDGET]}) + "\n")
    assert run("verify", str(good))[0] == EXIT_OK
    bad = tmp_path / "bad.jsonl"
    bad.write_text(good.read_text() + '{"id": "b", "claim": 3, "evidence": []}\n')
    code, _, stderr = run("verify", str(bad))
    assert code == EXIT_FAILURE
    assert stderr.strip() == f'error: {bad}: line 2: "claim" must be a non-empty string'
    broken = tmp_path / "briefing.json"
    broken.write_text('{"title": "t", "sections": []}')
    code, _, stderr = run("verify", str(broken))
    assert code == EXIT_FAILURE and "not a briefing" in stderr and len(stderr.strip().splitlines()) == 1


def test_verify_command_on_a_briefing(tmp_path: Path) -> None:
    (tmp_path / "council.txt").write_text(ARTICLE)
    sentence = BriefSentence(text="The council approved the budget by 7 votes to 2.", citations=["council"])
    briefing = _briefing(tmp_path, [sentence], [Source(id="council", path="council.txt")])
    (tmp_path / "b.json").write_text(briefing.model_dump_json())
    code, stdout, _ = run("verify", str(tmp_path / "b.json"))
    assert code == EXIT_OK
    assert json.loads(stdout) == {"id": "1.1", "supported": True, "problems": [], "text": sentence.text,
                                  "citations": ["council"]}  # fmt: skip


def test_the_benchmark_says_so_and_exits_cleanly_without_its_data(tmp_path: Path) -> None:
    bench = ROOT / "benchmarks" / "bench_grounding.py"
    done = subprocess.run([sys.executable, str(bench), "--data", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0 and "no SummEdits data" in done.stdout
