#!/bin/sh
# One command: the portable Lab Inovasi for Linux in dist/LabInovasi (run from anywhere).
#   sh packaging/build-linux.sh
# Needs Python 3.11–3.13 with venv and the package index (or a pip mirror); the result needs neither.
set -eu
cd "$(dirname "$0")/.."
python3 -m venv build/venv-build
build/venv-build/bin/python -m pip install --quiet --upgrade pip
build/venv-build/bin/python -m pip install --quiet ".[gui,packaging]"
build/venv-build/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
  packaging/labinovasi.spec
echo "Selesai: dist/LabInovasi/labinovasi (salin seluruh folder dist/LabInovasi)"
