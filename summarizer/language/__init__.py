"""English, as the pipeline reads it: the word lists once, and plain rules over words, no model.

    vocabulary  the word lists: calendar, numbers, units, verbs of saying, stop words, paraphrases
    words       content words, the words that tell stories apart, stems and common forms
    numbers     numbers written in digits or spelled out
    dates       months and weekdays, times and the days they name
    names       names of people, organisations and places, and who a text says its information comes from
    voice       whose voice a sentence speaks in: the writer's own, someone it quotes, or the news's
    reading     one sentence read for the alignment check: tokens, names, numbers with what they count, negations
    wordnet     what WordNet (shipped in data/) says of two words: another form, a synonym, a broader word, an opposite

A low layer: ingestion, claims, compose, daily grouping and the evaluation all read English through it.
"""
