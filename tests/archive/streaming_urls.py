"""The site's routes and one more: a bulk door's streamed answer, for the tests of the
slots a streamed body holds (tests/archive/test_limits.py)."""

from django.http import StreamingHttpResponse
from django.urls import path

from archive.limits import door

# The site's error handlers (archive.urls) stay in force through this module.
from archive.urls import handler404, handler500  # noqa: F401
from archive.urls import urlpatterns as site


@door("export")
def streamed(request):
    return StreamingHttpResponse((f"line {n}\n" for n in range(10)), content_type="text/plain")


urlpatterns = [path("streamed", streamed), *site]
