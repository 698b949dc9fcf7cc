"""`python -m ekbom.web [--host 127.0.0.1] [--port 8000] [--https] [--db PATH]`: serve the web
app with uvicorn on the diary's store (`--db`, else `EKBOM_DATABASE_URL`, else the default SQLite
file). The same as `ekbom serve`, with the same options."""

from __future__ import annotations

import argparse


def main(argv: list[str] | None = None) -> None:
    """Parse the options and serve until Ctrl+C."""
    from ekbom.web.options import add_serve_options

    parser = argparse.ArgumentParser(prog="python -m ekbom.web", description=__doc__)
    add_serve_options(parser)
    args = parser.parse_args(argv)
    serve_web(args.host, args.port, https=args.https, db=args.db)


def serve_web(host: str, port: int, *, https: bool = False, db: str | None = None) -> None:
    """Serve the web app with uvicorn until Ctrl+C (also `ekbom serve`), on the store of `db`,
    else of EKBOM_DATABASE_URL, else the default diary file."""
    import uvicorn

    from ekbom.store.settings import store_settings
    from ekbom.web.app import WebSettings, create_app

    app = create_app(WebSettings(store_settings(db=db), https=https))
    print(f"ekbom web app: http://{host}:{port}/ (Ctrl+C stops it)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="info")


if __name__ == "__main__":
    main()
