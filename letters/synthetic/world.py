"""The fixed cast of a synthetic corpus: States, their ambassadors, agenda topics per session.

Everything is derived from the seed alone, so two runs with the same seed agree
on who signed for which State in which session and which number an agenda
topic carries in each session.
"""

from __future__ import annotations

import functools
import random

from letters.parsing.states import MEMBER_STATES

# Former, alias and formal names in the parser's table: one name per current State is enough.
_SKIP = {
    "Cape Verde",
    "Côte d’Ivoire",
    "Czech Republic",
    "Democratic People’s Republic of Korea",
    "Swaziland",
    "Iran",
    "Lao People’s Democratic Republic",
    "Libyan Arab Jamahiriya",
    "Moldova",
    "Serbia and Montenegro",
    "Syria",
    "the former Yugoslav Republic of Macedonia",
    "Turkey",
    "United Kingdom",
    "United States",
    "Venezuela",
    "Bolivia",
    "Yugoslavia",
    "Palestine",
    "European Union",
}


def _current_states() -> list[str]:
    names: list[str] = []
    for name in MEMBER_STATES.replace("\n", "").split("|"):
        name = name.strip()
        if name == "Holy See":
            break  # formal and historical names follow; not needed
        if name and name not in _SKIP:
            names.append(name)
    return names


STATES: list[str] = _current_states()

# Real agenda titles; each session also carries "The situation in <State>" items.
CORE_TOPICS = [
    "Prevention of armed conflict",
    "Culture of peace",
    "Peacebuilding and sustaining peace",
    "Promotion and protection of human rights",
    "Right of peoples to self-determination",
    "The rule of law at the national and international levels",
    "Measures to eliminate international terrorism",
    "General and complete disarmament",
    "Report of the Security Council",
    "Strengthening of the United Nations system",
    "Question of Palestine",
    "The situation in the Middle East",
    "Protracted conflicts in the GUAM area and their implications for international peace, "
    "security and development",
    "Elimination of racism, racial discrimination, xenophobia and related intolerance",
    "Advancement of women",
    "Promotion and protection of the rights of children",
    "Sustainable development",
    "Oceans and the law of the sea",
    "Maintenance of international peace and security",
    "Comprehensive review of the whole question of peacekeeping operations in all their aspects",
    "Zones of peace and cooperation",
    "Responsibility to protect and the prevention of genocide, war crimes, ethnic cleansing "
    "and crimes against humanity",
    "Strengthening of the coordination of humanitarian and disaster relief assistance",
    "Report of the International Atomic Energy Agency",
    "Return or restitution of cultural property to the countries of origin",
    "Crime prevention and criminal justice",
    "International drug control",
    "Globalization and interdependence",
    "Eradication of poverty and other development issues",
    "Follow-up to the outcome of the Millennium Summit",
]
TOPICS: list[str] = CORE_TOPICS + [f"The situation in {s}" for s in STATES]

_FIRST = str.split(
    "Ahmed Maria Jean Olga Kwame Li Sofia Carlos Amina Yusuf Elena Pierre Ana Omar Mei"
)
_SYLLABLES = str.split("ka ro mi sa te lu na vo di be za ko ri an el os ur im ga ne")


@functools.cache
def ambassador(seed: int, state: str, session: int) -> str:
    """The Permanent Representative of ``state`` during ``session``: a new one every ~5 sessions."""
    rng = random.Random(f"ambassador-{seed}-{state}-{session // 5}")
    surname = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
    return f"{rng.choice(_FIRST)} {surname}"


@functools.cache
def agenda(seed: int, session: int) -> dict[int, int]:
    """Topic index -> item number in ``session``: most topics are on it, numbered anew each time."""
    rng = random.Random(f"agenda-{seed}-{session}")
    on_agenda = [t for t in range(len(TOPICS)) if t < len(CORE_TOPICS) or rng.random() < 0.4]
    rng.shuffle(on_agenda)
    numbers = sorted(rng.sample(range(1, 180), len(on_agenda)))
    return dict(zip(on_agenda, numbers, strict=True))


def ordinal_words(n: int) -> str:
    """1 -> "First", 75 -> "Seventy-fifth" (how mastheads print sessions and years)."""
    units = str.split("first second third fourth fifth sixth seventh eighth ninth")
    teens = str.split(
        "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth "
        "eighteenth nineteenth"
    )
    tens_ord = "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth"
    tens_card = "twenty thirty forty fifty sixty seventy eighty ninety"
    if not 1 <= n <= 99:
        raise ValueError(n)
    if n < 10:
        word = units[n - 1]
    elif n < 20:
        word = teens[n - 10]
    elif n % 10 == 0:
        word = tens_ord.split()[n // 10 - 2]
    else:
        word = f"{tens_card.split()[n // 10 - 2]}-{units[n % 10 - 1]}"
    return word.capitalize()
