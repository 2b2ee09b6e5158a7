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
