from django.urls import path, re_path

from letters import views, views_open
from letters.feeds import NewLettersFeed

app_name = "letters"

urlpatterns = [
    path("", views.search, name="search"),
    path("letters/<int:pk>/", views.letter_detail, name="detail"),
    path("letters/<int:pk>/source", views.letter_source, name="source"),
    re_path(
        r"^letters/(?P<pk>[0-9]+)/(?P<language>[a-z]{2})/$", views.letter_version, name="version"
    ),
    re_path(
        r"^letters/(?P<pk>[0-9]+)/(?P<language>[a-z]{2})/source$",
        views.version_source,
        name="version_source",
    ),
    path("symbol/<path:symbol>", views.symbol_redirect, name="symbol"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/<int:number>/", views.session_detail, name="session"),
    path("agenda/", views.topic_list, name="topics"),
    path("agenda/<slug:slug>/", views.topic_detail, name="topic"),
    path("cited/", views.cited_list, name="cited_list"),
    path("cited/<path:key>", views.cited_detail, name="cited"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("states/", views.state_list, name="states"),
    path("states/<slug:slug>/", views.state_detail, name="state"),
]

# Open data: citation records, feeds, OAI-PMH (letters/views_open.py).
urlpatterns += [
    path("letters/<int:pk>/cite.ris", views_open.cite_ris, name="cite_ris"),
    path("letters/<int:pk>/cite.bib", views_open.cite_bib, name="cite_bib"),
    path("feeds/letters.atom", views_open.bounded(NewLettersFeed()), name="feed"),
    path("feeds/search.atom", views_open.search_feed, name="search_feed"),
    path("export.<slug:fmt>", views_open.search_export, name="export"),
    path("letters/<int:pk>/export.<slug:fmt>", views_open.letter_export, name="letter_export"),
    path("oai", views_open.oai_pmh, name="oai"),
    path("oai/un_letter.xsd", views_open.oai_un_letter_schema, name="oai_schema"),
]
