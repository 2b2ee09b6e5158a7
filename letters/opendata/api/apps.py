from django.apps import AppConfig


class LettersApiConfig(AppConfig):
    """An app of its own so that the docs page's template and stylesheet are found."""

    name = "letters.opendata.api"
    label = "letters_api"
    verbose_name = "Letters JSON API"
