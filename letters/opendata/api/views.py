"""The API's views: bind the request, call the search pipeline or a browse read (or the
API's own ``reads``), serialise.

The letters list is the search page's pipeline (``letters.search.pipeline.search_page``)
with the same parameters; nothing here filters, counts or orders letters by itself.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.generics import ListAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from archive.limits import door
from letters.browse import exchanges
from letters.browse import reads as browse
from letters.models import LetterSymbol
from letters.opendata.api import params, reads, serializers
from letters.opendata.api.errors import InvalidParameters
from letters.search import pipeline
from letters.search.filters import counts_afresh
from letters.search.query import letter_for_symbol


def _path(name: str, kind) -> list[OpenApiParameter]:
    return [OpenApiParameter(name, kind, OpenApiParameter.PATH)]


# A letter's page lists this many citing letters, newest first; the rest are in the
# letters list (q=<its symbol>).
CITED_BY_SHOWN = 100


@door("api", heavy=counts_afresh)
class LetterList(APIView):
    """Search the published letters: every parameter of the search page, its results,
    total and facet counts (marked when approximate), and the letter a symbol names."""

    @extend_schema(
        operation_id="letters_list",
        parameters=params.list_parameters(),
        responses={200: serializers.LetterListSerializer},
    )
    def get(self, request):
        """One page of the search for the list's parameters, serialised; 400 for parameters
        that cannot be used, 404 past the last page."""
        fields = serializers.LetterListSerializer.FIELDS
        try:
            wanted = params.read_list_request(request.query_params, fields=fields)
            result = pipeline.search_page(
                wanted.search, page_number=wanted.page, per_page=wanted.page_size
            )
        except pipeline.InvalidSearch as invalid:
            raise InvalidParameters(invalid.errors) from invalid
        page = result.page
        if page.number != wanted.page:  # the paginator clamps; an API says so
            raise Http404(f"Page {wanted.page} is past the last page ({page.paginator.num_pages}).")
        url = request.build_absolute_uri()
        context = {"request": request, "expand": wanted.expand, "fields": wanted.fields}
        listed = _Listed(result, url, wanted)
        return Response(serializers.LetterListSerializer(listed, context=context).data)


class _Listed:
    """A SearchPage with the links to the pages beside it."""

    def __init__(self, result: pipeline.SearchPage, url: str, wanted: params.ListRequest):
        self._result = result
        page = result.page
        self.next = (
            replace_query_param(url, "page", page.number + 1)
            if (page.has_next() and page.number < params.MAX_RESULTS // wanted.page_size)
            else None
        )
        if not page.has_previous():
            self.previous = None
        elif page.number == 2:
            self.previous = remove_query_param(url, "page")
        else:
            self.previous = replace_query_param(url, "page", page.number - 1)

    def __getattr__(self, name):
        return getattr(self._result, name)


def _letter_response(request, pk: int) -> Response:
    letter = browse.letter_detail(pk)
    cited_by = list(browse.cited_by(letter)[:CITED_BY_SHOWN])
    context = {"request": request, "cited_by": cited_by, "links": exchanges.letter_links(letter)}
    return Response(serializers.LetterSerializer(letter, context=context).data)


class LetterDetail(APIView):
    """A published letter: metadata, body, annexes, signatures, agenda items, citations
    both ways, and links to its page and its original file."""

    @extend_schema(operation_id="letters_retrieve", responses={200: serializers.LetterSerializer})
    def get(self, request, pk: int):
        """The published letter ``pk``; 404 for any other id."""
        return _letter_response(request, pk)


class SymbolDetail(APIView):
    """The published letter carrying a document symbol, written with any dash, spacing or
    case (`A/75/861-S/2021/392`, `a/75/861`, `S/2021/392`): the same answer as its id's."""

    @extend_schema(
        operation_id="symbols_retrieve",
        parameters=_path("symbol", str),
        responses={200: serializers.LetterSerializer},
    )
    def get(self, request, symbol: str):
        """The published letter carrying ``symbol``, as LetterDetail answers; 404 when none does."""
        max_length = LetterSymbol._meta.get_field("symbol").max_length
        # A joint symbol is two stored ones and a dash: anything longer names nothing.
        if len(symbol) > 2 * max_length + 8:
            raise Http404("No such symbol.")
        letter = letter_for_symbol(symbol)
        if letter is None:
            raise Http404(f"No published letter carries the symbol {symbol}.")
        return _letter_response(request, letter.pk)


class BrowsePagination(PageNumberPagination):
    """Pages of 50 rows for the browse lists; ``page_size`` up to MAX_PAGE_SIZE."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = params.MAX_PAGE_SIZE


def _detail(serializer_class, row, request) -> Response:
    return Response(serializer_class(row, context={"request": request}).data)


class SessionList(ListAPIView):
    """General Assembly sessions with published letters, latest first."""

    serializer_class = serializers.SessionSerializer
    pagination_class = BrowsePagination

    def get_queryset(self):
        """Sessions with published letters, latest first."""
        return browse.sessions_with_letters()


class SessionDetail(APIView):
    """A session and its agenda items with published letters."""

    @extend_schema(responses={200: serializers.SessionDetailSerializer})
    def get(self, request, number: int):
        """The session ``number``; 404 when it has no published letter."""
        return _detail(serializers.SessionDetailSerializer, reads.session(number), request)


class TopicList(ListAPIView):
    """Agenda topics with published letters, by title, with their item number per session."""

    serializer_class = serializers.TopicSerializer
    pagination_class = BrowsePagination

    def get_queryset(self):
        """Topics with published letters, by title."""
        return reads.topics_with_items()


class TopicDetail(APIView):
    """An agenda topic and its item in each session, latest first, with letter counts."""

    @extend_schema(responses={200: serializers.TopicDetailSerializer})
    def get(self, request, slug: str):
        """The topic ``slug``; 404 when it has no published letter."""
        return _detail(serializers.TopicDetailSerializer, reads.topic(slug), request)


class CitedList(ListAPIView):
    """Documents that published letters cite (resolutions, symbols, treaties, court
    cases), the most cited first."""

    serializer_class = serializers.CitedDocumentSerializer
    pagination_class = BrowsePagination

    def get_queryset(self):
        """Documents cited by published letters, the most cited first."""
        return browse.cited_documents_with_letters()


class CitedDetail(APIView):
    """A cited document, by its key (`S/RES/822 (1993)`, `A/75/861`)."""

    @extend_schema(
        parameters=_path("key", str),
        responses={200: serializers.CitedDocumentSerializer},
    )
    def get(self, request, key: str):
        """The cited document ``key``; 404 when no published letter cites it."""
        return _detail(serializers.CitedDocumentSerializer, reads.cited_document(key), request)


class PersonList(ListAPIView):
    """People who signed published letters or their annexes, by name."""

    serializer_class = serializers.PersonSerializer
    pagination_class = BrowsePagination

    def get_queryset(self):
        """People who signed published letters, by name."""
        return browse.people_with_letters()


class PersonDetail(APIView):
    """A person and their latest signatures."""

    @extend_schema(responses={200: serializers.PersonDetailSerializer})
    def get(self, request, pk: int):
        """The person ``pk``; 404 when they signed no published letter."""
        return _detail(serializers.PersonDetailSerializer, reads.person(pk), request)


class StateList(ListAPIView):
    """States that sent published letters, by name."""

    serializer_class = serializers.StateSerializer
    pagination_class = BrowsePagination

    def get_queryset(self):
        """States that sent published letters, by name."""
        return browse.states_with_letters().order_by("name")


class StateDetail(APIView):
    """A State and how many published letters it sent."""

    @extend_schema(responses={200: serializers.StateSerializer})
    def get(self, request, slug: str):
        """The State ``slug``; 404 when it sent no published letter."""
        return _detail(serializers.StateSerializer, reads.state(slug), request)


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the project's own static files (drf-spectacular-sidecar), its
    start-up script a separate same-origin file: it runs under the site's
    Content-Security-Policy, which forbids inline script and style."""

    template_name = "letters_api/docs.html"
    url_name = "api:schema"
