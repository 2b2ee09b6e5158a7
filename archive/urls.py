from django.contrib import admin
from django.urls import include, path

from archive import health

# A database failure that escapes a view still gets the outage or "too broad" page.
handler500 = "archive.health.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/", include("letters.api.urls")),
    path("", include("letters.urls")),
]

# JSON under /api/, the site's own pages elsewhere (letters.api.errors).
handler404 = "letters.api.errors.page_not_found"
handler500 = "letters.api.errors.server_error"
