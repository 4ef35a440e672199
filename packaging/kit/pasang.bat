@echo off
rem Pasang Lab Inovasi dari folder ini, tanpa internet dan tanpa hak admin (Windows).
rem Program dipasang di %LOCALAPPDATA%\LabInovasi\app (atau LABINOVASI_INSTALL_DIR), lalu pintasan
rem "Lab Inovasi" dibuat di desktop.
setlocal
set "KIT=%~dp0"
if not defined LABINOVASI_INSTALL_DIR set "LABINOVASI_INSTALL_DIR=%LOCALAPPDATA%\LabInovasi\app"
set "TARGET=%LABINOVASI_INSTALL_DIR%"

set "PY="
for %%V in (3.13 3.12 3.11) do call :try_python %%V
if not defined PY goto :no_python

echo Memasang Lab Inovasi ke %TARGET% ...
%PY% -m venv "%TARGET%"
if errorlevel 1 goto :failed
rem --no-index: only the wheels of this kit, never the internet
"%TARGET%\Scripts\python.exe" -m pip install --quiet --no-index --find-links "%KIT%wheels" --upgrade "labinovasi[gui]"
if errorlevel 1 goto :failed

rem the desktop shortcut: pythonw (no console window) runs the app, with the app's icon
powershell -NoProfile -ExecutionPolicy Bypass -Command ^
  "$s = (New-Object -ComObject WScript.Shell).CreateShortcut([Environment]::GetFolderPath('Desktop') + '\Lab Inovasi.lnk');" ^
  "$s.TargetPath = '%TARGET%\Scripts\pythonw.exe'; $s.Arguments = '-m ui';" ^
  "$s.IconLocation = '%TARGET%\Lib\site-packages\resources\icons\labinovasi.ico';" ^
  "$s.WorkingDirectory = [Environment]::GetFolderPath('MyDocuments'); $s.Save()"
if errorlevel 1 goto :failed

echo Lab Inovasi terpasang. Buka lewat ikon "Lab Inovasi" di desktop.
pause
exit /b 0

:try_python
if defined PY exit /b 0
py -%1 -c "pass" >nul 2>&1
if not errorlevel 1 set "PY=py -%1"
exit /b 0

:no_python
echo Python 3.11, 3.12 atau 3.13 belum terpasang.
echo Pasang dari python.org, pilih "Install for me only" (tidak perlu hak admin), lalu jalankan lagi.
pause
exit /b 1

:failed
echo Pemasangan gagal; lihat pesan di atas.
pause
exit /b 1
