"""The browser assets ship with the project, each with its licence, and nothing loads them
from elsewhere."""
import re
from pathlib import Path

from map_runtime.assets import LICENCES, _files, inline_assets, url

VENDOR = Path(__file__).resolve().parents[1] / "map_runtime" / "vendor"


def test_vendored_packages_keep_their_licence_files_and_declared_versions():
    assert (VENDOR / "leaflet" / "LICENSE").read_text().startswith("BSD 2-Clause License")
    mit = (VENDOR / "leaflet.markercluster" / "MIT-LICENCE.txt").read_text()
    assert "Permission is hereby granted" in mit and "David Leaver" in mit
    # The version in the file's own header is the one the exported licence line names.
    head = (VENDOR / "leaflet" / "leaflet.js").read_text()[:200]
    version = re.search(r"Leaflet (\d+\.\d+\.\d+)", head).group(1)
    assert LICENCES["leaflet.js"].startswith(f"Leaflet {version},")


def test_every_asset_is_a_file_here_and_inlines_without_any_url():
    for name, path in _files().items():
        assert path.is_file() and path.stat().st_size > 0, name
    html = (f'<link rel="stylesheet" href="{url("leaflet.css")}"/>'
            f'<script src="{url("leaflet.js")}"></script>')
    out = inline_assets(html)
    assert "/app/static" not in out and "images/" not in out.split("<script>")[0]
    assert "data:image/png;base64," in out  # Leaflet's icons travel inside the file
