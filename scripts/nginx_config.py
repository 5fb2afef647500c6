"""The nginx site for a team server (deploy/nginx-iskp.conf, filled in), on standard output.

    .venv/bin/python scripts/nginx_config.py --server-name maps.example.org \\
        --cert /etc/ssl/certs/maps.pem --key /etc/ssl/private/maps.key \\
        > /etc/nginx/sites-enabled/iskp && nginx -s reload

``--listen`` (default 443) and ``--app`` (default 127.0.0.1:8501, where the app listens) may
be given too. Each value is checked: nothing but a host, a port or a path goes into the file.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[1] / "deploy" / "nginx-iskp.conf"
_CHECKS = {"listen": r"(\[?[0-9a-fA-F.:]+\]?:)?[0-9]{1,5}", "server_name": r"[A-Za-z0-9.*_-]+",
           "cert": r"/[A-Za-z0-9._/-]+", "key": r"/[A-Za-z0-9._/-]+",
           "app": r"[A-Za-z0-9.\[\]:-]+:[0-9]{1,5}"}


def render(**values: str) -> str:
    text = TEMPLATE.read_text()
    for name, pattern in _CHECKS.items():
        value = values[name]
        if not re.fullmatch(pattern, value):
            raise ValueError(f"--{name.replace('_', '-')} {value!r} is not a plain "
                             f"{'path' if name in ('cert', 'key') else 'value'}")
        text = text.replace("{" + name + "}", value)
    return text


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--server-name", required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--listen", default="443")
    ap.add_argument("--app", default="127.0.0.1:8501")
    args = ap.parse_args(argv)
    try:
        sys.stdout.write(render(listen=args.listen, server_name=args.server_name,
                                cert=args.cert, key=args.key, app=args.app))
    except ValueError as exc:
        print(f"nginx_config: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
