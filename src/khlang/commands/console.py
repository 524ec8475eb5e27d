"""`khlang console`: serve the governance console (FastAPI on uvicorn)."""

from __future__ import annotations

import argparse
import ipaddress
import sys

from khlang.cli import command


def add_parser(groups: argparse._SubParsersAction) -> None:
    """`khlang console [--host 127.0.0.1] [--port 8765] [--proxy-headers]`"""
    p = groups.add_parser("console", help="serve the governance console and its API")
    p.set_defaults(name="serve")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1; anything else only behind a reverse proxy)")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    p.add_argument("--proxy-headers", action="store_true",
                   help="trust X-Forwarded-Proto/-For from KHLANG_TRUSTED_PROXIES (default 127.0.0.1)")


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@command("console", "serve")
def console_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from khlang.console import ConsoleSettings, create_app

    if not is_loopback(args.host):
        sys.stderr.write(
            f"khlang: WARNING: the console listens on {args.host}, not only on this machine.\n"
            "khlang: WARNING: serve it behind a reverse proxy with TLS (see README, 'The governance console');\n"
            "khlang: WARNING: start it this way only on purpose.\n")
    app = create_app(ConsoleSettings.from_env(proxy_headers=args.proxy_headers))
    sys.stdout.write(f"Khlang console: http://{args.host}:{args.port}/ (API docs: /api/docs)\n")
    sys.stdout.flush()
    uvicorn.run(app, host=args.host, port=args.port, proxy_headers=False, server_header=False,
                date_header=True, log_level="info")
    return 0
