"""A page of search results: the letters' rows as the result list shows them.

``page_of_letters`` turns ordered search rows into a page of ``ResultRow``s, read in
one query whatever the page shows (symbols, senders, signatories, annex count).
The search pipeline and the browse pages both list letters through it.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
from collections.abc import Sequence
from html import escape

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import dateformat
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from letters.models import Letter, SearchEntry, Session
from letters.reversing import link_url
from letters.search.query import TextMatch, fetch, fetch_queryset, headline_sql, mark

PER_PAGE = 20


@dataclasses.dataclass(frozen=True)
class Link:
    """A linked name in a result row: its text and its page's URL."""

    text: str
    url: str


@dataclasses.dataclass
class ResultRow:
    """What a result row shows (``items_html``), read in one query for a page."""

    pk: int
    title: str
    letter_date: datetime.date | None
    session: Link | None
    symbols: list[str]
    senders: list[Link]
    signatories: list[Link]
    annexes: int
    opening: str  # the start of the body, shown when there is no snippet
    snippet: str = ""

    def get_absolute_url(self) -> str:
        """The letter's page."""
        return link_url("letters:detail", self.pk)


OPENING_CHARACTERS = 600

# What a result row reads of a letter (LETTER_PARTS), as the columns of ``_rows_statement``.
_PARTS = ("symbol", "sender", "signatory", "annex")
_COLUMNS = (
    "pk",
    "title",
    "letter_date",
    "session_id",
    "opening",
    "symbol_list",
    "sender_list",
    "signatory_list",
    "annex_list",
)
_IDS = object()  # where the letters' ids go among the statement's parameters


@functools.cache
def _rows_statement() -> tuple[str, tuple]:
    """The statement of the result rows of any letters, compiled by the ORM once per
    process (compiling it took 6–7 ms a page, a sixth of a search page's Python): its
    parameters, with ``_IDS`` where the letters' ids go, and a ``{snippet}`` slot for the
    snippet's SQL over the row's ``body`` and ``language``."""
    letters = (
        Letter.objects.filter(
            RawSQL(f"{Letter._meta.db_table}.id = ANY(%s)", [_IDS], output_field=BooleanField())
        )
        .with_parts(*_PARTS, opening=OPENING_CHARACTERS)
        .values_list(*_COLUMNS, "body", "language")
        .order_by()  # put in the ids' order by result_rows
    )
    sql, params = letters.query.sql_with_params()
    names = ", ".join(_COLUMNS)
    return (
        f"SELECT {names}, {{snippet}} FROM ({sql}) AS r({names}, body, language)",
        tuple(params),
    )


def result_rows(letter_ids: Sequence[int], *, match: TextMatch | None = None) -> list[ResultRow]:
    """Result rows for ``letter_ids``, in that order: one statement, the parts as arrays,
    and with ``match`` each letter's snippet (``query.headline_sql``) in the same
    statement.

    Prefetching the same parts took five queries and built a model instance for each
    symbol, State and signature: most of a search page's Python time.
    """
    if not letter_ids:
        return []
    template, params = _rows_statement()
    params = [list(letter_ids) if value is _IDS else value for value in params]
    snippet = headline_sql(match, body="r.body", language="r.language")
    if snippet is None:
        snippet = ("NULL", [])
    rows = {}
    for pk, title, date, session, opening, symbols, senders, signatories, annexes, marked in fetch(
        template.replace("{snippet}", snippet[0], 1), [*snippet[1], *params]
    ):
        rows[pk] = ResultRow(
            pk=pk,
            title=title,
            letter_date=date,
            session=Link(str(Session(number=session)), link_url("letters:session", session))
            if session
            else None,
            symbols=symbols,
            senders=[Link(s["name"], link_url("letters:state", s["slug"])) for s in _json(senders)],
            signatories=[
                Link(s["name"], link_url("letters:person", s["pk"])) for s in _json(signatories)
            ],
            annexes=annexes,
            opening=opening,
            snippet=mark(marked) if marked is not None else "",
        )
    return [rows[pk] for pk in letter_ids if pk in rows]


# The result list's items are made here, as the sidebar's facet values are
# (``sidebar.FacetGroup.items_html``): a template included for each of the 20 rows
# resolved some twenty-five variables a row, 6–7 ms of a search page's 12–13 ms of
# rendering at 100,000 letters. Every text is escaped here; the snippet is already safe
# (``query.mark``).
OPENING_WORDS = 40


def items_html(rows: Sequence[ResultRow], letter_query: str = "") -> SafeString:
    """The list items of ``rows`` (letters/_letter_list.html), each title linking to its
    letter with ``letter_query`` (the search the letter page marks; "" for none)."""
    query = f"?{letter_query}" if letter_query else ""
    return mark_safe("\n".join(_item_html(row, query) for row in rows))  # escaped below


def _item_html(row: ResultRow, query: str) -> str:
    meta = "".join(f'<span class="symbol">{escape(symbol)}</span> ' for symbol in row.symbols)
    if row.letter_date:
        meta += (
            f'<time datetime="{row.letter_date.isoformat()}">'
            f"{dateformat.format(row.letter_date, 'j F Y')}</time>"
        )
    if row.session:
        meta += f" · {_link(row.session)}"
    if row.senders:
        meta += " · " + ", ".join(_link(state) for state in row.senders)
    if row.annexes:
        meta += f" · {row.annexes} annex{'' if row.annexes == 1 else 'es'}"
    # The snippet is safe already (query.mark); the opening is escaped with it below.
    snippet = row.snippet or Truncator(row.opening).words(OPENING_WORDS, truncate=" …")
    signed = ""
    if row.signatories:
        people = ", ".join(_link(person) for person in row.signatories)
        signed = f'\n  <p class="result-signed">Signed: {people}</p>'
    url = escape(row.get_absolute_url() + query)
    return (
        f'<li class="result" id="result-{row.pk}">\n'
        f'  <h3 class="result-title"><a href="{url}">{escape(row.title)}</a></h3>\n'
        f'  <p class="result-meta">{meta}</p>\n'
        f'  <p class="snippet">{conditional_escape(snippet)}</p>{signed}\n'
        "</li>"
    )


def _link(link: Link) -> str:
    return f'<a href="{escape(link.url)}">{escape(link.text)}</a>'


def _json(values: list) -> list[dict]:
    """JSON values as PostgreSQL sent them: Django has psycopg leave jsonb as text."""
    return [json.loads(v) if isinstance(v, str) else v for v in values]


class CountedPaginator(Paginator):
    """A paginator told its count (the counting has it already) instead of asking."""

    def __init__(self, *args, count: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.known_count = count

    @property
    def count(self) -> int:
        """The count it was given: no COUNT query."""
        return self.known_count


def page_of_letters(
    entries: QuerySet | Sequence[int],
    page_number,
    *,
    per_page: int = PER_PAGE,
    count: int | None = None,
    through_bitmaps: bool = False,
    match: TextMatch | None = None,
) -> Page:
    """A page of ``entries`` (SearchEntry rows, already ordered, or their letter ids in
    order) as result rows, with ``match``'s snippets (``result_rows``);
    ``through_bitmaps`` reads a queryset's page with bitmap scans only
    (query.results_through_bitmaps). Two queries (the page's ids, its rows), and a COUNT
    unless ``count`` is given. The page keeps no query: it can be cached."""
    ids = entries.values_list("letter_id", flat=True) if isinstance(entries, QuerySet) else entries
    if count is None:
        paginator = Paginator(ids, per_page)
    else:
        paginator = CountedPaginator(ids, per_page, count=count)
    page = paginator.get_page(page_number)
    if through_bitmaps and isinstance(page.object_list, QuerySet):
        letter_ids = [pk for (pk,) in fetch_queryset(page.object_list, bitmap_scans_only=True)]
    else:
        letter_ids = list(page.object_list)
    page.object_list = result_rows(letter_ids, match=match)
    if count is not None:
        paginator.object_list = ()  # counted already: nothing left to read
    return page


class PagedIds(Sequence):
    """A search's matches' letter ids in order, as the paginator pages them: ``total``
    of them, a slice read by ``between``."""

    total: int

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop if index.stop is not None else self.total
        return self.between(start, stop)

    def between(self, start: int, stop: int) -> list[int]:
        """The ids from place ``start`` to ``stop``."""
        raise NotImplementedError


class KnownStretch(PagedIds):
    """The matches where the ids of one stretch (``ids``, from place ``offset``) were read
    already: that stretch reads nothing, any other reads ``matches`` (ordered search
    rows)."""

    def __init__(self, ids: Sequence[int], offset: int, matches: QuerySet, total: int) -> None:
        self.ids = list(ids)
        self.offset = offset
        self.matches = matches
        self.total = total

    def between(self, start: int, stop: int) -> list[int]:
        known_stop = self.offset + len(self.ids)
        if start == self.offset and (stop <= known_stop or known_stop >= self.total):
            return self.ids[: stop - start]
        return list(self.matches.values_list("letter_id", flat=True)[start:stop])


def public_entries() -> QuerySet:
    """The search rows the public site searches (synthetic letters' only when
    LETTERS_INCLUDE_SYNTHETIC)."""
    # SearchEntry rows exist only for published letters (letters.intake.ingest).
    return SearchEntry.objects.public()


def newest_first(entries: QuerySet) -> QuerySet:
    """``entries`` newest letter first (undated ones last), then highest id first."""
    return entries.order_by(F("letter_date").desc(nulls_last=True), "-letter_id")
