"""The participants' pages in a real browser: headless Chromium (Debian's chromium and chromium-driver)
driven by Selenium on a phone's viewport (360 × 740), against the room served on 127.0.0.1 — join with
a code, fill a canvas box, add a problem with its USG, vote; what was typed is in the lab. Screenshots of
each page go to ``LABINOVASI_ROOM_SHOTS`` when that is set (to be looked at)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from labinovasi.domain.enums import UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.room.codes import ensure_codes
from labinovasi.room.server import RoomServer
from labinovasi.room.writer import DirectWriter
from labinovasi.services.worksheets import load_worksheet

pytestmark = pytest.mark.e2e

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
if not (CHROMIUM and DRIVER) and os.environ.get("CI"):
    raise RuntimeError("CI installs chromium and chromium-driver: the browser tests must run there")
pytest.importorskip("selenium")
needs_browser = pytest.mark.skipif(
    not (CHROMIUM and DRIVER), reason="chromium and chromedriver are not installed"
)


@pytest.fixture
def browser() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or ""
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=360,740",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "mobileEmulation", {"deviceMetrics": {"width": 360, "height": 740, "pixelRatio": 2}}
    )
    driver = webdriver.Chrome(service=Service(DRIVER or ""), options=options)
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()


def shot(driver, name: str) -> None:  # noqa: ANN001
    folder = os.environ.get("LABINOVASI_ROOM_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(folder) / f"{name}.png"))


def submit(driver, selector: str) -> None:  # noqa: ANN001
    """Press a form's button and wait until the next page has replaced this one."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, selector).click()

    def replaced(_driver) -> bool:  # noqa: ANN001
        try:
            page.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as exc:  # Chrome, as the old page goes: its node left the document
            if "does not belong to the document" in str(exc):
                return True
            raise
        return False

    WebDriverWait(driver, 15).until(replaced)


@needs_browser
def test_a_phone_joins_fills_a_box_adds_a_problem_and_votes(db, browser) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    lab = spine_ops.create_lab(db, "Laboratorium Inovasi Kabupaten Sukamaju 2026", pemda="Kabupaten Sukamaju")
    unit = spine_ops.add_unit(db, lab.id, "Dinas Kependudukan dan Pencatatan Sipil", UnitType.DINAS)
    other = spine_ops.add_unit(db, lab.id, "Kecamatan Sukamaju Timur", UnitType.KECAMATAN)
    idea = spine_ops.add_idea(db, unit.id, "SIPANDU")
    other_idea = spine_ops.add_idea(db, other.id, "LUNAS PBB")
    writer = DirectWriter(db)
    codes = ensure_codes(db, lab.id, writer, "uji")
    server = RoomServer(db, lab.id, writer, "127.0.0.1", 0)
    server.start()
    try:
        d = browser
        d.get(server.url)
        shot(d, "1-masuk")
        Select(d.find_element(By.ID, "unit")).select_by_visible_text(unit.name)
        d.find_element(By.ID, "kode").send_keys(codes[unit.id])
        d.find_element(By.ID, "nama").send_keys("Ani Rahmawati")
        submit(d, "form.card button[type=submit]")
        main = d.find_element(By.TAG_NAME, "main").text
        assert "Ide inovasi unit" in main and "SIPANDU" in main and "LUNAS PBB" not in main
        shot(d, "2-unit")
        # the canvas, box by box
        submit(d, "a.button[href$='/LK-3']")
        shot(d, "3-kanvas")
        d.get(server.url + f"ide/{idea.id}/LK-3/catatan_solusi")
        box = d.find_element(By.ID, "nilai")
        box.send_keys("Antrean daring lewat WhatsApp <b>cepat</b> & mudah")
        shot(d, "4-kotak")
        submit(d, "form.edit button[type=submit]")
        shown = d.find_element(By.CSS_SELECTOR, "#catatan_solusi .value")
        assert shown.text == "Antrean daring lewat WhatsApp <b>cepat</b> & mudah"  # as typed, not as markup
        assert not d.find_elements(By.CSS_SELECTOR, "#catatan_solusi .value b")
        stored = load_worksheet(db, "LK-3", lab.id, idea_id=idea.id).data["catatan_solusi"]
        assert stored == "Antrean daring lewat WhatsApp <b>cepat</b> & mudah"
        # a problem with its USG
        d.get(server.url + "masalah/baru")
        d.find_element(By.ID, "uraian").send_keys("Antrean KTP-el 3 jam")
        for key, n in (("u", 5), ("s", 4), ("g", 4)):
            d.find_element(By.CSS_SELECTOR, f"input[name={key}][value='{n}']").click()
        shot(d, "5-masalah")
        submit(d, "form.edit button[type=submit]")
        assert "jumlah 13" in d.find_element(By.TAG_NAME, "main").text
        shot(d, "6-daftar-masalah")
        # the vote
        vote = server.state.open_vote(
            "Ide mana yang paling siap?", [(idea.id, "SIPANDU"), (other_idea.id, "LUNAS PBB")], 3, False
        )
        d.get(server.url + "pilih")
        Select(d.find_element(By.ID, f"titik_{other_idea.id}")).select_by_visible_text("2")
        Select(d.find_element(By.ID, f"titik_{idea.id}")).select_by_visible_text("1")
        shot(d, "7-voting")
        submit(d, "form.card button[type=submit]")
        assert "suara Anda sudah tercatat" in d.find_element(By.TAG_NAME, "main").text
        assert [(label, n) for _i, label, n in vote.totals()] == [("LUNAS PBB", 2), ("SIPANDU", 1)]
        # the page fits the phone: nothing wider than the viewport
        d.get(server.url + "unit")
        width = d.execute_script("return document.documentElement.scrollWidth")
        assert width <= 360
    finally:
        server.stop()
