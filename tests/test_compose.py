"""Choosing a briefing's content: the budget, no repeats, every source heard, grounded sentences only."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest

from summarizer.compose import Fact, ModelWriter, OwnWording, StoryInput, Written, compose
from summarizer.compose.selection import MAX_FACTS, default_words, select_facts, story_name
from summarizer.compose.wording import as_sentence, unwritten
from summarizer.compose.writer import BriefOut, grounded_title, lower_case_words, ungrounded, write_sections
from summarizer.errors import ModelError, ValidationFailed
from summarizer.model.client import Answer
from summarizer.schemas import (
    Article,
    BriefSentence,
    Claim,
    ClaimGroup,
    Disagreement,
    DisagreementValue,
    Extraction,
    Failure,
    Meta,
    Reconciliation,
    Section,
    TimelineEntry,
    Usage,
)


def _story(n_articles: int, facts_each: int) -> tuple[Reconciliation, dict[str, Claim], dict[str, Article]]:
    articles, claims, groups = {}, {}, []
    topics = "budget bridge river school hospital library park road tram harbour museum airport".split()
    for a in range(n_articles):
        sentences = [f"The council voted on the {t} plan number {a}{i} on Monday." for i, t in enumerate(topics)]
        articles[f"a{a}"] = Article(id=f"a{a}", text=" ".join(sentences), sentences=sentences)
        for i in range(facts_each):
            text = sentences[i % len(sentences)]
            claim = Claim(id=f"a{a}:c{i}", article_id=f"a{a}", statement=text, evidence=[i + 1])
            claims[claim.id] = claim
            groups.append(ClaimGroup(id=f"g{a}-{i}", kind="event", statement=claim.statement, claims=[claim.id],
                                     sources=[f"a{a}"], independent_sources=1))  # fmt: skip
    return Reconciliation(groups=groups), claims, articles


def test_the_budget_grows_with_the_articles_and_is_kept() -> None:
    assert (default_words(3), default_words(5), default_words(300)) == (280, 400, 900)
    reconciliation, claims, articles = _story(5, 6)
    facts = select_facts(reconciliation, claims, articles, words=120)
    assert sum(len(f.text.split()) for f in facts) <= 120 * 1.1


def test_every_source_is_heard_and_a_big_story_stays_writable() -> None:
    reconciliation, claims, articles = _story(40, 3)
    facts = select_facts(reconciliation, claims, articles, words=default_words(40))
    assert len(facts) <= MAX_FACTS  # the writer answers one sentence per fact
    few = select_facts(*_story(4, 6), words=400)
    assert {s for f in few for s in f.group.sources} == {"a0", "a1", "a2", "a3"}


def test_a_sentence_its_sources_do_not_hold_is_ungrounded() -> None:
    support = ["The city council approved the budget on Tuesday by 7 votes to 2."]
    assert ungrounded("The council approved the budget on Tuesday.", support) is None
    assert ungrounded("The mayor resigned, officials confirmed.", support)
    assert ungrounded("The council approved the budget by 9 votes.", support)
    assert ungrounded("The council did not approve the budget.", support)


@pytest.mark.parametrize(
    "statement",
    [
        "Ugh.",  # a fragment
        "My parents flew us between Idaho and LA for the council visits.",  # an essayist's own story
        "Why did the council vote on the budget plan on Monday?",  # a question
        "Or 304 million cans of the council's soup.",  # it goes on from the sentence before
        "Here are two facts about the council's budget plan that highlight this:",  # it leads in to what follows
        "The mayor also raised an all-too-familiar concern, though from another context:",  # so does this
        '"I asked if the council would sell the budget plan to me," he said.',  # who said it?
        "Visitors to his council budget exhibitions have included a former president.",  # whose?
        "Now, 75 years later, the council's budget plan is up for sale.",  # later than what?
        "Over the years, it's faded from the council's budget plan.",  # what has?
        "The council's budget plan has suffered a little with age, however.",  # however, after what?
        "the budget plan and said it had fired 5,300 council employees.",  # a piece of a sentence
        "For an in-depth look at the council's budget plan, click here.",  # the page's link
        "There's no such budget plan for the council's river crossing.",  # no such as what?
    ],
)
def test_what_cannot_stand_alone_is_never_a_fact_of_the_briefing(statement: str) -> None:
    reconciliation, claims, articles = _story(2, 3)
    odd = Claim(id="a0:c9", article_id="a0", statement=statement, evidence=[1])
    claims[odd.id] = odd
    group = ClaimGroup(id="g-odd", kind="event", statement=statement, claims=[odd.id], sources=["a0"],
                       independent_sources=2)  # fmt: skip
    reconciliation.groups.insert(0, group)
    facts = select_facts(reconciliation, claims, articles, words=400)
    assert facts and "g-odd" not in {f.group.id for f in facts}


def test_a_quotation_copied_without_its_speaker_is_briefed_with_them() -> None:
    reconciliation, claims, articles = _story(1, 1)
    said = '"We have been driving beyond the reach of our headlights," the council chair Ann Lee said on Monday.'
    articles["a0"].sentences[0] = said
    group = reconciliation.groups[0]
    group.statement = claims[group.claims[0]].statement = "We have been driving beyond the reach of our headlights."
    [fact] = select_facts(reconciliation, claims, articles, words=100)
    assert fact.text == said
    # said with its speaker, or not a quotation at all: the statement stands
    for statement in ("Ann Lee said they had been driving beyond the reach of their headlights.",
                      "The council voted on the budget plan number 00 on Monday."):  # fmt: skip
        group.statement = statement
        [fact] = select_facts(reconciliation, claims, articles, words=100)
        assert fact.text == statement


class _Writer:
    """Answers the writer's request with one text for the lede and the sentence: a model stand-in."""

    def __init__(self, text: str) -> None:
        self.text = text

    async def ask(self, prompt: object, output: type[BriefOut], **request: Any) -> Answer[BriefOut]:
        said = {"f": [1], "text": self.text}
        answer = {"title": "The council", "lede": said, "sentences": [said]}
        return Answer(value=output.model_validate(answer, context=request.get("context")), usage=Usage())


def test_a_quotation_written_without_its_speaker_gives_way_to_the_facts_wording() -> None:
    """The fact says who spoke; the writer gives the quotation from its source sentence alone."""
    reconciliation, claims, articles = _story(1, 1)
    quote = "We have been driving beyond the reach of our headlights"
    articles["a0"].sentences[0] = f'"{quote}," the council chair Ann Lee said on Monday.'
    group = reconciliation.groups[0]
    group.statement = claims[group.claims[0]].statement = f"Ann Lee said: {quote.lower()}."
    [fact] = select_facts(reconciliation, claims, articles, words=100)
    assert quote not in fact.text  # the fact's own wording holds the speaker, not the quotation marks
    written = asyncio.run(write_sections(_Writer(f"{quote}."), None, [fact], "The council"))  # type: ignore[arg-type]
    assert written.lede is not None and written.lede.text == fact.text
    assert any("left out a speaker" in w for w in written.warnings)


@pytest.mark.parametrize("essay", [True, False])
def test_an_essayists_we_is_never_a_fact_but_a_reports_is(essay: bool) -> None:
    reconciliation, claims, articles = _story(2, 3)
    if essay:
        mine = [f"I remember the {t} plan; my family voted on it every year." for t in "budget bridge river".split()]
        articles["a1"] = Article(id="a1", text=" ".join(mine), sentences=mine)
    # in a report "we" is a speaker's when the sentence says who speaks (with no one named it is refused, see
    # test_pipeline's "in our analyses"); in an essay it is the writer's own, speaker or not
    statement = "The ferry tax, which we opposed, was dropped, the mayor said."
    said = Claim(id="a1:c9", article_id="a1", statement=statement, evidence=[1])
    claims[said.id] = said
    group = ClaimGroup(id="g-we", kind="event", statement=said.statement, claims=[said.id], sources=["a1"],
                       independent_sources=1)  # fmt: skip
    reconciliation.groups.insert(0, group)
    chosen = {f.group.id for f in select_facts(reconciliation, claims, articles, words=400)}
    assert ("g-we" in chosen) is not essay


@pytest.mark.parametrize("essay", [True, False])
def test_from_an_essay_alone_only_a_figure_is_a_fact(essay: bool) -> None:
    """The model words a forum post's signature as a fact ("Caffeinism is a toxic condition ..."); from an essay
    alone only what reports a figure is briefed, as with its sentences."""
    reconciliation, claims, articles = _story(2, 3)
    if essay:
        mine = [f"I like the {t} plan; my family voted on it every year." for t in "budget bridge river".split()]
        articles["a1"] = Article(id="a1", text=" ".join(mine), sentences=mine)
    for n, statement in enumerate(["Caffeinism is a toxic condition caused by too much coffee.",
                                   "The ferry tax on the river crossing rose by 12% last year."]):  # fmt: skip
        claim = Claim(id=f"a1:c9{n}", article_id="a1", statement=statement, evidence=[1])
        claims[claim.id] = claim
        group = ClaimGroup(id=f"g-{n}", kind="event", statement=statement, claims=[claim.id], sources=["a1"],
                           independent_sources=1)  # fmt: skip
        reconciliation.groups.insert(0, group)
    chosen = {f.group.id for f in select_facts(reconciliation, claims, articles, words=400)}
    assert "g-1" in chosen and ("g-0" in chosen) is not essay


@pytest.mark.parametrize(
    ("statement", "shown"),
    [  # a sentence split out of a parenthesis keeps one bracket of it; a cut-off one ends
        ("The vote is a shot across the bow of the council.)", "The vote is a shot across the bow of the council."),
        ("(The council also promised a report this summer.", "The council also promised a report this summer."),
        ("The levy rose (by 3%) on Monday", "The levy rose (by 3%) on Monday."),
        ("(The richer the council, the more it spends.)", "The richer the council, the more it spends."),
        ("(The levy rose) and (the rates fell)", "(The levy rose) and (the rates fell)."),
        ("The council voted on the budget plan,", "The council voted on the budget plan."),
    ],
)
def test_a_fact_in_its_own_words_is_shown_as_a_whole_sentence(statement: str, shown: str) -> None:
    reconciliation, claims, articles = _story(1, 1)
    reconciliation.groups[0].statement = statement
    lede, _ = unwritten(select_facts(reconciliation, claims, articles, words=100))
    assert lede is not None and lede.text == shown


def test_a_headlines_capitals_make_no_names_of_words_the_articles_use() -> None:
    reconciliation, claims, articles = _story(2, 2)
    facts = select_facts(reconciliation, claims, articles, words=100)
    said = [*articles["a1"].sentences, "Officials counted the votes on the plans in the harbour district."]
    articles["a1"] = Article(id="a1", text=" ".join(said), sentences=said)
    common = lower_case_words(articles.values())
    assert "votes" in common and "council" in common and "Monday" not in common
    headline = "Council Votes on Budget Plans"  # the facts say "voted", "plan": another form, not another name
    assert grounded_title(headline, "Council", facts, common) == headline
    assert grounded_title(headline, "Council", facts, frozenset()) is None  # every capital read as a name
    assert grounded_title("Council Votes on Budget Plans, Mayor Lee Says", "Council", facts, common) is None
    assert grounded_title("  ", "Council", facts, common) is None


def test_a_written_sentence_keeps_the_not_its_fact_states() -> None:
    fact = "Officials do not expect an explosive eruption to be life-threatening outside the park."
    support = [fact, "Officials do not expect an explosive eruption at the summit to be life-threatening to people."]
    dropped = "Officials expect an explosive eruption to be life-threatening outside the park."
    problem = ungrounded(dropped, support)  # the words are all there: only the negation tells them apart
    assert problem is not None and "not" in problem
    assert ungrounded("Officials do not expect the eruption to be life-threatening.", support) is None
    # A sentence wording an affirmative fact beside a negated one need not carry the "not".
    assert ungrounded("The park closed on Thursday.", ["The park closed on Thursday.", *support]) is None
    # Nor may it add one that no fact states.
    assert ungrounded("The park did not close on Thursday.", ["The park closed on Thursday.", *support])


def test_what_other_outlets_echo_outranks_what_one_outlet_alone_says() -> None:
    """Two facts said equally late by one article: the one the other outlets also talk about goes first."""
    echoed = "The rail strike halted every train between the two cities for three days."
    alone = "A local bakery gave free coffee to the stranded passengers at the station."
    filler = [f"Background sentence number {n} adds a little colour to the report." for n in range(8)]
    first = [*filler, alone, echoed]
    others = [
        "Three days of the rail strike halted every train between the cities, unions said.",
        "Trains between the two cities stayed halted for three days as the strike went on.",
    ]
    articles = {
        "a": Article(id="a", text=" ".join(first), sentences=first),
        "b": Article(id="b", text=others[0], sentences=others[:1]),
        "c": Article(id="c", text=others[1], sentences=others[1:]),
    }
    claims, groups = {}, []
    for n, text in ((9, alone), (10, echoed)):
        claim = Claim(id=f"a:s{n}", article_id="a", statement=text, evidence=[n])
        claims[claim.id] = claim
        groups.append(ClaimGroup(id=f"g{n}", kind="event", statement=text, claims=[claim.id], sources=["a"],
                                 independent_sources=1))  # fmt: skip
    facts = select_facts(Reconciliation(groups=groups), claims, articles, words=15)
    assert [f.text for f in facts] == [echoed]


def test_the_story_is_named_by_a_headline_the_articles_agree_with() -> None:
    text = "The rail strike halted every train between the two cities. Unions and the operator met on Friday."
    articles = [
        Article(id="a", title="Abstract", text=text, sentences=[text]),
        Article(id="b", title="Our weekend picks: ten recipes for autumn", text=text, sentences=[text]),
        Article(id="c", title="Rail strike halts trains between the cities", text=text, sentences=[text]),
    ]
    assert story_name(articles, []) == "Rail strike halts trains between the cities"
    assert story_name(articles[:1], []) == "news"  # a one-word heading is no story's name


def test_a_story_without_titles_is_headed_by_its_first_fact_as_a_headline() -> None:
    """Articles without titles: the first fact heads the briefing, without who said it ("John Stumpf, the chief
    executive, will forfeit ... bonus, the committee said in a statement." was a 40-word title)."""
    text = (
        "John Stumpf, the chief executive, will forfeit unvested stock awards worth about $41 million, will not "
        "receive a salary while the investigation is underway, the committee said in a statement."
    )
    group = ClaimGroup(id="g", kind="figure", statement=text, claims=[], sources=["a"], independent_sources=1)
    fact = Fact(number=1, group=group, text=text, numbers=frozenset(), support=(), salience=1.0)
    untitled = [Article(id="a", text=text, sentences=[text])]
    assert story_name(untitled, [fact]) == (
        "John Stumpf, the chief executive, will forfeit unvested stock awards worth about $41 million"
    )


def test_a_fact_is_chosen_for_what_it_adds_not_for_retelling_the_first() -> None:
    """A retelling of the top fact, in other words every outlet echoes, loses to a fact that adds something."""
    top = "Rail strike halts trains between northern cities, stranding thousands of commuters on Monday morning."
    retold = (
        "Commuters and trains stood still as the rail strike spread across cities; ministers called emergency "
        "talks with union leaders."
    )
    adds = "Hospitals postponed surgeries because nurses could not reach work, health officials reported on Monday."
    echo = [
        "Rail strike halts trains, stranding commuters in the cities.",
        "Ministers called emergency talks with union leaders.",
        "Hospitals postponed surgeries as nurses stayed home.",
    ]
    said = {"a": [top], "b": [retold, adds], "c": echo, "d": echo}
    articles = {i: Article(id=i, text=" ".join(s), sentences=s) for i, s in said.items()}
    claims, groups = {}, []
    for article_id, n, text in (("a", 1, top), ("b", 1, retold), ("b", 2, adds)):
        claim = Claim(id=f"{article_id}:s{n}", article_id=article_id, statement=text, evidence=[n])
        claims[claim.id] = claim
        groups.append(ClaimGroup(id=f"g-{claim.id}", kind="event", statement=text, claims=[claim.id],
                                 sources=[article_id], independent_sources=1))  # fmt: skip
    facts = select_facts(Reconciliation(groups=groups), claims, articles, words=34)
    assert [f.text for f in facts] == [top, adds]


def test_a_fact_told_again_with_a_figure_more_takes_the_place_of_the_first_telling() -> None:
    """The short telling is chosen first (it says most per word); the long one, every word of it and a figure
    more, replaces it rather than standing beside it as a retelling."""
    short = "The dress worn by Vivien Leigh as Scarlett O'Hara fetched $137,000 at an auction."
    long = (
        "A gray and black dress worn by Vivien Leigh as Scarlett O'Hara in the 1939 film sold for $137,000 "
        "at an auction in California on Saturday."
    )
    said = {"a": [short], "b": [long], "c": [short], "d": [long]}
    articles = {i: Article(id=i, text=" ".join(s), sentences=s) for i, s in said.items()}
    claims, groups = {}, []
    for article_id, text in (("a", short), ("b", long)):
        claim = Claim(id=f"{article_id}:s1", article_id=article_id, statement=text, evidence=[1])
        claims[claim.id] = claim
        groups.append(ClaimGroup(id=f"g-{article_id}", kind="event", statement=text, claims=[claim.id],
                                 sources=[article_id], independent_sources=1))  # fmt: skip
    assert [f.text for f in select_facts(Reconciliation(groups=groups), claims, articles, words=60)] == [long]
    # with no figure more and no name more, the longer telling is the retelling, and the short one stays alone
    # (a place more is news: test_a_fuller_telling_with_a_name_more_takes_the_shorter_ones_place)
    plain = long.replace(" in the 1939 film", "").replace(" in California", "")
    groups[1] = groups[1].model_copy(update={"statement": plain})
    claims["b:s1"] = claims["b:s1"].model_copy(update={"statement": plain})
    assert [f.text for f in select_facts(Reconciliation(groups=groups), claims, articles, words=60)] == [short]


def test_a_fuller_telling_is_not_held_back_for_being_like_the_telling_it_replaces() -> None:
    """Once the short telling is chosen, the fuller one is not marked down as like it (it would take its place,
    not stand beside it): it wins over a fact said late in a report, and the briefing tells the sale once."""
    short = "The dress worn by Vivien Leigh as Scarlett O'Hara fetched $137,000 at an auction."
    long = (
        "A gray and black dress worn by Vivien Leigh as Scarlett O'Hara in the 1939 film sold for $137,000 "
        "at an auction in California on Saturday."
    )
    late = "Heritage Auctions said bidding had been brisk all week."
    filler = [f"Background sentence number {n} adds a little colour to the report." for n in range(2)]
    said = {"a": [short], "b": [long], "e": [*filler, late], "c": [short], "d": [long]}
    articles = {i: Article(id=i, text=" ".join(s), sentences=s) for i, s in said.items()}
    claims, groups = {}, []
    for article_id, text, n in (("a", short, 1), ("b", long, 1), ("e", late, 3)):
        claim = Claim(id=f"{article_id}:s{n}", article_id=article_id, statement=text, evidence=[n])
        claims[claim.id] = claim
        groups.append(ClaimGroup(id=f"g-{article_id}", kind="event", statement=text, claims=[claim.id],
                                 sources=[article_id], independent_sources=1))  # fmt: skip
    assert [f.text for f in select_facts(Reconciliation(groups=groups), claims, articles, words=26)] == [long]


def test_a_disputed_figure_is_told_only_with_its_source_and_a_figure_no_one_disputes() -> None:
    """Disputed figures belong to their own part; a sentence that says who gives one and states another figure
    (a base named by its number) is still news, one that only repeats the disputed value is not."""
    told = {
        "a0:c1": "Early reports confirm the capture of at least 13 villages and the vital Base 46.",
        "a0:c2": "The death toll from the clashes was 57, a monitor group said on Wednesday.",
        "a0:c3": "Rebels captured at least 13 villages and the vital Base 46 on Wednesday.",
    }
    articles = {"a0": Article(id="a0", text=" ".join(told.values()), sentences=list(told.values()))}
    claims = {i: Claim(id=i, article_id="a0", statement=t, evidence=[n]) for n, (i, t) in enumerate(told.items(), 1)}
    groups = [ClaimGroup(id=f"g-{i}", kind="figure", statement=t, claims=[i], sources=["a0"], independent_sources=1)
              for i, t in told.items()]  # fmt: skip
    other = DisagreementValue(value="50", sources=["a1"])
    disagreements = [
        Disagreement(topic="villages seized", kind="figure", values=[
            DisagreementValue(value="13", sources=["a0"], claims=["a0:c1", "a0:c3"]), other]),
        Disagreement(topic="death toll", kind="figure", values=[
            DisagreementValue(value="57", sources=["a0"], claims=["a0:c2"]), other]),
    ]  # fmt: skip
    facts = select_facts(Reconciliation(groups=groups, disagreements=disagreements), claims, articles, words=100)
    assert [f.group.id for f in facts] == ["g-a0:c1"]  # the unattributed telling reads as settled: left out


# ---- the one entry point: a story in, a briefing out, whoever words it --------------------------------------


def _input(n_articles: int, facts_each: int, headline: str | None = None) -> tuple[StoryInput, Reconciliation]:
    """A story of `n_articles` extracted articles (one model call each) and one that failed (two calls)."""
    reconciliation, claims, articles = _story(n_articles, facts_each)
    extractions = [
        Extraction(article_id=a, claims=[c for c in claims.values() if c.article_id == a], prompt="extract:x",
                   usage=Usage(calls=1))
        for a in articles
    ]  # fmt: skip
    lost = Article(id="lost", text="Nothing could be read here.", sentences=["Nothing could be read here."])
    failed = [Failure(item="lost", error="the model failed", usage=Usage(calls=2))]
    return StoryInput([*articles.values(), lost], extractions, failed, headline), reconciliation


def _stamp(usage: Usage, warnings: list[str]) -> Meta:
    return Meta(model="test", mode="json", usage=usage, warnings=warnings)


class _ScriptedWriter:
    """A writer stand-in: words the lede only, and notes what it was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[list[Fact], str, list[str]]] = []

    async def write(self, facts: list[Fact], story: str, articles: Sequence[Article]) -> Written:
        self.asked.append((facts, story, [a.id for a in articles]))
        lede = BriefSentence(text="The council voted.", citations=["a0"], claims=[facts[0].group.id])
        return Written("Council votes", lede, [Section(heading="Figures", sentences=[])], Usage(calls=1), ["said"])


def test_composing_words_the_chosen_facts_and_counts_every_cost_once() -> None:
    story, reconciliation = _input(3, 2, headline="The council votes")
    writer = _ScriptedWriter()
    briefing, writer_usage = asyncio.run(compose(story, reconciliation, writer, words=None, stamp=_stamp))
    [(facts, headline, articles)] = writer.asked
    assert headline == "The council votes" and articles == ["a0", "a1", "a2"]  # the failed article is not told
    assert facts == select_facts(reconciliation, {c.id: c for c in story.claims()},
                                 {a.id: a for a in story.kept()}, words=default_words(3))  # fmt: skip
    assert (
        briefing.title == "Council votes" and briefing.lede is not None and briefing.lede.text == "The council voted."
    )
    assert [s.id for s in briefing.sources] == ["a0", "a1", "a2"]
    assert writer_usage == Usage(calls=1) and briefing.meta.usage.calls == 3 + 2 + 1  # extractions, failure, writer
    assert briefing.meta.warnings == ["said"]


def test_with_no_writer_the_facts_are_listed_in_their_own_wording_and_the_reason_is_told() -> None:
    story, reconciliation = _input(2, 2)
    briefing, writer_usage = asyncio.run(compose(story, reconciliation, OwnWording("as asked"), words=60, stamp=_stamp))
    facts = select_facts(reconciliation, {c.id: c for c in story.claims()}, {a.id: a for a in story.kept()}, words=60)
    lede, sections = unwritten(facts)
    assert briefing.lede == lede and briefing.sections == sections and writer_usage == Usage()
    assert briefing.title == story_name(story.kept(), facts)  # no headline given: the articles name the story
    assert briefing.meta.warnings == ["not sent to the writer, as asked: the facts are listed in their own wording"]


def test_the_timeline_leaves_out_a_dated_fact_the_bullets_tell_in_other_words() -> None:
    """A dated fact of another claim group that a bullet already tells (the seeds' lede "On November 27, ...
    launched a significant offensive" and "... launched a significant offensive ... on November 27") is not
    told again in the timeline; a dated fact the bullets do not tell is."""
    story, reconciliation = _input(2, 2)
    told = reconciliation.groups[0].statement
    again = TimelineEntry(date=dt.date(2026, 11, 2), statement=told.replace("The council", "On Monday the council"),
                          group="elsewhere", sources=["a1"])  # fmt: skip
    new = [
        TimelineEntry(date=dt.date(2026, 11, d), statement=f"The mayor resigned over plan {d}.", group=f"t{d}",
                      sources=["a0"])
        for d in (3, 4)
    ]  # fmt: skip
    dated = reconciliation.model_copy(update={"timeline": [again, *new]})
    briefing, _ = asyncio.run(compose(story, dated, OwnWording("as asked"), words=60, stamp=_stamp))
    timeline = next(s for s in briefing.sections if s.heading == "Timeline")
    assert [s.claims for s in timeline.sentences] == [["t3"], ["t4"]]


def test_a_timeline_line_that_opens_with_its_date_is_not_dated_twice() -> None:
    story, reconciliation = _input(2, 2)
    new = [
        TimelineEntry(date=dt.date(2013, 10, 28), statement="28 October 2013: Lauri Love is arrested in Suffolk.",
                      group="t1", sources=["a0"]),
        TimelineEntry(date=dt.date(2014, 2, 27), statement="On 27 February 2014, Mr Love is charged again.",
                      group="t2", sources=["a0"]),
    ]  # fmt: skip
    dated = reconciliation.model_copy(update={"timeline": new})
    briefing, _ = asyncio.run(compose(story, dated, OwnWording("as asked"), words=60, stamp=_stamp))
    timeline = next(s for s in briefing.sections if s.heading == "Timeline")
    assert [s.text for s in timeline.sentences] == [
        "28 Oct 2013: Lauri Love is arrested in Suffolk.",
        "27 Feb 2014: On 27 February 2014, Mr Love is charged again.",  # a date in the sentence's own words stays
    ]


class _FailingClient:
    """A model client whose every request fails after three attempts."""

    async def ask(self, *args: Any, **request: Any) -> Answer[BriefOut]:
        raise ModelError("briefing: HTTP 500:   the  server\nfell over", attempts=3, item="briefing")


def test_a_writer_that_fails_leaves_the_facts_in_their_own_wording_and_says_why() -> None:
    story, reconciliation = _input(2, 2)
    reported: list[str] = []

    def failure(item: str, exc: ModelError | ValidationFailed) -> Failure:
        reported.append(item)
        return Failure(item=item, error=str(exc), usage=Usage(calls=exc.attempts))

    writer = ModelWriter(_FailingClient(), None, failure)  # type: ignore[arg-type]
    briefing, writer_usage = asyncio.run(compose(story, reconciliation, writer, words=60, stamp=_stamp))
    lede, _ = unwritten(
        select_facts(reconciliation, {c.id: c for c in story.claims()}, {a.id: a for a in story.kept()}, words=60)
    )
    assert briefing.lede == lede and reported == ["briefing"] and writer_usage == Usage(calls=3)
    assert briefing.meta.warnings == [
        "the writer failed (briefing: HTTP 500: the server fell over); the facts are listed in their own wording"
    ]


def test_a_fact_known_from_an_earlier_briefing_is_left_out_unless_its_figure_moved() -> None:
    reconciliation, claims, articles = _story(1, 4)
    everything = {f.group.statement for f in select_facts(reconciliation, claims, articles, words=400)}
    told = "The council voted on the bridge plan number 01 on Monday."
    moved = "The council voted on the river plan number 77 on Monday."  # today's says 02: a figure moved
    known = (told, moved, "The council's budget was not discussed at all.")
    left = {f.group.statement for f in select_facts(reconciliation, claims, articles, words=400, known=known)}
    assert told in everything and told not in left
    assert left == everything - {told}


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("The plan was approved,", "The plan was approved."),
        ("It will reassure buyers.].", "It will reassure buyers."),
        ("(The richer the country, the more it generates.)", "The richer the country, the more it generates."),
        # a stray bracket after a quotation: its stop is inside the quotation, none is added after a space
        ("It is remade in “Snow White and the Huntsman.” )", "It is remade in “Snow White and the Huntsman.”"),
    ],
)
def test_a_fact_is_published_as_one_clean_sentence(text: str, published: str) -> None:
    assert as_sentence(text) == published


def test_an_untitled_page_opening_with_a_caption_is_titled_by_its_report() -> None:
    from summarizer.compose.briefing import headline_of

    sentences = [
        "A photo of the teen who went missing on April 14, Kristian Perez.",
        "The 17-year-old boy who went missing Friday night after the prom is still missing.",
    ]
    article = Article(id="a", text=" ".join(sentences), sentences=sentences)
    assert headline_of(article) == sentences[1]
    plain = Article(id="b", text=sentences[1], sentences=sentences[1:])
    assert headline_of(plain) == headline_of(article)


def test_a_fuller_telling_with_a_name_more_takes_the_shorter_ones_place() -> None:
    # the model's copy dropped what the campaign is called; the article's sentence gives it
    short = "The military campaign was a direct retaliation against bombardments by government forces."
    named = f'Named "Deterrence of Aggression," {short[0].lower()}{short[1:]}'
    articles = {"a1": Article(id="a1", text=named, sentences=[named])}
    claims = {
        "a1:c1": Claim(id="a1:c1", article_id="a1", statement=short, evidence=[1]),
        "a1:s1": Claim(id="a1:s1", article_id="a1", statement=named, evidence=[1]),
    }
    groups = [
        ClaimGroup(
            id=f"g{n}", kind="event", statement=claims[c].statement, claims=[c], sources=["a1"], independent_sources=1
        )
        for n, c in enumerate(claims)
    ]
    chosen = [f.text for f in select_facts(Reconciliation(groups=groups), claims, articles, words=200)]
    assert chosen == [named]
