from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("letters.api.urls")),
    path("", include("letters.urls")),
]

# JSON under /api/, the site's own pages elsewhere (letters.api.errors).
handler404 = "letters.api.errors.page_not_found"
handler500 = "letters.api.errors.server_error"
