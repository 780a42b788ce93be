"""Page furniture left by scraping is dropped at ingestion, with a note; reporting is never touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer import load_articles
from summarizer.ingest.debris import drop_debris, strip_debris
from summarizer.ingest.files import parse_article

GROUPING = Path(__file__).parent / "fixtures" / "grouping"

# Lines found in real articles (multinews-dev), and what their kind is.
WHOLE_LINES = [
    ("Media playback is unsupported on your device", "playback"),
    (
        "Media playback is unsupported on your device Media caption Elizabeth Warren mauls 'gutless' Wells Fargo boss",
        "playback",
    ),
    ("Image copyright AFP", "credit"),
    (
        "Image copyright Ritzau Foto Image caption Kim Wall boarded Peter Madsen's submarine Nautilus on 10 August, "
        "and then disappeared",
        "credit",
    ),
    ("Photo: Frazer Harrison/Getty Images", "credit"),
    ("Getty Images / DANIEL LEAL-OLIVAS / Contributor", "credit"),
    ("Astrid Stawiarz/Getty Images", "credit"),
    ("[Image via AP]", "credit"),
    ("Photo", "credit"),
    ("Advertisement", "advertisement"),
    ("Story continues below advertisement", "advertisement"),
    ("Advertisement Continue reading the main story", "advertisement"),
    ("Story Continued Below", "advertisement"),
    (
        "Get Vanity Fair’s HWD Newsletter Sign up for essential industry and award news from Hollywood. E-mail Address "
        "Subscribe",
        "newsletter",
    ),
    (
        "The most reliable politics newsletter. Sign up for POLITICO Playbook and get the latest news, every "
        "morning — in your inbox. Email Sign Up By signing up you agree to receive email newsletters or alerts "
        "from POLITICO. You can unsubscribe at any time.",
        "newsletter",
    ),
    ("Breaking News Emails Get breaking news alerts and special reports.", "newsletter"),
    (
        "Follow CNN Health on Facebook and Twitter See the latest news and share your comments with CNN Health on "
        "Facebook and Twitter.",
        "share",
    ),
    ("Read or Share this story: https://usat.ly/2BuQzEV", "share"),
    ("E-mail this to a friend »", "share"),
    ("RELATED:", "share"),
    ("Share | Tweet | Email", "share"),
    ("Copy Link Copy", "share"),
    ("Hide Transcript Show Transcript", "video"),
    ("Slideshow (6 Images)", "video"),
    ("Contact reporter Heather Hacking at 896-7758.", "byline"),
    (
        "Mayor Rahm Emanuel, with Police Supt. Eddie Johnson (left), announces a lawsuit. | Nader Issa/Sun-Times",
        "caption",
    ),
    ("Ty Burr can be reached at tburr@globe.com. For more on movies, go to www.boston.com/movienation.", "credit"),
    (
        "JUST WATCHED Your flight is probably canceled Replay More Videos ... MUST WATCH Your flight is probably "
        "canceled 01:36 PLAY VIDEO",
        "video",
    ),
    ("View Slideshow", "video"),
    ("Enlarge this image toggle caption Justin Sullivan/Getty Images Justin Sullivan/Getty Images", "video"),
    ("CLOSE Tesla stock fell after reports of the electric cars catching fire after striking road debris VPC", "video"),
    ("© 2018 KREM-TV", "byline"),
    ("rmccoppin@chicagotribune.com", "byline"),
    ("mkg/msh (AFP, dpa, AP)", "byline"),
    ("The Associated Press contributed to this report.", "byline"),
    ("Editor-in-Chief Nikki Finke - tip her here.", "byline"),
    ("Also read: Steve Pond's Oscar Picks: 'The Artist' Will Win, but Should It?", "related link"),
    ("READ ALSO: Kim Wall presumed dead: Copenhagen Police", "related link"),
    ("Related: Fired Wells Fargo workers fight back with lawsuit", "related link"),
    ("12:30 p.m.", "timestamp"),
    ("19:29", "timestamp"),
    ("UPDATED 5:30 PM WITH MORE DETAILS", "timestamp"),
    ("___", "separator"),
    ("Activity: 199", "forum chrome"),
    (  # a forum thread's first post: its header and the names that rated it
        "Full MemberActivity: 199Merit: 319 Pizza for bitcoins? May 18, 2010, 12:35:20 AM Merited by Seccour (50), "
        "Vod (20), alani123 (12)",
        "forum chrome",
    ),
    ("We use cookies to improve your experience on our site.", "cookie notice"),
    (
        "Evacuee Jon Warner, left, walks through rain with son Ethan, right, and daughter Iris after picking up some "
        "basic necessities at a makeshift donation center Tuesday, May 8, 2018, in Pahoa, Hawaii. "
        "\"We've... (Associated Press)",
        "caption",
    ),
    ("A Russian Topol-M missile with a range of some 11,000 kilometres (AFP Photo/DMITRY KOSTYUKOV)", "caption"),
    ("Hog-nosed Shrew Rat (courtesy: Kevin C. Rowe, Senior Curator of Mammals, Museum Victoria)", "caption"),
    ("Lava advances towards a metal barrier in Puna, May 6, 2018. WXCHASING via REUTERS", "caption"),
    (  # the caption's second sentence is its context, not reporting: it would lead the article
        "An employee holds circuit boards at the Coopermiti warehouse of electronic waste in Sao Paulo March 6, "
        "2013. According to the United Nations Environment Programme, Brazil generates the most e-waste.",
        "caption",
    ),
    (
        "(L-R) Saudi Crown Prince Mohammed bin Nayef, Saudi King Salman, and Saudi Arabia's Deputy Crown Prince "
        "Mohammed bin Salman stand together after Saudi Arabia's cabinet agrees to implement a broad reform plan "
        "known as Vision 2030 in Riyadh, April 25, 2016. REUTERS/Saudi Press Agency/Handout via Reuters",
        "caption",
    ),
]

# Furniture glued to a real line: only the furniture goes.
GLUED = [
    ("Contributing: The Associated Press. Follow WFAA on Twitter: @wfaa", "Contributing: The Associated Press."),
    ("Story highlights Third storm-related death announced in Kansas", "Third storm-related death announced in Kansas"),
    (
        "Expert: Summer gold rush could be the best in 20 years | Share",
        "Expert: Summer gold rush could be the best in 20 years",
    ),
    (
        "The map is available online. [Infographic: Tracking the World's E-Waste] Until now, data was scarce.",
        "The map is available online. Until now, data was scarce.",
    ),
    (
        "The U.S. and China produce more e-waste than any other country. [ See full-size infographic Credit: Ross "
        "Toro, Infographic Artist",
        "The U.S. and China produce more e-waste than any other country.",
    ),
    (
        "Lauri Love smiles as he leaves with parents Alexander Love, left, and girlfriend Sylvia Mann, from The Royal "
        "Courts of Justice in London, Monday, Feb. 5, 2018. The ruling was welcomed by his family.",
        "The ruling was welcomed by his family.",
    ),
    (  # a reply's header, and the post it quotes
        "LegendaryActivity: 1708Merit: 1000 Re: Pizza for bitcoins? August 04, 2010, 06:56:55 AM #15 Quote from: "
        "laszlo on June 12, 2010, 08:14:44 PM This is an open offer by the way.",
        "This is an open offer by the way.",
    ),
]

# Reporting from the same articles that mentions the same words: kept as it is.
REPORTING = [
    "The closures have added to a sense of disarray, said gallery owner Amedeo Markoff, 49.",
    "Federal safety regulators opened a probe into a series of fires in Tesla Model S cars.",
    "At 12:30 p.m. the lava had reached the road, officials said.",
    "Read more about the eruption in our earlier report.",
    "Facebook said it would review how the video stayed online for 24 hours.",
    "Photographers were kept away from the red carpet.",
    "Offline for years, the forum came back in 2017.",
    "Officials said on Monday, May 7, 2018, that the lava, left unchecked, would reach the sea.",
    "Some donors were also listed as contributors to Crist on June 19, 2006.",
    "He said [the police] had left the building before dawn.",
    "Kate Gosselin 'freaking out' with 8 kids, no reality-TV show [Poll]",
    "The company was founded in Phoenix on March 6, 1989.",
    "He stood on the right, next to the mayor, on Tuesday, May 8, 2018.",
    "Related charges were filed against two other men: fraud and conspiracy.",
    "Asked about the tip, she said police had been told where to look.",
    "The first post went up on May 18, 2010, at 12:35 AM, and the offer stood for weeks.",
    "By Alex Sosnowski, senior meteorologist. February 06, 2014, 5:49:29 AM EST",  # a dateline: the date is read
]


@pytest.mark.parametrize(("line", "kind"), WHOLE_LINES)
def test_a_furniture_line_is_dropped_with_its_kind(line: str, kind: str) -> None:
    assert strip_debris(line) == ("", [kind])


@pytest.mark.parametrize(("line", "kept"), GLUED)
def test_furniture_glued_to_a_line_is_cut_out(line: str, kept: str) -> None:
    clean, kinds = strip_debris(line)
    assert clean == kept and kinds


@pytest.mark.parametrize("line", REPORTING)
def test_reporting_is_kept_whole(line: str) -> None:
    assert strip_debris(line) == (line, [])


def test_drop_debris_counts_lines_dropped_and_cut() -> None:
    blocks = [("Advertisement", "text"), ("Photo", "text"), ("Real news here.", "text"), (GLUED[0][0], "text")]
    kept, debris = drop_debris(blocks)
    assert kept == [("Real news here.", "text"), (GLUED[0][1], "text")]
    assert (debris.dropped, debris.cut) == (2, 1)
    assert debris.note() == "left out 2 lines of page furniture and page furniture from 1 more line " + (
        "(advertisement, credit, share)"
    )


SIGNATURE = (
    "Dan Froomkin is senior Washington correspondent for the Huffington Post. You can send him an e-mail, "
    "bookmark his page; subscribe to his RSS feed, follow him on Twitter."
)


def test_the_writers_own_line_is_dropped_only_at_the_end() -> None:
    news = "Lucia Peters is BettyConfidential's associate editor."  # news, when a story says it
    kept, debris = drop_debris([(news, "text"), ("The report came out on Monday.", "text"), (SIGNATURE, "text")])
    assert kept == [(news, "text"), ("The report came out on Monday.", "text")]
    assert (debris.dropped, debris.kinds["byline"]) == (1, 1)
    kept, _ = drop_debris([("The report came out on Monday.", "text"), (news, "text")])
    assert kept == [("The report came out on Monday.", "text")]


def test_ingestion_drops_furniture_before_choosing_the_title() -> None:
    text = (
        "19:29\n\nMedia playback is unsupported on your device\n\nImage copyright AFP\n\n"
        "The river Sel burst its banks on Friday, flooding the lower town of Varna.\n\n"
        "Advertisement\n\nRescuers took 40 people from their roofs by boat, the fire service said."
    )
    article = parse_article(text, id="flood")
    assert article.title is None
    assert article.sentences == [
        "The river Sel burst its banks on Friday, flooding the lower town of Varna.",
        "Rescuers took 40 people from their roofs by boat, the fire service said.",
    ]
    assert "left out 4 lines of page furniture (timestamp, playback, credit, advertisement)" in article.notes


def test_real_articles_lose_their_furniture_and_keep_their_reporting() -> None:
    articles = {Path(a.source or "").parent.name + "/" + Path(a.source or "").stem: a for a in load_articles(GROUPING)}
    bbc = articles["kim-wall-submarine/article_1"]  # two BBC photo captions: one used to be its title
    assert bbc.title is None
    assert "left out 2 lines of page furniture (credit)" in bbc.notes
    assert not any("Image copyright" in s for s in bbc.sentences)
    assert bbc.sentences[0].startswith("A Danish inventor charged over the death of Swedish journalist Kim Wall")
    live = articles["kilauea-eruption-2018/article_3"]  # an AP live blog: times, separators, a photo caption
    assert "left out 14 lines of page furniture (timestamp, separator, caption, dateline, teaser)" in live.notes
    assert live.sentences[0].startswith("Hawaii's governor is asking"), live.sentences[0]  # no dateline, no "2 p.m."
    usa_today = articles["tesla-model-s-fires/article_1"]  # two video blurbs that started "CLOSE"
    assert usa_today.title and not usa_today.title.startswith("CLOSE")
    for article in articles.values():
        assert all(strip_debris(s)[1] == [] for s in [article.title or "", *article.sentences]), article.source


@pytest.mark.parametrize(
    ("line", "kept", "kind"),
    [
        (
            "Malaysia Airlines 3786.KU -2.22% Volume (Delayed 15m) : 32.44M P/E Ratio N/A Market Cap 3.5B",
            "",
            "market data",
        ),
        ("More quote details and news »", "", "market data"),
        ("07/26/14 What's News: World-Wide 07/25/14 White House Says Putin 'Culpab...", "", "related link"),
        (
            "A man walks past a piece of the crashed Malaysia Airlines Flight 17 near the village of Hrabove, "
            "eastern Ukraine Monday, July 21, 2014.",
            "",
            "caption",
        ),
        (
            "ALTERNATE CROP OF TOK872 OF MARCH 17, 2011 - In this photo taken on March 16, 2011, smoke rises.",
            "",
            "caption",
        ),
        ("Parliament TV handout via REUTERS.", "", "caption"),
        ("LONDON (AP) — The Latest on political turmoil in Britain (all times local).", "", "teaser"),
        (
            "(CNN) The shooting at the Capital Gazette left five dead.",
            "The shooting at the Capital Gazette left five dead.",
            "dateline",
        ),
        ("WASHINGTON -- The commission met on Monday.", "The commission met on Monday.", "dateline"),
        (
            "The statement is likely to be well received. | Andrew Harnik/AP Sessions blasts Rahm Emanuel over suit",
            "The statement is likely to be well received.",
            "caption",
        ),
        (
            "JAMESTOWN, Tuolumne County (KPIX 5) — Weeks of rain have set off a new gold rush.",
            "Weeks of rain have set off a new gold rush.",
            "dateline",
        ),
        ("DALLAS, April 18 A gray and black dress sold.", "A gray and black dress sold.", "dateline"),
        ("NEW YORK, Dec. 5 Shares fell.", "Shares fell.", "dateline"),
        (
            "A black bonnet fetched $30,000. (Editing by Jonathan Kaminsky and Clarence Fernandez)",
            "A black bonnet fetched $30,000.",
            "credit",
        ),
        ("(Reporting by Piya Sinha-Roy; Editing by Jonathan Kaminsky)", "", "credit"),
        ("Aleppo, Syria - Thousands of insurgents surged.", "Thousands of insurgents surged.", "dateline"),
        ("WITH: Julia Roberts (the Queen), Lily Collins (Snow White) and Sean Bean (the King).", "", "film credits"),
        (
            "Relativity Media presents a film directed by Tarsem Singh. Running time: 106 minutes. MPAA rating: PG.",
            "",
            "film credits",
        ),
        (
            "Starring Julia Roberts, Lily Collins. Directed by Tarsem Singh. 106 minutes. Opens March 30. PG",
            "",
            "film credits",
        ),
        ("Pahoa, Hawaii — Lava reached the sea.", "Lava reached the sea.", "dateline"),
        (
            "the likes of Amazon.com Inc. AMZN, -1.29% and other online retailers.",
            "the likes of Amazon.com Inc. and other online retailers.",
            "market data",
        ),
        (
            "Xhibit Corp XBTC.PK, SkyMall's parent, on Friday said it hoped to sell its assets.",
            "Xhibit Corp, SkyMall's parent, on Friday said it hoped to sell its assets.",
            "market data",
        ),
        ("Delta Air Lines Inc (DAL.N) ended its contract.", "Delta Air Lines Inc ended its contract.", "market data"),
        (
            "Xhibit Corp. US:XBTC executives could not be reached.",
            "Xhibit Corp. executives could not be reached.",
            "market data",
        ),
    ],
)
def test_the_issues_clutter_is_left_out(line: str, kept: str, kind: str) -> None:
    clean, kinds = strip_debris(line)
    assert clean == kept
    assert kind in kinds


@pytest.mark.parametrize(
    "line",
    [
        "The plane was shot down Thursday, July 17, 2014.",  # a date with no scene: reporting
        "Shares of Tesla fell 6% on Monday.",
        "U.S. officials said the missile was fired from rebel-held territory.",
    ],
)
def test_reporting_with_dates_figures_and_capitals_stays(line: str) -> None:
    assert strip_debris(line) == (line, [])
