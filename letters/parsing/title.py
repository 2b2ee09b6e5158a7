"""The title line: "Letter dated <date> from <sender> addressed to <addressee(s)>".

Finds it, tells its kind, and reads the date, the sender (title and States) and
the addressees. Variants handled (DESIGN.md §1): identical letters, notes
verbales, Chargés d'affaires, joint letters from several States.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from letters.parsing import dates, states
from letters.parsing.model import LetterKind, Sender

_KIND_WORDS = (
    r"Identical\s+letters|Identical\s+notes\s+verbales|Identical\s+notes|Joint\s+letter"
    r"|Notes\s+verbales|Note\s+verbale|Letters|Letter|Note"
)
# At the start of a paragraph, any case (old documents print titles in capitals).
TITLE_START_RE = re.compile(
    rf"^(?P<kind>{_KIND_WORDS})\s+(?:dated|from|addressed)\b", re.IGNORECASE
)
# Inside a run-on line (a Word dump): case-sensitive, so "the letter dated" in a
# sentence does not count.
TITLE_INSIDE_RE = re.compile(
    rf"(?<![\w])(?P<kind>{_KIND_WORDS}|{_KIND_WORDS.upper()})\s+(?:dated|from|DATED|FROM)\s"
)

_ADDRESSEE = (
    r"(?:the\s+)?(?:Secretary-General(?:\s+of\s+the\s+United\s+Nations)?"
    r"|(?:Acting\s+)?President\s+of\s+the\s+(?:Security\s+Council|General\s+Assembly"
    r"|Economic\s+and\s+Social\s+Council|Human\s+Rights\s+Council|Trusteeship\s+Council)"
    r"|Chair(?:man|person|woman)?\s+of\s+the\s+[^.]{3,160}?(?:Committee|Commission|Group)"
    r"(?:\s+established\s+pursuant\s+to\s+resolution\s+\d{1,4}\s*\(\d{4}\))?"
    r"|United\s+Nations\s+High\s+Commissioner\s+for\s+(?:Human\s+Rights|Refugees)"
    r"|High\s+Commissioner\s+for\s+Human\s+Rights)"
)
# Where the title ends when the body follows on the same line.
ADDRESSED_END_RE = re.compile(
    rf"\baddressed\s+to\s+{_ADDRESSEE}(?:\s*,\s*(?:and\s+)?{_ADDRESSEE})*(?:\s*,?\s+and\s+{_ADDRESSEE})?",
    re.IGNORECASE,
)
# Openings of a covering letter's first sentence: a fallback title end.
BODY_OPENING_RE = re.compile(
    r"\s(?=(?:I\s+have\s+the\s+honour|On\s+instructions|Upon\s+instructions|Upon\s+the\s+instructions"
    r"|In\s+accordance\s+with|With\s+reference\s+to|I\s+wish\s+to|I\s+am\s+writing|Further\s+to"
    r"|Pursuant\s+to|The\s+Permanent\s+Mission\s+of|We\s+have\s+the\s+honour|I\s+write)\b)"
)

_DATED_RE = re.compile(r"\bdated\s+", re.IGNORECASE)
_FROM_RE = re.compile(r"\bfrom\s+(?P<sender>.+?)(?=\s+addressed\s+to\b|$)", re.IGNORECASE)
_TO_RE = re.compile(r"\baddressed\s+to\s+(?P<to>.+)$", re.IGNORECASE)
_UN_SUFFIX_RE = re.compile(r"\s+to\s+the\s+United\s+Nations\b.*$", re.IGNORECASE)
_MISSION_RE = re.compile(r"^(?:the\s+)?(?:Permanent\s+)?(?:Observer\s+)?Mission\s+of\s+", re.I)
_ADDRESSEE_SPLIT_RE = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+(?=(?:the\s+)?[A-Z])")

# Sender titles that contain "of" themselves, so the States start after them.
_ROLES_WITH_OF = re.compile(
    r"^(?:(?:Deputy\s+|First\s+Deputy\s+|Vice-|Vice\s+)?(?:Prime\s+)?Minister\s+of\s+"
    r"(?:Foreign\s+Affairs|External\s+Affairs|Foreign\s+Affairs\s+and\s+[A-Z][\w ]+?)"
    r"|Head\s+of\s+(?:the\s+)?(?:Delegation|State|Government)"
    r"|Chargé\s+d['’]affaires(?:,?\s+a\.\s?i\.)?\s+of\s+the\s+Permanent\s+Mission"
    r"|Charge\s+d['’]affaires(?:,?\s+a\.\s?i\.)?\s+of\s+the\s+Permanent\s+Mission"
    r"|Permanent\s+Observer\s+of\s+the\s+Observer\s+Mission)(?=\s+of\s)",
    re.IGNORECASE,
)


@dataclasses.dataclass(frozen=True)
class TitleInfo:
    kind: LetterKind
    letter_date: datetime.date | None
    sender: Sender
    addressees: tuple[str, ...]
    warnings: tuple[str, ...]


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
    match = ADDRESSED_END_RE.search(text)
    if match and match.end() < len(text):
        return match.end()
    if len(text) > 400:
        opening = BODY_OPENING_RE.search(text)
        if opening:
            return opening.start()
    return len(text)


def parse_sender(phrase: str) -> Sender:
    """ "the Permanent Representative of Azerbaijan to the United Nations" -> Sender."""
    phrase = _UN_SUFFIX_RE.sub("", phrase.strip().rstrip(",;."))
    if phrase[:4].casefold() == "the ":
        phrase = phrase[4:]
    if not phrase:
        return Sender()
    role_match = _ROLES_WITH_OF.match(phrase)
    if role_match:
        splits = [role_match.end()]
    else:
        splits = [m.start() for m in re.finditer(r"\s+of\s+", phrase, re.IGNORECASE)]
    for cut in splits:
        role = phrase[:cut].strip()
        rest = re.sub(r"^\s+of\s+", "", phrase[cut:], flags=re.IGNORECASE)
        rest = _MISSION_RE.sub("", rest) if _MISSION_RE.match(rest) else rest
        names = states.split_states(rest)
        if names:
            return Sender(states=tuple(names), title=_tidy_role(role))
    if not splits:
        return Sender(title=_tidy_role(phrase))
    # Unknown State name: keep it whole, as printed (never guess a split).
    cut = splits[0]
    rest = _MISSION_RE.sub("", re.sub(r"^\s+of\s+", "", phrase[cut:], flags=re.IGNORECASE))
    if rest[:4].casefold() == "the ":
        rest = rest[4:]
    return Sender(states=(rest,) if rest else (), title=_tidy_role(phrase[:cut]))


def _tidy_role(role: str) -> str | None:
    role = re.sub(r"\s+of\s+the\s+Permanent\s+Mission$", "", role.strip(), flags=re.I)
    return role or None


def parse_addressees(text: str) -> tuple[str, ...]:
    text = text.strip().rstrip(".;,")
    out = []
    for part in _ADDRESSEE_SPLIT_RE.split(text):
        part = part.strip()
        if part[:4].casefold() == "the ":
            part = part[4:]
        if part:
            out.append(part)
    return tuple(out)


def parse_title(title: str) -> TitleInfo:
    warnings = []
    dated = _DATED_RE.search(title[:80])
    letter_date = None
    if dated:
        match = dates.find_date(title, dated.end(), dated.end() + 40)
        if match and match.start() == dated.end():
            letter_date = dates.date_from_match(match)
    if letter_date is None:
        warnings.append("no date found in the title")
    sender_match = _FROM_RE.search(title)
    sender = parse_sender(sender_match.group("sender")) if sender_match else Sender()
    if not sender_match:
        warnings.append("no sender found in the title")
    to_match = _TO_RE.search(title)
    addressees = parse_addressees(to_match.group("to")) if to_match else ()
    if not addressees:
        warnings.append("no addressee found in the title")
    return TitleInfo(kind_of(title), letter_date, sender, addressees, tuple(warnings))
