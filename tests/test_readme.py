"""The README's command-line examples run as written (from the repository root)."""
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Command line", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.startswith(".venv/bin/python")]


def run_in_order(lines: list[str]) -> None:
    for line in lines:
        args = shlex.split(line)
        args[0] = sys.executable
        r = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120)
        # 1 is a file with rejected rows (the ACLED example has some on purpose).
        assert r.returncode in (0, 1), (line, r.stderr[-1000:])
        assert "Traceback" not in r.stderr and r.stdout, line


def test_every_readme_command_runs():
    from concurrent.futures import ThreadPoolExecutor
    commands = readme_commands()
    assert len(commands) >= 8
    # Two at a time (each is a new Python process, most of it start-up); the workspace's
    # commands in the README's order, as they build on each other.
    ordered = [c for c in commands if " workspace " in c]
    others = [c for c in commands if c not in ordered]
    halves = [others[::2], others[1::2] + ordered]
    with ThreadPoolExecutor(2) as pool:
        for done in [pool.submit(run_in_order, h) for h in halves]:
            done.result()
