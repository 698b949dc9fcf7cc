"""`python -m ekbom.web [--host 127.0.0.1] [--port 8000]`: serve the web app with uvicorn on the
diary's store (`EKBOM_DATABASE_URL`, else the default SQLite file)."""

from __future__ import annotations

import argparse


def main(argv: list[str] | None = None) -> None:
    """Parse the options and serve until Ctrl+C."""
    parser = argparse.ArgumentParser(prog="python -m ekbom.web", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")
    parser.add_argument(
        "--https", action="store_true", help="mark cookies Secure (behind an HTTPS proxy)"
    )
    args = parser.parse_args(argv)
    if not 0 < args.port < 65536:
        parser.error(f"--port {args.port} is not a port; use 1 to 65535")
    serve_web(args.host, args.port, https=args.https)


def serve_web(host: str, port: int, *, https: bool = False) -> None:
    """Serve the web app with uvicorn until Ctrl+C (also `ekbom serve`)."""
    import uvicorn

    from ekbom.store.settings import store_settings
    from ekbom.web.app import WebSettings, create_app

    app = create_app(WebSettings(store_settings(), https=https))
    print(f"ekbom web app: http://{host}:{port}/ (Ctrl+C stops it)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="info")


if __name__ == "__main__":
    main()
