#!/bin/sh
# Pasang Lab Inovasi dari folder ini, tanpa internet dan tanpa hak admin (Linux).
# Program dipasang di ~/.local/share/labinovasi/app (atau LABINOVASI_INSTALL_DIR), lalu pintasan
# "Lab Inovasi" dibuat di menu aplikasi dan di desktop.
set -eu
KIT="$(cd "$(dirname "$0")" && pwd)"
DATA_HOME="${XDG_DATA_HOME:-$HOME/.local/share}"
TARGET="${LABINOVASI_INSTALL_DIR:-$DATA_HOME/labinovasi/app}"

PY="${PYTHON:-}"
if [ -z "$PY" ]; then
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c \
        'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null; then
      PY="$candidate"
      break
    fi
  done
fi
if [ -z "$PY" ]; then
  echo "Python 3.11, 3.12 atau 3.13 tidak ditemukan. Pasang dulu, mis.: sudo apt-get install python3 python3-venv" >&2
  exit 1
fi

echo "Memasang Lab Inovasi ke $TARGET ..."
if ! "$PY" -m venv "$TARGET"; then
  echo "Lingkungan Python tidak dapat dibuat. Pasang dulu: sudo apt-get install python3-venv" >&2
  exit 1
fi
# --no-index: only the wheels of this kit, never the internet
"$TARGET/bin/python" -m pip install --quiet --no-index --find-links "$KIT/wheels" --upgrade "labinovasi[gui]"

ICON="$("$TARGET/bin/python" -c 'from labinovasi.resources import resource_path; print(resource_path("icons", "labinovasi.png"))')"
APPS="$DATA_HOME/applications"
mkdir -p "$APPS"
cat > "$APPS/labinovasi.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=Lab Inovasi
Comment=Menjalankan Laboratorium Inovasi (5D+1) secara luring
Exec="$TARGET/bin/labinovasi"
Icon=$ICON
Terminal=false
Categories=Office;
DESKTOP
chmod +x "$APPS/labinovasi.desktop"
DESKTOP_DIR="$(xdg-user-dir DESKTOP 2>/dev/null || true)"
[ -n "$DESKTOP_DIR" ] || DESKTOP_DIR="$HOME/Desktop"
if [ -d "$DESKTOP_DIR" ]; then
  cp "$APPS/labinovasi.desktop" "$DESKTOP_DIR/labinovasi.desktop"
  chmod +x "$DESKTOP_DIR/labinovasi.desktop"
fi

# the window needs Qt's system libraries: say now which packages are missing, if any
"$TARGET/bin/python" -c 'import sys; from ui.qt_libraries import qt_libraries_present; qt_libraries_present()' || true
echo "Lab Inovasi terpasang. Buka lewat menu aplikasi atau: $TARGET/bin/labinovasi"
