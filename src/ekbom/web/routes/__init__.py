"""The web app's routes: `pages` (HTML) and `api` (JSON under /api/v1)."""
