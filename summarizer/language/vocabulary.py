"""The English word lists, each once, named for what it is for.

Lists that look alike are kept apart where they do different work: merging the three stop-word lists, or the
two tables of paraphrases, changes which claims meet, which words a sentence must ground and which stories
group (measured on the labelled sets and the dev events), so each keeps its own words and says its own job.
Words that recur in several lists (the calendar, the verbs of saying, the paraphrases of "seize") are written
once and put into each.
"""

from __future__ import annotations

from importlib.resources import files

# ---- the calendar ----------------------------------------------------------------------------------------

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec")  # no "May"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")  # Monday is 0, as in datetime

_CALENDAR_WORDS = frozenset(name.lower() for name in (*WEEKDAYS, *MONTH_NAMES))

# ---- numbers ---------------------------------------------------------------------------------------------

NUMBER_NAMES = tuple(  # each at the index of its value
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split()
)
TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}

# Nouns a count can be of; the first one within a few words after a number is its unit.
# General counting nouns only; any other plural noun right after a number is taken as its unit too.
UNITS = frozenset(
    "people person persons members personnel children child women men students individuals others dead deaths "
    "casualties villages village towns town localities areas locations families residents kilometers kilometres "
    "kilometer kilometre km miles mile meters metres feet acres days day hours hour weeks months years percent "
    "homes houses buildings structures jobs employees workers patients cases votes seats dollars".split()
)

# ---- who says it -----------------------------------------------------------------------------------------

# Verbs that give information a source: "X said", "..., said X", "X said on Wednesday" (language.names).
ATTRIBUTION_VERBS = (
    "said says reported reports told noted notes confirmed confirms announced announces stated states claimed "
    "claims added mentioned warned cited contend contends assert asserts".split()
)
# Words that make a claim something said rather than something done (language.voice.SPEECH).
SPEECH_CUES = (
    *"said says told stated statement announced claimed accused denied warned argued vowed urged".split(),
    "called for",
    "insisted",
    "according to",
)

# ---- words that carry no meaning of their own --------------------------------------------------------------

# What `language.words.content_words` leaves out: the commonest function words and the verbs of saying.
STOP_WORDS = frozenset(
    "the a an and or of to in on at by for from with as is are was were be been has have had that this "
    "which who their its it they them than into over after before about said says say also not but".split()
)
# Words that never tell one fact from another: claims are compared without them (claims.reconcile), so
# reporting verbs, qualifiers of a figure and the calendar do not make two facts one.
FACT_STOP_WORDS = (
    frozenset(
        "a an the and or of to in on at by for from with as is are was were be been being has have had having that "
        "this these those which who whom whose their its it they them than into over under after before about "
        "since including while but not no also would could will can may might said says say according reported "
        "reports told added noted stated per amid during up down out more most other such some all both each "
        "there here what when where why how very just only still yet earlier later early late last next now "
        "today yesterday week weeks day days s least nearly almost around approximately against toward towards "
        "near within across along".split()
    )
    | _CALENDAR_WORDS
)
# Words that never tell one story from another (daily grouping and headlines): the English stop words of the
# Glasgow IR group (as scikit-learn ships them), one a line in english_stop_words.txt, and the news and
# calendar words that every story uses.
STORY_STOP_WORDS = (
    frozenset(files(__package__).joinpath("english_stop_words.txt").read_text(encoding="utf-8").split())
    | frozenset(
        "said says say told according added including just like did does don didn doesn new today yesterday "
        "tomorrow week weeks year years day days month months time mr mrs ms dr percent people".split()
    )
    | {day.lower() for day in WEEKDAYS}
)
# Words a sentence may use without its evidence holding them (claims.alignment): grammar, pronouns, and verbs
# of saying (who said it is checked apart, as an attribution). "before"/"after", "more"/"less" are here too,
# and compared as opposites. Nor is one of them a name when it opens a sentence.
UNCHECKED_WORDS = frozenset(
    """a an the and or but so yet of to in on at by for from with as into onto over under about above below
    between among during within through across along around near off out up down upon than then there here this
    that these those it its itself they them their theirs themselves he him his himself she her hers herself we
    us our ours you your i me my mine who whom whose which what when where why how all any both each either every
    few some such only own same too very can could will would shall should may might must do does did done doing
    is are was were be been being has have had having also just now if else whether because though although
    however meanwhile while since until till once again further even still already another other others more
    most less least much many several said says say saying told tells tell added adds according reportedly
    stated states before after against onto via per amid amidst despite toward towards upon whereas whilst
    due thus hence therefore moreover furthermore additionally instead rather quite perhaps maybe almost nearly
    about around roughly approximately some""".split()
)
# Times "this" can point at without pointing back: the story's own time, "earlier this year", "this week".
THIS_TIMES = (
    "year week month morning afternoon evening night weekend summer winter spring fall autumn season time past "
    "coming century decade".split()
)
# Openings, each before a comma, that go on from a sentence not shown: "In fact, nobody came or went."
GOES_ON_FROM = (
    "In addition", "Similarly", "By contrast", "In contrast", "As a result", "Even so", "After all", "In fact",
    "Of course", "Indeed", "Yes", "No", "Because", "As noted", "As previously noted", "As mentioned",
    "As previously mentioned", "Then again", "Sure", "Quite literally", "Anyway", "To be sure", "To be fair",
    "Either way", "Needless to say", "Mind you",
)  # fmt: skip
# Words before "that," opening a sentence, where "that" is something told before: "Beyond that, he said ..."
THAT_LEADS = (
    "Beyond", "Prior to", "After", "Before", "Besides", "Despite", "Because of", "Apart from", "Aside from",
    "Having said", "Even at", "Other than", "On top of", "In addition to", "Along with", "With", "Without", "Like",
    "Unlike", "Since", "Until",
)  # fmt: skip
# Words for one person, which a later "he" or "she" may stand for: "The mayor said he would resign."
PERSON_NOUNS = frozenset(
    """man woman boy girl father mother son daughter husband wife brother sister teen teenager child baby president
    minister mayor leader spokesman spokeswoman spokesperson lawyer official officer actor actress director author
    writer singer player coach judge suspect victim driver pilot doctor founder owner chief executive prince
    princess king queen senator governor candidate reporter journalist prosecutor attorney defendant sniper shooter
    inventor priest bishop soldier surfer student worker agent gunman someone anyone nobody one""".split()
)
# Words that refer back to someone named before: "he said" where the sentence before names the mayor.
PRONOUNS = frozenset("he she they him her his their them it its theirs hers himself herself themselves".split())
# "the company", "the town": nouns that stand for a name given just before, as "it" or "they" do.
REFERRING_NOUNS = frozenset(
    """company firm group town city village country state region province agency ministry government council
    party court police army team club organisation organization board committee department office authority
    authorities man woman boy girl official officials president minister mayor leader spokesman spokeswoman
    lawyer father mother couple family residents carmaker automaker maker bank""".split()
)
# Grammatical words, never a noun: a word right after a number that is one of these is not what it counts.
FUNCTION_WORDS = frozenset(
    "a an the of and or to in on at by for from with as is are was were be been has have had that this these "
    "those which who whom their its it they them than into over under after before about since including "
    "while but not no more most other such".split()
)
NEGATIONS = frozenset("not no never none nobody nothing neither nor without cannot n't".split())

# ---- paraphrases -----------------------------------------------------------------------------------------

# Two tables, for two jobs; the words they share are written once.
_SEIZE = "seize seized seizing capture captured capturing overran overrun"
_ARREST = "arrest arrested arresting detained detain"

# Words a news report uses for the same thing, by the head word they fold to, so that paraphrased claims
# meet (claims.reconcile).
PARAPHRASES = {
    "kill": "kill killed killing kills dead died die dies death deaths toll casualties lives fatalities",
    "capture": _SEIZE,
    "attack": "attack attacks attacked assault offensive offensives campaign operation incursion raid raids",
    "displace": "displace displaced displacing displacement fled flee fleeing refugees evacuated evacuate evacuation",
    "injure": "injured wounded injuring hurt",
    "arrest": _ARREST,
    "village": "village villages town towns localities",
    "km": "kilometer kilometers kilometre kilometres km",
    "company": "company firm",
    "announce": "announce announced announcing unveiled unveil",
    "investigate": "investigate investigated investigating investigation probe inquiry",
}
# Verbs near a count, by the name of what they did to it, so that "13 villages seized" and "15 villages
# captured" are one measure (claims.quantities): wider than PARAPHRASES, a count is "taken" or "held".
COUNT_VERBS = {
    "seized": f"{_SEIZE} took taken taking control controlled controls fell gained",
    "destroyed": "destroy destroyed destroying razed flattened levelled leveled",
    "damaged": "damage damaged damaging",
    "arrested": f"{_ARREST} held charged",
    "cut": "cut cuts cutting eliminated eliminating slashed laid",
    "raised": "raised raise raising collected",
    "spent": "spent spend spending wasted misspent",
    "sold": "sold sell selling",
}
