"""The room end to end as a hall uses it: the window opens the room, a real browser (headless Chromium
on a phone's viewport) joins with the unit's code, fills a canvas box and votes, and the window's data
changes — its writer stored the box, its undo history has the phone's step."""

from __future__ import annotations

import pytest

from labinovasi.services.labs import list_ideas, list_units
from labinovasi.services.worksheets import load_worksheet
from tests.e2e.test_room_browser import browser, needs_browser, submit  # noqa: F401 - the fixture
from tests.ui.test_main_window import make_window
from tests.ui.test_room_window import in_thread

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


@needs_browser
def test_a_browser_phone_changes_the_windows_lab(qtbot, db, db_url, demo_lab, browser) -> None:  # noqa: ANN001, F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    window = make_window(qtbot, db, db_url, demo_lab.id)
    dialog = window.show_room()
    qtbot.addWidget(dialog)  # a window of its own on screen: closed and deleted with the test
    dialog.host.setCurrentIndex(dialog.host.findData("127.0.0.1"))
    dialog.port.setValue(dialog.port.minimum())
    dialog.open_button.click()
    url = window.room.server.url
    unit = list_units(db, demo_lab.id)[0]
    idea = list_ideas(db, unit.id)[0]
    code = dialog.units.item(0, 1).text().replace(" ", "")
    d = browser

    def phone() -> None:
        d.get(url)
        Select(d.find_element(By.ID, "unit")).select_by_visible_text(unit.name)
        d.find_element(By.ID, "kode").send_keys(code)
        d.find_element(By.ID, "nama").send_keys("Budi")
        submit(d, "form.card button[type=submit]")
        d.get(url + f"ide/{idea.id}/LK-3/penerima_manfaat")
        box = d.find_element(By.ID, "nilai")
        box.clear()
        box.send_keys("Warga lansia dan penyandang disabilitas")
        submit(d, "form.edit button[type=submit]")

    in_thread(qtbot, phone)
    window.ops.flush()
    data = load_worksheet(db, "LK-3", demo_lab.id, idea_id=idea.id).data
    assert data["penerima_manfaat"] == "Warga lansia dan penyandang disabilitas"
    assert window.undo.undo_text().startswith("ponsel:")
    qtbot.waitUntil(lambda: not window._room_refresh.isActive(), timeout=3000)  # the views followed

    dialog.refresh_vote_ideas()
    dialog._check_all(True)
    dialog.toggle_vote()
    vote = window.room.state.vote

    def cast() -> None:
        d.get(url + "pilih")
        Select(d.find_element(By.ID, f"titik_{vote.ideas[0][0]}")).select_by_visible_text("3")
        submit(d, "form.card button[type=submit]")

    in_thread(qtbot, cast)
    dialog.toggle_vote()
    assert window.projector is None or window.projector.vote_texts()
    assert dialog.results.count() == len(vote.ideas) and " 3  " in dialog.results.item(0).text()
    if window.projector is not None:  # a window of its own: closed and deleted with the test
        qtbot.addWidget(window.projector)
    window.close()
