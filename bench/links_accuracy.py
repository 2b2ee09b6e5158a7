"""How well the parser reads links between letters (DESIGN.md §13), and how fast.

    .venv/bin/python bench/links_accuracy.py [--synthetic 2000] [--seed 1] [--cases]

Prints, never asserts:
* precision and recall of relations (per type), Charter Articles and States mentioned
  on the labelled set of tests/parsing/links_cases.py, its tuning part and its held-out
  part apart (the held-out part was written before the parser and never tuned on);
* the same for the reply chains, references, Charter Articles and States of a
  synthetic corpus, whose generator knows what it wrote (letters/synthetic/), and how
  many references resolve to the one generated letter they name;
* milliseconds per letter for each reader on the five samples and on a 500 KB text.

A relation counts as found when its type, its symbols (as a set) and its date are the
expected ones; "link" counts the same without the type. The sender's State is scored
apart, on the relations found: in languages other than English the parser does not
read it (DESIGN.md §11), so it is shown per language.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import statistics
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from letters.parsing import charter, mentions, parse_letter, references  # noqa: E402
from letters.parsing.links import with_links  # noqa: E402
from tests.parsing import links_cases as cases  # noqa: E402


@dataclasses.dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Score) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def _pct(value: float | None) -> str:
    return "   –" if value is None else f"{100 * value:5.1f}"


def _row(label: str, score: Score, extra: str = "") -> str:
    return (
        f"  {label:<28} P {_pct(score.precision)}  R {_pct(score.recall)}"
        f"   (tp {score.tp}, fp {score.fp}, fn {score.fn}){extra}"
    )


# --- Relations ----------------------------------------------------------------------------

Key = tuple[str, frozenset[str], str | None]


def predicted_relations(case: cases.RelationCase) -> list[tuple[Key, str | None]]:
    refs, _ = references.find_references(
        [references.Unit("letter", case.text, case.language)],
        references.Context(own_states=case.own),
    )
    return [
        (
            (str(r.relation), frozenset(r.symbols), r.date.isoformat() if r.date else None),
            r.sender_state,
        )
        for r in refs
    ]


def score_relations(
    expected: Sequence[tuple[Key, str | None]], predicted: Sequence[tuple[Key, str | None]]
) -> tuple[dict[str, Score], Score, list[tuple[str | None, str | None]]]:
    """Per-type scores, relation-blind link score, and (expected, read) sender pairs."""
    per_type: dict[str, Score] = collections.defaultdict(Score)
    remaining = list(predicted)
    senders: list[tuple[str | None, str | None]] = []
    for key, sender in expected:
        match = next((p for p in remaining if p[0] == key), None)
        if match is not None:
            remaining.remove(match)
            per_type[key[0]].tp += 1
            senders.append((sender, match[1]))
        else:
            per_type[key[0]].fn += 1
    for key, _ in remaining:
        per_type[key[0]].fp += 1
    link = Score()
    targets = [p[0][1:] for p in predicted]
    for key, _ in expected:
        if key[1:] in targets:
            targets.remove(key[1:])
            link.tp += 1
        else:
            link.fn += 1
    link.fp = len(targets)
    return per_type, link, senders


def relation_table(title: str, part: Iterable[cases.RelationCase], show: bool) -> None:
    totals: dict[str, Score] = collections.defaultdict(Score)
    link_total, overall = Score(), Score()
    sender_hits: dict[str, list[bool]] = collections.defaultdict(list)
    misses: list[str] = []
    count = 0
    for case in part:
        count += 1
        expected = [
            ((rel, frozenset(syms), day), sender) for rel, syms, day, sender in case.expected
        ]
        predicted = predicted_relations(case)
        per_type, link, senders = score_relations(expected, predicted)
        for relation, score in per_type.items():
            totals[relation].add(score)
            overall.add(score)
        link_total.add(link)
        for want, got in senders:
            if want is not None:
                sender_hits["en" if case.language == "en" else "other languages"].append(
                    want == got
                )
        if any(s.fp or s.fn for s in per_type.values()):
            wanted, read = [e[0] for e in expected], [p[0] for p in predicted]
            misses.append(f"    {case.id}: expected {wanted}, read {read}")
    print(f"\nRelations, {title} ({count} cases)")
    for relation in ("replies_to", "refers_to", "transmits"):
        print(_row(relation, totals[relation]))
    print(_row("all relations", overall))
    print(_row("link, type aside", link_total))
    for language, hits in sorted(sender_hits.items()):
        print(f"  sender State right ({language}): {sum(hits)}/{len(hits)}")
    if show and misses:
        print("  misses:")
        print("\n".join(m.replace("frozenset()", "{}") for m in misses))


# --- Charter Articles and States ---------------------------------------------------------


def set_table(title: str, pairs: Iterable[tuple[str, set[str], set[str]]], show: bool) -> None:
    total = Score()
    misses = []
    count = 0
    for case_id, expected, found in pairs:
        count += 1
        score = Score(len(expected & found), len(found - expected), len(expected - found))
        total.add(score)
        if score.fp or score.fn:
            misses.append(f"    {case_id}: expected {sorted(expected)}, read {sorted(found)}")
    print(_row(f"{title} ({count} cases)", total))
    if show and misses:
        print("\n".join(misses))


def charter_pairs(part: Iterable[cases.CharterCase]) -> Iterable[tuple[str, set[str], set[str]]]:
    for case in part:
        yield case.id, set(case.expected), set(charter.charter_articles([case.text]))


def mention_pairs(part: Iterable[cases.MentionCase]) -> Iterable[tuple[str, set[str], set[str]]]:
    for case in part:
        yield (
            case.id,
            set(case.expected),
            set(mentions.states_mentioned([case.text], exclude=case.own)),
        )


# --- The synthetic corpus ----------------------------------------------------------------


def _keys(refs: Iterable) -> list[tuple[Key, str | None]]:
    return [
        (
            (str(r.relation), frozenset(r.symbols), r.date.isoformat() if r.date else None),
            r.sender_state,
        )
        for r in refs
    ]


def synthetic(count: int, seed: int) -> None:
    """The parser against what the generator wrote (``SyntheticLetter.parsed`` is built
    from the generator's own choices, not from parsing), and how the links resolve to
    the generated letters they name, as storage would resolve them: by symbol, else by
    date and sender when exactly one letter matches (DESIGN.md §13)."""
    from letters.synthetic.generator import CorpusGenerator

    letters = list(CorpusGenerator(seed=seed).letters(count))
    by_symbol = {symbol: g for g in letters for symbol in g.symbols}
    by_date_state: dict[tuple[object, str | None], list] = collections.defaultdict(list)
    for g in letters:
        by_date_state[(g.letter_date, g.parsed.sender.state)].append(g)
    totals: dict[str, Score] = collections.defaultdict(Score)
    link_total, articles, named = Score(), Score(), Score()
    resolved: collections.Counter[str] = collections.Counter()
    started = time.perf_counter()
    for g in letters:
        parsed = parse_letter(g.text, file=g.filename)
        per_type, link, _ = score_relations(_keys(g.parsed.references), _keys(parsed.references))
        for relation, score in per_type.items():
            totals[relation].add(score)
        link_total.add(link)
        articles.add(_set_score(set(g.parsed.charter_articles), set(parsed.charter_articles)))
        named.add(_set_score(set(g.parsed.states_mentioned), set(parsed.states_mentioned)))
        for _, target in g.links:
            target_letter = by_symbol[target.split("–")[0]]
            read = next((r for r in parsed.references if r.date == target_letter.letter_date), None)
            if read is None:
                resolved["not read"] += 1
            elif read.symbols:
                hit = by_symbol.get(read.symbols[0])
                resolved["by symbol: right" if hit is target_letter else "by symbol: wrong"] += 1
            else:
                candidates = by_date_state.get((read.date, read.sender_state), [])
                if len(candidates) == 1:
                    right = candidates[0] is target_letter
                    resolved[
                        "by date and sender: right" if right else "by date and sender: wrong"
                    ] += 1
                else:
                    resolved[f"by date and sender: {len(candidates)} candidates, unresolved"] += 1
    elapsed = time.perf_counter() - started
    print(f"\nSynthetic corpus: {count:,} letters (seed {seed}), parsed in {elapsed:.1f} s")
    kinds = collections.Counter(str(r.relation) for g in letters for r in g.parsed.references)
    print(
        f"  generated: {dict(kinds)}; Charter Articles in "
        f"{sum(bool(g.parsed.charter_articles) for g in letters)} letters, other States in "
        f"{sum(bool(g.parsed.states_mentioned) for g in letters)}"
    )
    for relation in ("replies_to", "refers_to", "transmits"):
        print(_row(relation, totals[relation]))
    print(_row("link, type aside", link_total))
    print(_row("Charter Articles", articles))
    print(_row("States mentioned", named))
    print("  replies and follow-ups resolved to the generated letter they name:")
    for outcome, number in sorted(resolved.items()):
        print(f"    {outcome}: {number}")


def _set_score(expected: set[str], found: set[str]) -> Score:
    return Score(len(expected & found), len(found - expected), len(expected - found))


# --- Speed -------------------------------------------------------------------------------


def _ms(function, repeat: int = 5) -> float:
    """Median CPU milliseconds of ``function``: CPU time, not wall time, so that other
    work on a shared machine does not count."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        function()
        times.append(time.process_time() - started)
    return 1000 * statistics.median(times)


def timing() -> None:
    samples = sorted((ROOT / "fixtures" / "letters").glob("*.txt"))
    parsed = [parse_letter(p.read_text(encoding="utf-8"), file=p.name) for p in samples]
    print("\nSpeed (CPU time, median of 5 runs)")
    readers = {
        "States mentioned": lambda texts, p: mentions.states_mentioned(
            texts, exclude=p.sender.states
        ),
        "Charter Articles": lambda texts, p: charter.charter_articles(texts),
        "references": lambda texts, p: references.find_references(
            [references.Unit("letter", t, "en") for t in texts],
            references.Context(own_states=p.sender.states),
        ),
    }
    for name, reader in readers.items():
        per_letter = []
        for p in parsed:
            texts = [p.body, *(a.body for a in p.annexes)]
            per_letter.append(_ms(lambda texts=texts, p=p, reader=reader: reader(texts, p)))
        mean, most = statistics.mean(per_letter), max(per_letter)
        print(f"  {name:<18} samples: {mean:6.2f} ms per letter (max {most:.2f})")
    whole = [_ms(lambda p=p: with_links(p)) for p in parsed]
    mean, most = statistics.mean(whole), max(whole)
    print(f"  {'all three':<18} samples: {mean:6.2f} ms per letter (max {most:.2f})")
    # 500 KB of letter prose: the samples' texts repeated.
    prose = "\n\n".join(p.body + "\n\n" + "\n\n".join(a.body for a in p.annexes) for p in parsed)
    big = (prose * (500_000 // len(prose) + 1))[:500_000]
    print(f"  on a 500 KB text ({len(big):,} characters):")
    for name, reader in readers.items():
        took = _ms(lambda reader=reader: reader([big], parsed[4]), repeat=3)
        print(f"    {name:<18} {took:8.1f} ms")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=2000, help="generated letters (0: none)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cases", action="store_true", help="list the cases missed")
    parser.add_argument("--no-timing", action="store_true")
    args = parser.parse_args(argv)

    relation_table("tuning part", cases.RELATIONS_TUNING, args.cases)
    relation_table("held-out part", cases.RELATIONS_HELD_OUT, args.cases)
    print("\nCharter Articles and States mentioned")
    set_table("Charter, tuning", charter_pairs(cases.CHARTER_TUNING), args.cases)
    set_table("Charter, held out", charter_pairs(cases.CHARTER_HELD_OUT), args.cases)
    set_table("States, tuning", mention_pairs(cases.MENTIONS_TUNING), args.cases)
    set_table("States, held out", mention_pairs(cases.MENTIONS_HELD_OUT), args.cases)
    if args.synthetic:
        synthetic(args.synthetic, args.seed)
    if not args.no_timing:
        timing()


if __name__ == "__main__":
    main()
