from django.urls import path

from letters import views

app_name = "letters"

urlpatterns = [
    path("healthz", views.health, name="health"),
    path("", views.search, name="search"),
    path("letters/<int:pk>/", views.letter_detail, name="detail"),
    path("letters/<int:pk>/source", views.letter_source, name="source"),
    path("sessions/<int:number>/", views.session_detail, name="session"),
    path("agenda/<slug:slug>/", views.topic_detail, name="topic"),
    path("cited/<path:key>", views.cited_detail, name="cited"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("states/<slug:slug>/", views.state_detail, name="state"),
]
