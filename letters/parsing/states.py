"""States as UN documents name them: the canonical name of each, its other forms,
and the rules that find State names in a heading.

The canonical name is the short name of the United Nations list of Member States
(e.g. "Iran (Islamic Republic of)", "United Kingdom of Great Britain and Northern
Ireland", "Türkiye") and of the two observer States ("Holy See", "State of
Palestine"). A State that changed its name keeps one record under its current name
("Swaziland" -> "Eswatini", "Zaire" -> "Democratic Republic of the Congo"); a State
that dissolved keeps its own ("Union of Soviet Socialist Republics",
"Czechoslovakia", "Yugoslavia"). Formal names ("the Islamic Republic of Iran",
"the Kingdom of Saudi Arabia") are read through their prefix ("Islamic Republic
of", "Kingdom of") followed by a name in the table, so the table lists only the
forms that no prefix rule gives.

Organizations that hold observer status (the European Union, the African Union)
are not States: ``canonical_state`` returns None for them, and the title reader
stores them as the sender's organization (DESIGN.md §1, §4).
"""

from __future__ import annotations

import re

# The flat list of earlier versions, kept because the synthetic corpus
# (letters/synthetic/world.py) reads its current names from it, in this order.
MEMBER_STATES = """
Afghanistan|Albania|Algeria|Andorra|Angola|Antigua and Barbuda|Argentina|Armenia|Australia|
Austria|Azerbaijan|Bahamas|Bahrain|Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|
Bolivia|Bolivia (Plurinational State of)|Bosnia and Herzegovina|Botswana|Brazil|
Brunei Darussalam|Bulgaria|Burkina Faso|Burundi|Cabo Verde|Cape Verde|Cambodia|Cameroon|Canada|
Central African Republic|Chad|Chile|China|Colombia|Comoros|Congo|Costa Rica|Côte d'Ivoire|
Côte d’Ivoire|Croatia|Cuba|Cyprus|Czechia|Czech Republic|Democratic People's Republic of Korea|
Democratic People’s Republic of Korea|Democratic Republic of the Congo|Denmark|Djibouti|
Dominica|Dominican Republic|Ecuador|Egypt|El Salvador|Equatorial Guinea|Eritrea|Estonia|
Eswatini|Swaziland|Ethiopia|Fiji|Finland|France|Gabon|Gambia|Georgia|Germany|Ghana|Greece|
Grenada|Guatemala|Guinea|Guinea-Bissau|Guyana|Haiti|Honduras|Hungary|Iceland|India|Indonesia|
Iran|Iran (Islamic Republic of)|Iraq|Ireland|Israel|Italy|Jamaica|Japan|Jordan|Kazakhstan|Kenya|
Kiribati|Kuwait|Kyrgyzstan|Lao People's Democratic Republic|Lao People’s Democratic Republic|
Latvia|Lebanon|Lesotho|Liberia|Libya|Libyan Arab Jamahiriya|Liechtenstein|Lithuania|Luxembourg|
Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Marshall Islands|Mauritania|Mauritius|Mexico|
Micronesia (Federated States of)|Monaco|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Namibia|
Nauru|Nepal|Netherlands|New Zealand|Nicaragua|Niger|Nigeria|North Macedonia|Norway|Oman|
Pakistan|Palau|Panama|Papua New Guinea|Paraguay|Peru|Philippines|Poland|Portugal|Qatar|
Republic of Korea|Republic of Moldova|Moldova|Romania|Russian Federation|Rwanda|
Saint Kitts and Nevis|Saint Lucia|Saint Vincent and the Grenadines|Samoa|San Marino|
Sao Tome and Principe|Saudi Arabia|Senegal|Serbia|Serbia and Montenegro|Seychelles|
Sierra Leone|Singapore|Slovakia|Slovenia|Solomon Islands|Somalia|South Africa|South Sudan|
Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syrian Arab Republic|Syria|Tajikistan|
Thailand|the former Yugoslav Republic of Macedonia|Timor-Leste|Togo|Tonga|Trinidad and Tobago|
Tunisia|Turkey|Türkiye|Turkmenistan|Tuvalu|Uganda|Ukraine|United Arab Emirates|
United Kingdom|United Kingdom of Great Britain and Northern Ireland|
United Republic of Tanzania|United States|United States of America|Uruguay|Uzbekistan|Vanuatu|
Venezuela|Venezuela (Bolivarian Republic of)|Viet Nam|Yemen|Yugoslavia|Zambia|Zimbabwe|
Holy See|State of Palestine|Palestine|European Union|
Republic of Azerbaijan|Republic of Armenia|Islamic Republic of Iran|Kingdom of Saudi Arabia|
Republic of Turkey|Republic of Türkiye|Republic of Belarus|Republic of Kazakhstan|
Republic of Uzbekistan|Kyrgyz Republic|Republic of Tajikistan|Republic of Cyprus|
Bolivarian Republic of Venezuela|Plurinational State of Bolivia|Kingdom of Morocco|
Hashemite Kingdom of Jordan|Kingdom of the Netherlands|Kingdom of Bahrain|Arab Republic of Egypt|
People's Republic of China|People’s Republic of China|Federal Republic of Germany|
French Republic|Italian Republic|Republic of Serbia|Republic of Croatia|Republic of Iraq|
Republic of India|Islamic Republic of Pakistan|Republic of Poland|Republic of Lithuania|
Republic of Latvia|Republic of Estonia|Republic of Georgia|Federal Democratic Republic of Ethiopia|
State of Qatar|State of Kuwait|State of Israel|Sultanate of Oman|Republic of the Sudan|
Federal Republic of Yugoslavia|Socialist Federal Republic of Yugoslavia|
Union of Soviet Socialist Republics|USSR|German Democratic Republic|Czechoslovakia|
Zaire|Burma|Democratic Kampuchea|Upper Volta|Dahomey|Byelorussian Soviet Socialist Republic|
Ukrainian Soviet Socialist Republic
"""

# Canonical name, then the other forms letters print (one State a line).
_TABLE = """
Afghanistan|Islamic Emirate of Afghanistan|Islamic Republic of Afghanistan
Albania
Algeria|People's Democratic Republic of Algeria
Andorra
Angola
Antigua and Barbuda
Argentina|Argentine Republic
Armenia
Australia|Commonwealth of Australia
Austria
Azerbaijan
Bahamas|Commonwealth of the Bahamas
Bahrain
Bangladesh|People's Republic of Bangladesh
Barbados
Belarus|Byelorussian Soviet Socialist Republic|Byelorussian SSR
Belgium
Belize
Benin|Dahomey
Bhutan
Bolivia (Plurinational State of)|Bolivia|Plurinational State of Bolivia
Bosnia and Herzegovina
Botswana
Brazil|Federative Republic of Brazil
Brunei Darussalam|Brunei
Bulgaria
Burkina Faso|Upper Volta
Burundi
Cabo Verde|Cape Verde
Cambodia|Democratic Kampuchea|Kampuchea
Cameroon
Canada
Central African Republic
Chad
Chile
China|People's Republic of China
Colombia
Comoros|Union of the Comoros
Congo|Republic of the Congo
Costa Rica
Côte d'Ivoire|Cote d'Ivoire|Ivory Coast
Croatia
Cuba
Cyprus
Czechia|Czech Republic
Democratic People's Republic of Korea|DPRK|North Korea
Democratic Republic of the Congo|Zaire|DRC
Denmark
Djibouti
Dominica
Dominican Republic
Ecuador
Egypt|Arab Republic of Egypt
El Salvador
Equatorial Guinea
Eritrea
Estonia
Eswatini|Swaziland
Ethiopia|Federal Democratic Republic of Ethiopia
Fiji
Finland
France|French Republic
Gabon|Gabonese Republic
Gambia
Georgia
Germany|Federal Republic of Germany
Ghana
Greece|Hellenic Republic
Grenada
Guatemala
Guinea
Guinea-Bissau
Guyana|Co-operative Republic of Guyana
Haiti
Honduras
Hungary
Iceland
India
Indonesia
Iran (Islamic Republic of)|Iran|Islamic Republic of Iran
Iraq
Ireland
Israel
Italy|Italian Republic
Jamaica
Japan
Jordan|Hashemite Kingdom of Jordan
Kazakhstan
Kenya
Kiribati
Kuwait
Kyrgyzstan|Kyrgyz Republic
Lao People's Democratic Republic|Laos|Lao PDR
Latvia
Lebanon|Lebanese Republic
Lesotho
Liberia
Libya|Libyan Arab Jamahiriya|State of Libya
Liechtenstein
Lithuania
Luxembourg
Madagascar
Malawi
Malaysia
Maldives
Mali
Malta
Marshall Islands
Mauritania|Islamic Republic of Mauritania
Mauritius
Mexico|United Mexican States
Micronesia (Federated States of)|Micronesia|Federated States of Micronesia
Monaco
Mongolia
Montenegro
Morocco
Mozambique
Myanmar|Burma|Republic of the Union of Myanmar
Namibia
Nauru
Nepal|Federal Democratic Republic of Nepal
Netherlands|Netherlands (Kingdom of the)|Kingdom of the Netherlands
New Zealand
Nicaragua
Niger
Nigeria
North Macedonia|former Yugoslav Republic of Macedonia|Republic of North Macedonia
Norway
Oman
Pakistan
Palau
Panama
Papua New Guinea
Paraguay
Peru
Philippines
Poland
Portugal|Portuguese Republic
Qatar
Republic of Korea|South Korea
Republic of Moldova|Moldova
Romania
Russian Federation|Russia
Rwanda
Saint Kitts and Nevis
Saint Lucia
Saint Vincent and the Grenadines
Samoa
San Marino
Sao Tome and Principe|São Tomé and Príncipe
Saudi Arabia
Senegal
Serbia
Seychelles
Sierra Leone
Singapore
Slovakia|Slovak Republic
Slovenia
Solomon Islands
Somalia|Federal Republic of Somalia
South Africa
South Sudan
Spain
Sri Lanka|Democratic Socialist Republic of Sri Lanka
Sudan|Republic of the Sudan|the Sudan
Suriname
Sweden
Switzerland|Swiss Confederation
Syrian Arab Republic|Syria
Tajikistan
Thailand
Timor-Leste|East Timor
Togo|Togolese Republic
Tonga
Trinidad and Tobago
Tunisia
Türkiye|Turkey|Turkiye
Turkmenistan
Tuvalu
Uganda
Ukraine|Ukrainian Soviet Socialist Republic|Ukrainian SSR
United Arab Emirates
United Kingdom of Great Britain and Northern Ireland|United Kingdom|UK
United Republic of Tanzania|Tanzania
United States of America|United States|USA
Uruguay|Oriental Republic of Uruguay
Uzbekistan
Vanuatu
Venezuela (Bolivarian Republic of)|Venezuela|Bolivarian Republic of Venezuela
Viet Nam|Vietnam|Socialist Republic of Viet Nam
Yemen
Zambia
Zimbabwe
Holy See|Vatican
State of Palestine|Palestine
Union of Soviet Socialist Republics|USSR|Soviet Union
Czechoslovakia|Czech and Slovak Federal Republic
German Democratic Republic
Yugoslavia|Federal Republic of Yugoslavia|Socialist Federal Republic of Yugoslavia
Serbia and Montenegro
"""

# Formal-name prefixes: "the Islamic Republic of Iran" is Iran. Longest first.
_FORMAL_PREFIXES = sorted(
    (
        "Republic of", "Kingdom of", "Kingdom of the", "Principality of", "Grand Duchy of",
        "Sultanate of", "State of", "Commonwealth of", "Federal Republic of",
        "Islamic Republic of", "Hashemite Kingdom of", "Arab Republic of",
        "Democratic Republic of", "People's Republic of", "Socialist Republic of",
        "Federal Democratic Republic of", "Plurinational State of", "Bolivarian Republic of",
        "United Republic of", "Independent State of", "Union of", "Government of",
    ),
    key=len,
    reverse=True,
)  # fmt: skip
# Formal names that a prefix rule would misread ("Republic of China" is not China).
_NOT_BY_PREFIX = frozenset({"republic of china"})

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def _key(name: str) -> str:
    return " ".join(name.translate(_QUOTES).split()).casefold()


def _load() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in _TABLE.strip().splitlines():
        forms = [form.strip() for form in line.split("|") if form.strip()]
        for form in forms:
            table[_key(form)] = forms[0]
    return table


_CANONICAL: dict[str, str] = _load()
CANONICAL_NAMES: tuple[str, ...] = tuple(dict.fromkeys(_CANONICAL.values()))
# Every printed form, longest first, so "Serbia and Montenegro" wins over "Serbia";
# bounded by the table, so scanning it is linear in the text.
_FORMS_LONGEST_FIRST: tuple[str, ...] = tuple(sorted(_CANONICAL, key=len, reverse=True))
_NAME_END = frozenset(" ,;:.()[]/\n")


def _strip_article(name: str) -> str:
    name = name.strip()
    return name[4:] if name[:4].casefold() == "the " else name


def canonical_state(name: str) -> str | None:
    """The canonical name of the State ``name`` denotes, or None if it names none.

    Case, curly apostrophes, spacing and a leading "the" do not matter; a formal
    name ("Kingdom of Saudi Arabia") is read through its prefix.
    """
    key = _key(_strip_article(name).rstrip(".,;:"))
    if key in _CANONICAL:
        return _CANONICAL[key]
    if key in _NOT_BY_PREFIX:
        return None
    for prefix in _FORMAL_PREFIXES:
        folded = prefix.casefold() + " "
        if key.startswith(folded):
            return _CANONICAL.get(_key(_strip_article(key[len(folded) :])))
    return None


def match_state(text: str) -> tuple[str, int] | None:
    """The State named at the start of ``text``: (canonical name, characters used).

    The longest printed form wins; a name must end at a word boundary. A leading
    "the" and a formal prefix are part of the match.
    """
    folded = text[:200].translate(_QUOTES).casefold()
    start = 4 if folded.startswith("the ") else 0
    starts = [start]
    for prefix in _FORMAL_PREFIXES:
        candidate = prefix.casefold() + " "
        if folded.startswith(candidate, start):
            after = start + len(candidate)
            starts.append(after + 4 if folded.startswith("the ", after) else after)
            break
    # A form wholly listed ("Republic of Korea") is tried before the prefix rule.
    for begin in starts:
        for form in _FORMS_LONGEST_FIRST:
            end = begin + len(form)
            if folded.startswith(form, begin) and (end == len(folded) or folded[end] in _NAME_END):
                if begin != start and _key(folded[start:end]) in _NOT_BY_PREFIX:
                    return None
                return _CANONICAL[form], end
    return None


# Between two names of a list: ", ", " and ", ", and ".
LIST_JOIN_RE = re.compile(r"\s*(?:,\s*and|,|and|&)\s+|\s*,\s*", re.IGNORECASE)


def match_state_list(text: str) -> tuple[list[str], int]:
    """States listed at the start of ``text`` ("Armenia and France", "Azerbaijan,
    Georgia, the Republic of Moldova and Ukraine"): canonical names and the
    characters used (([], 0) when ``text`` does not start with a State)."""
    names: list[str] = []
    used = 0
    position = 0
    while len(names) < 200:
        found = match_state(text[position:])
        if found is None:
            break
        name, length = found
        if name not in names:
            names.append(name)
        used = position + length
        joiner = LIST_JOIN_RE.match(text, used)
        if joiner is None:
            break
        position = joiner.end()
    return names, used


def split_states(text: str) -> list[str] | None:
    """Canonical names of the States ``text`` lists, or None unless the whole text
    is such a list (a trailing stop allowed)."""
    rest = text.strip().rstrip(".,;")
    names, used = match_state_list(rest)
    return names if names and used == len(rest) else None


def printed_forms() -> list[tuple[str, str]]:
    """Every form of the table as it is cased there, with its canonical name (for
    finding States named anywhere in a text: parsing/mentions.py)."""
    lines = _TABLE.strip().splitlines()
    return [(f.strip(), line.split("|")[0].strip()) for line in lines for f in line.split("|")]
