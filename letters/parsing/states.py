"""Names of States as UN documents print them, used to split joint senders.

"the Permanent Representatives of Armenia and France" names two States, but
"Bosnia and Herzegovina" and "Trinidad and Tobago" name one: splitting on "and"
needs to know the names. Short names follow the UN Member States list; common
formal names ("the Republic of Azerbaijan", "the Islamic Republic of Iran")
are added because letters use them. The parser keeps names as printed; this
table only decides where one name ends.
"""

from __future__ import annotations

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

STATE_NAMES: frozenset[str] = frozenset(
    name.strip().casefold() for name in MEMBER_STATES.replace("\n", "").split("|") if name.strip()
)
# Longest first, so "Serbia and Montenegro" wins over "Serbia".
_LONGEST_FIRST = sorted(STATE_NAMES, key=len, reverse=True)


def is_state(name: str) -> bool:
    return _strip_article(name).casefold() in STATE_NAMES


def _strip_article(name: str) -> str:
    name = name.strip()
    return name[4:] if name[:4].casefold() == "the " else name


def split_states(text: str) -> list[str] | None:
    """Split "Armenia and France" / "Azerbaijan, Georgia and Ukraine" into names.

    Returns None unless the whole text is a list of known names; the names are
    returned as printed, without a leading "the".
    """
    rest = text.strip().rstrip(".,;")
    names: list[str] = []
    while rest:
        rest = rest.lstrip(" ,")
        if rest[:4].casefold() == "and ":
            rest = rest[4:]
        rest = _strip_article(rest)
        folded = rest.casefold()
        for name in _LONGEST_FIRST:
            if folded.startswith(name) and (len(rest) == len(name) or rest[len(name)] in " ,"):
                names.append(rest[: len(name)])
                rest = rest[len(name) :]
                break
        else:
            return None
    return names or None
