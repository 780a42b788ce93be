"""Ingestion: the five seeds, every input format, bad inputs and sentence splitting."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from summarizer.errors import InputError
from summarizer.ingest.files import load_articles, parse_article, split_sentences

SEEDS = Path(__file__).parent.parent / "examples" / "seeds"
ARTICLE = "Rebels entered Aleppo on Friday, residents said. The army pulled back to the south.\n"


# ---- the five seeds -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seed", "title", "published"),
    [
        ("000", "Syrian opposition groups, Assad regime forces battle for Aleppo", None),
        ("001", "Battle for Aleppo: Opposition forces seize strategic ground", "2024-11-28"),
        (
            "002",
            "The death toll is increasing as anti-regime group Hayat Tahrir al-Sham close in on Syria's Aleppo "
            "and the Assad regime and Russia carry out airstrikes to crush them",
            None,
        ),
        ("003", None, None),
        (
            "004",
            "Syrian Insurgents Surge to Aleppo’s Gates, Seizing Ground in Largest Offensive Since 2020",
            "2024-11-29",
        ),
    ],
)
def test_seed_titles_and_dates(seed: str, title: str | None, published: str | None) -> None:
    path = next(SEEDS.glob(f"{seed}_*.txt"))
    article = load_articles(path)[0]
    assert (article.id, article.source) == (path.stem, str(path))
    assert article.title == title
    assert (article.published.isoformat() if article.published else None) == published
    assert article.outlet is None  # no metadata, and "News.az reports" in a sentence is not enough
    assert not article.truncated


def test_seeds_load_in_order_with_numbered_sentences() -> None:
    articles = load_articles(SEEDS)
    assert [a.id[:3] for a in articles] == ["000", "001", "002", "003", "004"]
    assert [len(a.sentences) for a in articles] == [19, 16, 27, 19, 25]
    for article in articles:
        assert article.sentence(1) == article.sentences[0]
        assert article.text.split() == " ".join(article.sentences).split()
        assert all(s == " ".join(s.split()) for s in article.sentences)


@pytest.mark.parametrize(
    "fragment",
    [
        "(AFP Photo)",
        "[Abdulaziz Ketaz/AFP]",
        "Published 18:04",
        "Updated 18:04",
        "date 2024-11-28",
        "Struggle for Idlib",
        "Humanitarian crisis deepens",
        "A fragile landscape",
        "Idlib takeover prevented",
        "Syrian Government Struggles",
        "Moscow Consultation",
    ],
)
def test_seed_captions_date_lines_and_subheadings_are_not_sentences(fragment: str) -> None:
    for article in load_articles(SEEDS):
        assert not any(fragment in sentence for sentence in article.sentences), (article.id, fragment)
        assert article.title is None or article.title not in article.sentences


def test_seed_notes_say_what_was_left_out() -> None:
    article = load_articles(next(SEEDS.glob("004_*.txt")))[0]
    assert article.notes == [
        "left out of the sentences: 2 date lines, 3 subheadings",
        "left out page furniture from 1 line (dateline)",  # "Aleppo, Syria - Thousands of ..."
    ]
    assert article.sentences[1].startswith("Thousands of Syrian insurgents")


def test_missing_space_after_a_period_still_splits() -> None:
    sentences = load_articles(next(SEEDS.glob("001_*.txt")))[0].sentences
    assert sentences[0].endswith("against regime forces in western Aleppo.")
    assert sentences[1].startswith('Named "Deterrence of Aggression," this military campaign')


def test_seed_quotes_and_abbreviations_stay_whole() -> None:
    articles = {a.id[:3]: a for a in load_articles(SEEDS)}
    assert (
        'The U.N. Office for the Coordination of Humanitarian Affairs said "more than 14,000 people'
        in articles["000"].sentences[7]
    )
    assert articles["000"].sentences[8].endswith('from the frontlines."')
    assert articles["003"].sentences[16].startswith("The U.S. meanwhile")


# ---- split_sentences ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dr. Smith met Gen. Jones at 10 a.m. on Nov. 29. They talked.",
            ["Dr. Smith met Gen. Jones at 10 a.m. on Nov. 29.", "They talked."],
        ),
        ("The U.N. said 14,000 fled. It was 1.5 km away.", ["The U.N. said 14,000 fled.", "It was 1.5 km away."]),
        (
            "Aid arrived from the U.S. The convoy left at 5 p.m. They said so.",
            ["Aid arrived from the U.S.", "The convoy left at 5 p.m.", "They said so."],
        ),
        ('He said: "We will hold the city." Then he left.', ['He said: "We will hold the city."', "Then he left."]),
        (
            "“We will not retreat. We will win,” the commander said. Shelling went on.",
            ["“We will not retreat. We will win,” the commander said.", "Shelling went on."],
        ),
        (
            "Mr. Lee of St. Louis spoke. George W. Bush did not.",
            ["Mr. Lee of St. Louis spoke.", "George W. Bush did not."],
        ),
        ("Is it over? No! It is not.", ["Is it over?", "No!", "It is not."]),
        (
            "Shells hit Building No. 4 on Jan. 5. Then it was quiet.",
            ["Shells hit Building No. 4 on Jan. 5.", "Then it was quiet."],
        ),
        (
            "It fell in western Aleppo.Named after the river, the town is old.",
            ["It fell in western Aleppo.", "Named after the river, the town is old."],
        ),
        (
            "A claim, a reply.\n\nA paragraph without a full stop\nAnother line",
            ["A claim, a reply.", "A paragraph without a full stop", "Another line"],
        ),
        ("  Spaces \t and\u00a0 tabs   are   squeezed.  ", ["Spaces and tabs are squeezed."]),
        ("Visit news.az for more. Or not.", ["Visit news.az for more.", "Or not."]),
        (  # a company's "Inc." before its ticker goes on; before "The" it ends the sentence
            "Rivals like Amazon.com Inc. AMZN, -1.29% and others. It was bought by Apple Inc. The deal closed.",
            ["Rivals like Amazon.com Inc. AMZN, -1.29% and others.", "It was bought by Apple Inc.", "The deal closed."],
        ),
        ("", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_a_forum_posts_user_name_is_no_title(tmp_path: Path) -> None:
    """A forum page's first line is its writer's user name ("laszlo"), not a headline; a real first line is."""
    post = "I like things like onions, peppers and sausage on a pizza. I will pay 10,000 bitcoins for two of them."
    (tmp_path / "post.txt").write_text(f"laszlo\n\n{post}\n", encoding="utf-8")
    (tmp_path / "report.txt").write_text(f"Bitcoin pizza day\n\n{post}\n", encoding="utf-8")
    titles = {a.id: a.title for a in load_articles(tmp_path)}
    assert titles == {"post": None, "report": "Bitcoin pizza day"}


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = (
        "Intense fighting approached the northern city after armed groups\n"
        "launched a shock offensive on regime-held areas this week, triggering\n"
        "the fiercest fighting since 2020. The land incursion is the first such\n"
        "advance in years.\n\nA second paragraph.\n"
    )
    assert split_sentences(text) == [
        "Intense fighting approached the northern city after armed groups launched a shock offensive on "
        "regime-held areas this week, triggering the fiercest fighting since 2020.",
        "The land incursion is the first such advance in years.",
        "A second paragraph.",
    ]


# ---- formats --------------------------------------------------------------------------------------------


def test_markdown_with_front_matter(tmp_path: Path) -> None:
    (tmp_path / "brief.md").write_text(
        "---\ntitle: Rebels reach Aleppo\noutlet: Example Wire\npublished: 2024-11-29\n"
        "url: https://example.com/a\n---\n# Rebels reach Aleppo\n\n"
        "Rebels entered **Aleppo** on Friday, [residents](https://example.com) said.\n\n"
        "## Reaction\n\n![map](map.png)\n\n- Turkey called for calm.\n- Russia sent jets\n",
        encoding="utf-8",
    )
    article = load_articles(tmp_path / "brief.md")[0]
    assert (article.id, article.title, article.outlet, article.url) == (
        "brief",
        "Rebels reach Aleppo",
        "Example Wire",
        "https://example.com/a",
    )
    assert article.published is not None and article.published.isoformat() == "2024-11-29"
    assert article.sentences == [
        "Rebels entered Aleppo on Friday, residents said.",
        "Turkey called for calm.",
        "Russia sent jets",
    ]


def test_json_object_list_and_metadata_keys(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(
        json.dumps({"headline": "H", "body": ARTICLE, "site": "AA", "date": "Nov. 28, 2024"}), encoding="utf-8"
    )
    (tmp_path / "many.json").write_text(
        json.dumps(
            [
                {
                    "id": "r1",
                    "title": "T1",
                    "text": ARTICLE,
                    "source": {"id": None, "name": "Reuters"},
                    "publishedAt": "2024-11-30T10:00:00Z",
                    "link": "https://example.com/r1",
                },
                {"content": "Three villages fell."},
            ]
        ),
        encoding="utf-8",
    )
    one, r1, second = load_articles([tmp_path / "one.json", tmp_path / "many.json"])
    assert (one.id, one.title, one.outlet, str(one.published)) == ("one", "H", "AA", "2024-11-28")
    assert (r1.id, r1.title, r1.outlet, str(r1.published), r1.url) == (
        "r1",
        "T1",
        "Reuters",
        "2024-11-30",
        "https://example.com/r1",
    )
    assert r1.sentences == split_sentences(ARTICLE)
    assert (second.id, second.sentences) == ("many-2", ["Three villages fell."])


def test_jsonl_bad_line_is_reported_and_the_rest_load(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "Line one."}\n\n{not json\n{"text": "Line three.", "outlet": "AP"}\n', encoding="utf-8")
    errors: list[InputError] = []
    articles = load_articles(path, errors=errors)
    assert [(a.id, a.outlet) for a in articles] == [("feed-1", None), ("feed-3", "AP")]
    assert len(errors) == 1 and errors[0].source == str(path) and "line 3" in str(errors[0])


def test_html_readable_text_and_metadata(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        """<html><head><title>Rebels reach Aleppo | Example News</title>
<meta property="og:site_name" content="Example News"><meta property="og:title" content="Rebels reach Aleppo">
<meta property="article:published_time" content="2024-11-29T10:00:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav><article><h1>Rebels reach Aleppo</h1>
<p>Opposition fighters reached the outskirts of Aleppo on Friday, residents said. The U.N. said 14,000 people
had fled their homes in the northwest.</p><h2>Airstrikes</h2>
<p>Russian and Syrian warplanes bombed the northwest on Thursday. At least 242 people were killed, a war monitor
said, most of them combatants on both sides.</p></article><footer>Copyright 2024 Example News</footer>
</body></html>""",
        encoding="utf-8",
    )
    article = load_articles(tmp_path / "page.html")[0]
    assert (article.id, article.title, article.outlet, str(article.published)) == (
        "page",
        "Rebels reach Aleppo",
        "Example News",
        "2024-11-29",
    )
    assert article.sentences[0] == "Opposition fighters reached the outskirts of Aleppo on Friday, residents said."
    assert len(article.sentences) == 4
    assert not any(word in article.text for word in ("Home", "Copyright", "Airstrikes"))


def test_parse_article_defaults_to_a_content_hash_id() -> None:
    article = parse_article(ARTICLE)
    assert re.fullmatch(r"[0-9a-f]{12}", article.id) and article.id == parse_article(ARTICLE).id
    assert parse_article(ARTICLE, id="x", meta={"title": "Given", "published": "yesterday"}).notes == [
        "could not read the publication date 'yesterday'"
    ]


def test_dates_come_only_from_date_lines() -> None:
    body = "Title here\nThe war began on March 15, 2011. It goes on.\nUpdated 09:00 GMT, 30 November 2024\n"
    article = parse_article(body)
    assert (article.title, article.published) == ("Title here", None)
    assert article.sentences == ["The war began on March 15, 2011.", "It goes on."]
    assert article.notes == ["left out of the sentences: 1 date line"]
    assert str(parse_article("Posted on 1 December 2024\nTitle\n" + ARTICLE).published) == "2024-12-01"
    fallback = parse_article("Published: Nov 30, 2024\n" + ARTICLE, meta={"date": "soon"})
    assert str(fallback.published) == "2024-11-30"
    assert fallback.notes[0] == "could not read the publication date 'soon'"


def test_long_article_is_truncated_at_a_sentence_boundary() -> None:
    text = "\n\n".join(f"Paragraph {n} says something about the offensive near Aleppo. It goes on." for n in range(300))
    full = parse_article(text, max_chars=10**6).text
    article = parse_article(text, max_chars=500)
    assert article.truncated and 450 < len(article.text) <= 500 and full.startswith(article.text)
    assert article.sentences[-1].endswith(".") and all(s in text for s in article.sentences)
    note = f"truncated from {len(full):,} to {len(article.text)} characters to fit the model's context"
    assert article.notes == [note]
    assert "22,388" in article.notes[0]  # thousands are grouped, as people read them
    assert not parse_article(text[:400]).truncated


# ---- folders and stdin ----------------------------------------------------------------------------------


def test_folders_recurse_sorted_skip_hidden_and_unknown_and_keep_ids_unique(tmp_path: Path) -> None:
    for name in ("b.txt", "a/z.txt", "a/b.txt", ".hidden.txt", ".git/x.txt", "notes.pdf", "a/README"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    articles = load_articles([tmp_path, tmp_path / "b.txt"])  # b.txt named twice is read once
    assert [Path(a.source or "").relative_to(tmp_path).as_posix() for a in articles] == ["a/b.txt", "a/z.txt", "b.txt"]
    assert [a.id for a in articles] == ["b", "z", "b-2"]
    assert articles[2].notes == ["renamed from 'b': another input has that id"]


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(ARTICLE))
    (article,) = load_articles("-")
    assert (article.source, article.sentences) == ("<stdin>", split_sentences(ARTICLE))
    assert re.fullmatch(r"[0-9a-f]{12}", article.id)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"\xff\xfe bad")))
    with pytest.raises(InputError, match="<stdin>: is not UTF-8"):
        load_articles(["-"])


# ---- bad inputs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "cause"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.md", b"  \n\n \t\n", "is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("latin1.txt", "Caf\u00e9 bombed.".encode("latin-1"), "not UTF-8"),
        ("broken.json", b'{"text": "x",}', "not valid JSON"),
        ("notext.json", b'{"title": "Only a title"}', "has no text"),
        ("scalar.json", b"[42]", "not a JSON object"),
        ("onlydate.txt", b"Published 18:04 IST, November 29th 2024\n", "has no article text"),
        ("front.md", b"---\ntitle: [unclosed\n---\nBody text here.\n", "front matter is not valid YAML"),
    ],
)
def test_bad_file_is_reported_and_the_others_still_load(tmp_path: Path, name: str, content: bytes, cause: str) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / name).write_bytes(content)
    errors: list[InputError] = []
    assert [a.id for a in load_articles(tmp_path, errors=errors)] == ["good"]
    assert [e.source for e in errors] == [str(tmp_path / name)]
    assert cause in str(errors[0]) and str(errors[0]).startswith(str(tmp_path / name))
    assert ";" in str(errors[0])  # the cause, then what to do
    with pytest.raises(InputError, match=re.escape(cause)):
        load_articles(tmp_path)


def test_unreadable_file_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")  # listed by the folder, but cannot be read
    errors: list[InputError] = []
    assert len(load_articles(tmp_path, errors=errors)) == 1
    assert errors[0].source == str(tmp_path / "gone.txt") and "cannot be read" in str(errors[0])


def test_bad_paths(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_text("x", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    errors: list[InputError] = []
    inputs = [tmp_path / "nope.txt", tmp_path / "report.pdf", tmp_path / "empty", tmp_path / "good.txt"]
    assert [a.id for a in load_articles(inputs, errors=errors)] == ["good"]
    assert [e.source for e in errors] == [str(p) for p in inputs[:3]]
    assert [
        m in str(e)
        for m, e in zip(("no such file", "unsupported file type '.pdf'", "has no articles"), errors, strict=True)
    ] == [True] * 3


def test_a_list_mark_glued_to_its_item_is_left_out() -> None:
    text = (
        "List\n\n-Poor planning and oversight have costly outcomes.\n"
        "•Higher ground clearance to avoid road debris.\n-2 degrees was the low on Monday."
    )
    article = parse_article(text)
    assert article.sentences == [
        "Poor planning and oversight have costly outcomes.",
        "Higher ground clearance to avoid road debris.",
        "-2 degrees was the low on Monday.",
    ]


def test_windows_1252_dashes_and_quotes_read_as_latin_1_are_mended() -> None:
    text = "Title\n\n\x97 The search ended on Monday, \x93happily\x94, police said.\n"
    article = parse_article(text)
    assert article.sentences == ["— The search ended on Monday, “happily”, police said."]


def test_a_stop_doubled_after_an_abbreviation_ends_the_sentence_once() -> None:
    text = "He signed out of the prom at 9:32 p.m.. Kristian rode with a relative. He left at 9 p.m. Friday. Wait..."
    assert split_sentences(text) == [
        "He signed out of the prom at 9:32 p.m.",
        "Kristian rode with a relative.",
        "He left at 9 p.m. Friday.",
        "Wait...",
    ]
