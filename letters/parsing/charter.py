"""The Articles of the Charter of the United Nations a letter invokes (DESIGN.md §13).

Canonical keys: the Article's number, and its paragraph in brackets without spaces:
"51", "2(4)", "35(1)". "Article 2 (4)", "Article 2, paragraph 4", "paragraph 4 of
Article 2", "Article 2(4)" and their forms in the other five languages all give
"2(4)"; "Article 2" alone gives "2" (a different key: the letter names the whole
Article). Keys are listed in the order the letter first names them.

An Article counts only when the Charter of the United Nations is meant:
* it is followed by the Charter ("Article 51 of the Charter (of the United Nations)",
  "of the United Nations Charter", "de la Charte", "de la Carta", "Устава",
  "من الميثاق", "《宪章》第五十一条");
* or it is followed by no instrument at all and its sentence names the Charter and no
  other instrument ("… the Charter, in particular Articles 2 (4) and 51, …"); a
  sentence naming no instrument looks at its paragraph the same way;
* or it is Article 51 alone in a sentence about self-defence that names no other
  instrument (Article 51 is the Charter's self-defence Article).
An Article followed by another instrument ("article 5 of the North Atlantic Treaty",
"Article 51 of Additional Protocol I", "Article 4 of the Charter of the Organization of
American States") is that instrument's. An Article without its instrument in a
sentence or paragraph that names the Charter and another instrument is left out with
a warning: which one is meant is not said.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterable

from letters.parsing import sentences

_CHINESE_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
    "七": 7, "八": 8, "九": 9,
}  # fmt: skip
# Eastern Arabic, Persian and full-width digits read as ASCII (one character each).
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９", "0123456789" * 3)


def chinese_number(text: str) -> int | None:
    """ "五十一" -> 51, "二" -> 2, "一百一十一" -> 111, "51" -> 51; None if not a number."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in _CHINESE_DIGITS:
            current = _CHINESE_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


@dataclasses.dataclass(frozen=True)
class _Language:
    """One language's words for an Article, its lists, the Charter and other instruments."""

    article: re.Pattern[str]  # the word "Article(s)" before the first number
    item: re.Pattern[str]  # a number and its paragraph: groups n, p, p2, p3
    separator: re.Pattern[str]  # between two items; group "range" for "to"
    paragraph_of: re.Pattern[str]  # "paragraph 4 of Article 2": groups p, n
    charter_after: re.Pattern[str]  # the Charter following the list
    other_after: re.Pattern[str]  # another instrument following the list
    charter_word: re.Pattern[str]  # the Charter named anywhere in a sentence
    other_word: re.Pattern[str]  # another instrument named in a sentence
    self_defence: re.Pattern[str]


_I = re.IGNORECASE
_ITEM_TAIL = (
    r"(?:\s*\(\s*(?P<p>\d{{1,2}})\s*\)|,\s*{word}\s+(?P<p2>\d{{1,2}}),?"
    r"|\.(?P<p3>\d{{1,2}})(?![\d.]))?"
)

_ENGLISH = _Language(
    article=re.compile(r"\bArticles?\s+(?=\d)", _I),
    item=re.compile(r"(?P<n>\d{1,3})(?!\d)" + _ITEM_TAIL.format(word="paragraph")),
    separator=re.compile(
        r"\s*(?:(?P<range>to|-|–)|,\s*and|,|and|or|as\s+well\s+as)\s*(?:Articles?\s+)?(?=\d)", _I
    ),
    paragraph_of=re.compile(r"\bparagraph\s+(?P<p>\d{1,2})\s+of\s+Article\s+(?P<n>\d{1,3})\b", _I),
    charter_after=re.compile(
        r"\s*,?\s*(?:of|under|in)\s+(?:the\s+|its\s+)?(?:(?:United\s+Nations|UN)\s+Charter"
        r"|Charter(?:\s+of\s+the\s+(?:United\s+Nations|UN)|(?!\s+of\s)))",
        _I,
    ),
    other_after=re.compile(
        r"\s*,?\s*(?:of|under|in|to|common\s+to)\s+(?:the\s+|its\s+|that\s+|this\s+|our\s+)?"
        r"(?:[\w'’-]+\s+){0,8}?(?:Conventions?|Treaty|Treaties|Protocols?|Statute|Covenant"
        r"|Agreements?|Constitution|Act|Accords?|Code|Rules|Regulations|Declaration|Pact|Charter"
        r"|Law|resolution|report|Memorandum|Decree|Principles|Framework)\b",
        _I,
    ),
    charter_word=re.compile(
        r"\b(?:(?:United\s+Nations|UN)\s+Charter|Charter\s+of\s+the\s+United\s+Nations"
        r"|the\s+Charter\b(?!\s+of\s))",
        _I,
    ),
    other_word=re.compile(
        r"\b(?:Conventions?|Treaty|Protocols?|Statute|Covenant|Constitution|Agreement"
        r"|Constitutive\s+Act|Accords?|Charter\s+of\s+the\s+(?!United\s+Nations))\b",
        _I,
    ),
    self_defence=re.compile(r"\bself-?\s?defen[cs]e\b|\blegitimate\s+defen[cs]e\b", _I),
)

_FRENCH = _Language(
    article=re.compile(r"(?<!\w)(?:l['’]\s*)?Articles?\s+(?=\d)", _I),
    item=re.compile(r"(?P<n>\d{1,3})(?!\d)" + _ITEM_TAIL.format(word="paragraphe")),
    separator=re.compile(
        r"\s*(?:(?P<range>à)|,\s*et|,|et|ou)\s*(?:(?:de\s+)?l['’]\s*)?(?:Articles?\s+)?(?=\d)", _I
    ),
    paragraph_of=re.compile(
        r"\bparagraphe\s+(?P<p>\d{1,2})\s+de\s+l['’]\s*Article\s+(?P<n>\d{1,3})\b", _I
    ),
    charter_after=re.compile(
        r"\s*,?\s*de\s+la\s+Charte(?:\s+des\s+Nations\s+Unies|(?!\s+(?:de|d['’]|du|africaine|arabe)\b))",
        _I,
    ),
    other_after=re.compile(
        r"\s*,?\s*(?:de\s+la|du|de\s+l['’]|des|de)\s*(?:(?:[\w'’-]+\s+){0,3}?)(?:Conventions?"
        r"|Traités?|Protocoles?|Statut|Pacte|Accords?|Constitution|Acte|Code|Déclaration"
        r"|Charte|résolution|rapport|règlement)\b",
        _I,
    ),
    charter_word=re.compile(r"\bCharte\s+des\s+Nations\s+Unies|\bla\s+Charte\b(?!\s+(?:de|d['’]))"),
    other_word=re.compile(
        r"\b(?:Conventions?|Traité|Protocole|Statut|Pacte|Constitution|Accord|Acte\s+constitutif)\b"
    ),
    self_defence=re.compile(r"\blégitime\s+défense\b", _I),
)

_SPANISH = _Language(
    article=re.compile(r"\bArt[íi]culos?\s+(?=\d)", _I),
    item=re.compile(r"(?P<n>\d{1,3})(?!\d)" + _ITEM_TAIL.format(word="párrafo")),
    separator=re.compile(
        r"\s*(?:(?P<range>a)|,\s*y|,|y|o)\s*(?:(?:del?\s+|el\s+)?Art[íi]culos?\s+)?(?=\d)", _I
    ),
    paragraph_of=re.compile(
        r"\bpárrafo\s+(?P<p>\d{1,2})\s+del\s+Art[íi]culo\s+(?P<n>\d{1,3})\b", _I
    ),
    # "Carta" with a capital is the Charter ("la carta" is a letter).
    charter_after=re.compile(
        r"\s*,?\s*de\s+la\s+Carta(?:\s+de\s+las\s+Naciones\s+Unidas|(?!\s+(?:de|del|Africana|Árabe)\b))"
    ),
    other_after=re.compile(
        r"\s*,?\s*(?:de\s+la|del|de\s+los|de\s+las|de)\s+(?:(?:[\w'’-]+\s+){0,3}?)(?:Convención"
        r"|Convenios?|Tratados?|Protocolos?|Estatuto|Pacto|Acuerdos?|Constitución|Código"
        r"|Declaración|Carta|resolución|informe|Reglamento)\b",
        _I,
    ),
    charter_word=re.compile(
        r"\bCarta\s+de\s+las\s+Naciones\s+Unidas|\bla\s+Carta\b(?!\s+(?:de|del)\s)"
    ),
    other_word=re.compile(
        r"\b(?:Convención|Convenios?|Tratado|Protocolo|Estatuto|Pacto|Constitución|Acuerdo)\b"
    ),
    self_defence=re.compile(r"\blegítima\s+defensa\b", _I),
)

_RUSSIAN = _Language(
    article=re.compile(r"(?<!\w)стать(?:я|и|е|ю|ей|ёй|ям|ях|ями)\s+(?=\d)", _I),
    item=re.compile(r"(?P<n>\d{1,3})(?!\d)(?:\s*\(\s*(?P<p>\d{1,2})\s*\))?(?P<p2>)(?P<p3>)"),
    separator=re.compile(r"\s*(?:(?P<range>-|–)|,\s*и|,|и|или)\s*(?:стать\w{0,3}\s+)?(?=\d)", _I),
    paragraph_of=re.compile(
        r"(?<!\w)пункт(?:а|у|ом|е|ы|ов)?\s+(?P<p>\d{1,2})\s+стать(?:и|ей|е|ёй)\s+(?P<n>\d{1,3})"
        r"(?!\d)",
        _I,
    ),
    # "Устава" bare, or followed by the Organization's name; not "Устава Содружества".
    charter_after=re.compile(
        r"\s+Устав(?:а|ом|е|у)?(?!\w)(?:\s+(?:Организации\s+Объединенных\s+Наций|ООН)"
        r"|(?!\s+[А-ЯЁ]))"
    ),
    other_after=re.compile(
        r"\s+(?:(?:[\w-]+\s+){0,3}?)(?:Конвенци\w*|Договор\w*|Протокол\w*|Статут\w*|Пакт\w*"
        r"|Соглашени\w*|Конституци\w*|резолюци\w*|доклад\w*|Устав\w*\s+[А-ЯЁ])",
        _I,
    ),
    charter_word=re.compile(r"Устав\w{0,2}\s+(?:Организации\s+Объединенных\s+Наций|ООН)"),
    other_word=re.compile(r"(?:Конвенци|Договор|Протокол|Статут|Пакт|Конституци)\w*"),
    self_defence=re.compile(r"самооборон", _I),
)

_ARABIC = _Language(
    article=re.compile(r"(?<!\w)[وف]?(?:بال|لل|ال)?(?:مادة|مادتين|مادتان|مواد)\s+(?=\d)"),
    item=re.compile(r"(?P<n>\d{1,3})(?!\d)(?:\s*\(\s*(?P<p>\d{1,2})\s*\))?(?P<p2>)(?P<p3>)"),
    separator=re.compile(r"\s*(?:(?P<range>إلى)|[,،]\s*و?|و)\s*(?:(?:ال)?مادة\s+)?(?=\d)"),
    paragraph_of=re.compile(
        r"(?<!\w)[وف]?(?:بال|لل|ال)?فقرة\s+(?P<p>\d{1,2})\s+من\s+(?:ال)?مادة\s+(?P<n>\d{1,3})(?!\d)"
    ),
    charter_after=re.compile(r"\s+من\s+(?:الميثاق|ميثاق\s+الأمم\s+المتحدة)"),
    other_after=re.compile(
        r"\s+من\s+(?:اتفاقية|الاتفاقية|معاهدة|المعاهدة|البروتوكول|بروتوكول|النظام\s+الأساسي"
        r"|العهد|الدستور|دستور|ميثاق\s+(?!الأمم\s+المتحدة)|القرار|قرار|التقرير)"
    ),
    charter_word=re.compile(r"ميثاق\s+الأمم\s+المتحدة|الميثاق"),
    other_word=re.compile(r"اتفاقية|معاهدة|بروتوكول|النظام\s+الأساسي|العهد|الدستور"),
    self_defence=re.compile(r"الدفاع\s+عن\s+(?:ال)?نفس"),
)

_ARTICLE_WORDS = {
    "en": ("article",),
    "fr": ("article",),
    "es": ("artículo", "articulo"),
    "ru": ("стать",),
    "ar": ("ماد", "مواد"),
}
_LANGUAGES = {"en": _ENGLISH, "fr": _FRENCH, "es": _SPANISH, "ru": _RUSSIAN, "ar": _ARABIC}

# Chinese: "《联合国宪章》第五十一条", "《宪章》第二条第四款", "宪章第2条第4项",
# lists joined by 和, 及 or 、.
_ZH_NUMBER = r"[0-9一二三四五六七八九十百零〇两]{1,6}"
_ZH_ITEM = rf"第\s*(?P<n>{_ZH_NUMBER})\s*条(?:\s*第\s*(?P<p>{_ZH_NUMBER})\s*(?:款|项|段))?"
_ZH_START_RE = re.compile(
    rf"(?:《(?:联合国)?宪章》|联合国宪章|(?<![\u4e00-\u9fff])宪章)\s*(?:的)?\s*{_ZH_ITEM}"
)
_ZH_NEXT_RE = re.compile(rf"\s*(?:和|及|以及|、|与|或)\s*{_ZH_ITEM}")


def _key(number: int, paragraph: str | int | None) -> str:
    return f"{number}({int(paragraph)})" if paragraph else str(number)


def _read_list(text: str, position: int, language: _Language) -> tuple[list[str], int]:
    """The Articles listed from ``position``: their keys and where the list ends."""
    keys: list[str] = []
    end = position
    pending_range: int | None = None
    for _ in range(30):  # a list is short; the bound keeps hostile input linear
        item = language.item.match(text, position)
        if not item:
            break
        number = int(item.group("n"))
        paragraph = item.group("p") or item.group("p2") or item.group("p3")
        if pending_range is not None and not paragraph and 0 < number - pending_range <= 15:
            keys.extend(str(n) for n in range(pending_range + 1, number))
        keys.append(_key(number, paragraph))
        end = item.end()
        separator = language.separator.match(text, end)
        if not separator:
            break
        pending_range = number if separator.group("range") and not paragraph else None
        position = separator.end()
    return keys, end


@dataclasses.dataclass(frozen=True)
class _Context:
    """What a stretch of text names: the Charter, another instrument, self-defence."""

    charter: bool
    other: bool
    self_defence: bool


def _context(text: str, start: int, end: int, language: _Language) -> _Context:
    stretch = text[start:end]
    return _Context(
        bool(language.charter_word.search(stretch)),
        bool(language.other_word.search(stretch)),
        bool(language.self_defence.search(stretch)),
    )


def _in_charter_context(
    text: str,
    start: int,
    end: int,
    keys: list[str],
    language: _Language,
    warnings: list[str],
    seen: dict[tuple[int, int], _Context],
) -> bool:
    """Whether Articles printed without their instrument are the Charter's. ``seen``
    keeps what each sentence and paragraph names, so that each is read once."""
    bounds = sentences.sentence_start(text, start), sentences.sentence_end(text, end)
    if bounds not in seen:
        seen[bounds] = _context(text, *bounds, language)
    sentence = seen[bounds]
    charter, other = sentence.charter, sentence.other
    if not charter and not other:
        paragraph = sentences.paragraph_bounds(text, start)
        if paragraph not in seen:
            seen[paragraph] = _context(text, *paragraph, language)
        charter, other = seen[paragraph].charter, seen[paragraph].other
        if not charter and not other and keys == ["51"]:
            return sentence.self_defence
    if charter and not other:
        return True
    if charter and other:
        shown = " ".join(text[start:end].split())[:60]
        warnings.append(
            f"{shown!r} is printed without its instrument beside the Charter and another "
            "instrument: not read as a Charter Article"
        )
        return False
    return keys == ["51"] and not other and sentence.self_defence


# A letter invokes a few Articles; past this many lists in one text the rest is not read
# (the bound keeps a hostile text linear).
_MAX_LISTS = 500


def _articles_in(text: str, language: _Language, warnings: list[str]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    taken = sentences.Spans()
    lists: list[tuple[int, int, list[str]]] = []
    for match in itertools.islice(language.paragraph_of.finditer(text), _MAX_LISTS):
        key = _key(int(match.group("n")), match.group("p"))
        lists.append((match.start(), match.end(), [key]))
        taken.add(match.start(), match.end())
    for match in itertools.islice(language.article.finditer(text), _MAX_LISTS):
        if match.start() in taken:
            continue
        keys, end = _read_list(text, match.end(), language)
        if keys:
            lists.append((match.start(), end, keys))
    seen: dict[tuple[int, int], _Context] = {}
    for start, end, keys in sorted(lists):
        if language.charter_after.match(text, end):
            accepted = True
        elif language.other_after.match(text, end):
            accepted = False
        else:
            accepted = _in_charter_context(text, start, end, keys, language, warnings, seen)
        if accepted:
            found.extend((start, key) for key in keys)
    return found


def _chinese_articles(text: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for match in itertools.islice(_ZH_START_RE.finditer(text), _MAX_LISTS):
        item: re.Match[str] | None = match
        while item is not None:
            number = chinese_number(item.group("n"))
            paragraph = chinese_number(item.group("p")) if item.group("p") else None
            if number:
                found.append((item.start(), _key(number, paragraph)))
            item = _ZH_NEXT_RE.match(text, item.end())
    return found


def _has_chinese(text: str) -> bool:
    return "宪章" in text


def charter_articles(texts: Iterable[str], *, warnings: list[str] | None = None) -> tuple[str, ...]:
    """Canonical keys of the Charter Articles ``texts`` invoke, in order of first
    mention; doubts are appended to ``warnings``."""
    notes: list[str] = [] if warnings is None else warnings
    keys: dict[str, None] = {}
    for raw in texts:
        text = raw.translate(_DIGITS)
        found: list[tuple[int, str]] = []
        folded = text.casefold()
        for code, language in _LANGUAGES.items():
            # Without its word for "Article" a language's reader has nothing to find.
            if not any(word in folded for word in _ARTICLE_WORDS[code]):
                continue
            found += _articles_in(text, language, notes)
        if _has_chinese(text):
            found += _chinese_articles(text)
        for _, key in sorted(found):
            keys.setdefault(key, None)
    return tuple(keys)
