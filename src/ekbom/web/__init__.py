"""ekbom's web app: the questionnaire and its report in the browser, and a JSON API.

from ekbom.web import create_app
app = create_app()          # serve with uvicorn; `python -m ekbom.web` does it for you
"""

from ekbom.web.app import WebSettings, create_app

__all__ = ["WebSettings", "create_app"]
