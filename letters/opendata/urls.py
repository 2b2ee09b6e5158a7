"""The open-data routes: citation records, exports, feeds and OAI-PMH (the JSON API has
its own, under /api/). Part of the ``letters`` URL namespace (``letters.urls``)."""

from django.urls import path, re_path

from letters.opendata import views
from letters.opendata.feeds import ExchangeFeed, NewLettersFeed, ThreadFeed

urlpatterns = [
    path("letters/<int:pk>/cite.ris", views.cite_ris, name="cite_ris"),
    path("letters/<int:pk>/cite.bib", views.cite_bib, name="cite_bib"),
    path("feeds/letters.atom", views.bounded(NewLettersFeed()), name="feed"),
    path("feeds/search.atom", views.search_feed, name="search_feed"),
    path("threads/<int:pk>/feed.atom", views.bounded(ThreadFeed()), name="thread_feed"),
    path(
        "exchanges/<slug:first>/<slug:second>/feed.atom",
        views.bounded(ExchangeFeed()),
        name="exchange_feed",
    ),
    path(
        "exchanges/<slug:first>/<slug:second>/<slug:topic>/feed.atom",
        views.bounded(ExchangeFeed()),
        name="exchange_topic_feed",
    ),
    path("export.<slug:fmt>", views.search_export, name="export"),
    path("letters/<int:pk>/export.<slug:fmt>", views.letter_export, name="letter_export"),
    path("exports/archive.<slug:fmt>.gz", views.archive_dump, name="archive_dump"),
    re_path(r"^exports/(?P<key>[0-9a-f]{64})/$", views.prepared_export, name="prepared_export"),
    re_path(
        r"^exports/(?P<key>[0-9a-f]{64})/(?P<filename>[a-z.]{1,20})$",
        views.prepared_export_file,
        name="prepared_export_file",
    ),
    path("oai", views.oai_pmh, name="oai"),
    path("oai/un_letter.xsd", views.oai_un_letter_schema, name="oai_schema"),
]
