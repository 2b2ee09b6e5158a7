"""State names in French, Spanish, Russian, Arabic and Chinese, mapped to the canonical
English names of the States table (parsing/states.py).

The common names of every State in each language come from the Unicode CLDR (through
Babel, keyed by ISO 3166 code); the names the United Nations prints where they differ
from the common ones ("Fédération de Russie", "República Islámica del Irán",
"Соединенное Королевство Великобритании и Северной Ирландии", "الاتحاد الروسي",
"大不列颠及北爱尔兰联合王国") are listed below, from the United Nations terminology.

Names are found the way each language writes them inside a title:

* French and Spanish with their preposition and article ("de l'Azerbaïdjan", "du
  Brésil", "des États-Unis d'Amérique", "del Brasil", "de la Federación de Rusia"),
  accents and case ignored;
* Russian in any case ("Азербайджана", "Российской Федерации"): two words are one when
  they share a stem and differ only by inflectional endings;
* Arabic with the preposition and conjunction attached ("لأذربيجان", "للصين",
  "والاتحاد الروسي"), vowel marks and the forms of alif ignored;
* Chinese as written, without spaces.

A list of States ("de la Chine et de la Fédération de Russie", "Китая и Российской
Федерации", "للصين والاتحاد الروسي", "中国和俄罗斯联邦") is read name by name.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from letters.parsing import states

LANGUAGES = ("fr", "es", "ru", "ar", "zh")

# ISO 3166 codes whose English CLDR name the States table does not know as such
# ("Antigua & Barbuda", "Congo - Brazzaville", "Myanmar (Burma)").
_CODES = {
    "AG": "Antigua and Barbuda", "BA": "Bosnia and Herzegovina", "CG": "Congo",
    "CD": "Democratic Republic of the Congo", "MM": "Myanmar", "KN": "Saint Kitts and Nevis",
    "LC": "Saint Lucia", "VC": "Saint Vincent and the Grenadines",
    "ST": "Sao Tome and Principe", "TT": "Trinidad and Tobago", "VA": "Holy See",
    "PS": "State of Palestine",
}  # fmt: skip

# The United Nations' own names where they differ from CLDR's (and a few running forms):
# canonical English name, then per language the forms separated by "|" (fr, es, ru, ar, zh).
_UN_FORMS = Path(__file__).with_name("data") / "un_state_names.tsv"

# --- Normalising words ------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W\d_]+")
_ARABIC_MARKS_RE = re.compile("[\u064b-\u065f\u0670\u0640]")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
# Russian inflectional endings, longest first: "Российской Федерации" and "Российская
# Федерация" share the stems "российск федерац".
_RU_ENDINGS = sorted(
    {
        "ого", "его", "ому", "ему", "ами", "ями", "ой", "ей", "ий", "ый", "ая", "яя", "ое",
        "ее", "ые", "ие", "ых", "их", "ов", "ев", "ам", "ям", "ах", "ях", "ию", "ия", "ии",
        "ью", "а", "я", "ы", "и", "у", "ю", "е", "о", "ь", "й",
    },
    key=len,
    reverse=True,
)  # fmt: skip
# Words before a name that are not part of it: prepositions and articles.
_FILLERS = {
    "fr": frozenset({"de", "d", "du", "des", "la", "le", "les", "l"}),
    "es": frozenset({"de", "del", "el", "la", "los", "las"}),
    "ru": frozenset(),
    "ar": frozenset(),
}
# Words that join two names of a list.
_JOINERS = {
    "fr": frozenset({"et"}),
    "es": frozenset({"y", "e"}),
    "ru": frozenset({"и"}),
    "ar": frozenset(),
}
_ZH_JOINERS = ("和", "、", "及", "与")


def _unaccented(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_RU_ENDING_SET = frozenset(_RU_ENDINGS) | {""}


def _ru_same(a: str, b: str) -> bool:
    """Whether two Russian words are one word in two cases: the same stem of three
    letters or more, each followed by nothing or an inflectional ending ("Китай" and
    "Китая", "Армения" and "Армении"; not "Австрия" and "Австралия")."""
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    # The stem may end before the common letters do ("Соединенн|ых", "Соединенн|ые").
    return any(
        a[k:] in _RU_ENDING_SET and b[k:] in _RU_ENDING_SET for k in range(n, max(n - 3, 2), -1)
    )


def _same(language: str, a: str, b: str) -> bool:
    return _ru_same(a, b) if language == "ru" else a == b


def _bucket(language: str, word: str) -> str:
    return word[:3] if language == "ru" else word


def _ar_word(word: str) -> str:
    word = _ARABIC_MARKS_RE.sub("", word).translate(_ARABIC_LETTERS)
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


def _ar_candidates(word: str) -> list[str]:
    """An Arabic word with and without the particles a title attaches to a name: "و"
    (and), "ل" (of), "لل" (of the, the article's alif dropped)."""
    raw = _ARABIC_MARKS_RE.sub("", word).translate(_ARABIC_LETTERS)
    out = [raw]
    rest = raw[1:] if raw.startswith("و") and len(raw) > 3 else raw
    if rest != raw:
        out.append(rest)
    if rest.startswith("لل") and len(rest) > 4:
        out.append("ال" + rest[2:])
    if rest.startswith(("ل", "ب")) and len(rest) > 3:
        out.append(rest[1:])
    return list(dict.fromkeys(_ar_word(w) for w in out))


def _tokens(language: str, text: str) -> list[tuple[str, int, int]]:
    """The words of ``text`` as compared in ``language``, with their spans."""
    out = []
    for match in _WORD_RE.finditer(text):
        word = match.group()
        if language in ("fr", "es"):
            key = _unaccented(word).casefold()
        elif language == "ru":
            key = word.casefold().replace("ё", "е")
        else:
            key = _ar_word(word)
        out.append((key, match.start(), match.end()))
    return out


def _name_key(language: str, name: str) -> tuple[str, ...]:
    words = [key for key, _, _ in _tokens(language, name)]
    fillers = _FILLERS.get(language, frozenset())
    while words and words[0] in fillers:
        words.pop(0)
    return tuple(words)


# A word as compared, its span, and the forms its first word may take (Arabic particles).
_Token = tuple[str, int, int, tuple[str, ...]]


def _zh_key(name: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


# --- The index --------------------------------------------------------------------------


@functools.cache
def _forms() -> dict[str, dict[str, str]]:
    """language -> printed name -> canonical English name."""
    from babel import Locale

    english = Locale.parse("en").territories
    forms: dict[str, dict[str, str]] = {language: {} for language in LANGUAGES}
    locales = {language: Locale.parse(language).territories for language in LANGUAGES}
    for code, name in english.items():
        if len(code) != 2 or not code.isalpha():
            continue
        canonical = _CODES.get(code) or states.canonical_state(name)
        if canonical is None:
            continue
        for language in LANGUAGES:
            printed = locales[language].get(code)
            if printed:
                forms[language][printed] = canonical
    for line in _UN_FORMS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        canonical, *per_language = (part.strip() for part in line.split("\t"))
        assert canonical in states.CANONICAL_NAMES, canonical
        for language, printed in zip(LANGUAGES, per_language, strict=True):
            for form in printed.split("|"):
                forms[language][form.strip()] = canonical
    return forms


@functools.cache
def _index(language: str) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First word -> (words, canonical name), longest first."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for printed, canonical in _forms()[language].items():
        key = _name_key(language, printed)
        if key:
            index.setdefault(_bucket(language, key[0]), []).append((key, canonical))
    for entries in index.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return index


@functools.cache
def _zh_index() -> tuple[tuple[str, str], ...]:
    return tuple(
        sorted(
            ((_zh_key(p), c) for p, c in _forms()["zh"].items()),
            key=lambda entry: -len(entry[0]),
        )
    )


def canonical_state(language: str, name: str) -> str | None:
    """The canonical English name of the State ``name`` denotes in ``language``."""
    if language == "zh":
        key = _zh_key(name)
        return next((c for k, c in _zh_index() if k == key), None)
    if language == "en":
        return states.canonical_state(name)
    found = match_states(language, name)
    if len(found[0]) == 1 and not name[found[1] :].strip(" .,;()"):
        return found[0][0]
    return None


def _match_at(language: str, tokens: list[_Token], position: int) -> tuple[str, int] | None:
    """The longest State name starting at ``tokens[position]``: (canonical, next index)."""
    index = _index(language)
    best: tuple[str, int] | None = None
    for candidate in tokens[position][3]:
        for words, canonical in index.get(_bucket(language, candidate), ()):
            end = position + len(words)
            if end > len(tokens) or not _same(language, candidate, words[0]):
                continue
            if all(
                _same(language, tokens[position + i][0], words[i]) for i in range(1, len(words))
            ):
                if best is None or end > best[1]:
                    best = (canonical, end)
                break
    return best


def match_states(language: str, text: str) -> tuple[list[str], int]:
    """The States listed at the start of ``text`` in ``language``: canonical names, and
    the characters used (([], 0) when ``text`` does not start with a State)."""
    if language == "zh":
        return _zh_match(text)
    if language not in _FILLERS:
        return states.match_state_list(text)
    text = text[:600]
    if language == "ar":
        tokens = [
            (_ar_word(m.group()), m.start(), m.end(), tuple(_ar_candidates(m.group())))
            for m in _WORD_RE.finditer(text)
        ]
    else:
        tokens = [(key, start, end, (key,)) for key, start, end in _tokens(language, text)]
    fillers, joiners = _FILLERS[language], _JOINERS[language]
    names: list[str] = []
    used = 0
    position = 0
    while position < len(tokens) and len(names) < 60:
        while position < len(tokens) and tokens[position][0] in fillers:
            position += 1
        if position >= len(tokens):
            break
        found = _match_at(language, tokens, position)
        if found is None:
            break
        canonical, position = found
        if canonical not in names:
            names.append(canonical)
        used = tokens[position - 1][2]
        if text[used : used + 1] == ")":
            used += 1
        if position < len(tokens) and tokens[position][0] in joiners:
            position += 1
            continue
        gap = text[used : tokens[position][1]] if position < len(tokens) else ""
        if gap.strip() in (",", "،"):
            continue
        if language == "ar" and position < len(tokens) and gap.strip() == "":
            # "للصين والاتحاد الروسي": the next name carries "و" (and).
            word = text[tokens[position][1] : tokens[position][2]]
            if word.startswith("و"):
                continue
        break
    return names, used


def _zh_match(text: str) -> tuple[list[str], int]:
    names: list[str] = []
    position = 0
    used = 0
    text = text[:300]
    while position < len(text) and len(names) < 60:
        found = next(((k, c) for k, c in _zh_index() if text.startswith(k, position)), None)
        if found is None:
            break
        key, canonical = found
        if canonical not in names:
            names.append(canonical)
        position += len(key)
        used = position
        joiner = next((j for j in _ZH_JOINERS if text.startswith(j, position)), None)
        if joiner is None:
            break
        position += len(joiner)
    return names, used
