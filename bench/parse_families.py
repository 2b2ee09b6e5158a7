"""How many of a letter's facts the parser gets right, per layout family.

Letters come from the generator in ``tests/parsing/families.py``: the same kinds of
facts rendered into each family (official layout with page furniture, a glued two-column
masthead, a web copy, a letter as sent, a one-line Word dump, joint, group, note verbale,
a 1980s document, and the French, Spanish, Russian, Arabic and Chinese versions). Each
fact is right, wrong (a value the text does not say: invented) or missing.

    .venv/bin/python bench/parse_families.py [--letters 40] [--held-out] [--misses FAMILY]

The tuning set and the held-out set (States, people, topics and groups never used while
tuning) are printed separately; ``--misses`` lists what one family got wrong or missed.
Pure parsing: no database, no Django.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from letters.parsing import parse_letter  # noqa: E402
from tests.parsing import families  # noqa: E402


def measure(family: str, count: int, *, held_out: bool) -> families.Score:
    total = families.Score()
    for facts, text in families.letters(family, count, held_out=held_out):
        contract = parse_letter(text).to_contract()
        got = families.observed(contract, facts.symbols)
        total.add(families.score(families.expected(facts), got))
    return total


def table(count: int, *, held_out: bool, only: list[str]) -> families.Score:
    title = "held-out set" if held_out else "tuning set"
    print(f"\n{title}: {count} letters a family")
    columns = ("letters", 8), ("facts", 7), ("right", 7), ("wrong", 7), ("missing", 9)
    print(f"{'family':<16}" + "".join(f"{n:>{w}}" for n, w in columns) + f"{'right %':>9}")
    overall = families.Score()
    for family in only:
        started = time.perf_counter()
        result = measure(family, count, held_out=held_out)
        overall.add(result)
        share = 100 * result.right / result.facts if result.facts else 0
        seconds = time.perf_counter() - started
        print(
            f"{family:<16}{count:>8}{result.facts:>7}{result.right:>7}{result.wrong:>7}"
            f"{result.missing:>9}{share:>8.1f}%   ({seconds:.1f} s)"
        )
    share = 100 * overall.right / overall.facts if overall.facts else 0
    print(
        f"{'all':<16}{count * len(only):>8}{overall.facts:>7}{overall.right:>7}"
        f"{overall.wrong:>7}{overall.missing:>9}{share:>8.1f}%"
    )
    return overall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=40, help="letters per family")
    parser.add_argument("--held-out", action="store_true", help="also measure the held-out set")
    parser.add_argument("--only-held-out", action="store_true")
    parser.add_argument("--family", action="append", choices=families.FAMILIES)
    parser.add_argument("--misses", choices=families.FAMILIES, help="list one family's misses")
    args = parser.parse_args()
    if args.misses:
        for facts, text in families.letters(args.misses, args.letters):
            contract = parse_letter(text).to_contract()
            result = families.score(
                families.expected(facts), families.observed(contract, facts.symbols)
            )
            for miss in result.misses:
                print(f"{facts.family} {facts.letter_date} {facts.kind}: {miss}")
        return
    only = args.family or list(families.FAMILIES)
    if not args.only_held_out:
        table(args.letters, held_out=False, only=only)
    if args.held_out or args.only_held_out:
        table(args.letters, held_out=True, only=only)


if __name__ == "__main__":
    main()
