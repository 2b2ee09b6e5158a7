"""The OpenAPI schema's generator: drf-spectacular's, with the API's errors on every
operation (the shape of ``errors.error_body``)."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from letters.api.serializers import ErrorSerializer

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, "Invalid parameters: each one's messages."),
    404: OpenApiResponse(ErrorSerializer, "Not found (or past the last page)."),
    429: OpenApiResponse(ErrorSerializer, "Too many requests: see the Retry-After header."),
}


class ApiAutoSchema(AutoSchema):
    def get_response_serializers(self):
        found = super().get_response_serializers()
        responses = dict(found) if isinstance(found, dict) else {200: found}
        for code, response in ERRORS.items():
            responses.setdefault(code, response)
        return responses
