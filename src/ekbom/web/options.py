"""The web app's command-line options (--host, --port, --https, --db): `python -m ekbom.web` and
`ekbom serve` both take them from here (the command line imports the web, never the reverse)."""

from __future__ import annotations

import argparse


def add_serve_options(parser: argparse.ArgumentParser) -> None:
    """--host, --port, --https and --db: how the web app listens, and on which store."""
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on, defaults to 127.0.0.1"
    )
    parser.add_argument(
        "--port", type=port, default=8000, help="port to listen on (1-65535), defaults to 8000"
    )
    parser.add_argument(
        "--https",
        action="store_true",
        help="mark the web app's session and CSRF cookies Secure (behind an HTTPS proxy)",
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="the store of the web app's accounts and their diaries (a file or database URL), "
        "defaults to $EKBOM_DATABASE_URL or the diary in your user data folder",
    )


def port(text: str) -> int:
    """argparse type for --port: a whole number from 1 to 65535 (else a usage error, exit 2)."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 0 < number < 65536:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port; use 1 to 65535")
    return number
