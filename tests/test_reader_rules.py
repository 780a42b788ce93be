"""The reader check's rules on the defects issue reports named, and on sentences a reader meets without trouble."""

import pytest

from summarizer.evaluation.reader import defects, sentence_defect, title_defect
from summarizer.schemas import Briefing, BriefSentence, Meta, Section


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("They contend that this offensive breaches a prior agreement.", "dangling"),
        ("Nor did he provide any photographic or video evidence.", "dangling"),
        ("David Morse Rice, 45, was found guilty of those killings.", "dangling"),
        ("In that year, the company filed for bankruptcy.", "dangling"),
        ('"I asked if he would sell it to me," he said.', "dangling"),
        ("Visitors to his exhibitions have included the former US president, Jimmy Carter.", "dangling"),
        ("Over the years, it's faded to light gray.", "dangling"),
        ("At the time, Hanyecz believed that the coins were worth around 0.003 cents each.", "dangling"),
        ("Dallas Swonger wants the world to just know one thing.", "dangling"),
        ("the scheme and said it had fired 5,300 employees for misconduct.", "fragment"),
        ('"Then we found the bodies hanging off the hotel."', "unattributed quote"),
        ("There's no such downtime for the princess in the snappy retelling 'Mirror Mirror'.", "dangling"),
        ('"What about concern for the safety of children?" they asked.', "dangling"),
        ("For an in-depth look at the factors driving bitcoin, click here.", "link list"),
        ("Now, 75 years later, an impressive collection of memorabilia is up for sale.", "dangling"),
        ("Scott Amey also raised an all-too-familiar concern, though from another context:", "dangling"),
        (
            "Malaysia Airlines 3786.KU -2.22% Volume (Delayed 15m) : 32.44M P/E Ratio N/A Market Cap 3.5B",
            "market data",
        ),
        ("More quote details and news »", "link list"),
        ("07/26/14 What's News: World-Wide 07/25/14 White House Says Putin 'Culpab", "link list"),
        (
            "A man walks past a piece of the crashed Malaysia Airlines Flight 17 near the village of Hrabove, "
            "eastern Ukraine Monday, July 21, 2014.",
            "caption",
        ),
        ("ALTERNATE CROP OF TOK872 OF MARCH 17, 2011 - In this photo taken on March 16, 2011, smoke rises.", "caption"),
        ("Parliament TV handout via REUTERS.", "caption"),
        ("LONDON (AP) — The Latest on political turmoil in Britain (all times local).", "dateline"),
        ("(CNN) The shooting at the newspaper left five dead.", "dateline"),
        ("DALLAS, April 18 A gray and black dress sold for $137,000 at an auction.", "dateline"),
        ("The court heard the defendant admit the charges....", "cut off"),
        ("Tesla reported an average of one fire per at.", "cut off"),
        ("By 2017 e-waste will weigh almost as much as 200 Empire州.", "garbled"),
        ("-Poor planning and oversight by the US government have costly outcomes.", "list mark"),
        ("•Higher ground clearance to make them less likely to strike road debris.", "list mark"),
        ("You've probably never heard of Marty Martin.", "aside"),
        ("When the show got canceled, many of you were concerned about Kate Gosselin.", "aside"),
        ("Ty Burr can be reached at tburr@globe.com.", "link list"),
        ("Contact reporter Heather Hacking at 896-7758.", "link list"),
        ("The mayor announces a federal lawsuit. | Nader Issa/Sun-Times.", "caption"),
        ("JAMESTOWN, Tuolumne County (KPIX 5) — Weeks of rain set off a gold rush.", "dateline"),
        ("As previously noted, a mom's got to eat.", "dangling"),
        ("Because, even if the hack was simple, people still got hurt.", "dangling"),
        ("Having this data could help governments and companies manage their e-waste.", "dangling"),
        ("The NHTSA disputed that, saying its decision was an independent process.", "dangling"),
        ("Prior to that, Marty Martin was a nondescript former officer.", "dangling"),
        ('"We never made any donations, sir.', "unattributed quote"),
        ("Robert Young of Michigan, Supreme Court of Michigan (Ret.).", "not a sentence"),
        ("The automaker believes the warranty change will reassure buyers.].", "garbled"),
        ("Watch Spicer's comment to CNN above.", "link list"),
        ("Check back for details as they develop.", "link list"),
        ("First, we have rolled out an over-the-air update to the air suspension.", "unnamed speaker"),
        ("The Sulawesi water rat was sister to the shrew rats in our analyses.", "unnamed speaker"),
        ("Using an Oscar appearance to promote a film is not, of course, completely unknown.", "aside"),
        ("Sure, both the blogosphere and the universe may immediately combust as a result.", "dangling"),
        ("Turns out it was much worse than anybody thought.", "dangling"),
        ("Some are taking it in stride.", "dangling"),
        ("Don’t dismiss mail-order businesses just yet.", "aside"),
        ("A photo of the teen who went missing on April 14, Kristian Perez.", "caption"),
        ("Others were ready for it to be all over.", "dangling"),
        ("The CIA's sources didn't know where he was hiding.", "dangling"),
        ("The search for her body continues.", "dangling"),
        ("“The consequences are simply unimaginable,” he warned.", "dangling"),
        ("Tikus air Sulawesi, Waiomys mamasae, diketahui berkerabat dekat dengan tikus cucurut.", "not English"),
        ("Oroville >> Now is not the time to quit a day job.", "dateline"),
        ("Trump told MSNBC on Friday. | AP Photo Trump threatens to upend policy", "caption"),
        ("Someone is trying to sell the passwords on a dark web marketplace for$.", "cut off"),
    ],
)
def test_the_issues_defects_are_found(text: str, rule: str) -> None:
    assert sentence_defect(text) == rule


@pytest.mark.parametrize(
    "text",
    [
        "The company filed for bankruptcy on Jan. 23, 2015, in Delaware.",
        "Those who live near the volcano were told to leave on Thursday.",
        '"We will rebuild," Mayor John Smith said on Friday.',
        "It remains unclear where the president-elect stands on nuclear weapons.",
        "eBay said it would cut 2,000 jobs.",
        "The mayor said he would resign.",
        "Hawaii's governor declared an emergency as lava spread through Leilani Estates.",
        "Türkiye and Россия (Russia) agreed to a ceasefire in Idlib.",
        "We expect the sale to close in April, the company said.",
        "Officials said that, despite the storm, the airport would open on Monday.",
    ],
)
def test_plain_reporting_passes(text: str) -> None:
    assert sentence_defect(text) is None


def test_a_headline_cut_with_one_ellipsis_is_no_defect_but_a_dateline_is() -> None:
    assert title_defect("Residents on the Big Island of Hawaii were alerted on…") is None
    assert title_defect("(CNN) A fourth death in central Illinois has been connected…") == "dateline"


def test_a_timeline_line_dated_twice_is_found() -> None:
    def line(text: str) -> BriefSentence:
        return BriefSentence(text=text, citations=["a1"])

    timeline = Section(
        heading="Timeline",
        sentences=[line("28 Oct 2013: 28 October 2013: Love is arrested."), line("27 Feb 2014: Love is charged.")],
    )
    briefing = Briefing(title="Love", sections=[timeline], sources=[], meta=Meta(model="m", mode="json"))
    assert [(d.rule, d.text) for d in defects(briefing)] == [
        ("dated twice", "28 Oct 2013: 28 October 2013: Love is arrested.")
    ]
