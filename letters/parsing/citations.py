"""Documents a letter cites: resolutions of either organ, other UN documents by
symbol, well-known treaties by name, and court cases ("X v. Y").

Keys are canonical (symbols.canonical_symbol) so that one document cited in
different spellings is one node of the citation graph; ``text`` keeps the words
as printed. Extend the treaty table below to recognise more instruments.
"""

from __future__ import annotations

import re

from letters.parsing import dates, symbols
from letters.parsing.model import CitationKind, CitedDocumentRef

# (canonical name, patterns that name it). Curated: a name only counts when it is
# unmistakable ("Charter" alone is not enough).
TREATIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Charter of the United Nations",
        (
            r"Charter\s+of\s+the\s+United\s+Nations",
            r"United\s+Nations\s+Charter",
            r"UN\s+Charter",
            r"Charter\s+of\s+the\s+UN\b",
        ),
    ),
    (
        "Helsinki Final Act",
        (
            r"Helsinki\s+Final\s+Act",
            r"Final\s+Act\s+of\s+the\s+Conference\s+on\s+Security\s+and\s+Co-?operation\s+in\s+Europe",
        ),
    ),
    (
        "Fourth Geneva Convention",
        (
            r"Fourth\s+Geneva\s+Convention",
            r"Geneva\s+Convention\s+relative\s+to\s+the\s+Protection\s+of\s+Civilian\s+Persons"
            r"\s+in\s+Time\s+of\s+War",
        ),
    ),
    ("Geneva Conventions", (r"Geneva\s+Conventions",)),
    (
        "Vienna Convention on Diplomatic Relations",
        (r"Vienna\s+Convention\s+on\s+Diplomatic\s+Relations",),
    ),
    (
        "Vienna Convention on Consular Relations",
        (r"Vienna\s+Convention\s+on\s+Consular\s+Relations",),
    ),
    (
        "Vienna Convention on the Law of Treaties",
        (r"Vienna\s+Convention\s+on\s+the\s+Law\s+of\s+Treaties",),
    ),
    ("Universal Declaration of Human Rights", (r"Universal\s+Declaration\s+of\s+Human\s+Rights",)),
    (
        "Convention on the Prevention and Punishment of the Crime of Genocide",
        (
            r"Convention\s+on\s+the\s+Prevention\s+and\s+Punishment\s+of\s+the\s+Crime\s+of\s+Genocide",
            r"Genocide\s+Convention",
        ),
    ),
    (
        "International Covenant on Civil and Political Rights",
        (r"International\s+Covenant\s+on\s+Civil\s+and\s+Political\s+Rights",),
    ),
    (
        "International Covenant on Economic, Social and Cultural Rights",
        (r"International\s+Covenant\s+on\s+Economic,\s+Social\s+and\s+Cultural\s+Rights",),
    ),
    (
        "International Convention on the Elimination of All Forms of Racial Discrimination",
        (
            r"International\s+Convention\s+on\s+the\s+Elimination\s+of\s+All\s+Forms\s+of"
            r"\s+Racial\s+Discrimination",
        ),
    ),
    (
        "Convention on the Elimination of All Forms of Discrimination against Women",
        (
            r"Convention\s+on\s+the\s+Elimination\s+of\s+All\s+Forms\s+of\s+Discrimination\s+against\s+Women",
        ),
    ),
    (
        "Convention against Torture",
        (
            r"Convention\s+against\s+Torture(?:\s+and\s+Other\s+Cruel,\s+Inhuman\s+or\s+Degrading"
            r"\s+Treatment\s+or\s+Punishment)?",
        ),
    ),
    (
        "Convention on the Rights of the Child",
        (r"Convention\s+on\s+the\s+Rights\s+of\s+the\s+Child",),
    ),
    (
        "Rome Statute of the International Criminal Court",
        (r"Rome\s+Statute(?:\s+of\s+the\s+International\s+Criminal\s+Court)?",),
    ),
    (
        "Statute of the International Court of Justice",
        (r"Statute\s+of\s+the\s+International\s+Court\s+of\s+Justice",),
    ),
    (
        "United Nations Convention on the Law of the Sea",
        (r"(?:United\s+Nations\s+)?Convention\s+on\s+the\s+Law\s+of\s+the\s+Sea",),
    ),
    (
        "Treaty on the Non-Proliferation of Nuclear Weapons",
        (r"Treaty\s+on\s+the\s+Non-Proliferation\s+of\s+Nuclear\s+Weapons",),
    ),
    ("Chemical Weapons Convention", (r"Chemical\s+Weapons\s+Convention",)),
    ("Biological Weapons Convention", (r"Biological\s+Weapons\s+Convention",)),
    ("Paris Agreement", (r"Paris\s+Agreement",)),
    (
        "Declaration on Principles of International Law concerning Friendly Relations",
        (
            r"Declaration\s+on\s+Principles\s+of\s+International\s+Law\s+concerning\s+Friendly\s+Relations",
        ),
    ),
)
_TREATY_RES = tuple(
    (name, re.compile(r"\b(?:" + "|".join(patterns) + r")\b")) for name, patterns in TREATIES
)

# "resolution 822 (1993)", "resolutions (822 (1993), 853 (1993) and 884 (1993))"; the
# same word in the French, Spanish and Russian versions (their numbers do not depend on
# the language, DESIGN.md §11): "résolution", "resolución", "резолюция" in any case.
_RESOLUTION_WORD_RE = re.compile(
    r"\b(?:resolutions?|résolutions?|resoluci(?:ón|ones)|резолюци[яиюейхм]{1,3})(?!\w)\s*\(?\s*",
    re.IGNORECASE,
)
# The Arabic version names the organ between the word and the number: "قرار مجلس الأمن 2231
# (2015)", "قرار الجمعية العامة 62/243", "القرارات 822 (1993) و 853 (1993)". Looked for
# only in a text that holds the word, so English texts pay nothing for it.
_ARABIC_RESOLUTION_WORD_RE = re.compile(
    r"(?:ال)?قرار(?:ات|ي|ين|ا)?(?:\s+(?:(?P<ar_sc>مجلس\s+الأمن)|(?P<ar_ga>الجمعية\s+العامة)))?"
    r"\s+(?=\d)"
)
# List separators: "and", "as well as", and the versions' "et", "y", "и", "و".
_AND = r"(?:,\s*and|,|،|and|as\s+well\s+as|et|y|и|و)"
# Each list item: an optional separator, then the number. The separator group is
# optional as a whole, so a run of spaces is read one way only (no backtracking).
_SC_ITEM_RE = re.compile(rf"(?:\s*{_AND})?\s*(\d{{1,5}})\s*\(((?:19|20)\d\d)\)")
_GA_ITEM_RE = re.compile(rf"(?:\s*{_AND})?\s*((?:ES-|S-)?\d{{1,2}})/(\d{{1,4}})(?![\d/])")
_GA_OLD_ITEM_RE = re.compile(
    r"(?:\s*(?:,\s*and|,|and))?\s*(\d{1,4})\s*\(((?:ES-|S-)?[IVXL]{1,6})\)"
)
# "resolution 242 of 22 November 1967": a number with its adoption date instead of
# its year; the date follows (checked with dates.find_date).
_DATED_ITEM_RE = re.compile(
    r"(?:\s*(?:,\s*and|,|and|as\s+well\s+as))?\s*(\d{1,5})\s+(?:of|adopted\s+on|du|de|от)\s+"
)
# "… 2625 (XXV) of 24 October 1970, 3314 (XXIX) …": a date after an item, skipped.
_OF_DATE_RE = re.compile(r"\s+(?:of|adopted\s+on|du|de|от)\s+")
_COUNCIL_BEFORE_RE = re.compile(
    r"(?:Security\s+Council|Conseil\s+de\s+sécurité|Consejo\s+de\s+Seguridad"
    r"|Совет\w{0,2}\s+Безопасности)\s*(?:\S+\s+){0,2}$",
    re.IGNORECASE,
)
_COUNCIL_AFTER_RE = re.compile(
    r"[^.;]{0,60}\b(?:of\s+the\s+Security\s+Council|du\s+Conseil\s+de\s+sécurité"
    r"|del\s+Consejo\s+de\s+Seguridad|Совета\s+Безопасности)(?!\w)"
)
_ASSEMBLY_BEFORE_RE = re.compile(
    r"(?:Assembly|Assemblée\s+générale|Asamblea\s+General|Генеральн\w{1,4}\s+Ассамбле\w{1,3})"
    r"\s*(?:\S+\s+){0,2}$",
    re.IGNORECASE,
)
_ASSEMBLY_AFTER_RE = re.compile(
    r"[^.;]{0,60}\b(?:of\s+the\s+General\s+Assembly|de\s+l['’]Assemblée\s+générale"
    r"|de\s+la\s+Asamblea\s+General|Генеральной\s+Ассамблеи)(?!\w)"
)

# Court cases: "<Party> v. <Party>"; parties are capitalised words with a few
# joining words ("Chiragov and others v. Armenia", "Bosnia and Herzegovina v. Serbia").
_VERSUS_RE = re.compile(r"\s(?:v\.|vs\.|v)\s(?=[A-Z])")
_JOINERS = frozenset({"and", "others", "of", "the", "et", "al.", "de", "del", "van", "der", "von"})
_TRAIL = '.,;:)]”"’*'
# Capitalised words that start a sentence rather than a party's name.
_STARTERS = frozenset(
    [
        "In",
        "The",
        "As",
        "See",
        "On",
        "By",
        "At",
        "For",
        "From",
        "Under",
        "Also",
        "And",
        "Both",
        "This",
        "That",
        "Its",
        "Their",
        "Our",
        "A",
        "An",
        "Case",
        "Judgment",
    ]
)


def _is_word(token: str) -> bool:
    word = token.strip('(“"*' + _TRAIL)
    return bool(word) and (word[0].isupper() or word in _JOINERS)


def _right_party(tokens: list[str]) -> list[str]:
    taken: list[str] = []
    for token in tokens[:8]:
        if not _is_word(token):
            break
        taken.append(token)
        if token.rstrip('”"’*').endswith((",", ";", ":", ".", ")")):
            break  # the party's name ends with the clause
    while taken and taken[-1].strip(_TRAIL) in _JOINERS:
        taken.pop()
    return taken


def _left_party(tokens_before: list[str]) -> list[str]:
    taken: list[str] = []
    for token in reversed(tokens_before[-8:]):
        # A stop on the token before the name ends the previous sentence.
        if (token.endswith((".", ",", ";", ":")) and len(token.strip(".")) > 1) or not _is_word(
            token
        ):
            break
        taken.insert(0, token)
    while taken and (taken[0].strip('(“"*') in _JOINERS | _STARTERS):
        taken.pop(0)
    return taken


def _court_cases(text: str) -> list[tuple[int, str, str]]:
    found = []
    for match in _VERSUS_RE.finditer(text):
        left = _left_party(text[max(0, match.start() - 200) : match.start()].split())
        right = _right_party(text[match.end() : match.end() + 200].split())
        if not left or not right:
            continue
        left_text = " ".join(left).lstrip('(“"*')
        right_text = " ".join(right).rstrip(_TRAIL)
        name = f"{left_text} v. {right_text}"
        found.append((max(match.start() - len(left_text), 0), name, name))
    return found


def _skip_date(text: str, position: int) -> int:
    """``position`` moved past an adoption date that follows a list item, if any."""
    joined = _OF_DATE_RE.match(text, position)
    if joined:
        date = dates.find_date(text, joined.end(), joined.end() + 40)
        if date and date.start() == joined.end():
            return date.end()
    return position


def _resolution_lists(
    text: str, unresolved: list[tuple[int, str, str]] | None = None
) -> list[tuple[int, CitationKind, str, str]]:
    """Resolutions listed after "resolution(s)": "822 (1993)", "62/243", "2625 (XXV)",
    "ES-10/19", and "242 of 22 November 1967" (DESIGN.md §1 citations).

    A resolution is given a key only by a rule that cannot be wrong: a year in brackets
    is the Council's ("822 (1993)"), a session numeral the Assembly's ("2625 (XXV)"), an
    emergency session's number the Assembly's ("ES-10/19"); "62/243" is the Assembly's
    when the text names the Assembly (the Human Rights Council numbers its resolutions so
    too); a date instead of a year ("377 of 3 November 1950") is the Council's when the
    text names the Council. Anything else (no organ named, an Assembly resolution of
    before 1976 by its date) is added to ``unresolved`` as (position, printed, reason)."""
    found: list[tuple[int, CitationKind, str, str]] = []
    words = list(_RESOLUTION_WORD_RE.finditer(text))
    if "قرار" in text:
        words = sorted(
            [*words, *_ARABIC_RESOLUTION_WORD_RE.finditer(text)], key=lambda m: m.start()
        )
    for word in words:
        position = word.end()
        before = text[max(0, word.start() - 40) : word.start()]
        named = word.groupdict()
        general_assembly = bool(named.get("ar_ga") or _ASSEMBLY_BEFORE_RE.search(before))
        council = bool(named.get("ar_sc") or _COUNCIL_BEFORE_RE.search(before))
        for _ in range(50):  # a list is short; the bound keeps hostile input linear
            position = _skip_date(text, position)
            sc = _SC_ITEM_RE.match(text, position)
            if sc:
                key = symbols.sc_resolution_key(sc.group(1), sc.group(2))
                shown = f"{sc.group(1)} ({sc.group(2)})"
                found.append((sc.start(1), CitationKind.SC_RESOLUTION, key, shown))
                position = sc.end()
                continue
            old = _GA_OLD_ITEM_RE.match(text, position)
            if old:
                key = symbols.ga_old_resolution_key(old.group(1), old.group(2))
                shown = f"{old.group(1)} ({old.group(2)})"
                found.append((old.start(1), CitationKind.GA_RESOLUTION, key, shown))
                position = old.end()
                continue
            dated = _DATED_ITEM_RE.match(text, position)
            date = dates.find_date(text, dated.end(), dated.end() + 40) if dated else None
            if dated and date and date.start() == dated.end():
                # The Council's resolutions are numbered without a session, so its
                # number and the year of its date are its key; an Assembly resolution
                # of before 1976 needs its session numeral, which a date does not give
                # reliably (special sessions). Without the organ named it is either
                # ("resolution 377 of 3 November 1950" is the Assembly's).
                is_ga = general_assembly or _ASSEMBLY_AFTER_RE.match(text, date.end())
                is_sc = council or _COUNCIL_AFTER_RE.match(text, date.end())
                value = dates.date_from_match(date)
                shown = text[dated.start(1) : date.end()]
                if is_sc and not is_ga and value is not None:
                    key = symbols.sc_resolution_key(dated.group(1), str(value.year))
                    found.append((dated.start(1), CitationKind.SC_RESOLUTION, key, shown))
                elif unresolved is not None:
                    why = (
                        "an Assembly resolution of before 1976 is known by its session numeral"
                        if is_ga
                        else "no organ named"
                    )
                    unresolved.append((dated.start(1), f"{word.group().strip()} {shown}", why))
                position = date.end()
                continue
            ga = _GA_ITEM_RE.match(text, position)
            if ga:
                # "ES-10/19" is an emergency special session's: the Assembly's alone.
                emergency = ga.group(1).startswith(("ES-", "S-"))
                is_ga = emergency or general_assembly or _ASSEMBLY_AFTER_RE.match(text, ga.end())
                shown = f"{ga.group(1)}/{ga.group(2)}"
                if is_ga and symbols.plausible_ga_resolution(ga.group(1), ga.group(2)):
                    key = symbols.ga_resolution_key(ga.group(1), ga.group(2))
                    found.append((ga.start(1), CitationKind.GA_RESOLUTION, key, shown))
                elif not is_ga and unresolved is not None:
                    # The Human Rights Council numbers its resolutions "31/1" too.
                    unresolved.append(
                        (ga.start(1), f"{word.group().strip()} {shown}", "no organ named")
                    )
                position = ga.end()
                continue
            break
    return found


# The Chinese version: "安全理事会第2231(2015)号决议", "第822(1993)、853(1993)和874(1993)号
# 决议", "大会第62/243号决议" (a number with a slash is the Assembly's only when it says so).
_ZH_RESOLUTIONS_RE = re.compile(r"(?P<ga>大会)?第(?P<list>[0-9/()（）\s、，,和及]{1,200}?)号决议")
_ZH_SC_RE = re.compile(r"(\d{1,5})\s*[(（]\s*((?:19|20)\d\d)\s*[)）]")
_ZH_GA_RE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,4})(?![\d/])")


def _chinese_resolutions(text: str) -> list[tuple[int, CitationKind, str, str]]:
    found: list[tuple[int, CitationKind, str, str]] = []
    for match in _ZH_RESOLUTIONS_RE.finditer(text):
        listed = match.group("list")
        offset = match.start("list")
        for sc in _ZH_SC_RE.finditer(listed):
            key = symbols.sc_resolution_key(sc.group(1), sc.group(2))
            shown = f"{sc.group(1)} ({sc.group(2)})"
            found.append((offset + sc.start(), CitationKind.SC_RESOLUTION, key, shown))
        if match.group("ga"):
            for ga in _ZH_GA_RE.finditer(listed):
                if symbols.plausible_ga_resolution(ga.group(1), ga.group(2)):
                    key = symbols.ga_resolution_key(ga.group(1), ga.group(2))
                    shown = f"{ga.group(1)}/{ga.group(2)}"
                    found.append((offset + ga.start(), CitationKind.GA_RESOLUTION, key, shown))
    return found


def _symbols(text: str, own: set[str]) -> list[tuple[int, CitationKind, str, str]]:
    found = []
    for start, end, key in symbols.find_symbols(text):
        if key in own or set(symbols.split_symbol(key)) <= own:
            continue
        if symbols.is_sc_resolution(key):
            kind = CitationKind.SC_RESOLUTION
        elif symbols.is_ga_resolution(key):
            kind = CitationKind.GA_RESOLUTION
        else:
            kind = CitationKind.DOCUMENT
        found.append((start, kind, key, text[start:end]))
    return found


def find_citations(
    text: str,
    own_symbols: tuple[str, ...] = (),
    unresolved: list[tuple[int, str, str]] | None = None,
) -> list[CitedDocumentRef]:
    """Citations in one text, in order of appearance (duplicates kept); resolutions cited
    without what says whose they are go to ``unresolved`` (``_resolution_lists``)."""
    found = _symbols(text, set(own_symbols))
    found += _resolution_lists(text, unresolved)
    if "号决议" in text:
        found += _chinese_resolutions(text)
    for name, pattern in _TREATY_RES:
        found += [(m.start(), CitationKind.TREATY, name, m.group()) for m in pattern.finditer(text)]
    found += [
        (start, CitationKind.COURT_CASE, key, shown) for start, key, shown in _court_cases(text)
    ]
    found.sort(key=lambda item: item[0])
    return [CitedDocumentRef(kind=kind, key=key, text=shown) for _, kind, key, shown in found]


def collect_citations(
    texts: list[str], own_symbols: tuple[str, ...] = ()
) -> tuple[CitedDocumentRef, ...]:
    """Citations across several texts, deduplicated by (kind, key), first mention kept."""
    return collect(texts, own_symbols)[0]


def collect(
    texts: list[str], own_symbols: tuple[str, ...] = ()
) -> tuple[tuple[CitedDocumentRef, ...], tuple[tuple[str, str], ...]]:
    """Citations across several texts as ``collect_citations`` gives them, and the
    resolutions cited without what would say whose they are: (as printed, why), in
    order, each once."""
    seen: set[tuple[str, str]] = set()
    out: list[CitedDocumentRef] = []
    unresolved: dict[str, str] = {}
    for chunk in texts:
        doubtful: list[tuple[int, str, str]] = []
        for ref in find_citations(chunk, own_symbols, doubtful):
            if (ref.kind, ref.key) not in seen:
                seen.add((ref.kind, ref.key))
                out.append(ref)
        for _, shown, why in sorted(doubtful):
            unresolved.setdefault(" ".join(shown.split()), why)
    return tuple(out), tuple(unresolved.items())
