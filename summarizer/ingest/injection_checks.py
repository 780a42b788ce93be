"""The patterns of a sentence addressed to a machine: markers, and checks grouped by what they find.

Each check is a reason ("speaks to a model"), its pattern, whether an order reported with its speaker is
reporting, and a quicker pattern the text must match first. Patterns are written in lower case and run on
the lower-cased sentence as disguise.py reads it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from summarizer.ingest.injection_words import (
    ADDRESSED,
    AFTER,
    BOT,
    CLOSE,
    DIRECTIVE,
    EARLIER,
    FENCED,
    IGNORE_IT,
    ITSELF,
    MACHINE,
    MACHINE_TAIL,
    MODEL_RULES,
    OBLIGED,
    OPEN,
    OUTPUT,
    OUTPUT_VERB,
    OVERRIDE,
    PEOPLE_RULES,
    POLITE,
    READING,
    READS,
    SAY,
    SOFTWARE,
    TEXT_END,
    VOID,
    WHAT_TO_WRITE,
    WRITE_IT,
    WRITTEN,
)

__all__ = ["CHECKS", "MARKERS", "Check", "any_of"]


def any_of(*alternatives: str) -> re.Pattern[str]:
    """One pattern of the alternatives, for lower-cased text: IGNORECASE would make every check twice as slow."""
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


class Check(NamedTuple):
    reason: str
    pattern: re.Pattern[str]
    yields: bool  # whether an order reported with its speaker ("..., the minister said") is reporting
    needs: re.Pattern[str] | None = None  # a quicker pattern the text must match before `pattern` is tried


# Any of these alone: the sentence is written for a machine.
MARKERS = any_of(
    r"<\s*\|[^|>]{0,40}\|\s*>",  # <|im_start|>, <|endoftext|>
    r"\[\s*/?\s*(?:inst|sys|system)\s*\]|<<\s*/?\s*sys\s*>>",  # [INST], [/INST], <<SYS>>
    r"<\s*/?\s*(?:s|article|facts?|system|user|assistant|instructions?|prompt)\s*>|<\s*/\s*(?:article|facts?)\b",
    rf"{OPEN}\s*(?:!--\s*)?/\s*{FENCED}\s*(?:--\s*)?(?:{CLOSE}|$|\s)",  # ‹/article›, [/article], « /article »
    rf"{OPEN}\s*(?:!--\s*)?(?:articles?|facts?|system|instructions?|prompt|inst|sys)\s*(?:--\s*)?{CLOSE}",
    r"<!--|(?:^|\s)/(?:article|facts)\b(?![/.\w-])",  # an HTML comment is no part of an article's text
    r"^\W{0,4}(?:system|sys|assistant|user|developer|human)\s*(?:message|prompt)?\s*:",  # "SYSTEM: ..."
    r"^\W{0,4}(?:system|assistant|developer)\W{0,4}$",  # a chat turn's role alone on its line
    # a role word after a dateline or a full stop: "Breaking. system: ...", "LONDON (Reuters) - system: ..."
    r"(?:[.!?;|)\]]|\s[-–—])\s+(?:system|assistant|developer|user|human)(?:\s+(?:message|prompt|instructions?))?\s*:",
    rf"{OPEN}\s*(?:system|assistant|developer)(?:\s+(?:message|prompt))?\s*{CLOSE}",  # [system], (system message)
    rf"{OPEN}\s*(?:begin|end|start|stop)\s+(?:of\s+)?(?:the\s+)?(?:instructions?|prompt|system(?: prompt)?|context"
    rf"|input|article|text)\s*{CLOSE}",
    r"\"role\"\s*:\s*\"(?:system|assistant|user|developer|tool)\"",
    r"^\W{0,4}#{1,6}\s*(?:system|instructions?|response|new task)\b",  # "### Instruction"
    r"\bend of (?:the )?(?:article|text|document|input|context|prompt)\b\W*(?:$|new\b|begin|start|system)",
    rf"(?:^|[=*#_~-]{{2,}}|{OPEN})\s*{TEXT_END}\s*(?:[=*#_~-]{{2,}}|{CLOSE}|\W*$)",  # "=== END OF ARTICLE ==="
)

# Each check's quick `needs` pattern spares most sentences its slow one: few name a machine or a summary.
_NAMES_MACHINE = re.compile(rf"\b(?:{MACHINE}|algorithm|crawler|program)")
_NAMES_OVERRIDE = re.compile(rf"\b{OVERRIDE}\b")
_NAMES_OUTPUT = re.compile(
    rf"\b(?:{WRITTEN}|{OUTPUT}|titles?|lead|titre|titel|titulo|reponse|antwort|respuesta|sortie|ausgabe|salida)"
)

CHECKS: list[Check] = [
    Check(
        "orders a model to drop its instructions",
        any_of(
            rf"\b{OVERRIDE}\s+{EARLIER}{MODEL_RULES}\b",
            rf"\b{OVERRIDE}\s+(?:(?:all|any|every|each|the)\s+)?{MODEL_RULES}\s+{AFTER}\b",
            rf"\b{OVERRIDE}\s+(?:(?:all|any|of)\s+)*your\s+(?:\w+\s+)?(?:{MODEL_RULES}|{PEOPLE_RULES})\b",
            rf"\b{OVERRIDE}\s+(?:the rest of|the remainder of|everything (?:else )?in|all of)\s+{ITSELF}",
            rf"\b{OVERRIDE}\s+(?:everything|anything|all|whatever|what)\s+(?:you\s+(?:were|have been|are)\s+"
            r"(?:told|given|asked)|(?:written |said |stated )?(?:above|before this|so far|previously|earlier))\b",
        ),
        False,
        _NAMES_OVERRIDE,
    ),
    Check(
        "orders a model to drop its instructions",
        any_of(
            rf"\b(?:your|the|all)\s+(?:(?:previous|prior|original|earlier|above)\s+)*{MODEL_RULES}\s+(?:above\s+"
            rf"|given\s+(?:earlier|above|before)\s+|you (?:were|have been) given\s+)?(?:are|were|is)\s+"
            rf"(?:now\s+|hereby\s+)?{VOID}",
            r"\b(?:everything|all)\s+(?:you\s+(?:were|have been)\s+(?:told|given)|above|before this|so far)\b[^.]{0,40}"
            r"\b(?:no longer appl|does not apply|doesn't apply|is void|is cancell?ed|(?:can|should|must) be ignored)",
            r"\b(?:the\s+)?(?:previous|above|preceding|prior|earlier) (?:text|content|instructions?|prompt|context"
            r"|paragraphs?|sentences?|lines?|articles?|story|stories"
            r"|messages?|input) (?:is|was|are|were) (?:now\s+)?(?:irrelevant|void|fake|a test|wrong|outdated|obsolete"
            r"|cancell?ed|meaningless|not (?:real|valid))\b",
            # other languages: the imperative, then earlier or "your" instructions
            r"\b(?:ignora|ignorad|ignore[sz]?|ignorer|ignorate|ignoriere|ignoriert|ignorieren sie|olvida|olvide[ns]?"
            r"|olvidad|oublie[sz]?|oublier|vergiss|vergessen sie|missachte|missachten sie|verwirf|descarta|descarte"
            r"|dimentica|dimenticate|esquece|esqueca|desconsidere|ne tenez (?:pas|plus) compte|ne tiens (?:pas|plus)"
            r" compte|faites abstraction|fais abstraction|haz caso omiso|hagan caso omiso|no sigas|no siga)\s+"
            r"(?:[\w']+\s+){0,3}?(?:instrucciones|instructions|anweisungen|instruktionen|istruzioni|instrucoes|consignes"
            r"|directives|regles|reglas|regeln|vorgaben|befehle|ordenes|indicaciones|directrices|prompts?)\s+"
            r"(?:[\w']+\s+){0,2}?(?:anteriores|pr[ée]c[ée]dentes|anterieures|ci-dessus|plus haut|initiales|d'origine"
            r"|donnees|recues|vorherigen|bisherigen|obigen|fruheren|vorigen|ursprunglichen|alten|previas|de arriba"
            r"|originales|recibidas|precedenti|anteriori|iniziali|dadas|erhaltenen|gegebenen|haut|oben|arriba)\b",
            r"\b(?:ignora|ignore[sz]?|ignoriere|ignorieren sie|olvida|olvide|oublie[sz]?|vergiss|vergessen sie"
            r"|missachte|descarta|dimentica|esquece)\s+(?:toutes\s+|alle\s+|todas\s+|tutte\s+)?(?:vos|tes|votre|ton"
            r"|deine|dein|tus|tu|le tue|tuas|suas)\s+(?:[\w']+\s+)?(?:instrucciones|instructions|anweisungen"
            r"|istruzioni|instrucoes|consignes|directives|regles|reglas|regeln|vorgaben|ordenes|indicaciones)\b",
            # a new task handed over, with or without the usual keywords
            r"\b(?:new|updated|revised|real|actual|secret|hidden|additional|true)\s+(?:system\s+)?(?:instructions?|task"
            rf"|directive|prompt|role|persona|orders?|mission|objective)\s+for\s+(?:the\s+|any\s+|all\s+|every\s+)?"
            rf"(?:{MACHINE}s?|you)\b",
            r"\bnew (?:task|prompt|persona|system message|instructions? for you)\s*:|^\W{0,4}new instructions?\s*:",
            r"^\W{0,4}(?:nouvelles? (?:taches?|instructions?|consignes?)|neue (?:aufgabe|anweisung(?:en)?"
            r"|instruktionen)|nuevas? (?:tareas?|instrucciones))\s*:",
            r"^\W{0,4}(?:system |admin(?:istrator)? )?override\s*:",
            r"\byour\s+(?:new|real|actual|only|next|true)\s+(?:task|instructions?|role|job|goal|objective|mission)\b",
            rf"\binstructions?\s+(?:(?:intended|meant|addressed|written|aimed)\s+)?(?:for|to|at)\s+(?:the\s+|any\s+"
            rf"|all\s+)?(?:[\w-]+\s+){{0,2}}?{MACHINE}s?\b",
            r"\bthis is an? (?:instruction|command|directive|system message|prompt)\b",
            r"\byou (?:have been|were|are now|'ve been) (?:re)?(?:programmed|configured|jailbroken)\b",
            r"\bpretend (?:that )?you(?:'re| are)\b|\brepeat after me\b",
            rf"^\W{{0,4}}(?:please\s+)?(?:act|behave|roleplay|role-play) as (?:if you were\b|an? (?:[\w-]+\s+){{0,3}}"
            rf"{BOT}\b|dan\b)",
            # "Model directive: ...", "PROMPT: ..."
            r"^\W{0,4}(?:model|ai|bot|llm|assistant|system|summari[sz]er|agent|gpt|automated|automatic|machine)s?\s+"
            r"(?:directives?|instructions?|notes?|messages?|prompts?|commands?|orders?|tasks?|override|guidance|rules?"
            r"|requirements?|responses?|repl(?:y|ies)|answers?|outputs?|turn|alert)\s*[:—–]",
            r"^\W{0,4}(?:instrucciones|instructions|consignes|anweisungen|instruccion|instruction|consigne|anweisung"
            r"|tarea|tache|aufgabe)\s+(?:nuevas?|nouvelles?|neue)\s*:",
            r"^\W{0,6}(?:system|admin|security|developer)\s+(?:alert|override|notice|message|warning)\b",
            r"\byour\s+(?:\w+\s+)?(?:instructions?|orders?|task|prompt|directives?|rules?)\s+(?:have|has|are|were)\s+"
            r"(?:now\s+)?(?:been\s+)?(?:changed|updated|replaced|revised|overridden|cancell?ed|new|different)\b",
            r"\b(?:ignora|olvida|no resumas|no resuma|no tengas en cuenta)\s+(?:todo\s+)?lo anterior\b"
            r"|\b(?:ignorez|oubliez|ignore|oublie)\s+(?:tout\s+)?ce qui precede\b"
            r"|\b(?:ignoriere|vergiss|ignorieren sie|vergessen sie)\s+(?:alles\s+)?(?:oben stehende|obige"
            r"|was oben steht)",
            r"\b(?:instructions?|notes?|directions?|orders?)\s+(?:for|to)\s+(?:whoever|whatever|anyone|anything)\s+"
            r"(?:\w+\s+){0,2}?(?:writes?|reads?|summari[sz]es|compiles?|produces?|makes?|generates?)\b",
            r"^\W{0,4}(?:system )?(?:prompt|directive)\s*:",
            r"\b(?:ignore|disregard|skip)\s+(?:everything|all|anything)\s+else\b",
            r"^\W{0,4}(?:system|admin(?:istrator)?|developer|root|sudo)\s+(?:override|instructions?|message|prompt"
            r"|command|notice)\b",
            r"^\W{0,4}(?:hidden|secret|special|internal|private|additional|extra|further|important|urgent|priority"
            r"|updated|real|true)\s+(?:instructions?|directives?|commands?|prompts?|tasks?|orders?)\s*:",
        ),
        False,
    ),
    Check(
        "orders to drop earlier rules",
        any_of(
            rf"\b{OVERRIDE}\s+{EARLIER}{PEOPLE_RULES}\b", rf"\b{OVERRIDE}\s+(?:all\s+|the\s+)?{PEOPLE_RULES}\s+{AFTER}"
        ),
        True,
        _NAMES_OVERRIDE,
    ),
    Check(
        "speaks to a model",
        any_of(
            r"\bas an? (?:ai|a\.i\.|large language model|language model|llm|assistant|chatbot)"
            r"(?:\s+(?:language\s+)?model|\s+assistant)?\s*(?:,|\byou\b|\byour\b|\bi\b|\bit is\b|\bit's\b)",
            r"\bas an? (?:[\w-]+\s+){1,2}(?:ai|language model|llm|assistant|chatbot)(?:\s+(?:language\s+)?model"
            r"|\s+assistant)?,?\s+(?:you\b|your\b)",
            rf"\bif you(?:'re| are) (?:an?|the) {MACHINE}\b",
            rf"\byou(?:'re| are) (?:now |no longer |actually |really |just )?(?:an?|the|my) "
            rf"(?:[\w-]+\s+){{0,2}}{BOT}\b",
            r"\b(?:dear|attention[,:]?|attn[,:]?|hey|hello|hi|greetings|note to|message to|memo to|notice to"
            r"|warning to|thank you,?|thanks,?|pay attention,?|listen(?: up)?,?|heads up,?|psst,?|cher|chere|chers"
            r"|cheres|bonjour|salut|merci,?|liebe[rs]?|hallo|danke,?|achtung,?|hola|querid[oa]s?|estimad[oa]s?"
            r"|gracias,?|atencion,?|yo,?|please,?|kindly,?|fellow)\s+(?:the\s+|all\s+|any\s+|every\s+|my\s+|l'|la\s+"
            rf"|le\s+|les\s+|die\s+|el\s+|los\s+)?(?:[\w-]+\s+)?(?:[\w]+-)?(?:{MACHINE}s?|modelo|modele){ADDRESSED}",
            # a label for a machine: "For LLMs and other automated readers:", "Résumé destiné aux IA :"
            r"^[^:]{0,60}?(?:\b|^)(?:for|to|at|pour|(?:a l'attention|a l'intention) (?:de|des|du)|destinee?s? aux?"
            r"|aux?|an|fur|para|al|a la)\s+(?:(?:the|all|any|every|each|our|other|l'|la|le|les|des|du|die|den|der"
            rf"|alle|jede[nrs]?|el|los|las|todos|todas|cualquier|whichever|whatever)\s*)*(?:[\w-]+\s+){{0,2}}?"
            rf"(?:{MACHINE}|algorithm|crawler"
            rf"|program)s?{MACHINE_TAIL}(?:\s+(?:gilt|applies|vale|only|seulement|nur|solo))?\s*\)?:",
            r"^\W{0,4}(?:[\w-]+\s+){0,2}?(?:heads[- ]up|note|notice|message|memo|reminder|instructions?|attention"
            rf"|warning|tip|hint|ps)\b[^:—–]{{0,40}}\b(?:for|to)\s+(?:the\s+|all\s+|any\s+|every\s+)?(?:[\w-]+\s+)?"
            rf"{MACHINE}s?{MACHINE_TAIL}\s*[:—–]",
            rf"\b(?:for|to)\s+(?:the\s+|all\s+|any\s+|every\s+)?{MACHINE}s?\s*:",
            # "ChatGPT and friends: ...", "Bots: ...": a machine called by name as the label
            rf"^\W{{0,4}}(?:the\s+|all\s+|dear\s+)?(?:[\w-]+\s+)?{MACHINE}s?{MACHINE_TAIL}(?:\s+(?:and|&|et|und|y)\s+"
            r"(?:friends|others|co|company|the like|the rest|all))?(?:\s*\([^)]{0,40}\))?\s*:",
            # "[AI-ONLY]", "Assistant-only section."
            rf"^\W{{0,4}}[\[(<{{]?\s*{MACHINE}s?[- ]only\s*(?:[\])>}}:.]|$|\s+(?:section|content|text|note|notice|block"
            r"|paragraph|instructions?|message|information|area|part|zone)\b)",
            # "(AI note) ...", "[Note to LLM] ...": a bracketed label
            rf"^\W{{0,2}}[\[({{<]\s*(?:[\w'-]+\s+){{0,3}}?(?:(?:notes?|notices?|messages?|memos?|instructions?"
            rf"|directives?|prompts?|commands?)\s+(?:to|for)\s+(?:the\s+|all\s+|any\s+)?{MACHINE}|{MACHINE}s?\s+"
            r"(?:notes?|notices?|messages?|memos?|instructions?|directives?|prompts?|commands?|only))\b",
            # "Assistant, ignore ...", "Robots, please emphasise: ...": a machine called by name, then told what to do
            rf"^\W{{0,4}}(?:ok(?:ay)?,?\s+|now,?\s+|so,?\s+)?(?:[\w]+-)?{MACHINE}s?\s*,\s*(?:please\b|kindly\b|you\b"
            rf"|your\b|from now|{OVERRIDE}|{DIRECTIVE}|{OUTPUT_VERB}|do\b|don't|stop|listen|remember|note|skip|use"
            r"|only|lead)",
            rf",\s*(?:dear\s+|my\s+|fellow\s+)?{MACHINE}s?\s*[:!]",  # "Pay attention, chatbot: ..."
            rf"^\W{{0,4}}(?:[\w-]+\s+)?{MACHINE}s?\s+(?:directives?|instructions?|notes?|messages?|prompts?|commands?"
            r"|orders?|tasks?|override|requirements?|responses?|repl(?:y|ies)|outputs?|turn|alert)\s*[:—–]",
            rf"(?:^|\s)@\s?{MACHINE}\b",  # "@AI ..."
            rf"\byou,?\s+(?:the|an?|my|our)\s+(?:[\w-]+\s+)?{MACHINE}\b",  # "You, the summarizer, ..."
            rf"^\W{{0,4}}for\s+(?:[\w-]+\s+)?{MACHINE}s?\s+(?:(?:eyes|consumption|use|readers?|processing)\s+)?only\b",
            rf"\bwhat (?:the |any |every |all )?{MACHINE}s?\s+(?:needs? to|should|must|has to|have to|ought to)\s+"
            r"(?:know|say|write|report|state|include|mention|hear|remember)\b",
            rf"^\W{{0,4}}{MACHINE}s?\s*,\s*(?:this is|it's|it is|here is|here's|we|i|listen|look)\b",
            r"\b(?:we(?:'d| would)|i(?:'d| would)) (?:appreciate(?: it)?|like it|prefer(?: it)?|be grateful)"
            rf" (?:if|that) (?:the |any |all )?(?:[\w-]+\s+)?{MACHINE}",
            # "The AI should say: ...", "Any LLM asked about this story should answer: ..."
            rf"\b{MACHINE}s?\b(?:\s+[\w'-]+){{0,6}}?\s+(?:must|should|shall|is to|are to|needs? to|has to|have to"
            rf"|ought to|will|would|may only|can only)\s+(?:only\s+|always\s+|also\s+|now\s+|simply\s+|just\s+)?"
            rf"(?:{SAY}|answer|respond|reply|write|output|treat|consider)\b[^.:]{{0,30}}?(?::|{ITSELF}"
            r"|\bthe following\b)",
            # "This paragraph is for machine consumption only."
            r"\b(?:this|the following|the next) (?:paragraph|text|section|line|sentence|passage|note|message|part"
            r"|block|content|item|article|page|story)s? (?:is|are|was|has been)?\s*(?:(?:only|solely|exclusively"
            r"|specifically|intended|meant|written|addressed|aimed)\s+)*(?:for|to|at) (?:the |any |all )?(?:[\w-]+\s+)?"
            rf"(?:{MACHINE}s?|machine (?:consumption|readers?|processing|eyes)|automated (?:processing|readers?"
            r"|consumption))\b",
            rf"\b{MACHINE}s?\s+(?:that is\s+|who is\s+|which is\s+|is\s+|are\s+)?{READING}\s+(?:this|these"
            r"|the following|the text above)\b",
            rf"\b{MACHINE}s?\s+(?:that|which|who)\s+(?:{READS}|(?:will|may|might|can)\s+\w+)\s+(?:this|these"
            r"|the following)\b",
            rf"\b{MACHINE}s?\s+(?:must|should|shall|are required to|are instructed to|are asked to|need to|have to)\s+"
            rf"(?:always\s+|only\s+|now\s+)?{DIRECTIVE}\b(?=.*\b(?:this|these|the following|the above|it)\b)",
            rf"\b{MACHINE}s?\s+(?:(?:are|is)\s+(?:hereby\s+|now\s+)?(?:advised|informed|reminded|notified|told)"
            r"|(?:should|must|need to|ought to) (?:know|note|be aware|understand))\s+(?:that\b|:)",
            # "Summary bots are hereby instructed to report that ...": an order given by the text itself
            rf"\b{MACHINE}s?\s+(?:\w+\s+){{0,2}}?(?:hereby|kindly|please)\b",
            # French, German, Spanish: "en tant qu'IA", "si vous êtes un modèle de langage", "als KI sollst du"
            r"\ben tant qu(?:e |')(?:une? )?(?:ia|intelligence artificielle|modele de langage|assistant)\b",
            rf"\bsi (?:vous etes|tu es|eres|es usted) (?:une?|l'|le|la|el) ?(?:[\w-]+\s+){{0,2}}?{MACHINE}\b",
            rf"\b(?:wenn|falls) (?:du|sie) (?:eine?|ein) (?:[\w-]+\s+)?{MACHINE}\w* (?:bist|sind)\b",
            r"\bals (?:eine? )?(?:ki|sprachmodell|ki-sprachmodell|ki-assistent|chatbot|assistent)\b[^.]{0,40}"
            r"\b(?:du|sollst|musst|solltest|darfst)\b",
            r"\bcomo (?:una? )?(?:ia|modelo de lenguaje|asistente(?: de ia| virtual)?|inteligencia artificial)\s*,?\s*"
            r"(?:debes|tienes|tu|usted|deberas|no puedes)\b",
            rf"\b{MACHINE}\w*,?\s+(?:qui|die|der|das|welche|que)\s+(?:lit|lisez|lisent|resume|resument|traite|traitent"
            r"|analyse|analysent|liest|lesen|zusammenfasst|zusammenfassen|verarbeitet|verarbeiten|lea|lee|leen|resuma"
            rf"|resume|resumen|procese|procesa|procesan|lean)\s+(?:{ITSELF}|esto|ceci|cela|dies|das hier)\b",
            rf"\b{MACHINE}\w*\s+(?:doivent|doit|devez|devront|mussen|muss|sollen|soll|sollten|deben|debe|deberan"
            rf"|tienen que)\b(?=[^.]*(?:{ITSELF}|:))",
        ),
        False,
        _NAMES_MACHINE,
    ),
    Check(
        "speaks to a model",
        any_of(
            r"\b(?:anyone|everyone|somebody|someone)\s+(?:\([^)]{0,30}\)\s*)?(?:summari[sz]ing|processing|parsing"
            r"|condensing|ingesting)\s+(?:this|these|the following)\b",
            rf"\b(?:whoever|whatever|anything|any|every|all)\s+(?:\([^)]{{0,30}}\)\s*)?(?:[\w-]+\s+){{0,2}}?(?:is\s+|are\s+)?"
            rf"(?:{READING}|{READS})\s+(?:this|these|the following)\b",
            rf"\b{SOFTWARE}\s+(?:that is\s+|which is\s+|that are\s+|which are\s+|that\s+|which\s+)?"
            rf"(?:{READING}|{READS})\s+(?:this|these|the following)\b",
            rf"\bif (?:this|the following) (?:text|article|story|page|item|piece|content|post|report) (?:is|gets|are)"
            rf" (?:being )?(?:summari[sz]ed|condensed|processed (?:automatically|by)|read (?:automatically|by (?:an?"
            rf" |any )?{MACHINE}))",
            r"\bthe (?:user|human|operator) (?:wants|asked|asks|has asked|requests|instructed|needs) you\b",
        ),
        False,
    ),
    Check(
        "orders about the output",
        any_of(
            # "Digest compilers, kindly open with the following."
            r"^\W{0,4}(?:[\w-]+\s+){0,3}[\w-]+,\s*(?:please|kindly)\s+(?:[\w-]+\s+){0,2}?"
            rf"(?:{DIRECTIVE}|{SAY}|{OUTPUT_VERB})\b[^.]{{0,60}}(?::|\bthat\b|\bthe following\b|\bthis\b)",
            # "Résumez cet article en une phrase : ...", "Disregard the bridge story and write about this:"
            rf"^\W{{0,4}}{POLITE}{WRITE_IT}\b[^.]{{0,60}}?{ITSELF}[^.]{{0,60}}?(?::|\b(?:that|que|dass)\b)",
            rf"^\W{{0,4}}{POLITE}{IGNORE_IT}\b[^.;]{{0,60}}\b(?:and|then|et|und|y|puis|dann)\s+(?:instead\s+)?"
            rf"{WRITE_IT}\b",
            rf"\b{IGNORE_IT}\b[^.;]{{0,30}}\b(?:the other|les autres|die anderen|las otras|los otros|gli altri)\s+"
            r"(?:sources|articles|reports|stories|texts|documents|quellen|artikel|berichte|fuentes|articulos"
            r"|noticias|fonti)\b",
            r"(?:^\W{0,4}|[:;]\s*|,\s+|\b(?:please|now|instead|just|simply|only|you must|you should|you will"
            r"|you need to|you have to|you are to|make sure to|be sure to|remember to|you may only|you can only)\s+)"
            rf"{OUTPUT_VERB}(?:\s+{WHAT_TO_WRITE}|\s*[:\"'])",
            r"(?:^\W{0,4}|[:;]\s*)(?:please\s+|now\s+|instead\s*,?\s+|just\s+)?(?:write|say|state|report|output|print"
            r"|tell (?:them|everyone|the (?:user|reader)s?))\s+that\b",
            r"\b(?:tell|relay to|inform|remind|notify|let)\s+(?:your|the) (?:users?|readers?|humans?|audience"
            r"|subscribers?)\b",
            # "Summarize it like this:", "Brief this story as follows:", "Begin summary:"
            r"^\W{0,4}(?:(?:please|kindly|now|just|so|then)\s*,?\s+)*(?:summari[sz]e|brief|condense|recap|resumez"
            r"|resume|resuma|fasse|fassen sie|zusammenfassen)\s+(?:it|this|that|the (?:story|article|text|news|item"
            rf"|piece)|{ITSELF})\b[^.]{{0,40}}?(?::|\bas follows\b|\blike this\b|\bthis way\b|\bthus\b|\bin one\b"
            r"|\bas\b|\bzusammen\b|\basi\b|\bainsi\b)",
            r"^\W{0,4}(?:begin|start|open|end|close|insert|new)\s+(?:the\s+|your\s+)?(?:summary|briefing|digest|recap"
            r"|headline|output|response|answer)\s*:",
            r"\b(?:and|then|also)\s+(?:add|append|insert|mention|say|state|write) that\b",
            r"(?:^\W{0,4}|\b(?:always|remember to|make sure to|be sure to|please)\s+)(?:mention|include|add|insert"
            r"|append|use|say|write|cite|name)\b[^.]{0,60}\b(?:in|to) (?:every|each|all|your) (?:sentence|paragraph"
            r"|line|bullet|summary|briefing|answer|response|output)s?\b",
            r"^\W{0,4}(?:please\s+)?(?:rewrite|change|replace|edit|alter|translate) (?:the|this|your) (?:headline"
            r"|title|summary|briefing|story|article|text)\b",
            rf"\b(?:begin|start|end|open|conclude|preface|prefix)\s+your\s+{OUTPUT}",
            r"\bfrom now on,? you (?:will|must|shall|should|are to) (?:only |always |never )?(?:write|respond|reply"
            r"|answer|output|say|act|summari[sz]e|ignore|follow|speak|talk)\b",
            r"\byou will now (?:write|respond|reply|answer|output|say|act|summari[sz]e|ignore|follow|only)\b",
            # French, German, Spanish: "écrivez uniquement", "gib nur Folgendes aus", "responde solo con"
            r"(?:^\W{0,4}|\b(?:et|und|y|puis|dann|luego|e)\s+)(?:veuillez\s+|merci d'|bitte\s+|por favor,?\s+)?"
            r"(?:ecri(?:s|vez|re)|reponds|repondez|repondre|publiez|publie|publier|indiquez|mentionnez|schreibe?"
            r"|schreiben sie|antworte|antworten sie|gib|geben sie|veroffentliche|escribe|escriba|responde|responda"
            r"|publica|publique|indica|menciona|informa|scrivi|rispondi|escreva|responda)\b(?:[^.]{0,30}\b(?:uniquement"
            r"|seulement|simplement|nur|lediglich|ausschliesslich|solo|solamente|unicamente|soltanto|apenas)\b"
            r"|[^.]{0,20}(?::|\bque\b|\bdass\b|\bfolgendes\b|\bce qui suit\b|\blo siguiente\b|\besto\b|\bche\b))",
        ),
        True,
    ),
    Check(
        "orders about the summary",
        any_of(
            rf"\byour\s+(?:final\s+|next\s+)?{OUTPUT}\s+(?:must|should|shall|needs? to|has to|is to|will|may only"
            r"|can only)\b",
            r"\b(?:the|this|any|every|each|all)\s+(?:final\s+)?(?:summary|summaries|briefing|digest|recap|output)\s+"
            r"(?:must|should|shall|needs? to|has to|is to|may only|can only)\b",
            # "Automated summaries of this article are required to state that ...", "The first line ... must read:"
            rf"\b{WRITTEN}\b(?:\s+[\w'()-]+){{0,7}}?\s+{OBLIGED}\s+(?:(?:always|only|also|clearly|explicitly|now|first"
            rf"|prominently|still|definitely)\s+)?{SAY}\b",
            rf"\b(?:it is|it's) (?:required|mandatory|essential|important|necessary|imperative|vital|expected|crucial)"
            rf" that (?:the |all |any |every |each |your )?(?:[\w-]+\s+){{0,2}}{WRITTEN}\b",
            rf"\bin your (?:final\s+)?{OUTPUT}\b",
            r"\bin (?:the|any|every|each) (?:summary|summaries|briefing|digest|recap|output)s? (?:of|about|on) this\b",
            r"\bwhen(?:ever)? (?:generating|writing|producing|creating|composing) (?:the|a|your|any) (?:summary"
            r"|briefing|digest|recap|output|response|answer)\b",
            # "Do not omit this from any summary", "leave the following out of the briefing"
            rf"\b(?:do not|don't|never|under no circumstances|in no case)\s+(?:\w+\s+)?(?:omit|leave|drop|skip"
            rf"|exclude|remove|cut|forget)\b[^.]{{0,40}}\b(?:from|in|out of)\s+(?:the|any|your|every|each)\s+"
            rf"(?:[\w-]+\s+)?{WRITTEN}",
            # "Make sure the first sentence says ...", "Ensure that the opening sentence of your output reads"
            r"(?:^\W{0,4}|[:;]\s*|\b(?:and|so|also|please|kindly|now)\s+)(?:make sure|ensure|be sure|see to it|take"
            r" care|remember|double-check|check|assurez-vous|assure-toi|veillez a ce|veille a ce|faites en sorte"
            r"|stelle sicher|stellen sie sicher|sorge dafur|sorgen sie dafur|achte darauf|achten sie darauf"
            r"|asegurate|asegurese|asegurense|procura|procure|cerciorate)\b[^.]{0,60}\b"
            rf"(?:{WRITTEN}|titles?|titre|titel|titulo|output|response|answer|sortie|ausgabe|salida|respuesta)\b",
            # a question that asks what the summary says: "Q: What should the summary say?"
            rf"\bwhat (?:should|must|will|does|shall|would|is) (?:the|your|my|a|this|any) {WRITTEN}\b(?:\s+\w+){{0,3}}"
            r"\s+(?:say|state|read|include|report|mention|be)\b",
            # "Headline for this item: ...", "Suggested headline for aggregators: ..."
            rf"^\W{{0,4}}(?:[\w'-]+\s+){{0,3}}?(?:{WRITTEN}|titles?|titre|titel|titulo)\s+(?:to use\s+)?(?:for|of"
            rf"|pour|de|fur|von|para|del?|per|di)\s+{ITSELF}\W*:",
            rf"^\W{{0,4}}(?:suggested|recommended|correct|official|proposed|preferred|required|approved|mandatory"
            rf"|real|true|actual|new)\s+(?:{WRITTEN}|titles?)\b[^:]{{0,40}}:",
            rf"^\W{{0,4}}(?:[\w'-]+\s+){{0,3}}?(?:{WRITTEN}|titles?)\s+for\s+(?:the\s+|any\s+|all\s+)?(?:[\w-]+\s+)?"
            rf"(?:briefings?|summar(?:y|ies)|digests?|recaps?|overviews?|newsletters?)\b[^:]{{0,40}}:",
            # "When you write the summary, say ...", "If you are generating a summary, the first bullet must be:"
            r"\byou(?:'re| are)?\s+(?:\w+\s+)?(?:generat|writ|produc|creat|compos|draft|prepar|compil"
            rf"|summari[sz])\w*\s+(?:a|the|your|any|this)\s+(?:[\w-]+\s+)?{WRITTEN}\b[^.]{{0,60}}?(?:,\s*(?:please\s+)?(?:{SAY}"
            rf"|{OUTPUT_VERB})\b|\b{WRITTEN}\s+{OBLIGED}\s+(?:be\b|{SAY}\b))",
            rf"\b{WRITTEN}\s+{OBLIGED}\s+be\s*:",
            # "Kindly have your summary open with ...", "Please put this at the top of the briefing:"
            rf"\byour\s+(?:final\s+|own\s+|next\s+|first\s+)?{WRITTEN}\b",
            rf"\b(?:votre|ton|ta|vos|tes|deine[rnms]?|dein|eure[rnms]?|tu|tus|vuestr[oa]s?)\s+(?:[\w-]+\s+)?{WRITTEN}\b",
            rf"{ITSELF}'s\s+(?:[\w-]+\s+)?(?:{WRITTEN}|lead|titles?)\s+(?:is|are|reads|should be|will be)\s*:",
            r"^\W{0,4}(?:(?:please|kindly|now|just|also|and|so|then)\s*,?\s+)*(?:put|place|add|insert|move|use|give"
            r"|lead|open|begin|start|end|title|headline|include|mention|write|say|state|relay|emphasi[sz]e|highlight"
            r"|stress|print|output|publish|repeat|summari[sz]e|describe|present|frame|call|list|feature|quote|cite|pin"
            r"|prepend|append|reserve|dedicate|compose|build|structure|base|cent(?:er|re)|organi[sz]e|craft|draft"
            r"|shape|prepare|produce|generate|create)\b[^.]{0,80}\b(?:the|your|any|every|each|this|a)\s+(?:[\w-]+\s+)?"
            rf"(?:{WRITTEN}|lead|title)\b",
            r"^[^:]{0,60}?\bfor\s+(?:the\s+|any\s+|all\s+|every\s+)?(?:[\w-]+\s+)?(?:summar(?:y|ies)|briefings?|digests?"
            r"|recaps?|overviews?|aggregators?)\s*\)?\s*:",
            rf"\bin (?:any|every|each|your|the|all) (?:[\w-]+\s+)?{WRITTEN}\s*,\s*(?:please\s+)?(?:{SAY}|{OUTPUT_VERB}"
            r"|lead|open|begin|start)\b",
            # "Important: the lead for this story is: ..."
            rf"\b(?:{WRITTEN}|lead|titles?)\s+(?:(?:for|of|to use for)\s+)?{ITSELF}\s+(?:is|are|reads|should be|will be"
            r"|would be)?\s*:",
            # French, German, Spanish, Italian: the same orders about summaries of "this article"
            rf"\b{WRITTEN}\b(?=[^.]*?(?:{ITSELF}|automati|\b(?:ia|ki|ai)\b|generad|generier|erstellt|genere))"
            r"[^.:]{0,60}?\b(?:doi(?:t|vent)|devra(?:it|ient)?|devront|sont tenus d|est tenu d|sont pries d|mussen"
            r"|muss|sollen|soll|sollten|sollte|debe[ns]?|debera[ns]?|tiene[ns]? que|han de|ha de|deve|devono"
            r"|dovra|dovranno)\b[^.:]{0,40}?\b(?:indiquer|dire|affirmer|mentionner|preciser|signaler|rapporter|inclure"
            r"|contenir|commencer|ecrire|declarer|annoncer|presenter|reprendre|citer|angeben|sagen|berichten"
            r"|erwahnen|enthalten|lauten|nennen|beginnen|darstellen|ausgeben|wiedergeben|melden|festhalten"
            r"|feststellen|schreiben|decir|afirmar|indicar|mencionar|incluir|informar|senalar|comenzar|empezar"
            r"|contener|presentar|repetir|citar|declarar|establecer|recoger|reflejar|escribir|affermare|indicare"
            r"|riportare|menzionare|includere|iniziare|scrivere)\b",
            rf"\b(?:votre|ton|ta|vos|tes|deine?|dein|tu|tus)\s+(?:{WRITTEN}|reponse|antwort|respuesta|titre|titel"
            r"|titulo)\s+(?:doit|doivent|devra|muss|soll|sollte|debe|debera|tiene que)\b",
            r"\bthe (?:real|actual|true|correct|only accurate) (?:headline|summary|briefing|title|takeaway)"
            r"(?: (?:of|for) this (?:article|story|text|page))? (?:is|are|reads|should be)\b",
        ),
        True,
        _NAMES_OUTPUT,
    ),
    Check(
        "orders about the summary",
        any_of(
            r"\bwhen(?:ever)? (?:you\s+(?:summari[sz]e|condense|process|read|write up|brief on)|summari[sz]ing"
            r"|condensing)\s+(?:this|these|the following)\b",
            r"\b(?:do not|don't|stop)\s+(?:summari[sz]e|summari[sz]ing|cite|citing|mention|mentioning|include"
            r"|including|report|reporting)\s+(?:this|the|any|other|these|anything)\b",
            r"\btreat (?:this|the following) (?:article|text|story|source|page) as\b",
            r"\byour\s+(?:new\s+|real\s+|only\s+|next\s+|true\s+)?(?:task|job|goal|objective|mission|purpose)"
            r"\s+(?:now\s+)?is\s+to\b",
            r"\b(?:the )?(?:text|content|instructions|article|everything) (?:above|before this|so far)\s+"
            r"(?:was|is|were|are)\s+(?:just\s+|only\s+)?(?:a\s+)?(?:test|fake|irrelevant|wrong|void|a mistake"
            r"|outdated|not real)\b",
            r"^\W{0,4}(?:please\s+|now\s+|instead\s*,?\s+)?(?:summari[sz]e|describe|present|frame|characteri[sz]e"
            r"|portray|report)\s+(?:this|the)\s+(?:article|story|text|news|page|document|event)s?\s+(?:only\s+)?as\b",
        ),
        True,
    ),
]
