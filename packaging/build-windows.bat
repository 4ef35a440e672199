@echo off
rem One command: the portable Lab Inovasi for Windows in dist\LabInovasi.
rem   packaging\build-windows.bat
rem Needs Python 3.11-3.13 from python.org ("py" launcher) and the package index; the result needs neither.
setlocal
cd /d "%~dp0.."
py -3 -m venv build\venv-build
if errorlevel 1 goto :failed
build\venv-build\Scripts\python.exe -m pip install --quiet --upgrade pip
if errorlevel 1 goto :failed
build\venv-build\Scripts\python.exe -m pip install --quiet ".[gui,packaging]"
if errorlevel 1 goto :failed
build\venv-build\Scripts\pyinstaller.exe --noconfirm --clean --log-level WARN --distpath dist --workpath build\pyinstaller packaging\labinovasi.spec
if errorlevel 1 goto :failed
echo Selesai: dist\LabInovasi\labinovasi.exe (salin seluruh folder dist\LabInovasi, mis. ke flashdisk)
exit /b 0

:failed
echo Gagal membangun; lihat pesan di atas.
exit /b 1
