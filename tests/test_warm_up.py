"""The server's warm-up (ui/warm_up.py): it fills the caches of the first map and never touches
the app's sections, whose Streamlit components must be declared in a reader's run."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_warm_up_builds_the_map_without_the_apps_sections():
    code = ("import sys\n"
            "from ui.warm_up import warm_up\n"
            "warm_up()\n"
            "print(sorted(m for m in sys.modules if m.startswith('ui.')))\n"
            "print('geopandas' in sys.modules, 'folium' in sys.modules)\n"
            "from geo import boundaries\n"
            "print(boundaries._provinces.cache_info().currsize,"
            " boundaries._border_regions.cache_info().currsize)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, check=True).stdout.splitlines()
    # A component declared outside a reader's run would answer 404 for the whole server life.
    assert out[0] == "['ui.warm_up']"
    assert out[1] == "True True"
    # The boundaries are read: the first reader's map does not read them (its speed is
    # measured in bench/bench_switch.py).
    assert all(int(n) > 0 for n in out[2].split())
