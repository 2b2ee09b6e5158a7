"""Benchmark the archive on a synthetic corpus (DESIGN.md §8).

    .venv/bin/python bench/run.py --letters 10000

Loads ``--letters`` synthetic letters into a separate database (``bench`` on the
embedded server, or ``BENCH_DATABASE_URL``) once and reuses it on later runs, then
times full search pages through the Django test client, warm cache, and the same
text queries on SQLite FTS5 side by side. Prints a table; writes JSON to
bench/results/.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import database as bench_db  # noqa: E402  (bench/database.py; must run before Django)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", default="bench", help="Database name on the embedded server.")
    parser.add_argument("--reps", type=int, default=30, help="Timed requests per query class.")
    parser.add_argument(
        "--peers",
        default="fts5,tantivy,whoosh,django",
        type=lambda value: [p for p in value.split(",") if p],
        help="Peer engines to compare, comma-separated (fts5,tantivy,whoosh,django; '' for none).",
    )
    parser.add_argument("--fresh", action="store_true", help="Drop and reload the corpus.")
    parser.add_argument("--load-only", action="store_true", help="Load the corpus, time nothing.")
    parser.add_argument(
        "--direct",
        action="store_true",
        help="Load the generator's own parse of each letter, skipping the parser (1M corpora).",
    )
    parser.add_argument(
        "--load-seconds",
        type=float,
        default=10,
        help="Seconds of gunicorn load per client count (1, 8, 32); 0 skips it.",
    )
    args = parser.parse_args()

    url = bench_db.bench_database_url(args.database)
    if args.fresh:
        bench_db.drop_database(url)
    bench_db.ensure_database(url)
    os.environ["DATABASE_URL"] = url
    # The bench database holds synthetic letters only; the pages must show them.
    os.environ["LETTERS_INCLUDE_SYNTHETIC"] = "1"
    # The per-client limits would answer 429 to a timing loop.
    from archive.processes import LIMITS_OFF

    os.environ.update(LIMITS_OFF)
    # Every timed page is computed: the harness warms each URL first, which would make
    # every timed request a cache hit (bench/pages.py times pages as served, too).
    os.environ.setdefault("LETTERS_SEARCH_CACHE_SECONDS", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from django.conf import settings

    # Query logging (on with DEBUG) would time Django's bookkeeping, not ours.
    settings.DEBUG = False
    corpus = ensure_corpus(url, args.letters, args.seed, direct=args.direct)
    if args.load_only:
        return
    results = measure(args, corpus)
    print_table(results)
    bench_db.RESULTS.mkdir(exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = bench_db.RESULTS / f"run-{args.letters}-{stamp}.json"
    out.write_text(json.dumps(results, indent=2, default=str))
    print(f"\nJSON: {out.relative_to(ROOT)}")


def ensure_corpus(url: str, letters: int, seed: int, *, direct: bool = False) -> dict:
    """Load the corpus unless this database already holds exactly it; returns its ingest record."""
    from django.core.management import call_command
    from django.db import connection

    from letters.intake.progress import Progress
    from letters.models import Letter
    from letters.synthetic import loader
    from letters.synthetic.generator import CorpusGenerator

    if loader.is_default_database():
        sys.exit("refusing to benchmark in the archive's own database")
    call_command("migrate", verbosity=0)
    if Letter.objects.filter(is_synthetic=False).exists():
        sys.exit("this database holds real letters; benchmark in a separate one")
    record = bench_db.read_corpus_record(url)
    stored = Letter.objects.count()
    wanted = {"letters": letters, "seed": seed}
    if record and stored == letters and {k: record.get(k) for k in wanted} == wanted:
        print(
            f"reusing {stored:,} synthetic letters (seed {seed}) "
            f"in {connection.settings_dict['NAME']}"
        )
        return record
    if stored:
        print(f"database holds {stored:,} letters, not the {letters:,} asked for: reloading")
        connection.close()
        bench_db.drop_database(url)
        bench_db.ensure_database(url)
        call_command("migrate", verbosity=0)
    how = "the generator's own parse, bulk writes" if direct else "the parser, bulk writes"
    print(f"loading {letters:,} synthetic letters (seed {seed}) through {how}…")
    progress = Progress(letters)
    started = time.perf_counter()
    loader.load(CorpusGenerator(seed=seed).letters(letters), progress, direct=direct)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    record = {
        **wanted,
        "ingest_seconds": seconds,
        "ingest_letters_per_s": letters / seconds,
        "ingest_path": "generator's parse, bulk writes"
        if direct
        else "parallel parse, bulk writes",
    }
    bench_db.write_corpus_record(url, record)
    return record


# The wording of UN letters, in every synthetic letter or in few, with stop words: the
# phrases a researcher types, whose words are each in most letters.
UN_PHRASES = (
    '"security council"',
    '"charter of the united nations"',
    '"international peace and security"',
)


def _cases(rng: random.Random) -> list[dict]:
    """Every timed case: a class name, what it asks, and the URLs to rotate through."""
    import queries
    from django.db import connection

    from letters.models import AgendaTopic, LetterSymbol

    terms = queries.pick_terms(rng)
    cases = [{"class": name, "queries": [t.text for t in ts]} for name, ts in terms.items() if ts]
    typical = [t.text for t in terms["typical"]]
    broad = [t.text for t in terms["broad"]] or typical
    # Two broad words: generated words are independent, so two typical ones rarely meet.
    pairs = [f"{a} {b}" for a, b in zip(broad, broad[1:] + broad[:1], strict=True)]
    if pairs:
        cases.append({"class": "multi-word", "queries": pairs})
    cases.append({"class": "phrase", "queries": [t.text for t in queries.phrases(rng)]})
    cases.append({"class": "UN phrases", "queries": list(UN_PHRASES)})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT session_number FROM letters_searchentry WHERE session_number IS NOT NULL "
            "GROUP BY 1 ORDER BY count(*) DESC LIMIT 3"
        )
        sessions = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT t FROM letters_searchentry, unnest(topic_ids) t "
            "GROUP BY t ORDER BY count(*) DESC LIMIT 3"
        )
        topic_ids = [row[0] for row in cursor.fetchall()]
    cases.append(
        {
            "class": "query + 2 filters",
            "params": [
                {"q": q, "session": s, "has_annex": "true"}
                for q, s in zip(broad, sessions, strict=False)
            ],
        }
    )
    slugs = dict(AgendaTopic.objects.filter(pk__in=topic_ids).values_list("pk", "slug"))
    cases.append(
        {"class": "filter: agenda topic", "params": [{"agenda": slugs[t]} for t in topic_ids]}
    )
    cases.append({"class": "filter: session", "params": [{"session": s} for s in sessions]})
    symbols = list(LetterSymbol.objects.order_by("?").values_list("symbol", flat=True)[:10])
    cases.append({"class": "symbol look-up", "queries": symbols})
    for case in cases:
        if "queries" in case:
            case["params"] = [{"q": q} for q in case["queries"]]
    return cases


def measure(args: argparse.Namespace, corpus: dict) -> dict:
    from django.db import connection
    from django.http import QueryDict
    from django.test import Client

    from letters.models import Letter
    from letters.search.pipeline import bind_search

    rng = random.Random(args.seed)
    client = Client(SERVER_NAME="127.0.0.1")
    cases = _cases(rng)
    total = Letter.objects.count()
    for case in cases:
        case["urls"] = ["/?" + urlencode(p) for p in case["params"]]
        counts = []
        for params in case["params"]:
            # Exact counts (the page may show sampled ones), through the page's own binding.
            filterset = bind_search(QueryDict(urlencode(params)))
            counts.append(filterset.qs.count())
        case["matches"] = counts
    pks = list(Letter.objects.order_by("?").values_list("pk", flat=True)[:30])
    cases.append(
        {"class": "letter detail", "urls": [f"/letters/{pk}/" for pk in pks], "matches": []}
    )
    symbols = next(c["queries"] for c in cases if c["class"] == "symbol look-up")
    cases.append(
        {
            "class": "symbol redirect",
            "urls": [f"/symbol/{symbol}" for symbol in symbols],
            "matches": [],
            "status": 302,
        }
    )
    cases = [row for case in cases for row in (case, _api_case(case)) if row]

    for case in cases:
        for url in case["urls"]:  # warm the cache and check every page works
            response = client.get(url)
            if response.status_code != case.get("status", 200):
                raise SystemExit(f"{url}: HTTP {response.status_code}")
        timings = []
        for i in range(max(args.reps, len(case["urls"]))):
            url = case["urls"][i % len(case["urls"])]
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        case["ms"] = _percentiles(timings)
        print(f"  {case['class']:<22} p50 {case['ms']['p50']:8.1f} ms", file=sys.stderr)

    peer_build_seconds = _peers(args, cases)
    concurrency = []
    if args.load_seconds:
        import load

        urls = [
            u
            for c in cases
            if c["class"] not in ("letter detail", "symbol redirect") and not c.get("api")
            for u in c["urls"]
        ]
        concurrency = load.measure(os.environ["DATABASE_URL"], urls, seconds=args.load_seconds)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        size = cursor.fetchone()[0]
    return {
        "when": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python_loop_ms": machine_speed(),
            "python": platform.python_version(),
            "postgres": connection.cursor().connection.info.server_version,
        },
        "letters": total,
        "seed": args.seed,
        "ingest_letters_per_s": corpus.get("ingest_letters_per_s"),
        "database_bytes": size,
        "cases": [{k: v for k, v in c.items() if k != "params"} for c in cases],
        "concurrency": concurrency,
        "peer_build_seconds": peer_build_seconds,
    }


def _api_case(case: dict) -> dict | None:
    """The JSON API's answer to the same request as ``case`` (a row beside it): the letters
    list for the same search parameters (the same pipeline, serialised instead of
    rendered; default page size 20, no facets, as the page), the letter by id, the
    letter by symbol (served, not redirected)."""
    if case.get("params"):
        urls = ["/api/v1/letters/?" + urlencode(p) for p in case["params"]]
    elif case["class"] == "letter detail":
        urls = ["/api/v1" + url for url in case["urls"]]
    elif case["class"] == "symbol redirect":
        urls = [url.replace("/symbol/", "/api/v1/symbols/", 1) for url in case["urls"]]
    else:
        return None
    name = f"{case['class']} · API"
    return {"class": name, "urls": urls, "matches": case["matches"], "api": True}


# name -> (module in bench/, index path under bench/results/, timed reps at most)
PEERS = {
    "fts5": ("sqlite_peer", "peer-fts5.sqlite", None),
    "tantivy": ("tantivy_peer", "peer-tantivy", None),
    "whoosh": ("whoosh_peer", "peer-whoosh", 10),
    "django": ("django_peer", None, 2),  # a sequential scan of all text per query
}


def _peers(args: argparse.Namespace, cases: list[dict]) -> dict[str, float]:
    """Each peer engine on the same corpus and the same text queries; returns build seconds."""
    import importlib

    built = {}
    for name in args.peers:
        module_name, index, most = PEERS[name]
        module = importlib.import_module(module_name)
        started = time.perf_counter()
        handle = module.build(bench_db.RESULTS / index if index else None)
        built[name] = time.perf_counter() - started
        print(f"  {name}: index built in {built[name]:.1f} s", file=sys.stderr)
        for case in cases:
            if case.get("api"):
                continue  # the same queries as the page's row above it
            params = case.get("params") or []
            texts = [(p["q"], p.get("session")) for p in params if "q" in p and "/" not in p["q"]]
            if not texts:
                continue
            module.page(handle, *texts[0])  # warm
            timings = []
            reps = max(args.reps, len(texts)) if most is None else min(most, args.reps)
            for i in range(reps):
                text, session = texts[i % len(texts)]
                started = time.perf_counter()
                module.page(handle, text, session)
                timings.append((time.perf_counter() - started) * 1000)
            case.setdefault("peers", {})[name] = _percentiles(timings)
        close = getattr(handle, "close", None)
        if close:
            close()
    return built


def _percentiles(timings: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98], "n": len(timings)}


def _percent(part: int, whole: int) -> str:
    share = 100 * part / whole
    return f"{share:.2f}%" if share < 1 else f"{share:.1f}%"


def machine_speed() -> float:
    """Milliseconds for a fixed Python loop (best of 3): this machine's speed varies from
    day to day by a factor of two or more, so runs are compared through it (and through
    the peers, timed in the same run)."""
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for i in range(5_000_000):
            total += i
        timings.append((time.perf_counter() - started) * 1000)
    return round(min(timings))


def print_table(results: dict) -> None:
    size_mb = results["database_bytes"] / 1e6
    rate = results["ingest_letters_per_s"]
    print(
        f"\n{results['letters']:,} letters · database {size_mb:,.0f} MB · "
        f"ingest {rate:,.1f} letters/s · machine: a 5M-step Python loop takes "
        f"{results['machine'].get('python_loop_ms', '?')} ms"
    )
    peers = [p for p in PEERS if any(p in c.get("peers", {}) for c in results["cases"])]
    head = "".join(f" {p} p50 ms (ours ÷ {p}) |" for p in peers)
    print(f"| class | matches (share of letters) | p50 ms | p95 ms | p99 ms |{head}")
    print("|---|---|---:|---:|---:|" + "---:|" * len(peers))
    total = results["letters"]
    for case in results["cases"]:
        ms = case["ms"]
        matches = case["matches"]
        share = ", ".join(_percent(m, total) for m in matches[:3]) if matches else "–"
        cells = ""
        for p in peers:
            peer = case.get("peers", {}).get(p)
            cells += f" {peer['p50']:.1f} ({ms['p50'] / peer['p50']:.2g}×) |" if peer else " – |"
        print(
            f"| {case['class']} | {share} | {ms['p50']:.1f} | {ms['p95']:.1f} "
            f"| {ms['p99']:.1f} |{cells}"
        )
    if results["concurrency"]:
        print("\n| clients | gunicorn workers | requests/s | p50 ms | p95 ms | errors |")
        print("|---:|---:|---:|---:|---:|---:|")
        for row in results["concurrency"]:
            print(
                f"| {row['clients']} | {row['workers']} | {row['requests_per_s']:.1f} "
                f"| {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {row['errors']} |"
            )


if __name__ == "__main__":
    main()
