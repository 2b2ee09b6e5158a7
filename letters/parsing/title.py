"""The title line: "Letter dated <date> from <sender> addressed to <addressee(s)>".

Finds it, tells its kind, and reads the date, the sender (title, States or
organization, and a signer named in it) and the addressees. Variants handled
(DESIGN.md §1): identical letters, notes verbales, Chargés d'affaires, joint
letters from several States, senders that are not States (a committee's chair, a
regional group's chair, an observer organization), and headings that name the
addressees with "to" instead of "addressed to" ("Letter to the Secretary-General
from …"). A State is only what the States table knows (parsing/states.py); what
follows its name in a heading (", Chair of …", "(topic)", "to the
Secretary-General") is not part of it.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from letters.parsing import dates, signatures, states
from letters.parsing.model import LetterKind, Sender, Signatory

_KIND_WORDS = (
    r"Identical\s+letters|Identical\s+notes\s+verbales|Identical\s+notes|Joint\s+letter"
    r"|Notes\s+verbales|Note\s+verbale|Letters|Letter|Note"
)
# At the start of a paragraph, any case (old documents print titles in capitals).
# A mission's website heads a copy "Letter of the Permanent Representative of X to …".
_OF_SENDER = (
    r"of\s+the\s+(?:Permanent|Deputy|Acting|Chargée?|Charge|Minister|Head|Ambassador"
    r"|representatives?)"
)
TITLE_START_RE = re.compile(
    rf"^(?P<kind>{_KIND_WORDS})\s+(?:dated|from|addressed|to\s+the|{_OF_SENDER})\b",
    re.IGNORECASE,
)
_OF_SENDER_RE = re.compile(rf"^(?:{_KIND_WORDS})\s+(?={_OF_SENDER})of\s+", re.IGNORECASE)
# Inside a run-on line (a Word dump): case-sensitive, so "the letter dated" in a
# sentence does not count.
TITLE_INSIDE_RE = re.compile(
    rf"(?<![\w])(?P<kind>{_KIND_WORDS}|{_KIND_WORDS.upper()})\s+(?:dated|from|DATED|FROM)\s"
)

_ADDRESSEE = (
    r"(?:the\s+)?(?:(?:United\s+Nations\s+|UN\s+)?Secretary[-\s]General"
    r"(?:\s+of\s+the\s+United\s+Nations)?"
    r"|(?:Acting\s+)?President\s+of\s+the\s+(?:Security\s+Council|General\s+Assembly"
    r"|Economic\s+and\s+Social\s+Council|Human\s+Rights\s+Council|Trusteeship\s+Council)"
    r"|Chair(?:man|person|woman)?\s+of\s+the\s+[^.]{3,160}?(?:Committee|Commission|Group)"
    r"(?:\s+established\s+pursuant\s+to\s+resolution\s+\d{1,4}\s*\(\d{4}\))?"
    r"|(?:Office\s+of\s+the\s+)?United\s+Nations\s+High\s+Commissioner\s+for"
    r"\s+(?:Human\s+Rights|Refugees)"
    r"|High\s+Commissioner\s+for\s+Human\s+Rights)"
)
# Where the title ends when the body follows on the same line.
ADDRESSED_END_RE = re.compile(
    rf"\baddressed\s+to\s+{_ADDRESSEE}(?:\s*,\s*(?:and\s+)?{_ADDRESSEE})*(?:\s*,?\s+and\s+{_ADDRESSEE})?",
    re.IGNORECASE,
)
# "to the Secretary-General and the President of the Security Council" in a heading
# without "addressed" ("Letter to the Secretary-General from …").
TO_END_RE = re.compile(
    rf"\bto\s+{_ADDRESSEE}(?:\s*,\s*(?:and\s+)?{_ADDRESSEE})*(?:\s*,?\s+and\s+{_ADDRESSEE})?",
    re.IGNORECASE,
)
ADDRESSEE_RE = re.compile(_ADDRESSEE, re.IGNORECASE)
# Openings of a covering letter's first sentence: a fallback title end.
BODY_OPENING_RE = re.compile(
    r"\s(?=(?:I\s+have\s+the\s+honour|On\s+instructions|Upon\s+instructions|Upon\s+the\s+instructions"
    r"|In\s+accordance\s+with|With\s+reference\s+to|I\s+wish\s+to|I\s+am\s+writing|Further\s+to"
    r"|Pursuant\s+to|The\s+Permanent\s+Mission\s+of|We\s+have\s+the\s+honour|I\s+write)\b)"
)

_DATED_RE = re.compile(r"\bdated\s+", re.IGNORECASE)
_FROM_RE = re.compile(r"\bfrom\s+(?P<sender>.+?)(?=\s+addressed\s+to\b|$)", re.IGNORECASE)
_TO_RE = re.compile(r"\baddressed\s+to\s+(?P<to>.+)$", re.IGNORECASE)
# "to the United Nations (Office at Geneva …)" after a sender, up to the next sender
# of a joint letter ("… and the Permanent Representative of …") or the end.
_UN_SUFFIX_RE = re.compile(
    r"\s+(?:to|at)\s+the\s+United\s+Nations\b.*?(?=\s+and\s+the\s+(?-i:[A-Z])|$)",
    re.IGNORECASE,
)
_MISSION_RE = re.compile(r"^(?:the\s+)?(?:Permanent\s+)?(?:Observer\s+)?Mission\s+of\s+", re.I)
_ADDRESSEE_SPLIT_RE = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+(?=(?:the\s+)?[A-Z])")
# Where a sender phrase stops when the heading goes on: a topic, a place, a date.
_SENDER_STOP_RE = re.compile(
    r"\s+(?:regarding|with\s+regard\s+to|on\s+the\s+(?:subject|question|situation)|dated)\b"
    r"|\s*\((?!\d{4}\))|\s*[;:–—]\s",
    re.IGNORECASE,
)
# "… in his capacity as Chair of the Group of Arab States", ", Chair of the African Group"
_CAPACITY_RE = re.compile(
    r"(?:(?:,\s*|\s+)(?:in\s+(?:his|her|its|their)\s+capacit(?:y|ies)\s+as\s+|acting\s+as\s+)?"
    r"(?:the\s+)?(?:Acting\s+|Outgoing\s+|Incoming\s+)?(?:Co-|Vice-)?"
    r"(?:Chair(?:man|person|woman)?|President|Coordinator|Presidency)s?\s+of"
    r"|,?\s+on\s+behalf\s+of)\s+(?P<org>.+)$",
    re.IGNORECASE,
)
_FOR_MONTH_RE = re.compile(r"\s+(?:for\s+the\s+month\s+of|for\s+the\s+year|for\s+\d{4}).*$", re.I)
# Sender titles that contain "of" themselves, so the States start after them.
_ROLES_WITH_OF = re.compile(
    r"^(?:(?:Deputy\s+|First\s+Deputy\s+|Vice-|Vice\s+)?(?:Prime\s+)?Minist(?:er|ry)\s+(?:of|for)\s+"
    # One way to read each word and at most nine words: no backtracking blow-up.
    r"[\w'’-]+(?:\s+[\w'’-]+){0,8}?"
    r"|Head\s+of\s+(?:the\s+)?(?:Delegation|State|Government)"
    r"|Chargée?\s+d['’]affaires(?:,?\s+a\.\s?i\.)?\s+of\s+the\s+Permanent\s+Mission"
    r"|Charge\s+d['’]affaires(?:,?\s+a\.\s?i\.)?\s+of\s+the\s+Permanent\s+Mission"
    r"|Permanent\s+Observer\s+of\s+the\s+(?:Permanent\s+)?Observer\s+Mission)(?=\s+of\s)",
    re.IGNORECASE,
)
_FIRST_OF_RE = re.compile(r"\s+of\s+", re.IGNORECASE)
# Words that make a non-State sender an organization ("the Group of Arab States",
# "the Security Council Committee established pursuant to …", "the African Union").
_ORGANIZATION_RE = re.compile(
    r"\b(?:Committee|Group|Organi[sz]ation|Union|League|Movement|Council|Commission"
    r"|Community|Conference|Forum|Co-?operation|Association|Alliance|Bank|Fund|Agency"
    r"|Court|Office|Secretariat|Assembly|Board|Panel|Programme|Institute|Centre|Center"
    r"|States|Countries|Caucus|Coalition|Partnership|Network|Authority|Parliament"
    r"|Federation|Friends|Bureau|Sovereign\s+Order)\b"
)
# "… of Armenia and the Permanent Representative of France": another sender follows.
_ANOTHER_SENDER_RE = re.compile(r"^\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?(?=[A-Z])")
# A person named before the sender's title: "H.E. Mr. Kairat Umarov, Permanent …".
_NAMED_PERSON_RE = re.compile(r"^(?P<who>[^,]{3,80}),\s+(?:the\s+)?(?P<rest>\S.*)$")
_MAX_PHRASE = 600


@dataclasses.dataclass(frozen=True)
class SenderReading:
    sender: Sender
    person: Signatory | None = None
    warnings: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class TitleInfo:
    kind: LetterKind
    letter_date: datetime.date | None
    sender: Sender
    addressees: tuple[str, ...]
    warnings: tuple[str, ...]
    person: Signatory | None = None


def kind_of(title: str) -> LetterKind:
    head = title[:40].casefold()
    if head.startswith("identical"):
        return LetterKind.IDENTICAL_LETTERS
    if head.startswith(("note verbale", "notes verbales")):
        return LetterKind.NOTE_VERBALE
    if head.startswith(("letter", "joint letter")):
        return LetterKind.LETTER
    return LetterKind.OTHER


def title_end(text: str) -> int:
    """Where a title that starts ``text`` ends (len(text) if it fills it)."""
    ends = []
    match = ADDRESSED_END_RE.search(text)
    if match:
        ends.append(match.end())
    # A heading that names its addressees with "to" stands in the first lines;
    # "Letter to the President … from the Permanent Representative …" goes on.
    to_match = TO_END_RE.search(text, 0, min(len(text), _MAX_PHRASE))
    if to_match and not re.match(r"\s+from\s", text[to_match.end() : to_match.end() + 6]):
        ends.append(to_match.end())
    ends = [end for end in ends if end < len(text)]
    if ends:
        return min(ends)
    if len(text) > 400:
        opening = BODY_OPENING_RE.search(text)
        if opening:
            return opening.start()
    return len(text)


def _strip_the(text: str) -> str:
    text = text.strip()
    return text[4:] if text[:4].casefold() == "the " else text


# "on behalf of the States members of the Group of Arab States": the group is the sender.
_MEMBERS_OF_RE = re.compile(
    r"^(?:the\s+)?(?:(?:member\s+)?States(?:\s+members)?|members|Governments)\s+of\s+", re.I
)


def _organization(text: str) -> str | None:
    """The organization a sender phrase names, as printed, or None if it names none."""
    text = _FOR_MONTH_RE.sub("", _UN_SUFFIX_RE.sub("", text.strip()))
    text = _strip_the(_MEMBERS_OF_RE.sub("", _strip_the(text))).rstrip(",;. ")
    if not text or not _ORGANIZATION_RE.search(text) or len(text) > 300:
        return None
    return text


def _named_person(phrase: str) -> tuple[Signatory | None, str]:
    """A signer named before the sender's title, and the phrase without them."""
    match = _NAMED_PERSON_RE.match(phrase)
    if not match:
        return None, phrase
    honorific, name = signatures.split_honorific(match.group("who"))
    rest = match.group("rest")
    first = rest.split()[0].strip(",") if rest.split() else ""
    if first not in signatures.TITLE_WORDS or not signatures.looks_like_name(name):
        return None, phrase
    if honorific is None and signatures.is_title_line(match.group("who")):
        return None, phrase
    return Signatory(name=name, honorific=honorific), rest


def read_sender(phrase: str, *, depth: int = 0) -> SenderReading:
    """Read a title's sender phrase ("the Permanent Representative of Azerbaijan to
    the United Nations") into title, canonical States, organization and a signer
    named in it. A State is what the States table knows, stored under its
    canonical name; a name it lacks is kept as printed only when it reads as a
    name (capitalised words), with a warning; anything else is not guessed: it
    stays out of ``states`` and a warning says so."""
    phrase = _strip_the(phrase.strip().rstrip(",;.")[:_MAX_PHRASE])
    stop = _SENDER_STOP_RE.search(phrase)
    if stop:
        phrase = phrase[: stop.start()]
    person, phrase = _named_person(phrase)
    organization = None
    capacity = _CAPACITY_RE.search(phrase)
    if capacity:
        found = _organization(capacity.group("org"))
        before = phrase[: capacity.start()]
        # "the Permanent Representative of Egypt … in his capacity as Chair of the
        # Group of Arab States": a State's representative writing for a group.
        if found and _FIRST_OF_RE.search(before):
            organization, phrase = found, before
    phrase = _UN_SUFFIX_RE.sub("", phrase)
    if not phrase:
        return SenderReading(Sender(organization=organization), person)
    role_match = _ROLES_WITH_OF.match(phrase)
    first_of = _FIRST_OF_RE.search(phrase)
    cut = role_match.end() if role_match else (first_of.start() if first_of else None)
    if cut is None:
        return SenderReading(Sender(title=_tidy_role(phrase), organization=organization), person)
    role = _tidy_role(phrase[:cut])
    rest = re.sub(r"^\s+of\s+", "", phrase[cut:], flags=re.IGNORECASE)
    rest = _MISSION_RE.sub("", rest) if _MISSION_RE.match(rest) else rest
    names, used, name_warnings = _state_names(rest)
    if names:
        tail = rest[used:]
        more = _ANOTHER_SENDER_RE.match(tail)
        if more and depth < 20:
            other = read_sender(tail[more.end() :], depth=depth + 1)
            names += [n for n in other.sender.states if n not in names]
            organization = organization or other.sender.organization
            name_warnings += other.warnings
        elif organization is None:
            chair = _CAPACITY_RE.match(tail)
            organization = _organization(chair.group("org")) if chair else None
        return SenderReading(Sender(tuple(names), role, organization), person, tuple(name_warnings))
    found = _organization(rest)
    if found:
        return SenderReading(Sender(title=role, organization=found), person)
    shown = _strip_the(rest)[:80]
    return SenderReading(
        Sender(title=role, organization=organization),
        person,
        (f"sender not recognised as a State or an organization: {shown!r}",),
    )


# Words that begin a role, never a State's name ("… of Kenya, Head of Delegation").
_ROLE_START = frozenset({
    "Chair", "Chairman", "Chairperson", "Chairwoman", "Co-Chair", "President", "Vice-President",
    "Coordinator", "Head", "Minister", "Permanent", "Representative", "Ambassador", "Secretary",
    "Secretary-General", "Director", "Deputy", "Acting", "Chargé", "Charge", "Observer",
    "Mission", "Delegation", "Ministry", "Embassy", "Government",
})  # fmt: skip
_NAME_JOINERS = frozenset({"of", "the", "de", "du", "des", "del", "la", "le"})
_CAPITAL_WORD_RE = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.-]*")


def _printed_name(text: str) -> tuple[str, int] | None:
    """A State name the table does not know, as printed: capitalised words (with
    "of", "the" inside, never "and", which the table's names alone may hold),
    ending where the first other word starts. None when the words begin a role or
    name an organization. Returns the name and the characters it uses."""
    start = 4 if text[:4].casefold() == "the " else 0
    end = start
    words: list[str] = []
    for token in re.finditer(r"\S+", text[start : start + 120]):
        word = token.group()
        bare = word.rstrip(",;")
        if not (_CAPITAL_WORD_RE.fullmatch(bare) or bare in _NAME_JOINERS):
            break
        words.append(bare)
        end = start + token.start() + len(bare)
        if bare != word:
            break  # a comma ends the name
    while words and words[-1] in _NAME_JOINERS:
        dropped = words.pop()
        end = text.rindex(dropped, 0, end)
    end = len(text[:end].rstrip())
    name = " ".join(words)
    if not words or words[0] in _ROLE_START or _ORGANIZATION_RE.search(name):
        return None
    return name, end


def _state_names(rest: str) -> tuple[list[str], int, list[str]]:
    """The States a sender phrase lists at its start: canonical names from the
    States table; a name the table lacks is kept as printed, with a warning, so a
    reviewer can add it (a new or renamed State) or correct it. Returns the names,
    the characters used and the warnings."""
    names: list[str] = []
    warnings: list[str] = []
    position = used = 0
    for _ in range(200):
        found = states.match_state(rest[position:])
        if found is None:
            found = _printed_name(rest[position:])
            if found is None:
                break
            warnings.append(f"sender State not in the States table, kept as printed: {found[0]!r}")
        name, length = found
        if name not in names:
            names.append(name)
        used = position + length
        joiner = states.LIST_JOIN_RE.match(rest, used)
        if joiner is None:
            break
        position = joiner.end()
    return names, used, warnings


def parse_sender(phrase: str) -> Sender:
    """ "the Permanent Representative of Azerbaijan to the United Nations" -> Sender."""
    return read_sender(phrase).sender


_SMALL_WORDS = frozenset({"of", "the", "and", "for", "to", "a.i.", "d'affaires", "d’affaires"})


def _tidy_role(role: str) -> str | None:
    role = re.sub(r"\s+of\s+the\s+Permanent\s+Mission$", "", role.strip(), flags=re.I)
    role = role.strip(" ,")
    if role.isupper():
        # Older documents print titles in capitals; the title reads as usual.
        role = " ".join(
            w.lower() if w.lower() in _SMALL_WORDS else w.capitalize() for w in role.split()
        )
    return role or None


# The addressees' usual names (DESIGN.md §1), so that one office is one value.
_OFFICES = {
    name.casefold(): name
    for name in (
        "President of the Security Council",
        "President of the General Assembly",
        "President of the Economic and Social Council",
        "President of the Human Rights Council",
        "President of the Trusteeship Council",
        "Acting President of the Security Council",
        "Acting President of the General Assembly",
        "United Nations High Commissioner for Human Rights",
        "United Nations High Commissioner for Refugees",
        "Office of the United Nations High Commissioner for Human Rights",
    )
}


def canonical_addressee(text: str) -> str:
    """ "the Secretary-General of the United Nations" -> "Secretary-General",
    "PRESIDENT OF THE SECURITY COUNCIL" -> "President of the Security Council";
    other addressees keep their words, without "the" and with single spaces."""
    words = " ".join(_strip_the(text).split())
    if re.fullmatch(
        r"(?:United Nations |UN )?Secretary[- ]General(?: of the United Nations)?", words, re.I
    ):
        return "Secretary-General"
    if words.casefold().startswith("high commissioner"):
        words = "United Nations " + words
    return _OFFICES.get(words.casefold(), words)


def parse_addressees(text: str) -> tuple[str, ...]:
    """The addressees an "addressed to …" part names, canonical, in order.

    Known addressees (DESIGN.md §1) are read by pattern, so a heading that goes on
    after them ("… on the situation in …") adds nothing; an addressee outside the
    patterns is kept as printed.
    """
    text = text.strip().rstrip(".;,")[:_MAX_PHRASE]
    known = [canonical_addressee(m.group()) for m in ADDRESSEE_RE.finditer(text)]
    if known:
        return tuple(dict.fromkeys(known))
    stop = _SENDER_STOP_RE.search(text)
    if stop:
        text = text[: stop.start()]
    out = []
    for part in _ADDRESSEE_SPLIT_RE.split(text):
        part = _strip_the(part)
        if part:
            out.append(part)
    return tuple(out)


def parse_title(title: str) -> TitleInfo:
    warnings: list[str] = []
    dated = _DATED_RE.search(title[:80])
    letter_date = None
    if dated:
        match = dates.find_date(title, dated.end(), dated.end() + 40)
        if match and match.start() == dated.end():
            letter_date = dates.date_from_match(match)
    if letter_date is None:
        warnings.append("no date found in the title")
    to_match = _TO_RE.search(title)
    # "Letter to the Secretary-General from …": the addressees named with "to".
    to_heading = None if to_match else TO_END_RE.search(title)
    sender_match = _FROM_RE.search(title)
    of_sender = None if sender_match else _OF_SENDER_RE.match(title)
    reading = SenderReading(Sender())
    if sender_match:
        phrase = sender_match.group("sender")
        if to_heading and to_heading.start() > sender_match.start():
            phrase = title[sender_match.start("sender") : to_heading.start()]
        reading = read_sender(phrase)
        warnings.extend(reading.warnings)
    elif of_sender:
        # "Letter of the Permanent Representative of X to the Secretary-General".
        end = to_heading.start() if to_heading else (to_match.start() if to_match else None)
        reading = read_sender(title[of_sender.end() : end])
        warnings.extend(reading.warnings)
    else:
        warnings.append("no sender found in the title")
    if to_match:
        addressees = parse_addressees(to_match.group("to"))
    elif to_heading:
        addressees = parse_addressees(to_heading.group()[2:])
    else:
        addressees = ()
    if not addressees:
        warnings.append("no addressee found in the title")
    return TitleInfo(
        kind_of(title), letter_date, reading.sender, addressees, tuple(warnings), reading.person
    )
