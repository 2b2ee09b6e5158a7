"""/api/v1/: the JSON API; /api/schema/ and /api/docs/: its OpenAPI schema and docs page
(included by archive/urls.py under /api/)."""

from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from archive.middleware import no_database
from letters.opendata.api import views

app_name = "api"

urlpatterns = [
    path("v1/letters/", views.LetterList.as_view(), name="letters"),
    path("v1/letters/<int:pk>/", views.LetterDetail.as_view(), name="letter"),
    path("v1/symbols/<path:symbol>", views.SymbolDetail.as_view(), name="symbol"),
    path("v1/sessions/", views.SessionList.as_view(), name="sessions"),
    path("v1/sessions/<int:number>/", views.SessionDetail.as_view(), name="session"),
    path("v1/agenda/", views.TopicList.as_view(), name="topics"),
    path("v1/agenda/<slug:slug>/", views.TopicDetail.as_view(), name="topic"),
    path("v1/cited/", views.CitedList.as_view(), name="cited_list"),
    path("v1/cited/<path:key>", views.CitedDetail.as_view(), name="cited"),
    path("v1/people/", views.PersonList.as_view(), name="people"),
    path("v1/people/<int:pk>/", views.PersonDetail.as_view(), name="person"),
    path("v1/states/", views.StateList.as_view(), name="states"),
    path("v1/states/<slug:slug>/", views.StateDetail.as_view(), name="state"),
    # Neither reads the database: they answer with no statement limit to set.
    path("schema/", no_database(SpectacularJSONAPIView.as_view()), name="schema"),
    path("docs/", no_database(views.DocsView.as_view(url_name="api:schema")), name="docs"),
]
