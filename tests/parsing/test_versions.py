"""A French, Spanish or Russian version's masthead: session, Council year and agenda item
numbers read as the version prints them; titles left to the English version."""

from __future__ import annotations

import datetime

import pytest

from letters.parsing.header import parse_header
from letters.parsing.versions import french_ordinal, russian_ordinal, spanish_ordinal


@pytest.mark.parametrize(
    ("reader", "text", "value"),
    [
        pytest.param(french_ordinal, "Soixante-seizième", 76, id="fr-76"),
        pytest.param(french_ordinal, "Soixante-dix-septième", 77, id="fr-77"),
        pytest.param(french_ordinal, "Quatre-vingtième", 80, id="fr-80"),
        pytest.param(french_ordinal, "Quatre-vingt-unième", 81, id="fr-81"),
        pytest.param(french_ordinal, "Trente et unième", 31, id="fr-et-un"),
        pytest.param(french_ordinal, "Cinquante-neuvième", 59, id="fr-neuv"),
        pytest.param(french_ordinal, "Assemblée générale", None, id="fr-not-ordinal"),
        pytest.param(spanish_ordinal, "Septuagésimo sexto", 76, id="es-76"),
        pytest.param(spanish_ordinal, "Vigésimo primer", 21, id="es-21"),
        pytest.param(spanish_ordinal, "Decimotercero", 13, id="es-13"),
        pytest.param(spanish_ordinal, "Consejo de", None, id="es-not-ordinal"),
        pytest.param(russian_ordinal, "Семьдесят шестая", 76, id="ru-76"),
        pytest.param(russian_ordinal, "Семьдесят седьмой", 77, id="ru-77"),
        pytest.param(russian_ordinal, "Шестидесятая", 60, id="ru-60"),
        pytest.param(russian_ordinal, "Генеральная", None, id="ru-not-ordinal"),
    ],
)
def test_ordinals_of_the_versions(reader, text, value) -> None:
    assert reader(text) == value


@pytest.mark.parametrize(
    "masthead",
    [
        pytest.param(
            "Distr. générale\n7 mars 2022\n\nAssemblée générale\nSoixante-seizième session\n"
            "Points 17 et 27 de l'ordre du jour\nConseil de sécurité\nSoixante-dix-septième année",
            id="french",
        ),
        pytest.param(
            "Distr. general\n7 de marzo de 2022\n\nAsamblea General\n"
            "Septuagésimo sexto período de sesiones\nTemas 17 y 27 del programa\n"
            "Consejo de Seguridad\nSeptuagésimo séptimo año",
            id="spanish",
        ),
        pytest.param(
            "Distr.: General\n7 марта 2022 года\n\nГенеральная Ассамблея\nСемьдесят шестая сессия\n"
            "Пункты 17 и 27 повестки дня\nСовет Безопасности\nСемьдесят седьмой год",
            id="russian",
        ),
    ],
)
def test_a_versions_masthead_gives_its_language_neutral_facts(masthead) -> None:
    info = parse_header(masthead)
    assert info.distribution_date == datetime.date(2022, 3, 7)
    assert (info.ga_session, info.sc_year) == (76, 77)
    assert [(item.number, item.title) for item in info.agenda_items] == [(17, None), (27, None)]
    assert "agenda item titles not read: the masthead is not in English" in info.warnings


def test_hostile_version_lines_stay_linear() -> None:
    masthead = ("Soixante " * 2000 + "session\n") + ("Points " + "1 et " * 2000) + "\n"
    info = parse_header(masthead)
    assert info.ga_session is None


# Titles of the versions, read on their own ------------------------------------------------

_SG, _PSC = "Secretary-General", "President of the Security Council"


@pytest.mark.parametrize(
    ("title", "language", "expected"),
    [
        pytest.param(
            "Lettre datée du 7 mai 2021, adressée au Secrétaire général par le Représentant "
            "permanent de l'Azerbaïdjan auprès de l'Organisation des Nations Unies",
            "fr", ("letter", "2021-05-07", ["Azerbaijan"], "Permanent Representative", None, [_SG]),
            id="fr-letter",
        ),
        pytest.param(
            "Lettre datée du 5 mars 2022, adressée au Président du Conseil de sécurité par les "
            "représentants de la Chine et de la Fédération de Russie auprès de l'Organisation "
            "des Nations Unies",
            "fr", ("letter", "2022-03-05", ["China", "Russian Federation"], "representatives",
                   None, [_PSC]),
            id="fr-joint",
        ),
        pytest.param(
            "Note verbale datée du 1er juin 2021, adressée au Secrétaire général par la Mission "
            "permanente de la République islamique d'Iran auprès de l'Organisation des Nations Unies",
            "fr", ("note_verbale", "2021-06-01", ["Iran (Islamic Republic of)"], "Permanent Mission",
                   None, [_SG]),
            id="fr-note-verbale-1er",
        ),
        pytest.param(
            "Lettre datée du 2 mars 2023, adressée au Secrétaire général par le Représentant "
            "permanent de l'Égypte auprès de l'Organisation des Nations Unies, au nom des États "
            "membres du Groupe des États arabes",
            "fr", ("letter", "2023-03-02", ["Egypt"], "Permanent Representative",
                   "Groupe des États arabes", [_SG]),
            id="fr-group",
        ),
        pytest.param(
            "Carta de fecha 7 de mayo de 2021 dirigida al Secretario General por el Representante "
            "Permanente de Azerbaiyán ante las Naciones Unidas",
            "es", ("letter", "2021-05-07", ["Azerbaijan"], "Permanent Representative", None, [_SG]),
            id="es-letter",
        ),
        pytest.param(
            "Cartas idénticas de fecha 3 de junio de 2022 dirigidas al Secretario General y a la "
            "Presidencia del Consejo de Seguridad por el Encargado de Negocios interino de la "
            "Misión Permanente de la República Bolivariana de Venezuela ante las Naciones Unidas",
            "es", ("identical_letters", "2022-06-03", ["Venezuela (Bolivarian Republic of)"],
                   "Chargé d'affaires a.i.", None, [_SG, _PSC]),
            id="es-identical-charge",
        ),
        pytest.param(
            "Письмо Постоянного представителя Азербайджана при Организации Объединенных Наций "
            "от 7 мая 2021 года на имя Генерального секретаря",
            "ru", ("letter", "2021-05-07", ["Azerbaijan"], "Permanent Representative", None, [_SG]),
            id="ru-letter",
        ),
        pytest.param(
            "Письмо постоянных представителей Китая и Российской Федерации при Организации "
            "Объединенных Наций от 5 марта 2022 года на имя Председателя Совета Безопасности",
            "ru", ("letter", "2022-03-05", ["China", "Russian Federation"],
                   "Permanent Representatives", None, [_PSC]),
            id="ru-joint-genitive",
        ),
        pytest.param(
            "رسالة مؤرخة 7 أيار/مايو 2021 موجهة إلى الأمين العام من الممثل الدائم لأذربيجان "
            "لدى الأمم المتحدة",
            "ar", ("letter", "2021-05-07", ["Azerbaijan"], "Permanent Representative", None, [_SG]),
            id="ar-letter",
        ),
        pytest.param(
            "رسالة مؤرخة 5 آذار/مارس 2022 موجهة إلى رئيس مجلس الأمن من الممثلين الدائمين للصين "
            "والاتحاد الروسي لدى الأمم المتحدة",
            "ar", ("letter", "2022-03-05", ["China", "Russian Federation"],
                   "Permanent Representatives", None, [_PSC]),
            id="ar-joint-particles",
        ),
        pytest.param(
            "2021年5月7日阿塞拜疆常驻联合国代表给秘书长的信",
            "zh", ("letter", "2021-05-07", ["Azerbaijan"], "Permanent Representative", None, [_SG]),
            id="zh-letter",
        ),
        pytest.param(
            "2022年3月5日中国和俄罗斯联邦常驻联合国代表给安全理事会主席的信",
            "zh", ("letter", "2022-03-05", ["China", "Russian Federation"],
                   "Permanent Representatives", None, [_PSC]),
            id="zh-joint",
        ),
        pytest.param(
            "2021年6月10日伊朗伊斯兰共和国常驻联合国代表团给秘书长的普通照会",
            "zh", ("note_verbale", "2021-06-10", ["Iran (Islamic Republic of)"],
                   "Permanent Mission", None, [_SG]),
            id="zh-note-verbale",
        ),
    ],
)  # fmt: skip
def test_a_versions_title_gives_the_facts_an_english_title_gives(title, language, expected):
    from letters.parsing import version_titles

    info, read_language = version_titles.parse_title(title)
    kind, letter_date, states, role, organization, addressees = expected
    assert read_language == language
    assert str(info.kind) == kind
    assert str(info.letter_date) == letter_date
    assert list(info.sender.states) == states
    assert info.sender.title == role
    assert info.sender.organization == organization
    assert list(info.addressees) == addressees
    assert info.warnings == ()


@pytest.mark.parametrize(
    ("language", "text", "names"),
    [
        pytest.param("fr", "de la Chine et de la Fédération de Russie auprès", ["China", "Russian Federation"], id="fr-articles"),
        pytest.param("fr", "des États-Unis d'Amérique, de la France et d'Israël", ["United States of America", "France", "Israel"], id="fr-des-d"),
        pytest.param("fr", "du Royaume-Uni de Grande-Bretagne et d'Irlande du Nord", ["United Kingdom of Great Britain and Northern Ireland"], id="fr-et-inside-a-name"),
        pytest.param("es", "del Brasil y la Argentina ante", ["Brazil", "Argentina"], id="es-del"),
        pytest.param("es", "de la República Islámica del Irán", ["Iran (Islamic Republic of)"], id="es-un-form"),
        pytest.param("ru", "Египта, Армении и Соединенных Штатов Америки при", ["Egypt", "Armenia", "United States of America"], id="ru-genitive"),
        pytest.param("ru", "Австрии", ["Austria"], id="ru-not-australia"),
        pytest.param("ru", "Австралии", ["Australia"], id="ru-australia"),
        pytest.param("ar", "للبنان وألمانيا وفرنسا لدى", ["Lebanon", "Germany", "France"], id="ar-particles"),
        pytest.param("ar", "لجمهورية إيران الإسلامية", ["Iran (Islamic Republic of)"], id="ar-formal"),
        pytest.param("zh", "中国和俄罗斯联邦常驻", ["China", "Russian Federation"], id="zh-and"),
        pytest.param("fr", "de la Ruritanie", [], id="unknown-state"),
    ],
)  # fmt: skip
def test_state_names_in_the_versions_map_to_the_canonical_english_names(language, text, names):
    from letters.parsing import state_names

    assert state_names.match_states(language, text)[0] == names


def test_every_member_state_has_a_name_in_each_version() -> None:
    from letters.parsing import state_names, states

    named = {
        language: set(state_names._forms()[language].values()) for language in state_names.LANGUAGES
    }
    dissolved = {"Union of Soviet Socialist Republics", "Czechoslovakia", "German Democratic Republic",
                 "Yugoslavia", "Serbia and Montenegro"}  # fmt: skip
    for language, found in named.items():
        assert set(states.CANONICAL_NAMES) - dissolved - found == set(), language


@pytest.mark.parametrize(
    ("masthead", "session", "year", "numbers"),
    [
        pytest.param("الجمعية العامة\nالدورة الخامسة والسبعون\nالبنود 34 و 35 و 40 من جدول الأعمال\n"
                     "مجلس الأمن\nالسنة السادسة والسبعون", 75, 76, [34, 35, 40], id="arabic"),
        pytest.param("大会\n第七十五届会议\n议程项目34、35和40\n安全理事会\n第七十六年", 75, 76,
                     [34, 35, 40], id="chinese"),
    ],
)  # fmt: skip
def test_arabic_and_chinese_mastheads(masthead, session, year, numbers) -> None:
    info = parse_header(masthead)
    assert (info.ga_session, info.sc_year) == (session, year)
    assert [item.number for item in info.agenda_items] == numbers


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("7 أيار/مايو 2021", datetime.date(2021, 5, 7), id="arabic-both-names"),
        pytest.param("١٢ آب/أغسطس ٢٠٢٣", datetime.date(2023, 8, 12), id="arabic-indic-digits"),
        pytest.param("2021年5月7日", datetime.date(2021, 5, 7), id="chinese"),
        pytest.param("7 мая 2021 года", datetime.date(2021, 5, 7), id="russian-goda"),
        pytest.param("1er mai 2021", datetime.date(2021, 5, 1), id="french-1er"),
    ],
)
def test_dates_of_the_versions(text, value) -> None:
    from letters.parsing import dates

    assert dates.parse_date(text) == value


@pytest.mark.parametrize(
    ("masthead", "language"),
    [
        pytest.param("Original : anglais", "English", id="french"),
        pytest.param("Original: inglés", "English", id="spanish"),
        pytest.param("Original: English", "English", id="english"),
        pytest.param("Original: Orig", None, id="cut-line-gives-nothing"),
        pytest.param("ORIGINAL: FRENCH", "French", id="capitals"),
    ],
)
def test_original_language_is_a_language_or_nothing(masthead, language) -> None:
    assert parse_header(masthead).original_language == language
