"""Names of languages as documents print them: "Original: English", "[Original : russe]",
"[Подлинный текст на русском языке]", "[الأصل: بالروسية]", "[原件：俄文]".

``is_language_name`` tells whether an English word names a language (the CLDR's English
names, through Babel), so that a cut line ("Original: Orig") gives nothing rather than a
language that does not exist. ``language_from_words`` reads the original's language as
the six UN languages' versions write it, and gives its English name.
"""

from __future__ import annotations

import functools
import re


@functools.cache
def _english_names() -> frozenset[str]:
    from babel import Locale

    return frozenset(name.casefold() for name in Locale.parse("en").languages.values())


def is_language_name(word: str) -> bool:
    """Whether ``word`` is the English name of a language ("English", "Azerbaijani")."""
    return word.strip().casefold() in _english_names()


# The six languages as each version names an original: French and Spanish adjectives,
# Russian "на … языке", Arabic "بالـ…", Chinese "…文".
_WORDS = {
    "English": ("anglais", "inglés", "английском", "английский", "بالإنكليزية",
                "بالإنجليزية", "الإنكليزية", "الإنجليزية", "英文"),
    "French": ("français", "francés", "французском", "французский", "بالفرنسية", "الفرنسية",
               "法文"),
    "Spanish": ("espagnol", "español", "испанском", "испанский", "بالإسبانية", "الإسبانية",
                "西班牙文"),
    "Russian": ("russe", "ruso", "русском", "русский", "بالروسية", "الروسية", "俄文"),
    "Arabic": ("arabe", "árabe", "арабском", "арабский", "بالعربية", "العربية", "阿拉伯文"),
    "Chinese": ("chinois", "chino", "китайском", "китайский", "بالصينية", "الصينية", "中文"),
}  # fmt: skip
_BY_WORD = {word.casefold(): name for name, words in _WORDS.items() for word in words}
_WORD_RE = re.compile(r"[^\W\d_]+")


def language_from_words(text: str) -> str | None:
    """The English name of the UN language ``text`` names in a version's words
    ("anglais", "на русском языке", "بالروسية", "俄文"), or None."""
    if text in _BY_WORD:
        return _BY_WORD[text]
    for word in _WORD_RE.findall(text):
        found = _BY_WORD.get(word.casefold())
        if found:
            return found
    for word, name in _BY_WORD.items():
        if word.endswith("文") and word in text:
            return name
    return None
