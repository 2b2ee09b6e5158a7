from django.contrib import admin
from django.urls import include, path

from archive import health

# A database failure that escapes a view still gets the outage or "too broad" page.
handler500 = "archive.health.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("", include("letters.urls")),
]
