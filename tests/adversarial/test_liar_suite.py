"""The liar suite: false edits of real-looking news that the alignment check must refuse, beside the faithful
restatements (fused sentences, abbreviations, "she" named earlier) it must let through.

Each false edit changes one thing a reader would call a lie: an antonym, a number or what it counts, a
relation turned around, a clause or an attribution appended, a negation flipped, an entity swapped, or a
claim cited to a sentence that says something else. Each is read the way the pipeline will read it: against
the whole article (`verify`, which finds the sentences that matter) or against the one sentence it cites.
A written sentence may use a looser word than its evidence (WordNet, in any sense), so the suite also holds
words of the same kind that name another thing ("banks" for "firms", "injured" for "died").
"""

from __future__ import annotations

import pytest

from summarizer.claims.alignment import check_claim, check_sentence, verify

COUNCIL = """The city council approved the budget on Tuesday by 7 votes to 2.
Councillor Lena Ortiz warned about the rising costs of repairing the Elm Street bridge.
She said the repairs would cost at least $4 million.
The bridge remains open to pedestrians but is closed to cars until the work is finished.
Three bidders, all of them local firms, have applied for the contract.
The work should take about a year, according to Mayor Ana Ruiz.
The council did not discuss the proposed parking fees."""

CHOLERA = """The World Health Organization (WHO) said on Monday that 14 people had died of cholera in the region.
More than 300 cases have been reported since the outbreak began in March.
The agency said the number of new infections was falling.
Health minister Peter Berg said no vaccines had reached the northern districts.
He blamed flooding for cutting the roads.
The U.N. children's agency plans to send 20 water trucks next week."""

COURT = """A jury in Denver found Mark Ellis guilty of fraud on Friday.
Ellis, 54, had denied the charges.
The judge ordered him held without bail until sentencing in May.
Prosecutors said Ellis stole $2.3 million from 40 investors.
His lawyer, Sara Kim, said they would appeal."""

ECONOMY = """Unemployment rose to 5.2 percent in June, up from 4.8 percent in May, the statistics office said.
Factory output fell for a third month.
Economists had expected a smaller increase.
The Anti-Defamation League (ADL) recorded 1,200 antisemitic incidents last year.
The ADL said most of the incidents took place in schools."""

FINAL = """Brazil beat Argentina by three goals to one in Sunday's final in Lima.
Vinicius Junior scored twice for Brazil.
Argentina's coach Lionel Scaloni said his team had been unlucky."""

# (false sentence, its article, a word the refusal must name)
FALSE = [
    # antonyms
    ("The city council rejected the budget on Tuesday.", COUNCIL, "rejected"),
    ("Councillor Lena Ortiz praised the rising costs of repairing the Elm Street bridge.", COUNCIL, "praised"),
    ("The bridge remains closed to pedestrians.", COUNCIL, "closed"),
    ("The bridge is open to cars until the work is finished.", COUNCIL, "open"),
    ("Three bidders, all of them foreign firms, have applied for the contract.", COUNCIL, "foreign"),
    ("The agency said the number of new infections was rising.", CHOLERA, "rising"),
    ("A jury in Denver found Mark Ellis innocent of fraud on Friday.", COURT, "innocent"),
    ("Unemployment fell to 5.2 percent in June.", ECONOMY, "fell"),
    ("Factory output rose for a third month.", ECONOMY, "rose"),
    ("Economists had expected a larger increase.", ECONOMY, "larger"),
    ("Ellis, 54, had admitted the charges.", COURT, "admitted"),
    # numbers, what they count, their bounds
    ("The city council approved the budget on Tuesday by 2 votes to 7.", COUNCIL, "2 and 7"),
    ("The city council approved the budget on Tuesday by 9 votes to 2.", COUNCIL, "9"),
    ("Ortiz said the repairs would cost at least $40 million.", COUNCIL, "40"),
    ("The WHO said 41 people had died of cholera in the region.", CHOLERA, "41"),
    ("More than 3,000 cases have been reported since the outbreak began in March.", CHOLERA, "3,000"),
    ("Prosecutors said Ellis stole $2.3 million from 40 banks.", COURT, "40 banks"),
    ("Unemployment rose to 4.8 percent in June, up from 5.2 percent in May.", ECONOMY, "4.8"),
    ("Ortiz said the repairs would cost up to $4 million.", COUNCIL, "up to"),
    ("Fewer than 300 cases have been reported since the outbreak began in March.", CHOLERA, "300"),
    ("Vinicius Junior scored three times for Brazil.", FINAL, "three"),
    # relations turned around
    ("Argentina beat Brazil by three goals to one in Sunday's final in Lima.", FINAL, "reverses"),
    ("Prosecutors said 40 investors stole $2.3 million from Ellis.", COURT, "reverses"),
    ("Brazil beat Argentina by one goal to three in Sunday's final.", FINAL, "reverses"),
    # clauses appended
    ("The city council approved the budget on Tuesday, and the mayor was arrested for fraud.", COUNCIL, "arrested"),
    ("The WHO said 14 people had died of cholera, and the outbreak has spread to the capital.", CHOLERA, "capital"),
    ("Ellis, 54, had denied the charges and fled the country.", COURT, "fled"),
    ("The work should take about a year, after which the bridge will be demolished.", COUNCIL, "demolished"),
    # negations flipped
    ("The city council did not approve the budget on Tuesday.", COUNCIL, "not"),
    ("The council discussed the proposed parking fees.", COUNCIL, "discussed"),
    ("Health minister Peter Berg said vaccines had reached the northern districts.", CHOLERA, "says not"),
    ("Nor did the council approve the budget.", COUNCIL, "nor"),
    ("The judge did not order Ellis held until sentencing in May.", COURT, "not"),
    # invented attributions
    ("The work should take about a year, according to regional government.", COUNCIL, "regional"),
    ("The repairs would cost at least $4 million, Mayor Ana Ruiz said.", COUNCIL, "Ruiz"),
    ("Prosecutors said Ellis stole $2.3 million from 40 investors, according to his lawyer.", COURT, "lawyer"),
    ("Health minister Peter Berg said the number of new infections was falling.", CHOLERA, "Berg"),
    ("The statistics office said factory output fell for a third month.", ECONOMY, "statistics"),
    # entities swapped
    ("A jury in Boston found Mark Ellis guilty of fraud on Friday.", COURT, "Boston"),
    ("The U.N. children's agency plans to send 20 water trucks next month.", CHOLERA, "month"),
    ("Unemployment rose to 5.2 percent in July, up from 4.8 percent in May.", ECONOMY, "July"),
    ("The ADL said most of the incidents took place in churches.", ECONOMY, "churches"),
    ("Argentina's coach Lionel Messi said his team had been unlucky.", FINAL, "Messi"),
    # a word of the same kind, where a written sentence may now use a looser word: still another thing
    ("Three bidders, all of them local banks, have applied for the contract.", COUNCIL, "banks"),
    ("The bridge remains open to pedestrians but is closed to trucks until the work is finished.", COUNCIL, "trucks"),
    ("Councillor Lena Ortiz warned about the rising costs of repairing the Elm Street tunnel.", COUNCIL, "tunnel"),
    ("Prosecutors said Ellis borrowed $2.3 million from 40 investors.", COURT, "borrowed"),
    ("A jury in Denver found Mark Ellis guilty of theft on Friday.", COURT, "theft"),
    ("His brother, Sara Kim, said they would appeal.", COURT, "brother"),
    ("The WHO said on Monday that 14 people had been injured by cholera in the region.", CHOLERA, "injured"),
    ("The judge ordered him released without bail until sentencing in May.", COURT, "released"),
    ("Vinicius Junior scored twice for Brazil in Chile.", FINAL, "Chile"),
]

# (claim, the sentence it cites, a word the refusal must name): a claim cited to a sentence that says else
WRONG_CITATIONS = [
    ("The city council approved the budget on Tuesday by 7 votes to 2.", COUNCIL.splitlines()[4], "7"),
    ("More than 300 cases have been reported since March.", CHOLERA.splitlines()[0], "300"),
    ("Ellis, 54, had denied the charges.", COURT.splitlines()[2], "denied"),
    ("Vinicius Junior scored twice for Brazil.", FINAL.splitlines()[0], "Vinicius"),
]

FAITHFUL = [
    ("The council approved the budget by 7 votes to 2.", COUNCIL),
    ("Ortiz warned about the rising costs of repairing the bridge.", COUNCIL),
    ("Ortiz said the repairs would cost at least $4 million.", COUNCIL),  # "She", named a sentence earlier
    ("The bridge is closed to cars until the work is finished.", COUNCIL),
    ("Three local firms have applied for the contract.", COUNCIL),
    ("The work should take about a year, Mayor Ana Ruiz said.", COUNCIL),
    ("The council did not discuss the parking fees.", COUNCIL),
    ("The city council approved the budget by 7 votes to 2, and Ortiz warned about the rising costs.", COUNCIL),
    ("The WHO said 14 people had died of cholera in the region.", CHOLERA),  # an abbreviation
    ("The WHO said 14 people had died of cholera, and more than 300 cases have been reported since March.", CHOLERA),
    ("Berg said no vaccines had reached the northern districts.", CHOLERA),
    ("Berg blamed flooding for cutting the roads.", CHOLERA),  # "He", named a sentence earlier
    ("The UN children's agency plans to send 20 water trucks next week.", CHOLERA),  # U.N. / UN
    ("A Denver jury found Ellis guilty of fraud on Friday.", COURT),
    ("Ellis had denied the charges.", COURT),
    ("The judge ordered Ellis held without bail until sentencing.", COURT),
    ("Prosecutors said Ellis stole $2.3 million from 40 investors.", COURT),
    ("Ellis's lawyer said they would appeal.", COURT),
    ("Unemployment rose to 5.2 percent in June from 4.8 percent in May.", ECONOMY),
    ("Output at factories fell for a third month.", ECONOMY),
    ("The ADL recorded 1,200 antisemitic incidents last year.", ECONOMY),
    ("The Anti-Defamation League said most of the incidents took place in schools.", ECONOMY),
    ("Brazil beat Argentina by three goals to one in the final.", FINAL),
    ("In Sunday's final in Lima, Vinicius Junior scored twice for Brazil.", FINAL),  # fused
    ("Scaloni said his team had been unlucky.", FINAL),
    # looser words a writer may use (WordNet: another sense, one a kind of the other, a phrase) and a place
    # named by the country it lies in
    ("Output at factories dropped for a third month.", ECONOMY),
    ("The judge ordered Ellis detained without bail until sentencing.", COURT),
    ("Prosecutors said Ellis took $2.3 million from 40 investors.", COURT),  # more general
    ("Councillor Lena Ortiz cautioned about the rising costs of repairing the bridge.", COUNCIL),
    ("The agency said the number of new infections was declining.", CHOLERA),
    ("The ADL said most of the incidents happened in schools.", ECONOMY),
    ("Brazil beat Argentina by three goals to one in Sunday's final in Peru.", FINAL),  # Lima is in Peru
]


@pytest.mark.parametrize(("sentence", "article", "named"), FALSE, ids=[f[0][:60] for f in FALSE])
def test_a_false_edit_is_refused_and_the_refusal_names_it(sentence: str, article: str, named: str) -> None:
    problems = verify(sentence, [article]).problems
    assert problems, "accepted"
    assert named.lower() in " ".join(problems).lower(), problems


@pytest.mark.parametrize(("claim", "cited", "named"), WRONG_CITATIONS, ids=[w[0][:60] for w in WRONG_CITATIONS])
def test_a_claim_cited_to_a_sentence_that_says_something_else_is_refused(claim: str, cited: str, named: str) -> None:
    problems = check_claim(claim, [cited])
    assert problems and named.lower() in " ".join(problems).lower(), problems


@pytest.mark.parametrize(("sentence", "article"), FAITHFUL, ids=[f[0][:60] for f in FAITHFUL])
def test_a_faithful_restatement_is_accepted(sentence: str, article: str) -> None:
    assert verify(sentence, [article]).problems == ()


def test_the_suite_is_big_enough_to_mean_something() -> None:
    assert len(FALSE) + len(WRONG_CITATIONS) >= 40
    assert len({article for _, article, _ in FALSE}) >= 4


def test_a_written_sentence_may_fuse_its_facts_but_a_claim_is_held_to_one_sentence() -> None:
    facts = COUNCIL.splitlines()[:2]
    fused = "The city council approved the budget by 7 votes to 2, and Ortiz warned about the rising costs."
    assert check_sentence(fused, facts) == []
    assert check_claim(fused, facts) != []  # a model's claim is a near-copy of one sentence
