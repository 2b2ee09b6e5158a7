"""Signature blocks: "(Signed) <Name>" with the signer's titles, and in annexes the
organization named on the line above; in a letter as a mission sent it, the name
and titles under a closing formula ("Yours sincerely,", "Please accept …
consideration.").

Titles follow on their own lines ("Ambassador" / "Permanent Representative") or
on the name's line ("(Signed) Yashar Aliyev Ambassador Permanent Representative");
the name ends where the first word that begins a diplomatic or official title
starts. Titles are given joined with ", ". Forms of address before the name
("H.E.", "Mr.", "Dr.", "Ambassador") are the signatory's ``honorific``, not part
of the name, so that one person is one name however a letter addresses them.
"""

from __future__ import annotations

import re

from letters.parsing.model import Signatory

# "(Signed)", "[signed]", and the OCR misreadings of it seen in scans ("(Signcd)",
# "(Sigued)", "(5igned)"): each letter is one character class, so it stays linear. The
# versions' marks: "(Signé)", "(Firmado)", "(Подпись)", "(توقيع)".
_SIGNED_WORD = r"(?:[s5$][il1|][gq][nu][ec]d|sign[ée]e?|firmad[oa]|подпись|توقيع|签名)"
SIGNED_RE = re.compile(
    rf"^\s*[(\[{{（]\s*{_SIGNED_WORD}\s*[)\]}}）]\s*:?\s*(?P<rest>.*)$", re.IGNORECASE
)
# The Chinese version writes the mark after the name, its titles above it:
# "常驻代表" / "大使" / "张军（签名）".
SIGNED_AFTER_RE = re.compile(
    r"^(?P<rest>[^()（）\n]{1,80}?)\s*[(（]\s*签名\s*[)）]\s*$", re.IGNORECASE
)


# Words that begin a title in a signature block (UN protocol usage). A name never
# starts with them in the signature position, so the first one ends the name.
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TITLE_WORDS = _words(
    """
    Ambassador Ambassadors Permanent Deputy Alternate Acting Chargé Charge Chargée Minister
    Minister-Counsellor Ministers Representative Representatives Head President Vice-President
    Vice Secretary Secretary-General Under-Secretary-General Assistant Counsellor Counselor
    Chair Chairman Chairperson Chairwoman Co-Chair Prime Envoy Director Director-General
    Commissioner Special Senior Executive Consul Consul-General Attaché Coordinator Adviser
    Advisor Officer Chief Rapporteur Member Spokesperson Observer Plenipotentiary Extraordinary
    First Second Third Foreign State Federal Judge Registrar Governor Mayor Leader King Emir
    Sultan Speaker Delegate Legal Military
    Ambassadeur Ambassadrice Représentant Représentante Représentants Chargée Ministre
    Présidente Conseiller Conseillère Observateur Observatrice Embajador Embajadora
    Representante Representantes Encargado Encargada Ministro Ministra Presidenta Secretario
    Secretaria Consejero Consejera Observador Observadora Посол Постоянный Постоянная
    Временный Временная Заместитель Министр Председатель Представитель Советник
    السفير السفيرة الممثل الممثلة القائم القائمة وزير الوزير رئيس المراقب نائب
    """
)

# Whole titles, so that "Ambassador Permanent Representative" reads as two.
_TITLE_PHRASES = sorted(
    (
        "Ambassador Extraordinary and Plenipotentiary",
        "Deputy Permanent Representative",
        "Acting Permanent Representative",
        "Alternate Permanent Representative",
        "Permanent Representative",
        "Deputy Permanent Observer",
        "Permanent Observer",
        "Chargé d'affaires a.i.",
        "Chargé d'affaires, a.i.",
        "Chargé d'affaires",
        "Ambassador",
        "Minister Counsellor",
        "Minister-Counsellor",
        "Counsellor",
        "First Secretary",
        "Second Secretary",
        "Third Secretary",
        "Minister for Foreign Affairs",
        "Minister of Foreign Affairs",
        "Special Envoy",
        "Representative",
    ),
    key=len,
    reverse=True,
)


# Forms of address that stand before a name (UN protocol and common usage). "M."
# (French "Monsieur") is left out: it is also an initial ("M. Zabelin").
_HONORIFICS = tuple(
    sorted(
        (
            "H.E.", "H. E.", "HE", "His Excellency", "Her Excellency", "Their Excellencies",
            "S.E.", "Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms", "Miss", "Mme", "Mme.", "Dr.", "Dr",
            "Prof.", "Prof", "Professor", "Ambassador", "Amb.", "Sir", "Dame",
            "Sheikh", "Shaikh", "Sheikha", "Hon.", "The Honourable", "The Honorable",
            "Honourable", "Honorable", "Rt. Hon.", "Rev.", "Reverend", "Msgr.", "Monsignor",
            "Archbishop", "Cardinal", "Judge", "Senator", "Excmo.", "Excma.", "Sr.", "Sra.",
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
_HONORIFIC_KEYS = tuple((h.casefold(), h) for h in _HONORIFICS)
# A name's words: capitalised, initials, or the particles of names ("de", "van", "al-").
_NAME_WORD_RE = re.compile(
    r"^(?:[A-ZÀ-ÖØ-Þ][\w'’.\-]*|[a-z]{1,3}-[A-Z][\w'’-]*|de|da|del|della|der|den|di|du|dos|das"
    r"|van|von|ter|bin|bint|ibn|al|el|la|le|y|e)$"
)
# Closing formulas of a letter as sent; the lines under the last one are its signature.
CLOSING_RE = re.compile(
    r"^(?:(?:Yours|Respectfully|Sincerely|Faithfully|Truly|Cordially)"
    r"(?:\s+(?:very\s+)?(?:sincerely|truly|faithfully|respectfully|yours|cordially)){0,2}"
    r"|(?:With\s+)?(?:best|kind|warm|warmest|kindest)\s+regards"
    r"|(?:Please\s+)?accept[^\n]{0,200}?(?:consideration|esteem|regards)"
    r"|[^\n]{0,200}?\bassurances?\s+of\s+(?:my|our)\s+(?:highest|high|most\s+distinguished)"
    r"\s+(?:consideration|esteem))\s*[,.]?$",
    re.IGNORECASE,
)


def split_honorific(text: str) -> tuple[str | None, str]:
    """ "H.E. Mr. Kairat Umarov" -> ("H.E. Mr.", "Kairat Umarov"). A name is never
    emptied, and a title is not taken for one: "Ambassador" alone or "Judge of …"
    stays as it is."""
    rest = " ".join(text.split())
    taken: list[str] = []
    while len(taken) < 6:
        found = _leading_honorific(rest)
        if found is None:
            break
        remainder = rest[found:].lstrip(" ,")
        if not remainder or remainder.split()[0].casefold() in ("of", "and", "for"):
            break
        taken.append(rest[:found])
        rest = remainder
    return (" ".join(taken) or None), rest


def _leading_honorific(text: str) -> int | None:
    folded = text.casefold()
    for key, _ in _HONORIFIC_KEYS:
        end = len(key)
        if folded.startswith(key) and (end == len(text) or text[end] in " ,"):
            return end
    return None


def looks_like_name(text: str) -> bool:
    """Whether ``text`` can be a person's name: one to six name words, no sentence."""
    words = text.split()
    if not 1 <= len(words) <= 6 or len(text) > 80:
        return False
    if any(_word(w) in TITLE_WORDS for w in words[:1]):
        return False
    return all(_NAME_WORD_RE.match(w.strip(",")) for w in words)


def is_closing_line(line: str) -> bool:
    return len(line) <= 300 and bool(CLOSING_RE.match(line))


def is_signed_line(line: str) -> bool:
    return bool(SIGNED_RE.match(line) or SIGNED_AFTER_RE.match(line))


def _word(token: str) -> str:
    return token.strip(",;:").replace("’", "'")


def is_title_line(line: str) -> bool:
    """A short line that starts with a title word ("Ambassador", "Permanent …")."""
    words = line.split()
    if not words or len(line) > 120 or _word(words[0]) not in TITLE_WORDS:
        return False
    return not line.endswith(".") or line.endswith("a.i.")


def _segment(part: str) -> list[str]:
    """Split a run of known titles ("Ambassador Permanent Representative") apart.
    Words after a known title that begin no other one complete it ("Permanent
    Representative of Georgia"); a part that starts with no known title is kept
    as it is."""
    original = part.strip(" ,")
    rest = part.replace("’", "'").strip(" ,")
    pieces: list[str] = []
    while rest:
        shown = original[len(original) - len(rest) :]
        for phrase in _TITLE_PHRASES:
            if rest.startswith(phrase) and (len(rest) == len(phrase) or rest[len(phrase)] in " ,"):
                pieces.append(shown[: len(phrase)])
                rest = rest[len(phrase) :].strip(" ,")
                break
        else:
            if not pieces:
                return [original]
            word, _, rest = rest.partition(" ")
            pieces[-1] += " " + shown[: len(word)]
            rest = rest.strip(" ,")
    return pieces


def format_titles(parts: list[str]) -> str | None:
    titles: list[str] = []
    for part in parts:
        for piece in part.split(","):
            if piece.strip():
                titles.extend(_segment(piece.strip()))
    # "a.i." after a comma belongs to the Chargé d'affaires before it.
    merged: list[str] = []
    for title in titles:
        if title.casefold() in ("a.i.", "a. i.") and merged:
            merged[-1] = merged[-1] + " " + title
        else:
            merged.append(title)
    return ", ".join(merged) or None


def split_name_title(line: str) -> tuple[str, list[str]]:
    """ "Yashar Aliyev Ambassador Permanent Representative" -> name and title parts."""
    line = line.strip()
    if "," in line:
        head, tail = line.split(",", 1)
        tail_words = tail.split()
        if tail_words and _word(tail_words[0]) in TITLE_WORDS:
            return head.strip(), [tail.strip()]
    tokens = line.split()
    for index in range(1, len(tokens)):
        if _word(tokens[index]) in TITLE_WORDS:
            return " ".join(tokens[:index]), [" ".join(tokens[index:])]
    return line, []


def separate_signed(paragraphs: list[list[str]]) -> list[list[str]]:
    """Split body text off a "(Signed)" line that has no blank line before it.

    Lines above "(Signed)" in the same paragraph are an organization's name in an
    annex, but a sentence (ends with a stop, or is long) is the letter's text.
    """
    out: list[list[str]] = []
    for para in paragraphs:
        cut = 0
        for index, line in enumerate(para):
            if index and is_signed_line(line):
                above = para[index - 1]
                if above.endswith((".", ":", ";", "!", "?")) or len(above) > 150:
                    cut = index
                break
        if cut:
            out.extend([para[:cut], para[cut:]])
        else:
            out.append(para)
    return out


def read_signatures(paragraphs: list[list[str]]) -> tuple[list[Signatory], set[int]]:
    """Signatories in ``paragraphs`` and the indices of the paragraphs they use."""
    found: list[Signatory] = []
    used: set[int] = set()
    index = 0
    while index < len(paragraphs):
        para = paragraphs[index]
        if not any(is_signed_line(line) for line in para):
            index += 1
            continue
        used.add(index)
        blocks: list[tuple[str | None, str, list[str]]] = []
        above: list[str] = []
        for line in para:
            match = SIGNED_RE.match(line)
            after = None if match else SIGNED_AFTER_RE.match(line)
            if after:
                # The titles stand above a name signed at its end.
                blocks.append((None, after.group("rest"), above))
                above = []
            elif match:
                organization = " ".join(above) or None
                blocks.append((organization, match.group("rest"), []))
                above = []
            elif blocks:
                blocks[-1][2].append(line)
            else:
                above.append(line)
        # Titles set off by a blank line still belong to the last signer.
        following = index + 1
        while (
            following < len(paragraphs)
            and paragraphs[following]
            and all(is_title_line(line) for line in paragraphs[following])
        ):
            blocks[-1][2].extend(paragraphs[following])
            used.add(following)
            following += 1
        for organization, name_line, title_lines in blocks:
            if organization and is_title_line(organization):
                # "Minister for Foreign Affairs of Belgium" above "(Signed) …" is
                # the signer's title, not an organization.
                title_lines.insert(0, organization)
                organization = None
            signatory = _signatory(organization, name_line, title_lines)
            if signatory:
                found.append(signatory)
        index = following
    return found, used


def _signatory(
    organization: str | None, name_line: str, title_lines: list[str]
) -> Signatory | None:
    lines = list(title_lines)
    if not name_line.strip():
        if not lines:
            return None
        name_line = lines.pop(0)  # "(Signed)" alone, the name on the next line
    honorific, name_line = split_honorific(name_line)
    name, inline_titles = split_name_title(name_line)
    name = name.strip(" ,;")
    if not name:
        return None
    return Signatory(
        name=name,
        title=format_titles(inline_titles + lines),
        organization=organization,
        honorific=honorific,
    )


_MAX_BLOCK_LINES = 8


def read_unsigned_block(
    paragraphs: list[list[str]],
) -> tuple[Signatory, int, int] | None:
    """The signer of a letter as sent, without "(Signed)": the name and titles under
    the last closing formula ("Yours sincerely,", "Please accept … consideration."),
    or else a final paragraph whose first line is a name and whose second is a
    title. Returns the signatory and where the letter's text ends (paragraph index,
    line index: a closing sentence stays in the text, a bare formula does not),
    or None."""
    lines: list[tuple[int, int, str]] = [
        (i, j, ln) for i, p in enumerate(paragraphs) for j, ln in enumerate(p)
    ]
    window = lines[-(_MAX_BLOCK_LINES + 1) :]
    closing = max(
        (k for k, (_, _, ln) in enumerate(window) if is_closing_line(ln)),
        default=None,
    )
    if closing is not None:
        block = [ln for _, _, ln in window[closing + 1 :]]
        para, line, text = window[closing]
        # A closing sentence ("Please accept …") is part of the letter's text.
        end = (para, line + 1) if len(text) > 40 else (para, line)
    elif paragraphs and len(paragraphs[-1]) >= 2 and is_title_line(paragraphs[-1][1]):
        block = list(paragraphs[-1])
        end = (len(paragraphs) - 1, 0)
    else:
        return None
    if not block or any(
        ln.endswith((".", ";", ":")) and not ln.endswith("a.i.") for ln in block[1:]
    ):
        return None
    honorific, first = split_honorific(block[0])
    name, inline = split_name_title(first)
    name = name.strip(" ,;")
    if not looks_like_name(name):
        return None
    signatory = Signatory(name=name, title=format_titles(inline + block[1:]), honorific=honorific)
    return signatory, end[0], end[1]
