"""Annexes and enclosures: where each starts, and its heading, language, title,
place and date, body and signatories.

A heading is a line of its own ("Annex", "Annex II", "Enclosure", "Annex to the
letter dated …"), capitalised; "annex II to the aforementioned letter" inside a
sentence is not one.
"""

from __future__ import annotations

import datetime
import re

from letters.parsing import dates, footnotes, language_names, signatures, text, title
from letters.parsing.model import Footnote, ParsedAnnex

_KEYWORD = (
    r"(?:Annex|ANNEX|Enclosure|ENCLOSURE|Appendix|APPENDIX|Attachment|ATTACHMENT"
    r"|Annexe|ANNEXE|Anexo|ANEXO|Приложение|ПРИЛОЖЕНИЕ|مرفق|المرفق)"
)
_NUMBER = r"(?:[IVXLC]{1,6}|\d{1,2}|[A-Z])"
HEADING_RE = re.compile(
    rf"^(?P<label>{_KEYWORD}(?:\s+{_NUMBER})?)\*?"
    rf"(?:\s*[.:]?|\s+(?i:to\s+(?:the\s+)?(?:identical\s+|joint\s+)?(?:letters?|notes?)\b.*)"
    # The versions' "Annexe à la lettre …", "Anexo de la carta …", "Приложение к письму …",
    # "مرفق الرسالة …".
    r"|\s+(?i:(?:à\s+la|aux|de\s+la|de\s+las)\s+(?:lettres?|notes?|cartas?|notas?)\b.*)"
    r"|\s+(?i:к\s+(?:письму|идентичным|вербальной|совместному)\b.*)"
    r"|\s+(?:ال)?(?:رسال|مذكر)\w*\s.*)$"
)
# The Chinese heading: "…给秘书长的信的附件", "附件", "附件一".
_ZH_HEADING_RE = re.compile(
    r"^(?:\S.{8,600}?的(?:信|相同信函|普通照会|联名信)的)?附件(?P<number>[一二三四五六七八九十]{0,3})$"
)
_ZH_NUMERALS = {"一": "I", "二": "II", "三": "III", "四": "IV", "五": "V", "六": "VI", "七": "VII",
                "八": "VIII", "九": "IX", "十": "X"}  # fmt: skip
# The versions' words for an annex are labelled as the English ones are.
_LABELS = {"annexe": "Annex", "anexo": "Annex", "приложение": "Annex", "مرفق": "Annex",
           "المرفق": "Annex"}  # fmt: skip
# The same heading glued to the end of the previous text (Word dumps).
GLUED_HEADING_RE = re.compile(
    rf"(?<=\S)[ \t]+(?={_KEYWORD}(?:\s+{_NUMBER})?\s+to\s+the\s+"
    r"(?:identical\s+|joint\s+)?(?:letter|note))"
)
_ORIGINAL_RE = re.compile(
    r"^\[?\s*(?:Original|Подлинный\s+текст|الأصل|原件)\s*[:：]?\s*(?P<lang>[^\]\n]{2,60}?)\s*\]?\.?$",
    re.IGNORECASE,
)
# "Baku, 14 December 2006", "Moscou, le 26 mai 2020", "Баку, 6 мая 2021 года", "باكو،
# 6 أيار/مايو 2021"; the Chinese "2021年5月6日于巴库".
_PLACE_DATE_RE = re.compile(
    r"^(?:(?P<place>[^\W\d_][\w'’.\- ]{0,40}?)\s*[,،]\s+(?:le\s+)?)?(?P<date>.{6,40}?)\.?$"
)
_ZH_PLACE_DATE_RE = re.compile(
    r"^(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*(?:于|[，,])?\s*(?P<place>\w{1,20})?。?$"
)
_NOT_TITLE_END = (".", ",", ";", ":")


def heading_label(line: str) -> str | None:
    """The label of an annex heading line ("Annex I"), or None if it is not one. The
    versions' headings ("Annexe I", "Anexo", "Приложение", "附件一") are labelled in
    English, as the structure they name is the same."""
    if len(line) > 700:
        return None
    zh = _ZH_HEADING_RE.match(line) if "附件" in line else None
    if zh:
        number = _ZH_NUMERALS.get(zh.group("number"), "")
        return f"Annex {number}".strip()
    if len(line) > 400 and not line.startswith(("Приложение", "مرفق")):
        return None
    match = HEADING_RE.match(line)
    if not match:
        return None
    keyword, _, number = match.group("label").partition(" ")
    label = _LABELS.get(keyword.lower(), keyword.capitalize())
    return f"{label} {number.strip()}" if number.strip() else label


def split_sections(
    paragraphs: list[list[str]],
) -> tuple[list[list[str]], list[tuple[str, list[list[str]]]]]:
    """The covering letter's paragraphs, and (label, paragraphs) for each annex."""
    covering: list[list[str]] = []
    annexes: list[tuple[str, list[list[str]]]] = []
    for para in paragraphs:
        current: list[str] = []
        lines = iter(para)
        for line in lines:
            label = heading_label(line)
            if label is None:
                current.append(line)
                continue
            # A heading printed over several lines ("Annex to the letter dated … from the
            # Permanent Representative of" / "Azerbaijan … addressed to the
            # Secretary-General"): its next lines belong to it until the addressee.
            taken = 0
            while _TO_THE_LETTER_RE.match(line) and not _ends_heading(line) and taken < 4:
                following = next(lines, None)
                if following is None:
                    break
                line = f"{line} {following}"
                taken += 1
            if current:
                (annexes[-1][1] if annexes else covering).append(current)
                current = []
            # A run-on heading ("Annex to the letter … Secretary-General Statement of …"):
            # what follows the addressee starts the annex.
            end = title.title_end(line)
            if end < len(line):
                current = [line[end:].strip()]
            # "Annex I" directly followed by "Annex I to the letter …": one heading.
            if annexes and not annexes[-1][1] and annexes[-1][0].split()[0] == label.split()[0]:
                continue
            annexes.append((label, []))
            if current:
                annexes[-1][1].append(current)
                current = []
        if current:
            (annexes[-1][1] if annexes else covering).append(current)
    return covering, annexes


_TO_THE_LETTER_RE = re.compile(
    rf"^{_KEYWORD}(?:\s+{_NUMBER})?\s+to\s+(?:the\s+)?(?:identical\s+|joint\s+)?"
    r"(?:letters?|notes?\s+verbales?)\s+dated\b",
    re.IGNORECASE,
)


def _ends_heading(line: str) -> bool:
    return bool(title.ADDRESSED_END_RE.search(line)) or len(line) > 600


def place_and_date(paragraph: str) -> tuple[str | None, datetime.date] | None:
    """ "Baku, 14 December 2006" -> ("Baku", date); "14 February 2017" -> (None, date)."""
    if len(paragraph) > 80:
        return None
    match = _ZH_PLACE_DATE_RE.match(paragraph) or _PLACE_DATE_RE.match(paragraph)
    if not match:
        return None
    value = dates.parse_date(match.group("date"))
    if value is None:
        return None
    return match.group("place"), value


def _language(printed: str) -> str | None:
    """An annex's original language in English: "Russian" as printed, "russe", "на
    русском языке", "بالروسية" and "俄文" as "Russian"; None for a word that names no
    language (a line cut short: "[Original: Fre")."""
    words = re.split(r"\s*(?:/|,|\band\b)\s*", printed)
    if all(language_names.is_language_name(w) for w in words):
        return printed.capitalize() if printed.isupper() else printed
    return language_names.language_from_words(printed)


def _is_title(paragraph: str) -> bool:
    return (
        len(paragraph) <= 500
        and not paragraph.endswith(_NOT_TITLE_END)
        and not paragraph[0].islower()
        and not signatures.is_signed_line(paragraph)
        and place_and_date(paragraph) is None
    )


def parse_annex(label: str, paragraphs: list[list[str]]) -> tuple[ParsedAnnex, list[Footnote]]:
    notes, paragraphs = footnotes.take_superscript_notes(paragraphs)
    paragraphs = text.rejoin_page_breaks(paragraphs)
    joined = [text.join_lines(p) for p in paragraphs]
    index = 0
    language = None
    title = None
    place = None
    date = None
    for _ in range(2):  # "[Original: Russian]" stands before or after the title
        if index < len(joined) and (match := _ORIGINAL_RE.match(joined[index])):
            language = _language(match.group("lang").strip())
            index += 1
        elif title is None and index < len(joined) and _is_title(joined[index]):
            title = joined[index]
            index += 1
    if index < len(joined) and (found := place_and_date(joined[index])):
        place, date = found
        index += 1
    rest = paragraphs[index:]
    sign_start = next(
        (i for i, p in enumerate(rest) if any(signatures.is_signed_line(ln) for ln in p)), len(rest)
    )
    body = [text.join_lines(p) for p in rest[:sign_start]]
    signed, used = signatures.read_signatures(rest[sign_start:])
    after = [p for i, p in enumerate(rest[sign_start:]) if i not in used]
    plain_notes, after = footnotes.take_plain_notes(after) if signed else ([], after)
    notes += plain_notes
    for para in after:
        line = text.join_lines(para)
        found = place_and_date(line) if date is None else None
        if found:
            place, date = found
        else:
            body.append(line)
    if date is None and body and (found := place_and_date(body[-1])):
        place, date = found
        body.pop()
    body_text = "\n\n".join(body)
    body_text = footnotes.mark_references(body_text, [n.marker for n in plain_notes])
    annex = ParsedAnnex(
        label=label,
        title=title,
        original_language=language,
        date=date,
        place=place,
        body=body_text,
        signatories=tuple(signed),
    )
    return annex, notes
