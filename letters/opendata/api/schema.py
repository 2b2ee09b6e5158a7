"""The OpenAPI schema's generator: drf-spectacular's, with the API's errors on every
operation (the shape of ``archive.middleware.error_body``)."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from letters.opendata.api.serializers import ErrorSerializer

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, "Invalid parameters: each one's messages."),
    404: OpenApiResponse(ErrorSerializer, "Not found (or past the last page)."),
    429: OpenApiResponse(ErrorSerializer, "Too many requests: see the Retry-After header."),
}


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's schema generator, adding the 400, 404 and 429 error responses to
    every operation that does not declare them."""

    # Added to the responses each operation declares (or @extend_schema overrides: it
    # replaces get_response_serializers, so the errors are added after it).
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in ERRORS.items():
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    response, str(code), direction=direction
                )
        return responses
