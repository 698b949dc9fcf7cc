"""`ekbom serve`: the web app (with CDS Hooks mounted), or only the CDS Hooks service. The web's
options and its server come from the web (`ekbom.web.options`, `ekbom.web.__main__`); this is the
one command-line module that imports the web, and the web never imports the command line."""

from __future__ import annotations

import argparse
from typing import Any

from ekbom.cli._output import UsageError, errors_exit, write
from ekbom.cli._parsing import add_command
from ekbom.web.options import add_serve_options


def register(sub: Any) -> None:
    """Add `serve` to the command line."""
    serve = add_command(sub, "serve", cmd_serve)
    add_serve_options(serve)
    serve.add_argument(
        "--cds-only",
        action="store_true",
        help="serve only the CDS Hooks service, not the web app",
    )


def cmd_serve(args: argparse.Namespace) -> None:
    """Serve the web app, or only ekbom's CDS Hooks 2.0 service, over HTTP

    Without --cds-only it serves the web app (questionnaire, report, diary, JSON API; see
    docs/web.md) on the diary's store, with the CDS Hooks service mounted at /cds-services.
    With --cds-only it serves only `GET /cds-services` (discovery), `POST /cds-services/{id}`
    (cards) and `POST /cds-services/{id}/feedback`.
    It listens on 127.0.0.1 by default: put it behind an HTTPS proxy (and, for CDS Hooks, a
    gateway that checks the clients' JWTs) before opening it to a network, and start the web
    app there with --https so that its cookies are sent only over HTTPS.

    Examples:
      ekbom serve
      ekbom serve --host 0.0.0.0 --https
      ekbom serve --db postgresql://ekbom@db.example.org/ekbom
      ekbom serve --cds-only
      ekbom serve --host 0.0.0.0 --port 9000 --cds-only
    """
    if not args.cds_only:
        from ekbom.web.__main__ import serve_web

        serve_web(args.host, args.port, https=args.https, db=args.db)
        return
    if args.https:
        raise UsageError("--https marks the web app's cookies; --cds-only sets no cookies")
    if args.db:
        raise UsageError("--db names the web app's store; --cds-only keeps no data")
    import uvicorn

    from ekbom.interop.cds.app import create_cds_app

    with errors_exit():
        app = create_cds_app()
    write(f"ekbom CDS Hooks service: http://{args.host}:{args.port}/cds-services (Ctrl+C stops it)")
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
