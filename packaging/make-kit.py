"""Make the offline kit: Lab Inovasi and every wheel it needs, for machines that have Python but no internet.

    python packaging/make-kit.py                      # Windows (CPython 3.11–3.13) and Linux, in dist/kit
    python packaging/make-kit.py --out E:/kit         # straight onto a USB stick
    python packaging/make-kit.py --platform linux --python 3.11   # one half (what .ci/run checks)

The kit folder holds ``wheels/`` (the app's wheel and its dependencies: win_amd64 and manylinux x86_64
wheels for each Python version), ``pasang.bat`` (Windows) and ``pasang.sh`` (Linux), and BACA-SAYA.txt.
On the target machine, ``pasang`` makes a virtual environment in the user's folder (no admin rights),
installs with ``pip --no-index`` from ``wheels/`` only, and puts a shortcut on the desktop.

Making the kit needs the package index (pip download); installing from it needs nothing.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KIT_FILES = Path(__file__).resolve().parent / "kit"
PLATFORMS = {
    "windows": ["win_amd64"],
    # every glibc tag the wheels use, newest first (pip does not widen a --platform tag by itself);
    # up to glibc 2.34 (Debian 12, Ubuntu 22.04 and later), where the PySide6 the tests run on is built
    "linux": ["manylinux_2_34_x86_64", "manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64", "manylinux_2_5_x86_64",
              "manylinux1_x86_64"],
}
PYTHONS = ["3.11", "3.12", "3.13"]


def pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", *args], check=True)


def make_kit(out: Path, platforms: list[str], pythons: list[str]) -> Path:
    wheels = out / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    for old in wheels.glob("labinovasi-*.whl"):  # a kit made again holds one version of the app
        old.unlink()
    pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), str(ROOT))
    app = next(wheels.glob("labinovasi-*.whl"))
    for name in platforms:
        for python in pythons:
            print(f"make-kit: {name}, Python {python}", flush=True)
            tags = [arg for tag in PLATFORMS[name] for arg in ("--platform", tag)]
            pip("download", "--quiet", "--only-binary=:all:", *tags, "--python-version", python,
                "--implementation", "cp", "--dest", str(wheels), f"{app}[gui]")
    for script in ("pasang.sh", "pasang.bat", "BACA-SAYA.txt"):
        shutil.copy2(KIT_FILES / script, out / script)
    (out / "pasang.sh").chmod(0o755)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Make the offline install kit of Lab Inovasi.")
    p.add_argument("--out", type=Path, default=ROOT / "dist" / "kit", help="the kit folder (default: dist/kit)")
    p.add_argument("--platform", choices=["windows", "linux", "all"], default="all")
    p.add_argument("--python", nargs="+", default=PYTHONS, choices=PYTHONS, metavar="X.Y",
                   help="Python versions to collect wheels for (default: 3.11 3.12 3.13)")
    args = p.parse_args(argv)
    platforms = list(PLATFORMS) if args.platform == "all" else [args.platform]
    out = make_kit(args.out, platforms, args.python)
    count = len(list((out / "wheels").glob("*.whl")))
    print(f"make-kit: {out} ({count} wheels)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
