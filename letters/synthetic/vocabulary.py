"""A deterministic Zipf-distributed vocabulary for synthetic letters.

Real English words take the most frequent ranks (so common query terms behave like
"security" or "peace" do in real letters); after them come tens of thousands of
pronounceable pseudo-words, so that a query term can be picked at any document
frequency, from a handful of letters to nearly all of them.
"""

from __future__ import annotations

import bisect
import itertools
import random


# Content words (not stop words: those never reach the tsvector), roughly by frequency.
def _words(text: str) -> list[str]:
    return text.split()


ENGLISH_WORDS: list[str] = list(
    dict.fromkeys(
        _words(
            """
security peace international government state republic council united nations assembly
people rights human region situation support cooperation development country territory
conflict process law resolution community efforts question measures declaration statement
president minister foreign affairs ministry national military forces attack violation
sovereignty integrity political economic social humanitarian assistance implementation
agreement negotiations dialogue settlement principles charter obligations commitment
population civilians refugees displaced return border area zone ceasefire violence
terrorism terrorist weapons nuclear disarmament proliferation sanctions regime
stability regional relations neighbouring aggression occupation occupied withdrawal
mission operation peacekeeping observers monitoring report secretary general
recognition independence elections democratic constitution parliament authorities
citizens civil society organization organizations protection justice accountability
crimes investigation tribunal court evidence victims families children women
health education food water energy environment climate change sustainable
economy trade investment financial debt poverty growth infrastructure reconstruction
maritime sea waters airspace aircraft vessel ship port fishing boundary delimitation
talks meeting summit conference session agenda item
delegation representative permanent ambassador envoy special adviser
concern condemnation protest rejection appeal request invitation reply response
information clarification position view attention consideration support solidarity
provocation incident incidents shelling casualties destruction damage property
villages towns cities capital province districts settlements camps facilities
religious cultural heritage monuments sites language minorities ethnic tolerance
discrimination racism xenophobia intolerance freedom expression media press journalists
detention prisoners hostages release exchange missing persons remains identification
mines landmines clearance demining explosive ordnance munitions artillery missiles
drones airstrikes bombardment blockade embargo smuggling trafficking narcotics
migration migrants asylum labour workers employment pandemic vaccines medical
diplomatic consular embassy premises immunity privileges protocol treaty convention
covenant framework mechanism commission committee panel experts group working
initiative programme plan strategy roadmap timetable benchmarks progress achievements
challenges threats risks tensions escalation deterioration crisis emergency
recovery resilience partnership friendship brotherly historic traditional longstanding
"""
        )
    )
)

_ONSETS = _words(
    "b c d f g h j k l m n p r s t v z br dr gr kr pr tr st sk sl pl bl kl fl ch sh th"
)
_VOWELS = _words("a e i o u a e i o ai ei ou ia")
_CODAS = ["", "", "", "n", "r", "s", "l", "m", "t", "k", "nd", "rt", "st"]


def pseudo_words(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct pronounceable lower-case pseudo-words, two to four syllables."""
    seen: set[str] = set(ENGLISH_WORDS)
    words: list[str] = []
    while len(words) < count:
        syllables = rng.choice((2, 2, 3, 3, 3, 4))
        word = "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
        )
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class ZipfVocabulary:
    """Words with Zipf weights (rank r has weight 1 / r**exponent), sampled by bisection."""

    def __init__(self, seed: int, *, size: int = 50_000, exponent: float = 1.0) -> None:
        rng = random.Random(f"vocabulary-{seed}")
        self.words: list[str] = ENGLISH_WORDS + pseudo_words(rng, size)
        weights = (1.0 / (rank**exponent) for rank in range(1, len(self.words) + 1))
        self._cumulative = list(itertools.accumulate(weights))

    def sample(self, rng: random.Random, count: int) -> list[str]:
        total = self._cumulative[-1]
        cumulative, words = self._cumulative, self.words
        return [words[bisect.bisect_left(cumulative, rng.random() * total)] for _ in range(count)]
