"""GET /api/docs: the JSON API in Swagger UI, served from the package (static/swagger-ui, the npm
package swagger-ui-dist with its licence) so it works offline and under the app's own CSP."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ekbom.web.checked_request import CheckedRoute

SWAGGER_UI_VERSION = "5.35.0"  # static/swagger-ui: swagger-ui-bundle.js, swagger-ui.css
router = APIRouter(include_in_schema=False, route_class=CheckedRoute)


@router.get("/api/docs")
def api_docs(request: Request) -> Response:
    templates = request.app.state.templates
    context = {"version": SWAGGER_UI_VERSION}
    return templates.TemplateResponse(request, "api_docs.html", context)  # type: ignore[no-any-return]
