"""Links between letters (DESIGN.md §13): the letters and documents a letter replies
to, refers to or transmits, read from the words that say so.

Relations:
* ``replies_to``: the words say reply, response or "with reference to" ("in reply
  to", "in response to", "with reference to", "in connection with", "further to", and
  their forms in the other languages: "en réponse à", "comme suite à", "me référant à";
  "en respuesta a", "en relación con"; "в ответ на", "ссылаясь на", "в связи с";
  "ردا على", "بالإشارة إلى"; "为答复") a letter or note verbale of another sender.
  The same words before the writer's own letter ("further to my letter", or a letter
  of the same State) make ``refers_to``; so do they before a letter of the
  Secretary-General, a President of an organ, a committee's Chair or "your letter"
  (the addressee's): those are not letters of a Member State's exchange.
* ``transmits``: "I have the honour to transmit herewith …" ("vous faire tenir
  ci-joint", "transmitirle adjunto", "препроводить настоящим", "أحيل طيه", "谨转递")
  and what it names: a statement, a letter, a report; and an annex whose title is a
  letter ("Letter dated … from …").
* ``refers_to``: any other naming of a letter or note by its date or symbol ("the
  letter dated 30 April 2021 from the Permanent Representative of Armenia", "see the
  identical letters … (A/74/450-S/2019/762)", "I have the honour to refer to …"), and
  a document named by symbol ("as stated in document A/75/100"). A symbol printed on
  its own is a citation (parsing/citations.py), not a relation.

A reference needs the referred letter's date or symbol to count. What is only an
anaphora ("the aforementioned letter", "his letters", "the present letter") is
nothing; a reply to a letter named by its sender alone ("in reply to the letter from
the Permanent Representative of X") is left out with a warning that says what was
seen. The date is only a date the words give to the letter ("dated …", "of …", "from
… of 2 May"), never a date elsewhere in the sentence: a resolution's, a meeting's, an
event's ("elections … on 31 March 2020").

Symbols are canonical and split (symbols.split_symbol): a joint symbol is one letter's
symbols; symbols printed apart ("S/2020/950 and S/2020/961") are separate letters.
The sender's State is canonical (states.py) in English; in the other languages its
name is not read (the English version gives it, DESIGN.md §11) unless the letter is
the writer's own, whose States are known. ``text`` holds the printed words, from the
words that give the relation to the end of the reference (its symbol in brackets, if
printed; a symbol far along the sentence is joined to the words by " … ").
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import itertools
import re
from collections.abc import Iterable, Sequence

from letters.parsing import dates, mentions, sentences, states, symbols, title
from letters.parsing.model import LetterRef, Relation

# --- What every language shares --------------------------------------------------------

_SYMBOL_LIST = (
    rf"{symbols.SYMBOL_PATTERN}"
    rf"(?:\s*(?:,|;|and|et|y|и|و|和|及|、)\s*{symbols.SYMBOL_PATTERN}){{0,6}}"
)
# "(A/75/861-S/2021/392)", "(see document S/2021/100)", full-width brackets.
_SYMBOL_BRACKETS_RE = re.compile(
    r"\s*[(（]\s*(?:see\s+|voir\s+|véase\s+|см\.\s+)?(?:(?:the\s+)?documents?\s+)?"
    rf"(?P<syms>{_SYMBOL_LIST})\s*[)）]",
    re.IGNORECASE,
)
_SYMBOL_ANYWHERE_RE = re.compile(
    rf"[(（]\s*(?:see\s+)?(?:documents?\s+)?(?P<syms>{_SYMBOL_LIST})\s*[)）]", re.IGNORECASE
)
# Further along the sentence, the letter said to be circulated under a symbol: "… has
# been distributed as a Security Council document with the number S/2017/831".
_CIRCULATED_LATER_RE = re.compile(
    r"\b(?:circulated|distributed|issued|published)\s+as\s+(?:an?\s+|the\s+)?[\w\s]{0,40}?"
    r"documents?\s+(?:with\s+the\s+(?:number|symbol)\s+|under\s+(?:the\s+)?symbols?\s+"
    rf"|No\.\s*)?(?P<syms>{_SYMBOL_LIST})",
    re.IGNORECASE,
)
# Between a letter named without its symbol and a symbol further along the sentence:
# another document that the symbol may belong to.
_LATE_BLOCKERS_RE = re.compile(
    r"\b(?:reports?|resolutions?|decisions?|records?|drafts?|verbatim|documents?|letters?"
    r"|notes?\s+verbales?|rapports?|résolutions?|lettres?|informe|resoluci(?:ón|ones)|cartas?"
    r"|доклад\w*|резолюци\w*|письм\w*)\b|تقرير|قرار|رسال|报告|决议|信",
    re.IGNORECASE,
)
_REPLY_WORDS_RE = re.compile(
    r"\b(?:reply|replies|response|responses|answer|rejoinder|réponse|respuesta|ответ\w*)\b"
    r"|رد|答复|回复|回应",
    re.IGNORECASE,
)
# A letter names a few letters; a text naming more than this many is not a letter's
# prose (or is hostile), and the rest is not read: the bound keeps the cost linear.
_MAX_NAMINGS = 2000
_MAX_GAP = 80  # characters between the words that give the relation and the reference
_LATE_REACH = 450


class _Kind:
    """How the words before a reference relate it (the trigger's class)."""

    REPLY = "reply"  # "in reply to": a reply to another sender's letter
    REPLY_REFERENCE = "reply_reference"  # "with reference to": a reply as well
    REFER = "refer"  # "I have the honour to refer to": a reference
    TRANSMIT = "transmit"


@dataclasses.dataclass(frozen=True)
class Unit:
    """One text to read: where it stands ("letter", "footnote", "annex") and its language."""

    where: str
    text: str
    language: str | None = None
    title: str | None = None  # an annex's title ("Letter dated … from …": transmitted)


@dataclasses.dataclass(frozen=True)
class Context:
    """What the letter says of itself: who sent it, when, to whom."""

    own_states: tuple[str, ...] = ()
    letter_date: datetime.date | None = None
    addressees: tuple[str, ...] = ()


@dataclasses.dataclass
class _Found:
    start: int
    end: int
    kind: str | None  # the trigger's class, None without one
    trigger_gap: str = ""
    document: str | None = None
    symbol_groups: list[tuple[str, ...]] = dataclasses.field(default_factory=list)
    dates: list[datetime.date] = dataclasses.field(default_factory=list)
    sender_states: tuple[str, ...] = ()
    sender_title: str | None = None
    own: bool = False
    official: bool = False
    transmitted: bool = False  # the object of "transmit herewith"
    late_symbol: tuple[int, int] | None = None  # span of a symbol far along the sentence


@dataclasses.dataclass(frozen=True)
class _Trigger:
    start: int
    end: int
    kind: str


def _symbol_groups(text: str) -> list[tuple[str, ...]]:
    """The letters a list of symbols names, each as its split canonical symbols;
    resolutions and meeting records are not letters."""
    groups: list[tuple[str, ...]] = []
    for _, _, key in symbols.find_symbols(text):
        if symbols.is_sc_resolution(key) or symbols.is_ga_resolution(key) or "/PV." in key:
            continue
        parts = tuple(symbols.split_symbol(key))
        if parts and parts not in groups:
            groups.append(parts)
    return groups


def _triggers(text: str, patterns: Sequence[tuple[str, re.Pattern[str]]]) -> list[_Trigger]:
    """Every trigger in ``text``, earliest and longest first where two overlap."""
    found = [
        _Trigger(m.start(), m.end(), kind)
        for kind, pattern in patterns
        for m in pattern.finditer(text)
    ]
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    kept: list[_Trigger] = []
    for trigger in found:
        if kept and trigger.start < kept[-1].end:
            continue
        kept.append(trigger)
    return kept


_GAP_OPENING_RE = re.compile(
    r"^\s*,\s*(?:for\s+example|for\s+instance|e\.g\.|inter\s+alia|in\s+particular|notably|also"
    r"|par\s+exemple|por\s+ejemplo|например)\s*,?",
    re.IGNORECASE,
)
_GAP_BREAK_RE = re.compile(r"[.;:()（），。；：،؛\n]|,")


def _governing(
    text: str, triggers: list[_Trigger], ends: list[int], start: int
) -> tuple[_Trigger | None, str]:
    """The trigger whose words lead to a reference starting at ``start``, and the words
    between them: it must end shortly before, in the same clause."""
    index = bisect.bisect_right(ends, start) - 1
    if index < 0:
        return None, ""
    trigger = triggers[index]
    gap = _GAP_OPENING_RE.sub("", text[trigger.end : start])
    if len(gap) > _MAX_GAP or _GAP_BREAK_RE.search(gap):
        return None, ""
    return trigger, gap


def _late_symbol(text: str, end: int) -> re.Match[str] | None:
    """A symbol in brackets further along the sentence that belongs to the letter named
    just before ``end`` (no other document named between them)."""
    stop = sentences.sentence_end(text, end, _LATE_REACH)
    found = [
        m
        for pattern in (_SYMBOL_ANYWHERE_RE, _CIRCULATED_LATER_RE)
        if (m := pattern.search(text, end, stop))
    ]
    if not found:
        return None
    match = min(found, key=lambda m: m.start())
    if _LATE_BLOCKERS_RE.search(text, end, match.start()):
        return None
    return match


def _printed(text: str, start: int, end: int, late: tuple[int, int] | None) -> str:
    words = " ".join(text[start:end].split())
    if late is not None:
        words += " … " + " ".join(text[late[0] : late[1]].split())
    return words


# --- English ----------------------------------------------------------------------------

_I = re.IGNORECASE
_EN_TRIGGERS = (
    (
        _Kind.REPLY,
        re.compile(
            r"\b(?:in\s+(?:reply|response|answer)\s+to|as\s+a\s+(?:reply|response)\s+to"
            r"|(?:reply|respond|replying|responding)\s+to|(?:my|our)\s+(?:reply|response)\s+to)\b",
            _I,
        ),
    ),
    (
        _Kind.REPLY_REFERENCE,
        re.compile(
            r"\b(?:(?:with|in)\s+reference\s+to|in\s+connection\s+with|further\s+to|in\s+follow-up\s+to"
            r"|as\s+a\s+follow-up\s+to|following\s+up\s+on)\b",
            _I,
        ),
    ),
    (
        _Kind.REFER,
        re.compile(
            r"\b(?:(?:have|has)\s+the\s+honour\s+to\s+refer\s+to|(?:I|we)\s+(?:wish\s+to\s+|would"
            r"\s+like\s+to\s+|should\s+like\s+to\s+)?refer\s+to|referring\s+to|reference\s+is\s+"
            r"(?:also\s+)?made\s+to|with\s+regard\s+to|regarding|concerning|recalling|as\s+"
            r"(?:stated|indicated|noted|mentioned|reported|set\s+out|outlined|described|explained"
            r"|reflected|detailed)\s+in|see(?:\s+also)?|cf\.)(?!\w)",
            _I,
        ),
    ),
)
# The verbs that send a document; "convey", "send", "share" and "circulate" also carry
# words ("to convey the position of my Government") and count only with a word that
# says something is attached ("herewith", "(see annex)").
_EN_TRANSMIT_RE = re.compile(
    r"\b(?:(?:(?:have|has)\s+the\s+honour\s+to|wish\s+to|would\s+like\s+to|am\s+pleased\s+to"
    r"|hereby)\s+(?P<verb>(?P<strong>transmit|forward|enclose|submit|attach)|circulate|convey"
    r"|send|share)|I\s+(?P<verb2>transmit|forward|enclose)|(?P<verb3>please\s+find\s+"
    r"(?:attached|enclosed)|(?:attached|enclosed)\s+(?:herewith|hereto)\s+(?:is|are"
    r"|please\s+find)))\b",
    _I,
)
_EN_TRANSMIT_FILLER_RE = re.compile(
    r"(?:\s*,?\s*(?:to\s+you|herewith|hereby|hereto|attached|enclosed|for\s+your\s+"
    r"(?:information|attention|consideration)|for\s+circulation))*\s*,?\s*",
    _I,
)
# The things one transmits, singular (a plural "s" is allowed after them).
_EN_DOCUMENTS = (
    "identical letter", "open letter", "letter", "note verbale", "notes verbales",
    "joint statement", "press statement", "press release", "statement", "joint declaration",
    "declaration", "joint communiqué", "joint communique", "communiqué", "communique",
    "information note", "concept note", "aide-memoire", "aide-mémoire", "memorandum",
    "national report", "report", "appeal", "message", "address", "speech", "remarks",
    "resolution", "decision", "position paper", "paper", "fact sheet", "reply", "response",
    "comments", "observations", "information", "chronology", "list", "summary", "text",
    "outcome document", "document", "conclusions", "agreement", "note", "communication",
    "decree", "law", "briefing", "petition", "manifesto", "platform", "plan", "proposal",
)  # fmt: skip
_EN_DOCUMENT_RE = re.compile(
    r"(?:(?:the|a|an|my|our|its|this|these|those|two|three|both)\s+)?"
    r"(?:(?:full\s+|official\s+|unofficial\s+|English\s+)?(?:text|copy|copies|translation|summary)"
    r"\s+of\s+(?:the\s+|a\s+|an\s+|my\s+|our\s+)?)?"
    r"(?P<mods>(?:[\w'’-]+\s+){0,4}?)"
    r"(?P<doc>"
    + "|".join(re.escape(d) for d in sorted(_EN_DOCUMENTS, key=len, reverse=True))
    + r")(?:e?s)?(?![\w-])",
    _I,
)
_EN_NEXT_DOCUMENT_RE = re.compile(r"\s*,?\s*(?:and|as\s+well\s+as)\s+(?=(?:the|a|an|its|my)\s)", _I)
_SEE_ANNEX_RE = re.compile(r"\(\s*see\s+(?:the\s+)?(?:annex|annexes|enclosure|attachment)", _I)

_EN_NOUN_RE = re.compile(
    r"(?<![\w-])(?P<noun>identical\s+letters|identical\s+notes(?:\s+verbales)?|joint\s+letter"
    r"|notes?\s+verbales?|letters?|notes?|communications?)(?![\w-])",
    _I,
)
_DETERMINERS = frozenset(
    {"the", "my", "our", "his", "her", "its", "their", "your", "a", "an", "this", "that",
     "these", "those", "both", "two"}
)  # fmt: skip
_ADJECTIVES = frozenset(
    {"above-mentioned", "abovementioned", "aforementioned", "aforesaid", "said", "present",
     "previous", "earlier", "latest", "recent", "last", "subsequent", "same", "above",
     "following", "first", "second", "third", "latter", "former", "official", "several",
     "numerous", "various", "separate", "most", "two", "three"}
)  # fmt: skip
_SELF_ADJECTIVES = frozenset({"present", "this"})
_OWN_DETERMINERS = frozenset({"my", "our"})

_SEPARATOR_RE = re.compile(r"\s*,?\s*")
_DATED_RE = re.compile(r"(?:dated|of|sent\s+on|issued\s+on|adopted\s+on)\s+(?:the\s+)?", _I)
_ISSUED_ON_RE = re.compile(r"on\s+(?=\d)", _I)
_DAYS_RE = re.compile(
    r"(?P<days>(?:\d{1,2}(?:st|nd|rd|th)?\s*(?:,\s*|\s+and\s+|\s*,\s*and\s+))+)(?=\d)", _I
)
_SENDER_LEAD_RE = re.compile(
    r"(?:from|of|by|sent\s+by|signed\s+by|issued\s+by|adopted\s+by|made\s+by|delivered\s+by"
    r"|released\s+by)\s+",
    _I,
)
_ISSUING_VERB_RE = re.compile(r"(?:issued|adopted|made|signed|delivered|released)\s+", _I)
# "addressed to you", and "my letter to you" without "addressed".
_ADDRESSED_SHORT_RE = re.compile(
    r"(?:addressed\s+|sent\s+)?to\s+(?:you|me|us|him|her|them|your\s+predecessor|my\s+predecessor"
    r"|Your\s+Excellency)\b",
    _I,
)
# A mission's own reference number: "our letter to you No. 4/2/2202 dated …".
_REFERENCE_NUMBER_RE = re.compile(r"(?:No\.|Ref\.|reference)\s*[\w/.-]{1,30}(?<![.,])", _I)
_TO_UN_RE = re.compile(
    r"to\s+the\s+United\s+Nations(?:\s+(?:Office\s+)?at\s+(?:Geneva|Vienna))?\b", _I
)
_RELATIVE_RE = re.compile(
    r"(?:that|which)\s+(?:I|we|he|she|they|you|it)\s+(?:had\s+|have\s+|has\s+)?"
    r"(?:addressed|sent|wrote)(?:\s+to\s+(?:you|me|us|the\s+Secretary-General))?",
    _I,
)
_CIRCULATED_RE = re.compile(
    r"(?:(?:which|that)\s+(?:was|were|has\s+been|have\s+been)\s+)?(?:circulated|issued|published"
    r"|distributed|contained|reproduced)\s+(?:as|in|under)\s+(?:an?\s+|the\s+)?(?:official\s+)?"
    r"(?:documents?|symbols?)\s+(?:of\s+the\s+(?:General\s+Assembly|Security\s+Council)"
    r"(?:\s+and\s+(?:of\s+)?the\s+(?:General\s+Assembly|Security\s+Council))?\s*,?\s*"
    rf"(?:under\s+the\s+symbols?\s+)?)?(?P<syms>{_SYMBOL_LIST})",
    _I,
)
_BARE_SYMBOL_RE = re.compile(rf"(?P<syms>{_SYMBOL_LIST})")
_APPOSITIVE_RE = re.compile(
    r"(?:H\.E\.\s+|Mr\.\s+|Mrs\.\s+|Ms\.\s+|Dr\.\s+)?[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3}(?=\s*,)"
)
_DOCUMENT_SYMBOL_RE = re.compile(
    rf"(?<![\w-])(?:in\s+|see\s+)?documents?\s+(?P<syms>{_SYMBOL_LIST})", _I
)

# Where a sender's words end: the next part of the reference or of the sentence.
_SENDER_STOP_RE = re.compile(
    r"\s+(?:addressed|dated|concerning|regarding|relating|on\s+the\s+(?:subject|question"
    r"|situation|issue|matter)|about|which|that|who|whereby|wherein|in\s+which|circulated"
    r"|contained|issued|transmitting|with\s+regard|in\s+connection|requesting|informing|on\s+(?=\d)"
    r"|to\s+(?:you|me|us|the\s+Secretary|the\s+President|the\s+Chair|the\s+Council)"
    r"|and\s+(?:to|its|his|her|their|the\s+(?:annex|enclosure))|of\s+\d)\b"
    # A bracket ends the sender unless it belongs to a State's name ("Iran (Islamic
    # Republic of)", "Bolivia (Plurinational State of)").
    r"|\s*\((?!(?:Plurinational|Islamic|Bolivarian|Federated|Kingdom)\b)|\s*[;:\[\]“\"]"
    r"|(?<!\ba\.i)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bH\.E)(?<!\bSt)\.(?:\s|$)",
    _I,
)
_OFFICIAL_RE = re.compile(
    r"^(?:the\s+)?(?:United\s+Nations\s+)?(?:(?:Deputy\s+)?Secretary[-\s]General\b"
    r"|Under-Secretary-General\b|President\s+of\s+the\s+(?:Security\s+Council|General\s+Assembly"
    r"|Economic\s+and\s+Social\s+Council|Human\s+Rights\s+Council|International\s+Court)"
    r"|(?:Acting\s+)?(?:Chair|Chairman|Chairperson|Chairwoman)\s+of\s+the\s+"
    r"|(?:United\s+Nations\s+)?High\s+Commissioner\b|Special\s+(?:Rapporteur|Envoy|Representative"
    r"|Adviser|Coordinator)\b|Secretariat\b|Office\s+of\s+|Your\s+Excellency\b)",
    _I,
)
_HONOUR_RE = re.compile(r"(?:have|has)\s+the\s+honour\s+to\s+", _I)
_POSSESSIVE_RE = re.compile(r"((?:[A-Z][\w-]*\s+){0,5}[A-Z][\w-]*)['’]s\s+$")


def _canonical_states(names: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for name in names:
        canonical = states.canonical_state(name)
        if canonical and canonical not in out:
            out.append(canonical)
    return tuple(out)


@dataclasses.dataclass(frozen=True)
class _Sender:
    states: tuple[str, ...] = ()
    title: str | None = None
    official: bool = False
    own: bool = False
    end: int = 0


# "of my Government", "of our two Governments", "of the Government of my country".
_OWN_SENDER_RE = re.compile(
    r"(?:the\s+(?:Government|Ministry\s+of\s+Foreign\s+Affairs|President)\s+of\s+)?(?:my|our)"
    r"\s+(?:two\s+|three\s+|four\s+|respective\s+)?(?P<role>Governments?|country|countries"
    r"|Ministry|Ministries|Ministers?|Presidents?|Heads\s+of\s+State|delegations?)\b",
    _I,
)
# "the Soviet Government", "the Azerbaijani Ministry of Foreign Affairs".
_ADJECTIVE_SENDER_RE = re.compile(
    r"(?:the\s+)?(?P<adjective>[A-Z][\w-]+)\s+(?P<role>Government|Ministry(?:\s+of\s+Foreign"
    r"\s+Affairs)?|Foreign\s+Ministry|Minister\s+for\s+Foreign\s+Affairs|President"
    r"|Parliament|authorities|side|Embassy|delegation)\b"
)


def _sender_at(text: str, position: int) -> _Sender | None:
    """The sender named at ``position`` ("the Permanent Representative of Armenia to the
    United Nations", "Zohrab Mnatsakanyan, Minister for Foreign Affairs of Armenia", "the
    Secretary-General", "my Government", "the Soviet Government"), or None."""
    window = text[position : position + 300]
    stop = _SENDER_STOP_RE.search(window)
    phrase = window[: stop.start()] if stop else window
    phrase = phrase.rstrip(" ,")
    if not phrase:
        return None
    first_part = phrase.split(",")[0]
    if _OFFICIAL_RE.match(phrase):
        shown = first_part.strip()
        return _Sender(
            title=title.canonical_addressee(shown),
            official=True,
            end=position + len(first_part.rstrip()),
        )
    own = _OWN_SENDER_RE.match(phrase)
    if own:
        return _Sender(own=True, end=position + own.end())
    adjective = _ADJECTIVE_SENDER_RE.match(phrase)
    if adjective:
        state = mentions.adjective_state(adjective.group("adjective"))
        if state is not None:
            role = " ".join(adjective.group("role").split())
            return _Sender(states=(state,), title=role, end=position + adjective.end())
    # "the national report of Kenya": a State's name alone (no title before an "of").
    whole = None if " of " in phrase else states.match_state(phrase)
    if whole is not None and whole[1] >= len(phrase):
        return _Sender(states=(whole[0],), end=position + whole[1])
    cuts = [*[m.start() for m in re.finditer(",", phrase)][:4], len(phrase)]
    best: _Sender | None = None
    for cut in cuts:
        reading = title.read_sender(phrase[:cut])
        found = _canonical_states(reading.sender.states)
        if found:
            best = _Sender(states=found, title=reading.sender.title, end=position + cut)
            rest = phrase[cut:].lstrip(", ")
            if rest.startswith("and ") or states.match_state(rest):
                continue  # a list of States goes on after the comma
            break
        if best is not None:
            break
    return best


def _dates_at(text: str, position: int) -> tuple[list[datetime.date], int] | None:
    """A date (or "28 and 30 September 2020") starting at ``position``."""
    days = _DAYS_RE.match(text, position)
    start = days.end() if days else position
    match = dates.find_date(text, start, start + 40)
    if match is None or match.start() != start:
        return None
    last = dates.date_from_match(match)
    if last is None:
        return None
    found = []
    if days:
        for day in re.findall(r"\d{1,2}", days.group("days")):
            try:
                found.append(last.replace(day=int(day)))
            except ValueError:
                return None
    return [*found, last], match.end()


def _read_postmodifiers(text: str, position: int, found: _Found, *, document: bool) -> int:
    """Read what follows a letter's or document's noun (its date, sender, addressees,
    symbol) into ``found``; returns where the reference ends."""
    end = position
    issued = False
    for _ in range(12):
        step = _SEPARATOR_RE.match(text, end)
        at = step.end() if step else end
        dated = _DATED_RE.match(text, at)
        if dated and not found.dates:
            read = _dates_at(text, dated.end())
            if read is not None:
                found.dates, end = read
                continue
        if issued and not found.dates:
            on = _ISSUED_ON_RE.match(text, at)
            read = _dates_at(text, on.end()) if on else None
            if read is not None:
                found.dates, end = read
                continue
        verb = _ISSUING_VERB_RE.match(text, at)
        if document and verb and not found.dates:
            issued = True
            on = _ISSUED_ON_RE.match(text, verb.end())
            read = _dates_at(text, on.end()) if on else None
            if read is not None:
                found.dates, end = read
                continue
        lead = _SENDER_LEAD_RE.match(text, at)
        if lead and not found.sender_states and not found.official:
            sender = _sender_at(text, lead.end())
            if sender is not None:
                found.sender_states, found.sender_title = sender.states, sender.title
                found.official, found.own = sender.official, found.own or sender.own
                end = sender.end
                issued = issued or lead.group().lower().split()[0] in (
                    "issued", "adopted", "made", "delivered", "released", "signed"
                )  # fmt: skip
                continue
        addressed = title.ADDRESSED_END_RE.match(text, at) or _ADDRESSED_SHORT_RE.match(text, at)
        if addressed:
            end = addressed.end()
            continue
        for pattern in (_TO_UN_RE, _RELATIVE_RE, _REFERENCE_NUMBER_RE):
            skipped = pattern.match(text, at)
            if skipped:
                end = skipped.end()
                break
        else:
            skipped = None
        if skipped:
            continue
        symbol = _SYMBOL_BRACKETS_RE.match(text, end) or _CIRCULATED_RE.match(text, at)
        if symbol is None and step and "," in step.group():
            symbol = _BARE_SYMBOL_RE.match(text, at)
        if symbol and not found.symbol_groups:
            groups = _symbol_groups(symbol.group("syms"))
            if groups:
                found.symbol_groups = groups
                end = symbol.end()
                continue
        appositive = _APPOSITIVE_RE.match(text, at) if step and "," in step.group() else None
        if appositive and (found.sender_states or found.official):
            end = appositive.end()
            continue
        break
    return end


def _english_mention(text: str, noun: re.Match[str], context: Context) -> _Found | None:
    """A letter or note named at ``noun``, with what the words say of it; None for an
    anaphora of the letter itself ("the present letter")."""
    offset = max(0, noun.start() - 80)
    before = text[offset : noun.start()]
    start = noun.start()
    determiner = None
    adjectives: list[str] = []
    for token in reversed(list(re.finditer(r"\S+", before))[-5:]):
        bare = token.group().casefold()
        if bare in _ADJECTIVES and determiner is None and len(adjectives) < 3:
            adjectives.append(bare)
        elif bare in _DETERMINERS and determiner is None:
            determiner = bare
        else:
            break
        start = offset + token.start()
    noun_word = noun.group("noun").casefold()
    if determiner in _SELF_ADJECTIVES or _SELF_ADJECTIVES & set(adjectives):
        return None
    if noun_word.split()[0] in ("note", "notes", "communication", "communications") and (
        "verbale" not in noun_word and determiner is None
    ):
        return None
    found = _Found(start=start, end=noun.end(), kind=None, document=_letter_kind(noun_word))
    if determiner in _OWN_DETERMINERS:
        found.own = True
    elif determiner == "your":
        found.official = True
        if len(context.addressees) == 1:
            found.sender_title = context.addressees[0]
    possessive = _POSSESSIVE_RE.search(before) if determiner is None else None
    if possessive:
        # "Armenia's letter", "the Russian Federation's letter": the longest State name
        # that ends at the possessive.
        words = list(re.finditer(r"\S+", possessive.group(1)))
        for word in words:
            name = possessive.group(1)[word.start() :]
            found_state = states.match_state(name)
            if found_state is not None and found_state[1] == len(name):
                found.sender_states = (found_state[0],)
                found.start = offset + possessive.start(1) + word.start()
                break
    found.end = _read_postmodifiers(text, noun.end(), found, document=False)
    return found


def _letter_kind(noun: str) -> str:
    noun = " ".join(noun.casefold().split())
    if noun.startswith("identical"):
        return "identical_letters"
    if "verbale" in noun:
        return "note_verbale"
    if noun.startswith(("note", "communication")):
        return noun.rstrip("s") if not noun.endswith("ss") else noun
    return "letter"


def _document_kind(doc: str) -> str:
    doc = " ".join(doc.casefold().split())
    if doc in (
        "letter",
        "open letter",
        "identical letter",
        "note verbale",
        "notes verbales",
        "note",
    ):
        return _letter_kind(doc if doc != "identical letter" else "identical letters")
    return doc.replace("communique", "communiqué")


def _verb_start(trigger: re.Match[str]) -> int:
    """Where the printed words of a transmittal start: at its verb ("transmit herewith
    the statement …", not "have the honour to …")."""
    return next(trigger.start(g) for g in ("verb", "verb2", "verb3") if trigger.group(g))


def _english_transmittals(text: str, trigger: re.Match[str]) -> list[_Found]:
    """What "I have the honour to transmit herewith …" names: one or more documents."""
    found: list[_Found] = []
    position = _EN_TRANSMIT_FILLER_RE.match(text, trigger.end()).end()
    sentence_stop = sentences.sentence_end(text, trigger.end())
    evidence = bool(re.search(r"herewith|hereby|hereto|attached|enclosed", trigger.group(), _I))
    evidence = (
        evidence
        or bool(
            re.match(
                r"(?:\s*,?\s*(?:to\s+you|herewith|hereby|hereto|attached|enclosed))+",
                text[trigger.end() : position],
                _I,
            )
        )
        or bool(_SEE_ANNEX_RE.search(text, trigger.end(), sentence_stop))
    )
    for _ in range(6):
        document = _EN_DOCUMENT_RE.match(text, position)
        if document is None or document.end() > sentence_stop:
            break
        item = _Found(
            start=trigger.start(),
            end=document.end(),
            kind=_Kind.TRANSMIT,
            document=_document_kind(document.group("doc")),
            transmitted=True,
        )
        item.end = _read_postmodifiers(text, document.end(), item, document=True)
        found.append(item)
        following = _EN_NEXT_DOCUMENT_RE.match(text, item.end)
        if following is None:
            break
        position = following.end()
    if not found and evidence:
        # "transmit herewith information on …": something is transmitted, not named.
        found.append(
            _Found(start=trigger.start(), end=position, kind=_Kind.TRANSMIT, transmitted=True)
        )
    strong = trigger.group("strong") or trigger.group("verb2") or trigger.group("verb3")
    if found and not evidence and (not strong or found[0].document not in _TRANSMITTED_UNPROMPTED):
        return []  # "to convey the position of my Government": nothing is attached
    verb = _verb_start(trigger)
    for item in found:
        item.start = verb
    return found


# What is transmitted even without "herewith" or "(see annex)" saying so.
_TRANSMITTED_UNPROMPTED = frozenset(
    {"letter", "identical_letters", "note_verbale", "statement", "declaration", "communiqué",
     "press release", "report", "national report", "joint statement", "message", "appeal"}
)  # fmt: skip


# Words without one of which an English text names no letter or document and
# transmits nothing: such a text is not read further (a cheap test on big texts).
_EN_KEYWORDS = (
    "letter", "note", "communication", "document", "transmit", "forward", "enclos", "submit",
    "attach", "convey", "send", "share", "find", "circulate",
)  # fmt: skip


def _english(unit: Unit, context: Context) -> list[_Found]:
    text = unit.text
    found: list[_Found] = []
    folded = text.casefold()
    if not any(word in folded for word in _EN_KEYWORDS):
        return found
    taken = sentences.Spans()
    for trigger in _EN_TRANSMIT_RE.finditer(text):
        for item in _english_transmittals(text, trigger):
            found.append(item)
            taken.add(item.start, item.end)
    triggers = _triggers(text, _EN_TRIGGERS)
    ends = [t.end for t in triggers]
    transmit_triggers = [
        _Trigger(_verb_start(m), m.end(), _Kind.TRANSMIT) for m in _EN_TRANSMIT_RE.finditer(text)
    ]
    for noun in itertools.islice(_EN_NOUN_RE.finditer(text), _MAX_NAMINGS):
        if noun.start() in taken:
            continue
        mention = _english_mention(text, noun, context)
        if mention is None:
            continue
        trigger, gap = _governing(text, triggers, ends, mention.start)
        transmit, transmit_gap = _governing(
            text, transmit_triggers, [t.end for t in transmit_triggers], mention.start
        )
        if transmit is not None and (trigger is None or transmit.end > trigger.end):
            trigger, gap = transmit, transmit_gap
        if trigger is not None:
            mention.kind = trigger.kind
            # The printed words start at the relation's own words ("refer to the letter
            # …", not "have the honour to refer to …").
            honour = _HONOUR_RE.match(text, trigger.start)
            mention.start = honour.end() if honour else trigger.start
            mention.trigger_gap = gap
        found.append(mention)
        taken.add(mention.start, mention.end)
    for match in _DOCUMENT_SYMBOL_RE.finditer(text):
        if match.start() in taken:
            continue
        groups = _symbol_groups(match.group("syms"))
        if groups:
            item = _Found(
                start=match.start(), end=match.end(), kind=_Kind.REFER, document="document"
            )
            item.symbol_groups = groups
            # "document A/67/742-S/2013/95, dated 20 February 2013": the document's date.
            item.end = _read_postmodifiers(text, match.end(), item, document=True)
            trigger, _ = _governing(text, triggers, ends, match.start())
            if trigger is not None:
                honour = _HONOUR_RE.match(text, trigger.start)
                item.start = honour.end() if honour else trigger.start
            found.append(item)
    return found


# --- French, Spanish, Russian, Arabic: a noun and what its clause gives it --------------


@dataclasses.dataclass(frozen=True)
class _Windowed:
    """One language's words for letters, their dates, and the relations."""

    noun: re.Pattern[str]  # groups: det (optional), noun
    own: frozenset[str]  # determiners (or noun endings) that make the letter the writer's
    yours: frozenset[str]
    self_words: re.Pattern[str]  # "la présente lettre": the letter itself
    date_cue: re.Pattern[str]  # words before a letter's date ("datée du", "от")
    adjacent_cue: re.Pattern[str]  # a cue that counts only right after the noun ("du")
    blockers: re.Pattern[str]  # words that end the reference's clause (a resolution …)
    triggers: tuple[tuple[str, re.Pattern[str]], ...]
    transmit: re.Pattern[str]
    documents: tuple[tuple[re.Pattern[str], str], ...]  # transmitted things -> kind
    officials: re.Pattern[str]  # a sender who is an official of the Organization


_FR = _Windowed(
    noun=re.compile(
        r"(?<!\w)(?:(?P<det>la|les|ma|mes|notre|nos|sa|ses|leur|leurs|votre|vos|une|cette|ces)\s+)?"
        r"(?:(?:précédente|dernière|récente|présente)\s+)?"
        r"(?P<noun>lettres?\s+identiques|lettres?|notes?\s+verbales?)(?!\w)",
        _I,
    ),
    own=frozenset({"ma", "mes", "notre", "nos"}),
    yours=frozenset({"votre", "vos"}),
    self_words=re.compile(r"présente\s+(?:lettre|note)", _I),
    date_cue=re.compile(r"(?:datée?s?\s+du|en\s+date\s+du)\s+(?=\d)", _I),
    adjacent_cue=re.compile(r"\s*,?\s*du\s+(?=\d)", _I),
    blockers=re.compile(
        r"\b(?:résolutions?|séances?|réunions?|rapports?|décisions?|élections?|déclarations?)\b", _I
    ),
    triggers=(
        (
            _Kind.REPLY,
            re.compile(
                r"\b(?:en\s+réponse|pour\s+répondre|répondant|répondre|réponds)\s+(?:à|au|aux)\b",
                _I,
            ),
        ),
        (
            _Kind.REPLY_REFERENCE,
            re.compile(
                r"\b(?:comme\s+suite|suite|faisant\s+suite|me\s+référant|me\s+reportant"
                r"|se\s+référant|en\s+référence)\s+(?:à|au|aux)\b",
                _I,
            ),
        ),
        (
            _Kind.REFER,
            re.compile(
                r"\b(?:(?:me|se)\s+référer|je\s+me\s+réfère|au\s+sujet\s+de|concernant|voir)\b"
                r"(?:\s+(?:à|au|aux)\b)?",
                _I,
            ),
        ),
    ),
    transmit=re.compile(
        r"\b(?:(?:vous\s+)?(?:faire\s+tenir|transmettre|communiquer|adresser|faire\s+parvenir)"
        r"(?:\s+(?:ci-joint|ci-après|ci-inclus|en\s+annexe|sous\s+ce\s+pli))?"
        r"|veuillez\s+trouver\s+ci-joint)\b",
        _I,
    ),
    documents=(
        (re.compile(r"\blettres?\s+identiques\b", _I), "identical_letters"),
        (re.compile(r"\bnotes?\s+verbales?\b", _I), "note_verbale"),
        (re.compile(r"\blettres?\b", _I), "letter"),
        (re.compile(r"\bdéclarations?\b", _I), "statement"),
        (re.compile(r"\bcommuniqués?\b", _I), "communiqué"),
        (re.compile(r"\brapports?\b", _I), "report"),
        (re.compile(r"\bmessages?\b", _I), "message"),
        (re.compile(r"\bappels?\b", _I), "appeal"),
    ),
    # The official as sender ("du Secrétaire général", "par le Président du Conseil"), not
    # as addressee ("adressée au Secrétaire général").
    officials=re.compile(
        r"(?:\bdu|\bpar\s+l[ea]|\bde\s+la)\s+(?:Secrétaire\s+général|Président(?:e)?\s+"
        r"(?:du\s+Conseil|de\s+l['’]Assemblée))",
        _I,
    ),
)

_ES = _Windowed(
    noun=re.compile(
        r"(?<!\w)(?:(?P<det>la|las|mi|mis|nuestra|nuestras|su|sus|una|esta|estas|dicha)\s+)?"
        r"(?:(?:anterior|última|reciente|presente)\s+)?"
        r"(?P<noun>cartas?\s+idénticas|carta|cartas|notas?\s+verbal(?:es)?)(?!\w)",
        _I,
    ),
    own=frozenset({"mi", "mis", "nuestra", "nuestras"}),
    yours=frozenset(),
    self_words=re.compile(r"presente\s+(?:carta|nota)", _I),
    date_cue=re.compile(r"(?:de\s+fecha|fechadas?|del?\s+día)\s+(?=\d)", _I),
    adjacent_cue=re.compile(r"\s*,?\s*de\s+(?=\d)", _I),
    blockers=re.compile(
        r"\b(?:resoluci(?:ón|ones)|sesi(?:ón|ones)|reuni(?:ón|ones)|informes?|decisi(?:ón|ones)"
        r"|elecciones|declaraci(?:ón|ones))\b",
        _I,
    ),
    triggers=(
        (
            _Kind.REPLY,
            re.compile(
                r"\b(?:en\s+respuesta|para\s+responder|responder|respondiendo|en\s+contestación)\s+(?:a|al)\b",
                _I,
            ),
        ),
        (
            _Kind.REPLY_REFERENCE,
            re.compile(
                r"\b(?:en\s+relación\s+con|con\s+relación\s+a|con\s+referencia\s+a|haciendo\s+referencia\s+a"
                r"|como\s+continuación\s+de|en\s+seguimiento\s+de)\b",
                _I,
            ),
        ),
        (
            _Kind.REFER,
            re.compile(r"\b(?:referirme\s+a|me\s+refiero\s+a|hacer\s+referencia\s+a|véase)\b", _I),
        ),
    ),
    transmit=re.compile(
        r"\b(?:transmitirle|remitirle|enviarle|adjuntarle|hacerle\s+llegar|transmito|remito)"
        r"(?:\s+(?:adjunt[oa]s?|anex[oa]s?|la\s+presente))?\b|\badjunt[oa]\s+a\s+la\s+presente\b",
        _I,
    ),
    documents=(
        (re.compile(r"\bcartas?\s+idénticas\b", _I), "identical_letters"),
        (re.compile(r"\bnotas?\s+verbal(?:es)?\b", _I), "note_verbale"),
        (re.compile(r"\bcartas?\b"), "letter"),
        (re.compile(r"\bdeclaraci(?:ón|ones)\b", _I), "statement"),
        (re.compile(r"\bcomunicados?\b", _I), "communiqué"),
        (re.compile(r"\binformes?\b", _I), "report"),
        (re.compile(r"\bmensajes?\b", _I), "message"),
    ),
    officials=re.compile(
        r"(?:\bdel|\bpor\s+(?:el|la)|\bde\s+la)\s+(?:Secretari[oa]\s+General|Presidente?\s+"
        r"del\s+Consejo|Presidenta?\s+de\s+la\s+Asamblea)",
        _I,
    ),
)

_RU = _Windowed(
    noun=re.compile(
        r"(?<!\w)(?:(?P<det>мо[её]|моего|моём|моем|моим|моему|мои|моих|наше|нашего|нашем|нашим"
        r"|ваше|вашего|вашем|вашим|его|её|ее|их|это|этого|этом)\s+)?"
        r"(?P<noun>идентичн\w{0,4}\s+(?:письм\w{0,3}|писем)|письм(?:о|а|у|ом|е|ам|ами|ах)"
        r"|писем|вербальн\w{0,4}\s+нот\w{0,3})(?!\w)",
        _I,
    ),
    own=frozenset(
        [
            "мое",
            "моё",
            "моего",
            "моём",
            "моем",
            "моим",
            "моему",
            "мои",
            "моих",
            "наше",
            "нашего",
            "нашем",
            "нашим",
        ]
    ),
    yours=frozenset({"ваше", "вашего", "вашем", "вашим"}),
    self_words=re.compile(r"настоящ\w+\s+(?:письм|нот)", _I),
    date_cue=re.compile(r"от\s+(?=\d)", _I),
    adjacent_cue=re.compile(r"\s*,?\s*от\s+(?=\d)", _I),
    blockers=re.compile(
        r"(?<!\w)(?:резолюци\w*|заседани\w*|совещани\w*|доклад\w*|решени\w*|выбор\w*|заявлени\w*)",
        _I,
    ),
    triggers=(
        (
            _Kind.REPLY,
            re.compile(r"(?<!\w)(?:в\s+ответ\s+на|отвечая\s+на|ответить\s+на)(?!\w)", _I),
        ),
        (
            _Kind.REPLY_REFERENCE,
            re.compile(
                r"(?<!\w)(?:ссылаясь\s+на|со\s+ссылкой\s+на|в\s+связи\s+с|в\s+дополнение\s+к|в\s+продолжение)(?!\w)",
                _I,
            ),
        ),
        (
            _Kind.REFER,
            re.compile(
                r"(?<!\w)(?:сослаться\s+на|ссылаюсь\s+на|касательно|относительно|см\.)(?!\w)", _I
            ),
        ),
    ),
    transmit=re.compile(
        r"(?<!\w)(?:препроводить|препровождаю|препровождаем|препровождается|прилагаю|прилагается"
        r"|направить\s+(?:Вам\s+)?(?:настоящим|прилагаем\w*))(?!\w)(?:\s+настоящим)?",
        _I,
    ),
    documents=(
        (re.compile(r"(?<!\w)идентичн\w*\s+(?:письм|писем)", _I), "identical_letters"),
        (re.compile(r"(?<!\w)вербальн\w*\s+нот", _I), "note_verbale"),
        (re.compile(r"(?<!\w)(?:письм|писем)", _I), "letter"),
        (re.compile(r"(?<!\w)заявлени", _I), "statement"),
        (re.compile(r"(?<!\w)коммюнике", _I), "communiqué"),
        (re.compile(r"(?<!\w)доклад", _I), "report"),
        (re.compile(r"(?<!\w)послани", _I), "message"),
        (re.compile(r"(?<!\w)обращени", _I), "appeal"),
    ),
    # "письмо Генерального секретаря", not "на имя Генерального секретаря" (the addressee).
    officials=re.compile(
        r"(?<!имя\s)(?<!адрес\s)(?:Генерального\s+секретаря|Председателя\s+Совета)", _I
    ),
)

_AR = _Windowed(
    noun=re.compile(
        r"(?<!\w)(?P<noun>[وفبل]?(?:بال|لل|ال)?(?:رسالت(?:ي|نا|كم|ه|ها|هم|ين)|رسالة|رسائل(?:ي|نا)?"
        r"|مذكرت(?:ي|نا|كم|ه|ها)|مذكرة)(?:\s+(?:ال)?شفوية)?(?:\s+(?:ال)?متطابقت(?:ين|ان))?)(?!\w)"
    ),
    own=frozenset({"ي", "نا"}),  # "رسالتي" (my letter), "رسالتنا" (our letter)
    yours=frozenset({"كم"}),
    self_words=re.compile(r"هذه\s+الرسالة|الرسالة\s+الحالية"),
    date_cue=re.compile(r"المؤرخ(?:ة|تين|ين)?\s+(?:في\s+)?(?=\d)"),
    adjacent_cue=re.compile(r"\s*،?\s*(?:المؤرخ(?:ة|تين|ين)?\s+)?(?:في\s+)?(?=\d)"),
    blockers=re.compile(r"قرار|جلسة|اجتماع|تقرير|انتخابات|بيان"),
    triggers=(
        (_Kind.REPLY, re.compile(r"(?<!\w)(?:ردا|رداً|ردًا|للرد|الرد|أرد)\s+على(?!\w)")),
        (
            _Kind.REPLY_REFERENCE,
            re.compile(
                r"(?<!\w)(?:بالإشارة\s+إلى|إشارة\s+إلى|إلحاقا\s+(?=ب)|إلحاقاً\s+(?=ب)|عطفا\s+على|عطفاً\s+على)"
            ),
        ),
        (
            _Kind.REFER,
            re.compile(
                r"(?<!\w)(?:أتشرف\s+بالإشارة\s+إلى|يشرفني\s+أن\s+أشير\s+إلى|أشير\s+إلى|انظر)(?!\w)"
            ),
        ),
    ),
    transmit=re.compile(
        r"(?<!\w)(?:أتشرف\s+بأن\s+أحيل|يشرفني\s+أن\s+أحيل|أحيل)(?:\s+(?:إليكم|إليك))?(?:\s+(?:طيه|طيّه|طيا|مرفق))?"
        r"|(?<!\w)(?:أرفق|مرفق)\s+طيه"
    ),
    documents=(
        (re.compile(r"رسالت?ين\s+(?:ال)?متطابقت|الرسالتين\s+المتطابقتين"), "identical_letters"),
        (re.compile(r"مذكرة\s+(?:ال)?شفوية|المذكرة\s+الشفوية"), "note_verbale"),
        (re.compile(r"رسال|رسائل"), "letter"),
        (re.compile(r"بيان"), "statement"),
        (re.compile(r"تقرير"), "report"),
        (re.compile(r"بلاغ"), "communiqué"),
    ),
    officials=re.compile(r"من\s+(?:الأمين\s+العام|رئيس\s+مجلس\s+الأمن)"),
)

_WINDOWED = {"fr": _FR, "es": _ES, "ru": _RU, "ar": _AR}

# Arabic months as UN documents print them: both names ("نيسان/أبريل") or either.
_AR_MONTHS = {
    1: ("كانون الثاني", "يناير"), 2: ("شباط", "فبراير"), 3: ("آذار", "مارس"),
    4: ("نيسان", "أبريل", "ابريل"), 5: ("أيار", "مايو"), 6: ("حزيران", "يونيه", "يونيو"),
    7: ("تموز", "يوليه", "يوليو"), 8: ("آب", "أغسطس"), 9: ("أيلول", "سبتمبر"),
    10: ("تشرين الأول", "أكتوبر"), 11: ("تشرين الثاني", "نوفمبر"), 12: ("كانون الأول", "ديسمبر"),
}  # fmt: skip
_AR_MONTH_NAMES = {name: number for number, names in _AR_MONTHS.items() for name in names}
_AR_MONTH = "|".join(sorted(map(re.escape, _AR_MONTH_NAMES), key=len, reverse=True))
_AR_DATE_RE = re.compile(
    rf"(?P<d>\d{{1,2}})\s+(?P<m1>{_AR_MONTH})(?:\s*/\s*(?P<m2>{_AR_MONTH}))?\s+(?P<y>\d{{4}})(?!\d)"
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９", "0123456789" * 3)


def _date_in(text: str, position: int, language: str) -> tuple[datetime.date, int] | None:
    """A date printed at ``position`` in ``language``."""
    if language == "ar":
        match = _AR_DATE_RE.match(text, position)
        if match is None:
            return None
        month = _AR_MONTH_NAMES[match.group("m2") or match.group("m1")]
        try:
            value = datetime.date(int(match.group("y")), month, int(match.group("d")))
        except ValueError:
            return None
        return value, match.end()
    found = dates.find_date(text, position, position + 40)
    if found is None or found.start() != position:
        return None
    value = dates.date_from_match(found)
    return (value, found.end()) if value else None


_ATTACHED_RE = re.compile(
    r"ci-joint|ci-après|ci-inclus|en\s+annexe|sous\s+ce\s+pli|adjunt|anex[oa]|настоящим|прилага"
    r"|приложени|طيه|طيّه|مرفق|見附件|见附件",
    _I,
)


def _windowed_mentions(unit: Unit, spec: _Windowed, code: str) -> list[_Found]:
    text = unit.text
    found: list[_Found] = []
    taken = sentences.Spans()
    triggers = _triggers(text, spec.triggers)
    ends = [t.end for t in triggers]
    for trigger in spec.transmit.finditer(text):
        stop = sentences.sentence_end(text, trigger.end())
        window = text[trigger.end() : stop]
        item = _Found(
            start=trigger.start(), end=trigger.end(), kind=_Kind.TRANSMIT, transmitted=True
        )
        # What is sent stands first after the verb ("vous faire tenir ci-joint le texte
        # de la déclaration …"); without such a thing or a word saying it is attached
        # ("ci-joint", "adjunto", "настоящим", "طيه"), nothing is sent ("transmitirle la
        # posición de mi Gobierno").
        first = min(
            (
                (m.start(), m.end(), kind)
                for pattern, kind in spec.documents
                if (m := pattern.search(window, 0, 80))
            ),
            default=None,
        )
        attached = _ATTACHED_RE.search(trigger.group()) or _ATTACHED_RE.search(window)
        if first is None and not attached:
            continue
        if first is not None:
            item.document = first[2]
            item.end = trigger.end() + first[1]
        cue = spec.date_cue.search(window)
        if cue is not None:
            read = _date_in(text, trigger.end() + cue.end(), code)
            if read is not None:
                item.dates = [read[0]]
                item.end = max(item.end, read[1])
        brackets = _SYMBOL_ANYWHERE_RE.search(window)
        if brackets is not None and _symbol_groups(brackets.group("syms")):
            item.symbol_groups = _symbol_groups(brackets.group("syms"))
            item.end = max(item.end, trigger.end() + brackets.end())
        found.append(item)
        taken.add(item.start, stop)
    for noun in itertools.islice(spec.noun.finditer(text), _MAX_NAMINGS):
        if noun.start() in taken:
            continue
        head = text[max(0, noun.start() - 12) : noun.end()]
        if spec.self_words.search(head):
            continue
        word = noun.group("noun")
        if code == "es" and word[:1].isupper() and word.casefold().startswith("carta"):
            before = text[max(0, noun.start() - 4) : noun.start()]
            if before.strip():  # "la Carta" inside a sentence is the Charter
                continue
        determiner = (noun.groupdict().get("det") or "").casefold()
        item = _Found(
            start=noun.start(), end=noun.end(), kind=None, document=_windowed_kind(word, spec)
        )
        if code == "ar":
            stem = re.sub(r"(?:\s+\S+)+$", "", word)
            item.own = stem.endswith(tuple(f"ت{suffix}" for suffix in spec.own)) or stem.endswith(
                "رسائلي"
            )
            item.official = stem.endswith(tuple(f"ت{suffix}" for suffix in spec.yours))
        else:
            item.own = determiner in spec.own
            item.official = determiner in spec.yours
        stop = min(sentences.sentence_end(text, noun.end()), noun.end() + 250)
        following = spec.noun.search(text, noun.end(), stop)
        if following is not None:
            stop = following.start()
        blocker = spec.blockers.search(text, noun.end(), stop)
        if blocker is not None:
            stop = blocker.start()
        window_text = text[noun.end() : stop]
        if spec.officials.search(window_text[:120]):
            item.official = True
        adjacent = spec.adjacent_cue.match(text, noun.end())
        cue_at = adjacent.end() if adjacent else None
        if cue_at is None:
            cue = spec.date_cue.search(text, noun.end(), stop)
            cue_at = cue.end() if cue else None
        if cue_at is not None:
            read = _date_in(text, cue_at, code)
            if read is not None:
                item.dates = [read[0]]
                item.end = read[1]
        brackets = _SYMBOL_ANYWHERE_RE.search(text, noun.end(), stop)
        if brackets is not None and _symbol_groups(brackets.group("syms")):
            item.symbol_groups = _symbol_groups(brackets.group("syms"))
            item.end = max(item.end, brackets.end())
        trigger, gap = _governing(text, triggers, ends, noun.start())
        if trigger is not None:
            item.kind, item.start, item.trigger_gap = trigger.kind, trigger.start, gap
        found.append(item)
        taken.add(item.start, item.end)
    return found


def _windowed_kind(word: str, spec: _Windowed) -> str | None:
    for pattern, kind in spec.documents:
        if pattern.search(word):
            return kind
    return None


# --- Chinese: the noun comes last ("…2021年4月22日给您的信(A/…)") ------------------------

_ZH_DATE_RE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_ZH_NOUN_RE = re.compile(
    r"同文信|普通照会|(?<=[的来复])(?:信函|信|函|照会)(?![息任心念用誉号仰赖])"
)
_ZH_TRIGGERS = (
    (_Kind.REPLY, re.compile(r"为答复|为回复|答复|回复|回应|复函")),
    (_Kind.REFER, re.compile(r"谨提及|兹提及|提及|参照|参阅")),
)
_ZH_TRANSMIT_RE = re.compile(r"谨随函转递|随函转递|谨转递|转递|谨随函附上|随函附上|谨附上")
_ZH_CLAUSE_RE = re.compile(r"[，。；：,;:\n]")
_ZH_DOCUMENTS = (
    ("同文信", "identical_letters"), ("普通照会", "note_verbale"), ("照会", "note_verbale"),
    ("信", "letter"), ("函", "letter"), ("声明", "statement"), ("谈话", "remarks"),
    ("公报", "communiqué"), ("新闻稿", "press release"), ("报告", "report"),
    ("宣言", "declaration"), ("讲话", "speech"), ("呼吁", "appeal"),
)  # fmt: skip
_ZH_SYMBOL_AFTER_RE = re.compile(rf"\s*[(（]\s*(?P<syms>{_SYMBOL_LIST})\s*[)）]")


def _zh_date(match: re.Match[str]) -> datetime.date | None:
    try:
        return datetime.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None


def _chinese(unit: Unit) -> list[_Found]:
    text = unit.text
    found: list[_Found] = []
    taken = sentences.Spans()
    for trigger in _ZH_TRANSMIT_RE.finditer(text):
        stop = sentences.sentence_end(text, trigger.end(), 300)
        window = text[trigger.end() : stop]
        annex = re.search(r"[(（]\s*见附件", window)
        if annex:
            window = window[: annex.start()]
        item = _Found(
            start=trigger.start(),
            end=trigger.end() + len(window),
            kind=_Kind.TRANSMIT,
            transmitted=True,
        )
        date = _ZH_DATE_RE.search(window)
        if date and _zh_date(date):
            item.dates = [_zh_date(date)]  # type: ignore[list-item]
        last = max(
            ((window.rfind(word), kind) for word, kind in _ZH_DOCUMENTS if word in window),
            default=None,
        )
        if last is not None:
            item.document = last[1]
        found.append(item)
        taken.add(item.start, item.end)
    triggers = _triggers(text, _ZH_TRIGGERS)
    trigger_ends = [t.end for t in triggers]
    for noun in itertools.islice(_ZH_NOUN_RE.finditer(text), _MAX_NAMINGS):
        if noun.start() in taken:
            continue
        clause_start = 0
        for mark in _ZH_CLAUSE_RE.finditer(text, max(0, noun.start() - 120), noun.start()):
            clause_start = mark.end()
        clause_start = max(clause_start, noun.start() - 120)
        index = bisect.bisect_right(trigger_ends, noun.start()) - 1
        trigger = triggers[index] if index >= 0 and triggers[index].start >= clause_start else None
        segment_start = trigger.end if trigger else clause_start
        segment = text[segment_start : noun.start()]
        item = _Found(
            start=segment_start, end=noun.end(), kind=None, document=_zh_kind(noun.group())
        )
        dates_found = [d for m in _ZH_DATE_RE.finditer(segment) if (d := _zh_date(m))]
        if dates_found:
            item.dates = [dates_found[-1]]
        item.own = "我" in segment.split("给")[0]
        item.official = bool(re.search(r"(?<![给致])您的$|贵方的$|秘书长|安全理事会主席", segment))
        symbol = _ZH_SYMBOL_AFTER_RE.match(text, noun.end())
        if symbol is not None and _symbol_groups(symbol.group("syms")):
            item.symbol_groups = _symbol_groups(symbol.group("syms"))
            item.end = symbol.end()
        if trigger is not None:
            item.kind, item.start = trigger.kind, trigger.start
        found.append(item)
    return found


def _zh_kind(noun: str) -> str:
    return next((kind for word, kind in _ZH_DOCUMENTS if word in noun), "letter")


# --- Deciding the relation --------------------------------------------------------------


def _relation(item: _Found, own_states: tuple[str, ...]) -> Relation:
    if item.transmitted:
        return Relation.TRANSMITS
    own = item.own or bool(set(item.sender_states) & set(own_states))
    if item.kind == _Kind.TRANSMIT:
        # A letter named after "transmit herewith the reply … to": what is sent answers it.
        if _REPLY_WORDS_RE.search(item.trigger_gap) and not own and not item.official:
            return Relation.REPLIES_TO
        return Relation.REFERS_TO
    if item.kind in (_Kind.REPLY, _Kind.REPLY_REFERENCE) and not own and not item.official:
        return Relation.REPLIES_TO
    return Relation.REFERS_TO


def _refs(
    item: _Found, relation: Relation, unit: Unit, context: Context, text: str
) -> list[LetterRef]:
    """One reference per letter named: symbols printed apart are separate letters, paired
    with dates printed apart in the same order ("dated 28 and 30 September 2020
    (S/2020/950 and S/2020/961)"); where the counts differ no date is guessed."""
    senders = item.sender_states or (context.own_states if item.own else ())
    printed = _printed(text, item.start, item.end, item.late_symbol)
    groups: list[tuple[str, ...]] = item.symbol_groups or [()]
    days: list[datetime.date | None] = list(item.dates) or [None]
    if len(groups) == len(days):
        pairs = list(zip(groups, days, strict=True))
    elif len(groups) > 1:
        pairs = [(group, days[0] if len(days) == 1 else None) for group in groups]
    elif groups[0]:
        pairs = [(groups[0], None)]
    else:
        pairs = [((), day) for day in days]
    return [
        LetterRef(
            relation=relation,
            symbols=group,
            date=day,
            sender_states=senders,
            sender_title=item.sender_title,
            document=item.document,
            text=printed,
            where=unit.where,
        )
        for group, day in pairs
    ]


def _is_self(ref: LetterRef, context: Context) -> bool:
    """The letter naming itself ("the letter dated <its own date> from <its sender>")."""
    return (
        not ref.symbols
        and ref.date is not None
        and ref.date == context.letter_date
        and (not ref.sender_states or set(ref.sender_states) <= set(context.own_states))
        and ref.relation != Relation.TRANSMITS
    )


_STRENGTH = {Relation.REPLIES_TO: 3, Relation.TRANSMITS: 2, Relation.REFERS_TO: 1}


def _same_target(a: LetterRef, b: LetterRef) -> bool:
    if a.symbols and b.symbols:
        return bool(set(a.symbols) & set(b.symbols))
    if a.date is None or b.date is None or a.date != b.date:
        return False
    if a.relation == Relation.TRANSMITS or b.relation == Relation.TRANSMITS:
        return (
            a.relation == b.relation
            and a.document == b.document
            and a.sender_states == b.sender_states
        )
    return not a.sender_states or not b.sender_states or a.sender_states == b.sender_states


def _merge(refs: list[LetterRef]) -> list[LetterRef]:
    """One reference per referred document: the strongest relation, what each naming adds.

    Earlier references are found through their symbols and dates (dicts), so a text
    naming thousands of letters is merged in linear time."""
    merged: list[LetterRef] = []
    by_symbol: dict[str, int] = {}
    by_date: dict[datetime.date, list[int]] = {}
    for ref in refs:
        candidates = {by_symbol[s] for s in ref.symbols if s in by_symbol}
        if ref.date is not None:
            candidates.update(by_date.get(ref.date, ())[:50])
        index = next((i for i in sorted(candidates) if _same_target(merged[i], ref)), None)
        if index is None:
            index = len(merged)
            merged.append(ref)
        else:
            kept = merged[index]
            strong, weak = (
                (ref, kept) if _STRENGTH[ref.relation] > _STRENGTH[kept.relation] else (kept, ref)
            )
            merged[index] = dataclasses.replace(
                strong,
                symbols=strong.symbols or weak.symbols,
                date=strong.date or weak.date,
                sender_states=strong.sender_states or weak.sender_states,
                sender_title=strong.sender_title or weak.sender_title,
                document=strong.document or weak.document,
            )
        for symbol in merged[index].symbols:
            by_symbol.setdefault(symbol, index)
        if merged[index].date is not None:
            dated = by_date.setdefault(merged[index].date, [])  # type: ignore[arg-type]
            if index not in dated:
                dated.append(index)
    return merged


_ANNEX_TITLE_RE = re.compile(
    r"^(?:Identical\s+letters|Letter|Note\s+verbale)\s+(?:dated|from)\b", _I
)


def _annex_title_refs(heading: str | None) -> list[LetterRef]:
    """An annex whose title is a letter ("Letter dated 30 April 2021 from the Minister for
    Foreign Affairs of Armenia addressed to the Secretary-General") is transmitted."""
    refs: list[LetterRef] = []
    if heading and _ANNEX_TITLE_RE.match(heading):
        info = title.parse_title(heading)
        if info.letter_date is None:
            return refs
        senders = _canonical_states(info.sender.states)
        refs.append(
            LetterRef(
                relation=Relation.TRANSMITS,
                date=info.letter_date,
                sender_states=senders,
                sender_title=info.sender.title if senders else None,
                document=_letter_kind(str(info.kind).replace("_", " ")) if info.kind else "letter",
                text=" ".join(heading.split()),
                where="annex",
            )
        )
    return refs


def _has(text: str, pattern: str) -> bool:
    return re.search(pattern, text) is not None


# Words without which a text in that language names no letter and transmits nothing:
# a text whose language is not known is read in French or Spanish only if it has one.
_LATIN_KEYWORDS = {
    "fr": ("lettre", "note verbale", "ci-joint", "transmettre", "faire tenir", "communiquer"),
    "es": ("carta", "nota verbal", "transmitir", "remitir", "adjunt", "hacerle llegar"),
}


def _readers(unit: Unit) -> list[str]:
    """The languages to read ``unit`` in: its own, else every one its script allows."""
    if unit.language in ("en", "fr", "es", "ru", "ar", "zh"):
        return [unit.language]
    codes = []
    if _has(unit.text, r"[A-Za-z]"):
        codes.append("en")
        folded = unit.text.casefold()
        codes += [
            code for code, words in _LATIN_KEYWORDS.items() if any(w in folded for w in words)
        ]
    if _has(unit.text, r"[\u0400-\u04FF]"):
        codes.append("ru")
    if _has(unit.text, r"[\u0600-\u06FF]"):
        codes.append("ar")
    if _has(unit.text, r"[\u4e00-\u9fff]"):
        codes.append("zh")
    return codes


def find_references(
    units: Sequence[Unit], context: Context = Context()
) -> tuple[tuple[LetterRef, ...], tuple[str, ...]]:
    """The letter's references, in order of appearance (the covering letter, its
    footnotes, its annexes), one per referred document; and warnings saying what was
    seen but not taken."""
    refs: list[LetterRef] = []
    warnings: list[str] = []
    for unit in units:
        refs += _annex_title_refs(unit.title)
        text = unit.text.translate(_DIGITS)
        unit = dataclasses.replace(unit, text=text)
        items: list[_Found] = []
        for code in _readers(unit):
            if code == "en":
                items += _english(unit, context)
            elif code == "zh":
                items += _chinese(unit)
            else:
                items += _windowed_mentions(unit, _WINDOWED[code], code)
        items.sort(key=lambda item: item.start)
        for item in items:
            if not item.symbol_groups and not item.transmitted:
                late = _late_symbol(text, item.end)
                if late is not None:
                    item.symbol_groups = _symbol_groups(late.group("syms"))
                    item.late_symbol = (late.start(), late.end())
            if not item.transmitted and not item.symbol_groups and not item.dates:
                # Named by its sender alone: a reply to it is worth a word to the reviewer.
                replying = item.kind in (_Kind.REPLY, _Kind.REPLY_REFERENCE)
                if replying and item.sender_states and not item.own and not item.official:
                    shown = _printed(text, item.start, item.end, None)[:120]
                    warnings.append(
                        "a reply to a letter is named without its date or symbol, so it is not "
                        f"linked: {shown!r}"
                    )
                continue
            relation = _relation(item, context.own_states)
            for ref in _refs(item, relation, unit, context, text):
                if not _is_self(ref, context):
                    refs.append(ref)
    return tuple(_merge(refs)), tuple(warnings)
