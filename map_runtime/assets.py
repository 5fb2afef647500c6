"""Leaflet and plugin assets, shipped with the project: no CDN, ever.

Every map element declares its scripts and styles as ``default_js``/``default_css`` (folium's
convention) with URLs under :data:`STATIC_PREFIX`. In the Streamlit app those URLs are served by
Streamlit's static file serving from ``static/vendor/`` (filled by :func:`install_static` at
start-up); in an exported HTML file, :func:`inline_assets` replaces each reference by the
file's content.

Sources and licences (each file as its package ships it, licence header and file beside it):
- Leaflet 1.9.3 (BSD-2-Clause) and Leaflet.markercluster 1.4.1 (MIT), from the npm registry,
  committed in ``map_runtime/vendor/`` (``scripts/vendor_assets.sh`` fetches them again, checking
  each tarball's published sha1).
- Leaflet-Geoman free 2.20.2 (MIT; its bundle carries lodash, turf and polyclip-ts, all MIT), the
  drawing tools of the app's annotations, from the npm registry in ``map_runtime/vendor/``.
- Leaflet.heat (BSD-2-Clause, with simpleheat), as shipped in ``folium/templates``: folium's
  copy has the fix for point weights (Leaflet.heat pull request 78) that npm's 0.2.0 lacks.
:data:`LICENCES` is printed in exported files.

>>> from map_runtime.assets import url
>>> url("leaflet.js").split("?")[0]
'/app/static/vendor/leaflet.js'

An asset's URL names its version (``?v=`` and the start of its content's SHA-256): a browser
keeps it for good (ui/server.py says so to it) and asks again only for a new version.
"""
from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
from functools import lru_cache
from importlib import import_module
from pathlib import Path

STATIC_PREFIX = "/app/static/vendor/"


def _pkg_dir(module: str, *parts: str) -> Path:
    return Path(import_module(module).__file__).parent.joinpath(*parts)


def _files() -> dict[str, Path]:
    vendor = Path(__file__).parent / "vendor"
    leaflet, cluster = vendor / "leaflet", vendor / "leaflet.markercluster"
    geoman = vendor / "leaflet-geoman"
    folium_t = _pkg_dir("folium", "templates")
    files = {
        "leaflet.js": leaflet / "leaflet.js",
        "leaflet.css": leaflet / "leaflet.css",
        "leaflet.markercluster.js": cluster / "leaflet.markercluster.js",
        "MarkerCluster.css": cluster / "MarkerCluster.css",
        "MarkerCluster.Default.css": cluster / "MarkerCluster.Default.css",
        "leaflet-heat.js": folium_t / "leaflet_heat.min.js",
        "leaflet-geoman.js": geoman / "leaflet-geoman.min.js",
        "leaflet-geoman.css": geoman / "leaflet-geoman.css",
    }
    for img in (leaflet / "images").glob("*.png"):
        files[f"images/{img.name}"] = img
    # The project's own runtime for the activity layers (committed; not third-party).
    files["iskp_runtime.js"] = Path(__file__).parent / "js" / "iskp_runtime.js"
    # ...and the host that shows such maps in place, alone or side by side (app and exports).
    files["iskp_host.js"] = Path(__file__).parent / "js" / "iskp_host.js"
    # ...and the annotations drawn on a view (shown everywhere, drawn with Geoman in the app).
    files["iskp_annotations.js"] = Path(__file__).parent / "js" / "iskp_annotations.js"
    return files


LICENCES = {
    "leaflet.js": "Leaflet 1.9.3, BSD-2-Clause, (c) 2010-2022 Vladimir Agafonkin, "
                  "(c) 2010-2011 CloudMade",
    "leaflet.markercluster.js": "Leaflet.markercluster 1.4.1, MIT, (c) 2012-2019 Dave Leaver",
    "leaflet-heat.js": "Leaflet.heat, BSD-2-Clause, (c) 2014 Vladimir Agafonkin",
    "leaflet-geoman.js": "Leaflet-Geoman free 2.20.2, MIT, (c) 2017 Sumit Kumar (bundles lodash, "
                         "turf and polyclip-ts, MIT)",
}


def url(name: str) -> str:
    """The URL under which an asset is referenced by map elements, with its version."""
    if name not in _files():
        raise KeyError(f"unknown asset {name!r}")
    return STATIC_PREFIX + name + "?v=" + version(name)


@lru_cache(maxsize=None)
def version(name: str) -> str:
    """The start of the SHA-256 of an asset's content: a new file is a new URL. KeyError for
    a name that is not an asset."""
    return hashlib.sha256(_files()[name].read_bytes()).hexdigest()[:12]


_installed: set[Path] = set()


def install_static(target: Path) -> Path:
    """Copy every asset to ``target`` (Streamlit's ``static/vendor``) unless already current.

    Checked once per process: the app calls this on every rerun."""
    if Path(target) in _installed:
        return target
    for name, src in _files().items():
        dst = target / name
        if not dst.exists() or dst.read_bytes() != src.read_bytes():
            dst.parent.mkdir(parents=True, exist_ok=True)
            # Copied beside, then moved into place: another server (or test process) reading
            # the file meanwhile gets the old one or the new one whole.
            draft = dst.with_name(f".{dst.name}.{os.getpid()}")
            shutil.copyfile(src, draft)
            os.replace(draft, dst)
    _installed.add(Path(target))
    return target


@lru_cache(maxsize=None)
def read_text(name: str) -> str:
    return _files()[name].read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def data_uri(name: str) -> str:
    return "data:image/png;base64," + base64.b64encode(_files()[name].read_bytes()).decode()


def _inline_css(name: str) -> str:
    css = read_text(name)
    # Leaflet's CSS points at images/*.png beside it; a single file needs them inline.
    return re.sub(r"url\((['\"]?)images/([\w.-]+\.png)\1\)",
                  lambda m: f"url({data_uri('images/' + m.group(2))})", css)


_SCRIPT = re.compile(r'<script src="' + re.escape(STATIC_PREFIX) +
                     r'([^"?]+)(?:\?v=[0-9a-f]+)?"></script>')
_LINK = re.compile(r'<link rel="stylesheet" href="' + re.escape(STATIC_PREFIX) +
                   r'([^"?]+)(?:\?v=[0-9a-f]+)?"/>')


OWN_SCRIPTS = {"iskp_runtime.js", "iskp_host.js", "iskp_annotations.js"}


@lru_cache(maxsize=None)
def script_text(name: str) -> str:
    """A script as a file embeds it. The project's own scripts lose their comments (a third of
    them, read in the repository); third-party files are embedded as shipped, licence headers
    included."""
    text = read_text(name)
    if name in OWN_SCRIPTS:
        text = re.sub(r"/\*[\s\S]*?\*/", "", text)
        text = re.sub(r"\n\s*(?=\n)", "", text)
    return text.replace("</script", "<\\/script")


def inline_assets(html: str) -> str:
    """Replace every asset reference in a rendered page by the asset itself."""
    html = _SCRIPT.sub(lambda m: "<script>" + script_text(m.group(1)) + "</script>", html)
    return _LINK.sub(lambda m: "<style>" + _inline_css(m.group(1)) + "</style>", html)


def _main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description="Copy Leaflet assets for Streamlit's static serving.")
    ap.add_argument("--install", metavar="DIR", type=Path, required=True)
    args = ap.parse_args()
    install_static(args.install)


if __name__ == "__main__":
    _main()
