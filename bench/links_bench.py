"""Links between letters on a synthetic corpus (DESIGN.md §13): how references resolve,
and how fast the pages and reads that show links are.

    .venv/bin/python bench/links_bench.py --letters 100000 [--database bench_links] [--direct]
                                          [--reps 30] [--similar 200]

Uses (and loads once, like bench/run.py) a corpus in its own database. Prints, never
asserts:

* how the stored references resolved against what the generator wrote
  (``SyntheticLetter.links``: the earlier letter each reply or follow-up names, with or
  without its symbol): precision and recall of the stored targets, per relation, and
  how many were left unlinked as ambiguous or unmatched;
* how long ``refresh_term_stats`` takes, and the similar-letters statement for
  ``--similar`` random letters (p50 / p95 / max ms), with how many words each compared;
* whole pages through Django's test client, ``--reps`` each, p50 / p95 ms: the letter
  page of letters with links, a thread, an exchange between two States, the Charter
  Articles list and Article 51's page, a State's page, and search pages with the two new
  facets selected (their chart and counts included).
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import database as bench_db  # noqa: E402  (bench/database.py; must run before Django)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", default="bench_links")
    parser.add_argument("--direct", action="store_true", help="Load the generator's own parse.")
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--similar", type=int, default=200, help="Letters to time similar for.")
    parser.add_argument("--skip-accuracy", action="store_true")
    parser.add_argument(
        "--keep-stats", action="store_true", help="Time no refresh when the words are counted."
    )
    args = parser.parse_args()

    url = bench_db.bench_database_url(args.database)
    bench_db.ensure_database(url)
    os.environ["DATABASE_URL"] = url
    from archive.processes import LIMITS_OFF

    os.environ.update(LIMITS_OFF)  # every request comes from this one client
    os.environ["LETTERS_INCLUDE_SYNTHETIC"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    from run import ensure_corpus

    ensure_corpus(url, args.letters, args.seed, direct=args.direct)
    rng = random.Random(args.seed)
    if not args.skip_accuracy:
        accuracy(args.letters, args.seed)
    similar(args.similar, rng, refresh=not args.keep_stats)
    counting_ab(args.reps)
    pages(args.reps, rng)


# --- How references resolved ------------------------------------------------------------


def accuracy(letters: int, seed: int) -> None:
    from letters.models import Letter, LetterSymbol, Reference
    from letters.synthetic.generator import CorpusGenerator

    by_file = dict(Letter.objects.values_list("source__name", "pk"))
    by_symbol = dict(LetterSymbol.objects.values_list("symbol", "letter_id"))
    truth: set[tuple[int, int, str]] = set()
    for generated in CorpusGenerator(seed=seed).letters(letters):
        source = by_file.get(generated.filename)
        for relation, joint in generated.links:
            target = by_symbol.get(joint.replace("–", "-").split("-")[0])
            if source and target:
                truth.add((source, target, relation))
    stored = collections.Counter(Reference.objects.values_list("relation", "resolution"))
    linked = set(
        Reference.objects.filter(target__isnull=False).values_list(
            "letter_id", "target_id", "relation"
        )
    )
    print(f"\nReferences stored, by relation and resolution ({sum(stored.values()):,}):")
    for (relation, resolution), n in sorted(stored.items()):
        print(f"  {relation:<11} {resolution:<12} {n:>8,}")
    print("\nLinks to the generated letters they name (replies and follow-ups):")
    for relation in ("replies_to", "refers_to"):
        want = {t for t in truth if t[2] == relation}
        got = {t for t in linked if t[2] == relation}
        right = len(want & got)
        precision = right / len(got) if got else float("nan")
        recall = right / len(want) if want else float("nan")
        print(
            f"  {relation:<11} precision {100 * precision:5.1f} %  recall {100 * recall:5.1f} %"
            f"  ({right:,} right of {len(got):,} linked; {len(want):,} expected)"
        )
    any_want = {t[:2] for t in truth}
    any_got = {t[:2] for t in linked if t[2] != "transmits"}
    right = len(any_want & any_got)
    print(
        f"  link, relation aside: precision {100 * right / max(len(any_got), 1):5.1f} %"
        f"  recall {100 * right / max(len(any_want), 1):5.1f} %"
    )


# --- Similar letters ----------------------------------------------------------------------


def similar(count: int, rng: random.Random, *, refresh: bool = True) -> None:
    from django.db import connection

    from letters.models import SearchEntry, TermFrequency
    from letters.search.similar import refresh_term_stats, similar_letter_ids

    if refresh or not TermFrequency.objects.exists():
        started = time.perf_counter()
        words = refresh_term_stats()
        print(f"\nrefresh_term_stats: {words:,} words in {time.perf_counter() - started:.1f} s")
    print(f"  term table: {TermFrequency.objects.count():,} rows")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE letters_termfrequency")
    ids = list(SearchEntry.objects.values_list("letter_id", flat=True))
    sample = rng.sample(ids, min(count, len(ids)))
    for pk in sample[:5]:
        similar_letter_ids(pk)  # warm
    timings, found = [], []
    for pk in sample:
        started = time.perf_counter()
        result = similar_letter_ids(pk)
        timings.append(1000 * (time.perf_counter() - started))
        found.append(len(result))
    print(
        f"similar letters, {len(sample)} letters: {_stats(timings)}; "
        f"{sum(1 for n in found if n):,} of them had similar letters"
    )


# --- The two new facets and the chart on the search page --------------------------------


def counting_ab(reps: int) -> None:
    """The search's counting statement with every facet and without the two new ones
    (``mentions``, ``charter``), interleaved in one process so the machine's drift hits
    both alike; and the charts made and rendered from its counts."""
    from django.http import QueryDict
    from django.template.loader import render_to_string

    from letters.search import counting
    from letters.search.chart import search_charts
    from letters.search.facets import FACETS
    from letters.search.filters import LetterFilterSet
    from letters.search.pipeline import search_page
    from letters.search.results import public_entries

    without = tuple(f for f in FACETS if f.name not in ("mentions", "charter"))
    searches = {
        "typical word": "q=government",
        "word + State": "q=government&state=costa-rica",
        "broad browse (no words)": "kind=letter&has_annex=true",
    }
    print(f"\nCounting statement, {reps} runs each, interleaved: every facet / without the two new")
    for name, query in searches.items():
        params = QueryDict(query)
        filterset = LetterFilterSet(params, queryset=public_entries())
        assert filterset.is_valid()
        base, selection = filterset.base_queryset(), filterset.selection()
        text = filterset.text_match is not None
        timings: dict[str, list[float]] = {"all": [], "without": []}
        for _ in range(reps):
            for label, facets in (("all", FACETS), ("without", without)):
                counting.FACETS = facets
                started = time.perf_counter()
                counting.counts(base, selection, text=text)
                timings[label].append(1000 * (time.perf_counter() - started))
        counting.FACETS = FACETS
        print(f"  {name:<26} all {_stats(timings['all'])}")
        print(f"  {'':<26} w/o {_stats(timings['without'])}")
    page = search_page(QueryDict("q=government"))
    timings = []
    for _ in range(reps):
        started = time.perf_counter()
        for chart in search_charts(page):
            render_to_string("letters/_chart.html", {"chart": chart})
        timings.append(1000 * (time.perf_counter() - started))
    bars = sum(len(chart.bars) for chart in search_charts(page))
    print(f"  the two charts ({bars} bars) made and rendered: {_stats(timings)}")


# --- Pages --------------------------------------------------------------------------------


def pages(reps: int, rng: random.Random) -> None:
    from django.db.models import Count
    from django.test import Client

    from letters.browse import exchanges
    from letters.models import Letter, Reference, State

    client = Client(SERVER_NAME="127.0.0.1")
    linked = list(
        Reference.objects.filter(target__isnull=False, relation="replies_to")
        .values_list("letter_id", flat=True)
        .distinct()[:500]
    )
    letters = rng.sample(linked, min(3, len(linked)))
    threads = []
    for pk in letters:
        thread = exchanges.thread(pk)
        if thread:
            threads.append(thread.pk)
    # The State with most letters, and the one it exchanged most letters with.
    busiest = State.objects.annotate(n=Count("letters")).order_by("-n").first()
    partner = exchanges.exchange_partners(busiest)[0][0]
    a, b = sorted([busiest.slug, partner.slug])
    cases = {
        "letter page (with links, similar)": [f"/letters/{pk}/" for pk in letters],
        "thread page": [f"/threads/{pk}/" for pk in threads],
        "exchange of two States": [f"/exchanges/{a}/{b}/"],
        "Charter Articles list": ["/charter/"],
        "Article 51 page": ["/charter/51/"],
        "a State's page (chart, exchanges)": [f"/states/{a}/"],
        "search: charter=51": ["/?charter=51"],
        "search: state + mentions": [f"/?state={a}&mentions={b}"],
        "search: word + mentions": [f"/?q=government&mentions={b}"],
    }
    print(f"\nPages ({reps} requests each, rotating over the URLs shown), p50 / p95 / max ms:")
    for name, urls in cases.items():
        if not urls:
            continue
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        timings = []
        for n in range(reps):
            started = time.perf_counter()
            client.get(urls[n % len(urls)])
            timings.append(1000 * (time.perf_counter() - started))
        print(f"  {name:<36} {_stats(timings)}   {urls[0]}")
    print(f"  ({Letter.objects.count():,} letters)")


def _stats(timings: list[float]) -> str:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"p50 {statistics.median(ordered):6.1f}  p95 {p95:6.1f}  max {ordered[-1]:6.1f}"


if __name__ == "__main__":
    main()
