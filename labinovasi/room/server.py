"""Serving the room: uvicorn on a socket the room binds itself, on a thread of its own (in the window)
or in the foreground (``labinovasi ruang``)."""

from __future__ import annotations

import errno
import signal
import socket
import threading
import time
import uuid

import uvicorn

from labinovasi.db.engine import Database
from labinovasi.i18n import _
from labinovasi.room.state import RoomState
from labinovasi.room.web import RoomApp
from labinovasi.room.writer import Writer

DEFAULT_PORT = 8765
ALL = "0.0.0.0"


class RoomError(RuntimeError):
    """The room could not open; the message is for people (Indonesian)."""


def local_address() -> str:
    """The laptop's address on its local network (the Wi-Fi), or 127.0.0.1 when it has none.

    Connecting a UDP socket sends nothing; it only asks the system which interface it would use.
    """
    for probe in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect((probe, 9))
                address = s.getsockname()[0]
        except OSError:
            continue
        if address and not address.startswith("0."):
            return str(address)
    return "127.0.0.1"


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: any free one); RoomError in Indonesian otherwise."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise RoomError(
                _("Port {port} sudah dipakai program lain. Pilih port lain.").format(port=port)
            ) from None
        if exc.errno in (errno.EADDRNOTAVAIL, errno.EINVAL) or isinstance(exc, socket.gaierror):
            raise RoomError(
                _("Alamat {host} bukan alamat laptop ini. Periksa sambungan Wi-Fi.").format(host=host)
            ) from None
        if exc.errno == errno.EACCES:
            raise RoomError(
                _("Port {port} tidak boleh dipakai tanpa hak admin. Pilih port di atas 1024.").format(
                    port=port
                )
            ) from None
        raise RoomError(_("Ruang peserta tidak dapat dibuka: {reason}").format(reason=exc.strerror)) from None
    return sock


class RoomServer:
    """One open room: the web app, its state and the server thread."""

    def __init__(self, db: Database, lab_id: uuid.UUID, writer: Writer, host: str, port: int = DEFAULT_PORT):
        self.state = RoomState(lab_id)
        self.web = RoomApp(db, self.state, writer)
        self.host = host
        self.sock = bind(host, port)
        self.port = int(self.sock.getsockname()[1])
        config = uvicorn.Config(
            self.web.app,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_keep_alive=5,
            limit_concurrency=400,
            server_header=False,
        )
        self.server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = local_address() if self.host == ALL else self.host
        return f"http://{host}:{self.port}/"

    def serve_forever(self) -> None:
        """In the foreground until Ctrl+C or SIGTERM: uvicorn catches both and stops cleanly, then raises
        the signal again for whoever handled it before — here a handler that only ends the room, so the
        process exits normally instead of being killed by the signal it already answered."""

        def stop(_sig: int, _frame: object) -> None:
            self.server.should_exit = True

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            self.server.run(sockets=[self.sock])
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def start(self, timeout_s: float = 10.0) -> None:
        """In the background; returns once the server answers."""
        self._thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, name="ruang-peserta", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RoomError(_("Ruang peserta tidak dapat dibuka."))
            time.sleep(0.01)

    def stop(self) -> None:
        self.server.should_exit = True
        if self._thread is not None and self._thread.is_alive():
            self._thread.join(timeout=10)
        self.sock.close()
