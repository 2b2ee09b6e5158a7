from django.contrib import admin
from django.urls import include, path

from archive import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/", include("letters.opendata.api.urls")),
    path("", include("letters.urls")),
]

# A database failure that escapes a view still gets the outage or "too broad" page; other
# errors get JSON under /api/ and the site's pages elsewhere (archive.health).
handler404 = "archive.health.page_not_found"
handler500 = "archive.health.server_error"
