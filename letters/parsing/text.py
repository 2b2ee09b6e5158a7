"""Text clean-up shared by every parsing step, and the matching keys.

Letters reach us as text extracted from PDF or Word, often through a markdown
converter. ``clean_text`` removes what the conversion added (markdown remnants,
invisible characters, page furniture) while keeping line structure, because
line and paragraph boundaries carry meaning (header fields, signature blocks,
annex headings). ``paragraphs`` then groups lines and rejoins paragraphs that a
page break cut in two.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Characters a PDF or web copy carries that no reader sees: zero-width spaces and
# joiners, bidi marks and embeddings, word joiner, BOM, soft hyphen.
_INVISIBLE_RE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_SPACE_RE = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_SPLIT_RE = re.compile(r"\n[ \t]*\n")

_HEADING_RE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.MULTILINE)
_RULE_RE = re.compile(r"^[ \t]*(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$", re.MULTILINE)
_BLOCKQUOTE_RE = re.compile(r"^[ \t]*>[ \t]?", re.MULTILINE)
# A link's text and target may run over one line break: a printed page wraps them.
_LINK_RE = re.compile(
    r"!?\[((?:[^\]\n]|\n(?![ \t]*\n)){1,300})\]\((?:[^)\n]|\n(?![ \t]*\n)){0,500}\)"
)
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")
_BOLD_RE = re.compile(r"\*{2,}")
_ITALIC_RE = re.compile(r"(?<![*\w])\*(?![\s*])([^*\n]{1,300}?)(?<![\s*])\*(?![*\w])")
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)

# Footnote marks: ``<sup>1</sup>``, and the garbled escapes a converter leaves
# (``<sup>&</sup>lt;sup>1</sup>`` in sample 003, ``&lt;sup&gt;1&lt;/sup&gt;``).
_SUP_GARBLE_RE = re.compile(r"<sup>\s*&\s*</sup>\s*lt;", re.IGNORECASE)
_SUP_ENTITY_RE = re.compile(r"&lt;(/?)sup(?:&gt;|>)", re.IGNORECASE)
_SUP_RE = re.compile(r"<sup>\s*([^<>\n]{1,4}?)\s*</sup>", re.IGNORECASE)

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_FROM_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")

# Page furniture of UN documents: job numbers with the version's letter and the date
# stamps ("21-06033 (E)  120521", "06-31045 (F) 170406 180406", older "91-11234 2285a
# (E)"), the barcode line ("*2106033*"), "Please recycle", page numbers ("2/3", "Page 2"),
# and the foot of the pages after the first: a page number beside the bare job number
# ("2/3 21-06033", "21-06033 3/3", "21-06033").
_JOB = r"\d{2}-\d{5}(?:\s+\d{3,4}[a-z]?)?\s*\([A-Z]\)(?:\s+\d{6}){0,2}(?:\s+\*\d{7}\*)?"
_PAGE = r"\d{1,3}\s*/\s*\d{1,3}"
_FURNITURE_RE = re.compile(
    rf"^(?:{_JOB}|\*\d{{7}}\*|♲?\s*Please recycle.?|{_PAGE}|Page \d{{1,3}}(?: of \d{{1,3}})?"
    rf"|(?:{_PAGE}\s+)?\d{{2}}-\d{{5}}(?:\s+{_PAGE})?|\d{{1,3}}\s+\d{{2}}-\d{{5}}|\d{{2}}-\d{{5}}\s+\d{{1,3}})$",
    re.IGNORECASE,
)
# The same job number or barcode run onto a line of text (a signatory's name, a title) by
# a conversion that lost the page's layout: never part of a letter.
_GLUED_FURNITURE_RE = re.compile(rf"(?:^|\s+)(?:{_JOB}|\*\d{{7}}\*)(?=\s|$)")

# Lines that end a sentence; anything else followed by a lowercase line is a
# paragraph cut by a page break.
_SENTENCE_END = '.:;?!"”’)]»'
_CONNECTOR_END_RE = re.compile(
    r"(?:,|-|\b(?:and|or|of|the|for|in|on|to|a|an|at|by|with|its|their|from|against|into))$",
    re.IGNORECASE,
)


def to_superscript(digits: str) -> str:
    return digits.translate(_SUPERSCRIPT)


def from_superscript(text: str) -> str:
    return text.translate(_FROM_SUPERSCRIPT)


def normalize_whitespace(text: str) -> str:
    """Collapse every run of whitespace (including newlines) to one space."""
    return _SPACE_RE.sub(" ", text.replace("\n", " ")).strip()


def _strip_bold(block: str) -> str:
    """Remove ``**`` marks from one paragraph block.

    PDF-to-markdown tools glue bold runs together: ``27**Security Council**`` and
    ``year****The situation`` are line breaks in the original layout. So a ``****``
    and a bold mark glued to a word on its outer side become a paragraph break.
    """
    opened = False
    parts: list[str] = []
    last = 0
    for match in _BOLD_RE.finditer(block):
        parts.append(block[last : match.start()])
        last = match.end()
        run = len(match.group())
        before = block[match.start() - 1] if match.start() else "\n"
        after = block[match.end()] if match.end() < len(block) else "\n"
        if run == 4:
            parts.append("\n\n")  # close + open: two bold runs glued together
            continue
        if run not in (2, 3):
            continue
        if not opened:
            parts.append("\n\n" if not before.isspace() and before not in "([“\"'" else "")
        else:
            parts.append("\n\n" if after.isalnum() else "")
        opened = not opened
    parts.append(block[last:])
    return "".join(parts)


def strip_markdown(text: str) -> str:
    """Remove markdown remnants, keeping the words and the line structure."""
    text = _HEADING_RE.sub("", text)
    text = _RULE_RE.sub("", text)
    text = _BLOCKQUOTE_RE.sub("", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _ESCAPE_RE.sub(r"\1", text)
    text = "\n\n".join(_strip_bold(block) for block in _BLANK_SPLIT_RE.split(text))
    text = _ITALIC_RE.sub(r"\1", text)
    return text


def _sup(match: re.Match[str]) -> str:
    mark = match.group(1).strip()
    return to_superscript(mark) if mark.isdigit() else mark


def clean_text(text: str) -> str:
    """Normalise raw letter text; the result keeps lines and blank-line paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _INVISIBLE_RE.sub("", text)
    text = _CONTROL_RE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _BR_RE.sub("\n", text)
    text = _SUP_GARBLE_RE.sub("<", text)
    text = _SUP_ENTITY_RE.sub(r"<\1sup>", text)
    text = _SUP_RE.sub(_sup, text)
    # Furniture goes before markdown is read: "*2106033*" is a barcode, not emphasis.
    text = "\n".join(
        "" if len(line) < _FURNITURE_MAX and _FURNITURE_RE.match(line.strip()) else line
        for line in text.split("\n")
    )
    text = strip_markdown(text)
    return "\n".join(_without_furniture(line) for line in text.split("\n"))


# Furniture lines are short; a longer line is text (and is not matched against them).
_FURNITURE_MAX = 80


def _without_furniture(line: str) -> str:
    line = _SPACE_RE.sub(" ", line).strip()
    if len(line) < _FURNITURE_MAX and _FURNITURE_RE.match(line):
        return ""
    if "-" in line or "*" in line:
        line = _GLUED_FURNITURE_RE.sub("", line).strip()
    return line


def split_paragraphs(text: str) -> list[list[str]]:
    """Group cleaned lines into paragraphs (lists of lines) at blank lines."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line:
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def continues(previous: str, following: str) -> bool:
    """Whether ``following`` continues the sentence that ``previous`` leaves open."""
    if not previous or not following:
        return False
    if previous[-1] in _SENTENCE_END:
        return False
    return following[0].islower()


def rejoin_page_breaks(paragraphs: list[list[str]]) -> list[list[str]]:
    """Merge a paragraph into the previous one when a page break cut a sentence.

    The rule (DESIGN.md §1): the previous paragraph's last line does not end a
    sentence and the next paragraph starts with a lowercase letter.
    """
    merged: list[list[str]] = []
    for para in paragraphs:
        if merged and continues(merged[-1][-1], para[0]):
            merged[-1] = merged[-1] + para
        else:
            merged.append(list(para))
    return merged


def join_lines(lines: list[str]) -> str:
    """Join the lines of one paragraph into one line, undoing end-of-line hyphenation.

    Built from a list of pieces, so a paragraph of many lines (a hostile upload)
    costs linear time.
    """
    pieces: list[str] = []
    for line in lines:
        if not line:
            continue
        if not pieces:
            pieces.append(line)
            continue
        last = pieces[-1]
        before = (pieces[-2][-1:] if len(pieces) > 1 else "") + last
        if before.endswith("-") and len(before) > 1 and before[-2].isalpha():
            # "interna-" + "tional": a word broken at the margin; "Armenia-" +
            # "Azerbaijan" keeps its hyphen because the next part is capitalised.
            if line[0].islower():
                pieces[-1] = last[:-1]
            pieces.append(line)
        else:
            pieces.append(" " + line)
    return _SPACE_RE.sub(" ", "".join(pieces)).strip()


def ends_with_connector(line: str) -> bool:
    return bool(_CONNECTOR_END_RE.search(line))


_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})
_DASHES_RE = re.compile(r"\s*[‐‑‒–—−﹣－-]\s*")
_KEY_NOISE_RE = re.compile(r"[\"'*⁰¹²³⁴⁵⁶⁷⁸⁹†‡]")
_TRAILING_PUNCT_RE = re.compile(r"[\s.,;:]+$")


def _fold(text: str) -> str:
    """Casefold and strip accents (NFKD, then drop combining marks)."""
    decomposed = unicodedata.normalize("NFKD", html.unescape(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def topic_key(title: str) -> str:
    """A key under which one agenda topic matches itself across sessions.

    Ignores case, accents, line breaks, quote style, dash style and spacing,
    trailing punctuation and footnote marks.
    """
    text = strip_markdown(title).translate(_QUOTES)
    text = _KEY_NOISE_RE.sub("", text)
    text = _DASHES_RE.sub("-", text)
    text = normalize_whitespace(_fold(text))
    return _TRAILING_PUNCT_RE.sub("", text)


def person_key(name: str) -> str:
    """A key under which one person's name matches itself ("MEHDIYEV" = "Mehdiyev")."""
    text = _fold(strip_markdown(name)).translate(_QUOTES)
    text = re.sub(r"[.,]", " ", text)
    text = _DASHES_RE.sub("-", text)
    return normalize_whitespace(text)
