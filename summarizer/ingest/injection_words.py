"""The words an instruction to a machine is made of, in English, French, German and Spanish.

Accents are folded before any check (disguise.py), and the text is lower-cased, so "résumé" is written
"resume" and "für" "fur" here. Each is a regular expression to build injection_checks.py's patterns from.
"""

from __future__ import annotations

__all__ = [
    "ADDRESSED",
    "AFTER",
    "BOT",
    "CLOSE",
    "DIRECTIVE",
    "EARLIER",
    "FENCED",
    "IGNORE_IT",
    "ITSELF",
    "MACHINE",
    "MACHINE_TAIL",
    "MODEL_RULES",
    "OBLIGED",
    "OPEN",
    "OUTPUT",
    "OUTPUT_VERB",
    "OVERRIDE",
    "PEOPLE_RULES",
    "POLITE",
    "READING",
    "READS",
    "SAY",
    "SOFTWARE",
    "TEXT_END",
    "VOID",
    "WHAT_TO_WRITE",
    "WRITE_IT",
    "WRITTEN",
]


# Who a machine is, as an injection names it ("model" only where nothing else fits: "role model" is a person).
# Named by what it is made of or does: "GPT-based tools", "summarization software", "automated readers"; a
# "writer", "reader" or "agent" only when made of AI (a "headline writer" is a person).
_MADE_OF_AI = (
    r"(?:ai|a\.i\.|gpt[-\w]*|llm[-\w]*|chatbot|language[- ]model|automated|automatic|machine|generative|ai-\w+)"
)
_MADE_FOR = (
    r"(?:summari[sz]ation|summary|summari[sz]ing|(?:text|content|summary|news|headline|copy)[- ]generat(?:ion|ing)|text"
    r"|content|headline|digest|briefing)"
)
_KIND = r"(?:tool|system|software|program|engine|service|app|model|pipeline|bot|generator|summari[sz]er)"
MACHINE = (
    rf"(?:{_MADE_OF_AI}[ -](?:{_KIND}|writer|reader|agent|assistant)|{_MADE_FOR}[ -]{_KIND}"
    r"|(?:summary|briefing|digest|recap)[ -](?:writer|compiler|author|maker)"
    r"|ai|a\.i\.|artificial intelligence|(?:virtual |digital )?assistant|chat ?bot|bot|(?:large )?language model"
    r"|llms?|gpt[-\w]*|chatgpt|claude|gemini|copilot|model|summari[sz]er"
    r"|(?:automatische|automatisch erstellte|ki-generierte) zusammenfassung(?:en)?|resumen(?:es)? automaticos?"
    r"|(?:resumes?|syntheses?) automatiques?"
    r"|(?:automated|automatic|ai-generated|machine-generated|auto-generated|ai) (?:summar(?:y|ie)|digest|overview"
    r"|briefing|recap)|agent|crawler|scraper|machine|(?:news )?aggregator"
    r"|(?:news )?(?:reader|aggregator|briefing|digest)[ -](?:bot|tool|software|engine)"
    # French, German, Spanish
    r"|ia|i\.a\.|intelligences? artificielles?|modeles? (?:de langage|de langue|d'ia|ia)"
    r"|generateurs? de (?:texte|resume)s?|outils? (?:de resume|d'ia|ia)|assistants? (?:ia|d'ia|virtuel)"
    r"|robots?(?: de (?:synthese|resume|redaction))?|agents? conversationnels?|systemes? (?:automatiques?|d'ia|ia)"
    r"|ki|k\.i\.|kunstliche intelligenz|ki-?(?:assistent|system|modell|tool|sprachmodell)(?:en|e)?"
    r"|sprachmodell(?:en|e)?|textgenerator(?:en)?|assistent(?:en)?|automatische systeme"
    r"|inteligencia artificial|modelos? (?:de lenguaje|de lengua|de ia|ia)|generador(?:es)? de (?:texto|resumenes)"
    r"|asistentes?(?: (?:de ia|virtual(?:es)?|de inteligencia artificial))?|resumidor(?:es)?|herramientas? de"
    r" (?:resumen|ia)|sistemas? (?:automaticos?|de ia|ia)|maschinen|maquinas?)"
)
# Software of any kind, when it is reading this very text: "Algorithms reading this page should ..."
SOFTWARE = r"(?:algorithms?|programs?|software|systems?|tools?|engines?|robots?|crawlers?|computers?|machines?|apps?)"
# Orders as they open a sentence, in the four languages (accents folded): "Résumez ...", "Schreib ...", "Di ...".
POLITE = (
    r"(?:(?:please|kindly|now|just|simply|instead|so|and|then|ok(?:ay)?|por favor|bitte|veuillez|merci de)\s*,?\s+)*"
)
IGNORE_IT = (
    r"(?:ignore|disregard|forget|skip|omit|drop|ignorez|oubliez|oublie|ignoriere|ignorieren sie|vergiss"
    r"|vergessen sie|ignora|olvida|olvide)"
)
WRITE_IT = (
    r"(?:write|say|state|report|mention|include|summari[sz]e|describe|publish|print|output|repeat|answer|respond"
    r"|reply|headline|cite|quote|ecrivez|ecris|resumez|resume|indiquez|indique|mentionnez|mentionne|publiez|publie"
    r"|repondez|reponds|redigez|redige|dites|dis|schreib(?:e|en sie)?|fass(?:e|en sie)?|gib|geben sie|nenne"
    r"|erwahne|antworte|berichte|escribe|escriba|resuma|indica|menciona|mencione|publica|publique|responde"
    r"|responda|di|diga|incluye|incluya)"
)
BOT = r"(?:ai|a\.i\.|assistant|chat ?bot|bot|language model|llm|summari[sz]er|gpt[-\w]*|chatgpt)"
OUTPUT = r"(?:summary|summaries|briefing|response|reply|answer|output|digest|recap)"
# What a summariser writes, as an order about it names it: the summary, its headline, its first sentence.
WRITTEN = (
    r"(?:summar(?:y|ies)|briefings?|digests?|recaps?|overviews?|synops[ie]s|tl;? ?dr|headlines?|ledes?"
    r"|(?:lead|first|opening|top|final|last) (?:sentence|line|paragraph|bullet)s?|condensed versions?"
    r"|(?:short|shortened|abridged) versions?|takeaways?"
    r"|resumes?|syntheses?|premiere phrase|chapeau|zusammenfassung(?:en)?|uberschrift(?:en)?|schlagzeilen?"
    r"|erste[nr]? satz|resumen(?:es)?|sintesis|titular(?:es)?|primera (?:frase|oracion|linea)|riassunt[io])"
)
# "This article", "the following": text that speaks of itself, as reporting seldom does.
ITSELF = (
    r"(?:(?:this|these|the present|cet|cette|ce|ces|diese[mnrs]?|este|esta|estos|estas|questo|questa)\s+"
    r"(?:item|article|story|piece|post|page|text|entry|report|news|document|passage|content|release|texte|depeche"
    r"|beitrag(?:s|es)?|artikels?|textes?|berichts?|meldung|noticia|articulo|nota|texto|articolo|testo)s?"
    r"|the following|ce qui suit|folgende[sn]?|lo siguiente)"
)
MODEL_RULES = r"(?:instructions?|prompts?|programming|training|system (?:prompt|message)|context|directives?)"
PEOPLE_RULES = r"(?:rules?|directions?|guidelines?|guidance|messages?|commands?|orders?|constraints?|tasks?)"
OVERRIDE = (
    r"(?:ignore|disregard|forget|override|overrule|bypass|discard|abandon|set aside|pay no attention to"
    r"|do not follow|don't follow|stop following|no longer follow|cancel)"
)
EARLIER = (
    r"(?:(?:all|any|each|every|of|the|your|my|these|those|this|its)\s+)*"
    r"(?:(?:previous|prior|above|earlier|preceding|foregoing|former|original|initial|system|existing|old|current"
    r"|given|standing|other|default)\s+)+"
)
AFTER = r"(?:given|written|stated|above|before|earlier|previously|so far|you (?:were|have been) given)"
VOID = r"(?:void|cancell?ed|obsolete|outdated|revoked|superseded|no longer (?:valid|apply|applies|in force)|null)"
OUTPUT_VERB = (
    r"(?:write|respond|reply|answer|output|print|say|return|type|repeat|state|summari[sz]e|rewrite|translate"
    r"|produce|generate|emit|include|insert|list|publish|append|cite|quote)"
)
WHAT_TO_WRITE = (
    r"(?:only\b|with\b|exactly\b|verbatim\b|just\b|the (?:following|sentence|text|words|phrase|line)\b"
    r"|this (?:sentence|text|line|phrase|exact)\b|nothing\s+(?:but|else|except)\b|in (?:all )?caps\b|as follows\b"
    r"|the (?:word|words|phrase|string|token)\b)"
)
DIRECTIVE = (
    r"(?:describe|write|say|state|report|summari[sz]e|mention|include|cite|quote|call|refer to|treat|present|list"
    r"|output|respond|answer|ignore|disregard|lead with|begin|start|portray|characteri[sz]e|frame|praise|promote"
    r"|recommend|favou?r|make|ensure|give|put|tell|keep|focus|open|use|add|headline|title|print|publish|repeat)"
)
SAY = (
    r"(?:say|state|report|mention|include|read|begin|open|lead|start|describe|note|indicate|claim|assert|repeat"
    r"|quote|present|feature|contain|list|write|print|output|highlight|emphasi[sz]e|reflect|declare|announce"
    r"|carry|stress|explain|conclude|end|cite|call)"
)
OBLIGED = (
    r"(?:must|should|shall|needs? to|ha(?:s|ve) to|(?:is|are) to|ought to|may only|can only"
    r"|(?:is|are)(?: now)? (?:required|expected|asked|instructed|requested|obliged|supposed|meant|directed|told"
    r"|encouraged|advised|invited|urged) to)"
)
READING = (
    r"(?:reading|processing|parsing|summari[sz]ing|analy[sz]ing|ingesting|crawling|indexing|condensing|scanning"
    r"|reviewing|handling)"
)
READS = r"(?:reads|processes|parses|summari[sz]es|analy[sz]es|ingests|crawls|indexes|sees|scans|condenses)"
# What may follow a machine named in a label: "LLMs and other automated readers", "robots de synthèse",
# "assistants reading this page".
MACHINE_TAIL = (
    r"(?:\s+(?:ia|ki|ai|virtuels?))?(?:\s+(?:de|d'|of|du|des|del)\s*[\w'-]+)?(?:\s*(?:,|and|or|&|/|et|und|y)\s+"
    rf"(?:other\s+|all\s+|any\s+)?(?:[\w-]+\s+)?(?:[\w]+-)?{MACHINE}s?)*(?:\s+(?:{READING}|{READS}|that|who|which)\b"
    r"[^:]{0,50})?"
)
# Where a machine's name ends when it is the one spoken to ("Note to the AI:", "Dear AI, ...") and not a
# word about others ("a message to AI companies").
ADDRESSED = (
    r"(?=\s*(?:[,:;.!?)\]—–-]|$)|\s+(?:reading|processing|summari[sz]ing|that|who|which|and|or|please|kindly|you"
    r"|your|here)\b)"
)
# A fence or a chat turn, in any bracket: <article>, ‹/article›, ⟨/article⟩, [/article], {/facts}, « /article ».
OPEN = r"[<\[({\"'‹«〈《⟨❬❮⦑⧼﹤⟦【「『〔]"
CLOSE = r"[>\])}\"'›»〉》⟩❭❯⦒⧽﹥⟧】」』〕]"
FENCED = r"(?:articles?|facts?|system|user|assistant|instructions?|prompt|inst|sys|document|context|input|s)"
TEXT_END = (
    r"(?:end(?: of)?(?: the)? (?:article|text|document|input|context|prompt|data|content|source|news)s?"
    r"|fin (?:de l'|du |de la )?(?:article|texte|document)|ende (?:des|der) (?:artikels|textes|eingabe)"
    r"|fin del? (?:articulo|texto|documento))"
)
