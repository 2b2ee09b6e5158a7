"""The public site's routes, in the ``letters`` namespace: the search page, the letter
and browse pages, and the open-data routes (``letters.opendata.urls``)."""

from django.urls import path, re_path

from letters.browse import views
from letters.opendata import urls as opendata
from letters.search.facets import CHARTER_KEY
from letters.search.views import search

app_name = "letters"

urlpatterns = [
    path("", search, name="search"),
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
    re_path(
        r"^letters/(?P<pk>[0-9]+)/(?P<left>[a-z]{2})/(?P<right>[a-z]{2})/$",
        views.side_by_side,
        name="side_by_side",
    ),
    path("threads/<int:pk>/", views.thread_detail, name="thread"),
    path("exchanges/<slug:first>/<slug:second>/", views.exchange_detail, name="exchange"),
    path(
        "exchanges/<slug:first>/<slug:second>/<slug:topic>/",
        views.exchange_detail,
        name="exchange_topic",
    ),
    path("charter/", views.charter_list, name="charter"),
    re_path(rf"^charter/(?P<key>{CHARTER_KEY})/$", views.charter_article, name="charter_article"),
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
    *opendata.urlpatterns,
]
