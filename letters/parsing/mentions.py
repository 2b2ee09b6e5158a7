"""The States a letter names in its text and annexes (DESIGN.md §13), canonical.

Names are those of the States table (parsing/states.py: current, formal and former
names, so "Zaire" is the Democratic Republic of the Congo and "Soviet" the Union of
Soviet Socialist Republics) and the adjectives and nouns for a State's people where
they point at one State only ("Armenian", "Azerbaijanis"; not "Korean", "Congolese",
"Guinean", "Dominican", "American", "Indian", "Macedonian", which fit several States or
none). A name is read as printed, capital first, so "chad" or "turkey" in running
text is nobody; where names overlap the longest wins ("Papua New Guinea", not
"Guinea"; "Democratic Republic of the Congo", not "Congo"), and a few places named
after a State are not that State ("Gulf of Guinea", "Niger Delta", "Republic of China").
A State's adjective used for its language ("in Russian", "the French version",
"Russian-speaking") is not a mention.

English only: the table holds the English names, and the other language versions of
a letter name the same States (DESIGN.md §11).

Speed: the table is indexed once by the first word of each name; a text is read in
one pass over its capitalised words, each looked up in that index (a dict), so the
cost is linear in the text (bench/links_accuracy.py measures it on the samples and on
500 KB).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from letters.parsing import states

# Canonical name: the adjectives and nouns for its people that point at it alone.
_DEMONYMS = """
Afghanistan: Afghan, Afghans
Albania: Albanian, Albanians
Algeria: Algerian, Algerians
Angola: Angolan, Angolans
Argentina: Argentine, Argentinian, Argentines, Argentinians
Armenia: Armenian, Armenians
Australia: Australian, Australians
Austria: Austrian, Austrians
Azerbaijan: Azerbaijani, Azerbaijanis, Azerbaijanian
Bahrain: Bahraini, Bahrainis
Bangladesh: Bangladeshi, Bangladeshis
Belarus: Belarusian, Belarusians, Byelorussian
Belgium: Belgian, Belgians
Bolivia (Plurinational State of): Bolivian, Bolivians
Bosnia and Herzegovina: Bosnian, Bosnians
Brazil: Brazilian, Brazilians
Bulgaria: Bulgarian, Bulgarians
Burundi: Burundian, Burundians
Cambodia: Cambodian, Cambodians
Cameroon: Cameroonian, Cameroonians
Canada: Canadian, Canadians
Chad: Chadian, Chadians
Chile: Chilean, Chileans
China: Chinese
Colombia: Colombian, Colombians
Croatia: Croatian, Croatians
Cuba: Cuban, Cubans
Cyprus: Cypriot, Cypriots
Czechia: Czech, Czechs
Denmark: Danish, Dane, Danes
Ecuador: Ecuadorian, Ecuadorians
Egypt: Egyptian, Egyptians
Eritrea: Eritrean, Eritreans
Estonia: Estonian, Estonians
Ethiopia: Ethiopian, Ethiopians
Finland: Finnish, Finn, Finns
France: French
Georgia: Georgian, Georgians
Germany: German, Germans
Ghana: Ghanaian, Ghanaians
Greece: Greek, Greeks
Guatemala: Guatemalan, Guatemalans
Haiti: Haitian, Haitians
Honduras: Honduran, Hondurans
Hungary: Hungarian, Hungarians
Iceland: Icelandic, Icelander, Icelanders
Indonesia: Indonesian, Indonesians
Iran (Islamic Republic of): Iranian, Iranians
Iraq: Iraqi, Iraqis
Ireland: Irish
Israel: Israeli, Israelis
Italy: Italian, Italians
Jamaica: Jamaican, Jamaicans
Japan: Japanese
Jordan: Jordanian, Jordanians
Kazakhstan: Kazakh, Kazakhs, Kazakhstani
Kenya: Kenyan, Kenyans
Kuwait: Kuwaiti, Kuwaitis
Kyrgyzstan: Kyrgyz
Latvia: Latvian, Latvians
Lebanon: Lebanese
Liberia: Liberian, Liberians
Libya: Libyan, Libyans
Lithuania: Lithuanian, Lithuanians
Malaysia: Malaysian, Malaysians
Mali: Malian, Malians
Mauritania: Mauritanian, Mauritanians
Mexico: Mexican, Mexicans
Republic of Moldova: Moldovan, Moldovans
Mongolia: Mongolian, Mongolians
Montenegro: Montenegrin, Montenegrins
Morocco: Moroccan, Moroccans
Mozambique: Mozambican, Mozambicans
Myanmar: Burmese
Nepal: Nepalese, Nepali
Netherlands: Dutch
Nicaragua: Nicaraguan, Nicaraguans
Niger: Nigerien, Nigeriens
Nigeria: Nigerian, Nigerians
Norway: Norwegian, Norwegians
Oman: Omani, Omanis
Pakistan: Pakistani, Pakistanis
Panama: Panamanian, Panamanians
Paraguay: Paraguayan, Paraguayans
Peru: Peruvian, Peruvians
Philippines: Philippine, Filipino, Filipinos
Poland: Polish, Pole, Poles
Portugal: Portuguese
Qatar: Qatari, Qataris
Romania: Romanian, Romanians
Russian Federation: Russian, Russians
Rwanda: Rwandan, Rwandans
Saudi Arabia: Saudi, Saudis
Senegal: Senegalese
Serbia: Serbian, Serb, Serbs
Slovakia: Slovak, Slovaks
Slovenia: Slovenian, Slovene, Slovenians, Slovenes
Somalia: Somali, Somalis
South Africa: South African, South Africans
South Sudan: South Sudanese
Spain: Spanish, Spaniard, Spaniards
Sri Lanka: Sri Lankan, Sri Lankans
Sudan: Sudanese
Sweden: Swedish, Swede, Swedes
Switzerland: Swiss
Syrian Arab Republic: Syrian, Syrians
Tajikistan: Tajik, Tajiks
Thailand: Thai
Tunisia: Tunisian, Tunisians
Türkiye: Turkish
Turkmenistan: Turkmen
Uganda: Ugandan, Ugandans
Ukraine: Ukrainian, Ukrainians
United Arab Emirates: Emirati, Emiratis
United Kingdom of Great Britain and Northern Ireland: British
United Republic of Tanzania: Tanzanian, Tanzanians
Uruguay: Uruguayan, Uruguayans
Uzbekistan: Uzbek, Uzbeks
Venezuela (Bolivarian Republic of): Venezuelan, Venezuelans
Viet Nam: Vietnamese
Yemen: Yemeni, Yemenis
Zambia: Zambian, Zambians
Zimbabwe: Zimbabwean, Zimbabweans
State of Palestine: Palestinian, Palestinians
Union of Soviet Socialist Republics: Soviet
Yugoslavia: Yugoslav
"""

# Places and names that begin or end with a State's name but are not that State:
# read as a whole so that no State is read inside them.
_NOT_STATES = (
    "Gulf of Guinea",
    "New Guinea",
    "Niger Delta",
    "Niger River",
    "Congo River",
    "Congo Basin",
    "Republic of China",
    "Persian Gulf",
    "Indian Ocean",
)

# A State's adjective standing for its language: "in Russian", "[Original: French]",
# "the Spanish version", "Russian-speaking".
_LANGUAGE_BEFORE_RE = re.compile(r"(?:\bin|\bOriginal:|\binto|\bfrom)\s$")
_LANGUAGE_AFTER_RE = re.compile(
    r"(?:\s(?:language|languages|version|versions|text|texts|translation|translations"
    r"|original|speakers?|-speaking)\b|-(?:speaking|language)\b)"
)
# Between two languages of one list ("in Russian, French and Spanish").
_LIST_JOIN_RE = re.compile(r"\s*(?:,\s*and|,|and|or)\s+(?:in\s+)?$")
# A capitalised word: the first word of a name is looked up in the index.
_WORD_RE = re.compile(r"(?<![\w])[A-Z][\w-]*")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def _first_word(form: str) -> str:
    match = _WORD_RE.search(form)
    return match.group() if match else form


def _build_index() -> tuple[dict[str, list[tuple[str, str | None]]], frozenset[str]]:
    """First word -> [(form, canonical name or None for a non-State)], longest first;
    and the forms that are adjectives (which may stand for a language)."""
    forms: list[tuple[str, str | None]] = []
    for printed, canonical in states.printed_forms():
        # "the Sudan", "former Yugoslav Republic of Macedonia": from the first capital.
        start = _WORD_RE.search(printed)
        if start:
            forms.append((printed[start.start() :].translate(_QUOTES), canonical))
    adjectives: set[str] = set()
    for line in _DEMONYMS.strip().splitlines():
        canonical, _, words = line.partition(":")
        for word in words.split(","):
            forms.append((word.strip(), canonical.strip()))
            adjectives.add(word.strip())
    forms += [(place, None) for place in _NOT_STATES]
    index: dict[str, list[tuple[str, str | None]]] = {}
    for form, canonical in dict(forms).items():
        index.setdefault(_first_word(form), []).append((form, canonical))
    for candidates in index.values():
        candidates.sort(key=lambda item: len(item[0]), reverse=True)
    return index, frozenset(adjectives)


_INDEX, _ADJECTIVES = _build_index()


def _is_language(text: str, start: int, end: int, previous_language_end: int) -> bool:
    before = text[max(0, start - 12) : start]
    if _LANGUAGE_BEFORE_RE.search(before) or _LANGUAGE_AFTER_RE.match(text, end):
        return True
    # The next item of a list of languages ("in Russian, French and Spanish").
    gap = text[previous_language_end:start] if 0 <= start - previous_language_end <= 12 else ""
    return bool(gap) and bool(_LIST_JOIN_RE.fullmatch(gap + " ") or _LIST_JOIN_RE.match(gap))


def _match_at(text: str, word: re.Match[str]) -> tuple[str | None, int] | None:
    """The name that starts at ``word``: (canonical name or None, end), or None."""
    token, start = word.group(), word.start()
    for form, canonical in _INDEX.get(token, ()):
        end = start + len(form)
        if form == token or (
            text.startswith(form, start) and (end == len(text) or not text[end].isalnum())
        ):
            return canonical, end
    return None


def states_mentioned(texts: Iterable[str], *, exclude: Iterable[str] = ()) -> tuple[str, ...]:
    """The canonical States named in ``texts``, in order of first mention, without
    those in ``exclude`` (the letter's senders)."""
    excluded = set(exclude)
    found: dict[str, None] = {}
    for raw in texts:
        # One space between words and straight apostrophes, so a name broken over two
        # lines or printed with a curly apostrophe is found (str methods: fast in C).
        text = " ".join(raw.replace("’", "'").replace("‘", "'").split())
        consumed = 0
        language_end = -100
        for word in _WORD_RE.finditer(text):
            if word.start() < consumed:
                continue
            matched = _match_at(text, word)
            pieces: list[tuple[str | None, int, int]] = []
            if matched is not None:
                pieces.append((matched[0], word.start(), matched[1]))
            elif "-" in word.group():
                # "Armenia-Azerbaijan conflict", "anti-Armenian": each part on its own.
                offset = word.start()
                for part in word.group().split("-"):
                    candidates = _INDEX.get(part, ())
                    if any(form == part for form, _ in candidates):
                        canonical = next(c for form, c in candidates if form == part)
                        pieces.append((canonical, offset, offset + len(part)))
                    offset += len(part) + 1
            for canonical, start, end in pieces:
                consumed = max(consumed, end)
                if text[start:end] in _ADJECTIVES and _is_language(text, start, end, language_end):
                    language_end = end
                    continue
                if canonical is not None and canonical not in excluded:
                    found.setdefault(canonical, None)
    return tuple(found)


def adjective_state(word: str) -> str | None:
    """The State an adjective for its people points at ("Armenian" -> "Armenia",
    "Soviet" -> "Union of Soviet Socialist Republics"), or None."""
    if word not in _ADJECTIVES:
        return None
    return next((canonical for form, canonical in _INDEX.get(word, ()) if form == word), None)
