"""ekbom's web app: the questionnaire and its report in the browser, and a JSON API.

from ekbom.web import create_app
app = create_app()          # serve with uvicorn; `python -m ekbom.web` does it for you

`create_app` and `WebSettings` load FastAPI on first use, so that `ekbom --help` can read the
web's options (`ekbom.web.options`) without starting the web stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ekbom.web.app import WebSettings, create_app

__all__ = ["WebSettings", "create_app"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from ekbom.web import app

        return getattr(app, name)
    raise AttributeError(f"module 'ekbom.web' has no attribute {name!r}")
