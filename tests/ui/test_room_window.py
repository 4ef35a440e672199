"""The room inside the window: Ruang → Buka ruang peserta opens the server on 127.0.0.1, the projector
shows the join address, a phone's save goes through the window's writer (its views are told, Ctrl+Z
undoes it), the phones are listed, a vote closes into bars on the projector and a stored result, and
closing the window closes the room."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

import httpx2 as httpx
import pytest

from labinovasi.services.lab_settings import get_lab_settings
from labinovasi.services.labs import list_ideas, list_units
from labinovasi.services.worksheets import load_worksheet
from tests.ui.test_main_window import make_window
from ui import projector as projector_module
from ui.room import ROOM


def in_thread(qtbot, work: Callable[[], object]) -> object:  # noqa: ANN001
    """Run a phone's requests off the UI thread (its saves wait for the window's writer) and wait."""
    out: dict[str, object] = {}

    def target() -> None:
        try:
            out["value"] = work()
        except Exception as exc:  # noqa: BLE001 - raised below
            out["error"] = exc

    t = threading.Thread(target=target)
    t.start()
    qtbot.waitUntil(lambda: not t.is_alive(), timeout=30000)
    if "error" in out:
        raise out["error"]  # type: ignore[misc]
    return out.get("value")


def csrf(text: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', text).group(1)  # type: ignore[union-attr]


pytestmark = pytest.mark.qt_log_ignore(  # the offscreen platform: dialogs and the projector shown
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


@pytest.fixture(autouse=True)
def quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(projector_module, "play_end_sound", lambda: None)


def test_a_phone_edits_through_the_window_and_the_facilitator_runs_a_vote(
    qtbot, db, db_url, demo_lab
) -> None:  # noqa: ANN001
    window = make_window(qtbot, db, db_url, demo_lab.id)
    dialog = window.show_room()
    qtbot.addWidget(dialog)  # a window of its own on screen: closed and deleted with the test
    assert dialog is not None
    dialog.host.setCurrentIndex(dialog.host.findData("127.0.0.1"))
    dialog.port.setValue(dialog.port.minimum())  # any free port
    dialog.open_button.click()
    server = window.room.server
    assert server is not None and server.url.startswith("http://127.0.0.1:")
    assert dialog.url.text() == server.url and not dialog.qr.pixmap().isNull()
    assert window.projector is None  # one screen: the projector view waits for F5
    window.act_projector.trigger()
    assert window.projector is not None and window.projector.isVisible()
    assert window.projector.join_url == server.url and window.projector.join_box.isVisible()
    assert window.act_room_close.isEnabled()

    unit = list_units(db, demo_lab.id)[0]
    idea = list_ideas(db, unit.id)[0]
    code = dialog.units.item(0, 1).text().replace(" ", "")
    assert dialog.units.item(0, 0).text() == unit.name and re.fullmatch(r"\d{6}", code)
    told: list[object] = []
    window.ops.opDidExecute.connect(lambda _changes, initiator: told.append(initiator))

    phone = httpx.Client(base_url=server.url, follow_redirects=False, timeout=20)

    def join_and_save() -> int:
        page = phone.get(f"u/{unit.id}")
        phone.post("masuk", data={"unit": str(unit.id), "kode": code, "nama": "Ani", "csrf": csrf(page.text)})
        form = phone.get(f"ide/{idea.id}/LK-3/kebaruan")
        base = re.search(r'name="dasar" value="([^"]*)"', form.text).group(1)  # type: ignore[union-attr]
        done = phone.post(
            f"ide/{idea.id}/LK-3/kebaruan",
            data={"nilai": "Dari ponsel", "dasar": base, "csrf": csrf(form.text)},
        )
        return done.status_code

    before = load_worksheet(db, "LK-3", demo_lab.id, idea_id=idea.id).data.get("kebaruan")
    assert in_thread(qtbot, join_and_save) == 303
    window.ops.flush()
    assert load_worksheet(db, "LK-3", demo_lab.id, idea_id=idea.id).data["kebaruan"] == "Dari ponsel"
    assert ROOM in told  # every view heard of it
    assert window.undo.undo_text().startswith("ponsel:")
    dialog.refresh_devices()
    assert dialog.devices.rowCount() == 1 and dialog.devices.item(0, 1).text() == "Ani"
    assert "1 ponsel tersambung, 1 kanvas diperbarui" in dialog.counts.text()
    window.undo_step()  # Ctrl+Z undoes the phone's save like any other step
    window.ops.flush()
    assert load_worksheet(db, "LK-3", demo_lab.id, idea_id=idea.id).data.get("kebaruan") == before

    # a dot vote: two ideas, the phone votes, the facilitator closes it
    dialog.refresh_vote_ideas()
    for i in range(dialog.vote_ideas.count()):
        item = dialog.vote_ideas.item(i)
        item.setCheckState(item.checkState().Checked if i < 2 else item.checkState().Unchecked)
    dialog.toggle_vote()
    vote = window.room.state.vote
    assert vote is not None and vote.open and len(vote.ideas) == 2

    def cast() -> str:
        page = phone.get("pilih")
        return phone.post("pilih", data={f"titik_{vote.ideas[1][0]}": "3", "csrf": csrf(page.text)}).text

    assert "sudah tercatat" in str(in_thread(qtbot, cast))
    dialog.toggle_vote()
    window.ops.flush()
    assert not vote.open
    bars = window.projector.vote_texts()
    assert bars and bars[0][1] == "3"
    stored = get_lab_settings(db, demo_lab.id).votes
    assert stored and stored[-1]["pemilih"] == 1

    if window.projector is not None:  # a window of its own: closed and deleted with the test
        qtbot.addWidget(window.projector)
    window.close()
    assert window.room.server is None
    with pytest.raises(httpx.ConnectError):
        phone.get("")
    phone.close()
