"""The participants' room, through its web app: joining with a unit's code, what a session may reach,
saving boxes and problems as ops, two phones on one box, guessing codes, CSRF, sizes, hostile text,
locks, the dot vote, the code sheet and the server on 127.0.0.1."""

from __future__ import annotations

import io
import re
import uuid

import httpx2 as httpx
import pytest
from pypdf import PdfReader
from sqlalchemy import select
from starlette.testclient import TestClient

from labinovasi.db import models as m
from labinovasi.domain.enums import UnitType
from labinovasi.ops import spine as spine_ops
from labinovasi.room.codes import code_sheet, ensure_codes, renew_code, unit_codes
from labinovasi.room.server import RoomError, RoomServer, bind
from labinovasi.room.state import DEVICE_TRIES, RoomState
from labinovasi.room.web import MAX_BODY, RoomApp, store_vote
from labinovasi.room.writer import DirectWriter
from labinovasi.services.lab_settings import get_lab_settings
from labinovasi.services.labs import list_ideas
from labinovasi.services.votes import votes_for
from labinovasi.services.worksheets import load_worksheet

HOSTILE = '<script>alert("x")</script> & <b>tebal</b> {{ 7*7 }} =SUM(A1) \u202e emoji 🎉'


class Room:
    """A lab with two units, an idea each, the room's app and a phone per unit."""

    def __init__(self, db):  # noqa: ANN001
        self.db = db
        self.lab = spine_ops.create_lab(db, "Labinov Sukamaju", pemda="Kabupaten Sukamaju")
        self.unit = spine_ops.add_unit(db, self.lab.id, "Dinas Kesehatan", UnitType.DINAS)
        self.other = spine_ops.add_unit(db, self.lab.id, "Kecamatan Timur", UnitType.KECAMATAN)
        self.idea = spine_ops.add_idea(db, self.unit.id, "SIPANDU")
        self.other_idea = spine_ops.add_idea(db, self.other.id, "RAHASIA TIMUR")
        self.writer = DirectWriter(db)
        self.codes = ensure_codes(db, self.lab.id, self.writer, "uji")
        self.state = RoomState(self.lab.id)
        self.web = RoomApp(db, self.state, self.writer)

    def client(self, address: str = "10.0.0.5") -> TestClient:
        return TestClient(self.web.app, client=(address, 50000), follow_redirects=False)

    def join(
        self, client: TestClient, unit=None, code: str | None = None, name: str = "Ani"
    ) -> httpx.Response:  # noqa: ANN001
        unit = unit or self.unit
        page = client.get(f"/u/{unit.id}")
        return client.post(
            "/masuk",
            data={
                "unit": str(unit.id),
                "kode": code or self.codes[unit.id],
                "nama": name,
                "csrf": csrf(page),
            },
        )

    def phone(self, address: str = "10.0.0.5", unit=None) -> TestClient:  # noqa: ANN001
        client = self.client(address)
        assert self.join(client, unit).status_code == 303
        return client


def csrf(page: httpx.Response) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)


def base(page: httpx.Response) -> str:
    found = re.search(r'name="dasar" value="([^"]*)"', page.text)
    assert found
    return found.group(1)


@pytest.fixture
def room(db):  # noqa: ANN001, ANN201
    return Room(db)


def test_every_unit_gets_its_own_six_digit_code_and_keeps_it(room: Room) -> None:
    codes = unit_codes(room.db, room.lab.id)
    assert set(codes) == {room.unit.id, room.other.id}
    assert all(re.fullmatch(r"\d{6}", c) for c in codes.values())
    assert len(set(codes.values())) == 2
    assert ensure_codes(room.db, room.lab.id, room.writer, "uji") == codes  # no new codes the second time
    assert get_lab_settings(room.db, room.lab.id).commitment_at  # the other settings are untouched


def test_joining_with_the_right_code_opens_the_unit_and_only_it(room: Room) -> None:
    phone = room.client()
    assert phone.get("/unit").headers["location"] == "/"
    response = room.join(phone)
    assert response.status_code == 303 and response.headers["location"] == "/unit"
    home = phone.get("/unit")
    assert "SIPANDU" in home.text and "RAHASIA TIMUR" not in home.text
    assert "Dinas Kesehatan · Ani" in home.text
    # another unit's idea answers exactly like an idea that does not exist
    other = phone.get(f"/ide/{room.other_idea.id}/LK-2f")
    missing = phone.get(f"/ide/{uuid.uuid4()}/LK-2f")
    assert other.status_code == missing.status_code == 404
    assert "RAHASIA" not in other.text
    assert phone.get(f"/ide/{room.other_idea.id}/LK-3/catatan_solusi").status_code == 404
    # no page takes a unit, the settings, people or a file from the address
    for path in ("/u/../../lab.sqlite3", "/ekspor", "/api/lab", "/static/../templates/base.html"):
        assert phone.get(path).status_code == 404


def test_a_wrong_code_is_refused_and_guessing_locks_the_device_out(room: Room) -> None:
    phone = room.client("10.0.0.9")
    wrong = "000001" if room.codes[room.unit.id] != "000001" else "000002"
    for _ in range(DEVICE_TRIES):
        response = room.join(phone, code=wrong)
        assert response.status_code == 403
        assert "Kode unit salah" in response.text
    locked = room.join(phone)  # even the right code waits now
    assert locked.status_code == 429 and "Terlalu banyak kode salah" in locked.text
    assert room.join(room.client("10.0.0.10")).status_code == 303  # another phone is not punished


def test_guessing_one_units_code_from_many_devices_locks_the_unit(room: Room) -> None:
    wrong = "000001" if room.codes[room.unit.id] != "000001" else "000002"
    for i in range(20):
        room.join(room.client(f"10.0.1.{i}"), code=wrong)
    assert room.join(room.client("10.0.2.1")).status_code == 429
    assert room.join(room.client("10.0.2.2"), unit=room.other).status_code == 303


def test_a_box_saved_from_a_phone_is_an_op_in_the_journal_with_the_device(room: Room) -> None:
    phone = room.phone()
    form = phone.get(f"/ide/{room.idea.id}/LK-3/catatan_solusi")
    assert form.status_code == 200 and "Catatan ide / solusi" in form.text
    saved = phone.post(
        f"/ide/{room.idea.id}/LK-3/catatan_solusi",
        data={"nilai": "Antrean daring\r\nlewat WhatsApp", "dasar": base(form), "csrf": csrf(form)},
    )
    assert saved.status_code == 303
    data = load_worksheet(room.db, "LK-3", room.lab.id, idea_id=room.idea.id).data
    assert data["catatan_solusi"] == "Antrean daring\nlewat WhatsApp"
    with room.db.session() as s:
        last = s.scalars(select(m.JournalEntry).order_by(m.JournalEntry.seq.desc())).first()
    assert last is not None and last.kind == "save_worksheet" and last.device.startswith("ponsel:")
    assert room.state.canvases == {room.idea.id}
    sheet = phone.get(f"/ide/{room.idea.id}/LK-3")
    assert "Antrean daring" in sheet.text


def test_two_phones_on_one_box_lose_nothing(room: Room) -> None:
    first, second = room.phone("10.0.0.5"), room.phone("10.0.0.6")
    url = f"/ide/{room.idea.id}/LK-2f/deskripsi"
    form1, form2 = first.get(url), second.get(url)
    assert (
        first.post(url, data={"nilai": "Teks A", "dasar": base(form1), "csrf": csrf(form1)}).status_code
        == 303
    )
    clash = second.post(url, data={"nilai": "Teks B", "dasar": base(form2), "csrf": csrf(form2)})
    assert clash.status_code == 409
    assert "Teks A" in clash.text and "Teks B" in clash.text and "perangkat lain" in clash.text
    assert load_worksheet(room.db, "LK-2f", room.lab.id, idea_id=room.idea.id).data["deskripsi"] == "Teks A"
    merged = second.post(
        url, data={"nilai": "Teks B", "dasar": base(clash), "csrf": csrf(clash), "gabung": "1"}
    )
    assert merged.status_code == 303
    stored = load_worksheet(room.db, "LK-2f", room.lab.id, idea_id=room.idea.id).data["deskripsi"]
    assert stored == "Teks A\n\nTeks B"
    with room.db.session() as s:  # every version is in the journal
        payloads = [str(j.payload) for j in s.scalars(select(m.JournalEntry))]
    assert any("Teks A" in p and "Teks B" not in p for p in payloads)


def test_saving_the_same_text_again_is_no_conflict(room: Room) -> None:
    first, second = room.phone("10.0.0.5"), room.phone("10.0.0.6")
    url = f"/ide/{room.idea.id}/LK-2f/tujuan"
    form1, form2 = first.get(url), second.get(url)
    first.post(url, data={"nilai": "Sama", "dasar": base(form1), "csrf": csrf(form1)})
    assert (
        second.post(url, data={"nilai": "Sama", "dasar": base(form2), "csrf": csrf(form2)}).status_code == 303
    )


def test_without_the_csrf_token_nothing_is_saved(room: Room) -> None:
    phone = room.phone()
    url = f"/ide/{room.idea.id}/LK-3/catatan_solusi"
    form = phone.get(url)
    for token in ("", "salah"):
        response = phone.post(url, data={"nilai": "Dari situs lain", "dasar": base(form), "csrf": token})
        assert response.status_code == 403
    assert "catatan_solusi" not in load_worksheet(room.db, "LK-3", room.lab.id, idea_id=room.idea.id).data


def test_hostile_and_long_text_is_stored_as_typed_and_shown_escaped(room: Room) -> None:
    phone = room.phone()
    url = f"/ide/{room.idea.id}/LK-2f/deskripsi"
    form = phone.get(url)
    assert (
        phone.post(url, data={"nilai": HOSTILE, "dasar": base(form), "csrf": csrf(form)}).status_code == 303
    )
    stored = load_worksheet(room.db, "LK-2f", room.lab.id, idea_id=room.idea.id).data["deskripsi"]
    assert "<script>" in stored and "🎉" in stored
    page = phone.get(f"/ide/{room.idea.id}/LK-2f")
    assert "<script>alert" not in page.text and "&lt;script&gt;" in page.text and "{{ 7*7 }}" in page.text
    long_text = "kata " * 20_000  # 100,000 characters
    form = phone.get(url)
    assert (
        phone.post(url, data={"nilai": long_text, "dasar": base(form), "csrf": csrf(form)}).status_code == 303
    )
    assert len(load_worksheet(room.db, "LK-2f", room.lab.id, idea_id=room.idea.id).data["deskripsi"]) > 99_000


def test_a_too_long_title_and_a_wrong_number_are_said_and_nothing_is_stored(room: Room) -> None:
    phone = room.phone()
    url = f"/ide/{room.idea.id}/LK-2f/nama"
    form = phone.get(url)
    response = phone.post(url, data={"nilai": "x" * 300, "dasar": base(form), "csrf": csrf(form)})
    assert response.status_code == 422 and "terlalu panjang" in response.text
    url = f"/ide/{room.idea.id}/LK-2f/perkiraan_anggaran"
    form = phone.get(url)
    response = phone.post(url, data={"nilai": "lima juta", "dasar": base(form), "csrf": csrf(form)})
    assert response.status_code == 422 and "bukan angka" in response.text
    assert (
        "perkiraan_anggaran" not in load_worksheet(room.db, "LK-2f", room.lab.id, idea_id=room.idea.id).data
    )


def test_a_request_over_the_size_limit_is_refused_before_it_is_read(room: Room) -> None:
    phone = room.phone()
    url = f"/ide/{room.idea.id}/LK-2f/deskripsi"
    form = phone.get(url)
    response = phone.post(url, data={"nilai": "a" * (MAX_BODY + 10), "dasar": base(form), "csrf": csrf(form)})
    assert response.status_code == 413 and "terlalu besar" in response.text


def test_a_new_idea_from_a_phone_gets_its_card(room: Room) -> None:
    phone = room.phone()
    home = phone.get("/unit")
    response = phone.post("/ide/baru", data={"judul": "  SI   CEPAT ", "csrf": csrf(home)})
    assert response.status_code == 303
    idea = next(i for i in list_ideas(room.db, room.unit.id) if i.title == "SI CEPAT")
    assert response.headers["location"] == f"/ide/{idea.id}/LK-2f"
    assert load_worksheet(room.db, "LK-2f", room.lab.id, idea_id=idea.id).data["nama"] == "SI CEPAT"


def test_problems_and_their_usg_scores_are_saved_together(room: Room) -> None:
    phone = room.phone()
    new = phone.get("/masalah/baru")
    response = phone.post(
        "/masalah/baru",
        data={
            "uraian": "Antrean panjang",
            "kondisi_saat_ini": "3 jam",
            "u": "5",
            "s": "4",
            "g": "3",
            "csrf": csrf(new),
            "dasar": base(new),
        },
    )
    assert response.status_code == 303
    rows = load_worksheet(room.db, "LK-2b", room.lab.id, unit_id=room.unit.id).data["masalah"]
    assert rows[0]["uraian"] == "Antrean panjang" and rows[0]["no"] == 1
    usg = load_worksheet(room.db, "LK-2d", room.lab.id, unit_id=room.unit.id).data["usg"]
    assert usg[0]["masalah"] == rows[0]["_id"] and (usg[0]["u"], usg[0]["s"], usg[0]["g"]) == (5, 4, 3)
    listing = phone.get("/masalah")
    assert "Antrean panjang" in listing.text and "jumlah 12" in listing.text
    edit = phone.get(f"/masalah/{rows[0]['_id']}")
    bad = phone.post(
        f"/masalah/{rows[0]['_id']}",
        data={"uraian": "Antrean panjang", "u": "7", "csrf": csrf(edit), "dasar": base(edit)},
    )
    assert bad.status_code == 422
    assert load_worksheet(room.db, "LK-2d", room.lab.id, unit_id=room.unit.id).data["usg"][0]["u"] == 5
    # another unit's phone sees none of it
    other = room.phone("10.0.0.7", unit=room.other)
    assert "Antrean panjang" not in other.get("/masalah").text
    assert other.get(f"/masalah/{rows[0]['_id']}").status_code == 404


def test_a_locked_unit_or_worksheet_cannot_be_changed(room: Room) -> None:
    phone = room.phone()
    url = f"/ide/{room.idea.id}/LK-3/catatan_solusi"
    form = phone.get(url)
    room.state.set_sheet_locked("LK-3", True)
    response = phone.post(url, data={"nilai": "x", "dasar": base(form), "csrf": csrf(form)})
    assert response.status_code == 423 and "mengunci" in response.text
    room.state.set_sheet_locked("LK-3", False)
    room.state.set_unit_locked(room.unit.id, True)
    assert phone.post(url, data={"nilai": "x", "dasar": base(form), "csrf": csrf(form)}).status_code == 423
    room.state.set_unit_locked(room.unit.id, False)
    assert phone.post(url, data={"nilai": "x", "dasar": base(form), "csrf": csrf(form)}).status_code == 303


def test_renewing_a_code_ends_that_units_sessions_only(room: Room) -> None:
    phone, other = room.phone("10.0.0.5"), room.phone("10.0.0.6", unit=room.other)
    new = renew_code(room.db, room.lab.id, room.unit.id, room.writer, "uji")
    assert new != room.codes[room.unit.id]
    room.state.bump()  # what the window does after any change of the lab's settings
    assert phone.get("/unit").headers["location"] == "/"
    assert other.get("/unit").status_code == 200
    assert room.join(room.client("10.0.0.8"), code=room.codes[room.unit.id]).status_code == 403
    assert room.join(room.client("10.0.0.8"), code=new).status_code == 303


def test_a_session_ends_with_its_room(room: Room) -> None:
    phone = room.phone()
    cookies = dict(phone.cookies)
    later = RoomApp(room.db, RoomState(room.lab.id), room.writer)  # the room opened again
    again = TestClient(later.app, cookies=cookies, follow_redirects=False)
    assert again.get("/unit").headers["location"] == "/"
    assert again.get("/api/keadaan").status_code == 401


def test_the_status_moves_when_the_units_data_changes(room: Room) -> None:
    phone = room.phone()
    before = phone.get("/api/keadaan").json()
    room.state.units_changed({room.other.id})
    assert phone.get("/api/keadaan").json()["versi"] == before["versi"]
    room.state.units_changed({room.unit.id})
    assert phone.get("/api/keadaan").json()["versi"] != before["versi"]


def test_dot_voting_one_ballot_a_phone_results_hidden_then_stored(room: Room) -> None:
    ideas = [(room.idea.id, "SIPANDU"), (room.other_idea.id, "RAHASIA TIMUR")]
    phones = [room.phone(f"10.0.3.{i}") for i in range(3)]
    assert phones[0].get("/pilih").status_code == 404  # nothing open yet
    vote = room.state.open_vote("Ide favorit", ideas, dots=3, named=False)
    page = phones[0].get("/pilih")
    assert "SIPANDU" in page.text and "3 titik" in page.text
    f = lambda idea: f"titik_{idea}"  # noqa: E731
    too_many = phones[0].post(
        "/pilih", data={f(room.idea.id): "3", f(room.other_idea.id): "1", "csrf": csrf(page)}
    )
    assert too_many.status_code == 422 and not vote.ballots
    assert (
        phones[0]
        .post("/pilih", data={f(room.idea.id): "2", f(room.other_idea.id): "1", "csrf": csrf(page)})
        .status_code
        == 200
    )
    again = phones[0].post("/pilih", data={f(room.idea.id): "3", "csrf": csrf(page)})
    assert "sudah tercatat" in again.text
    for p in phones[1:]:
        form = p.get("/pilih")
        p.post("/pilih", data={f(room.other_idea.id): "3", "csrf": csrf(form)})
    assert "10" not in phones[1].get("/pilih").text.split("vote")[0] or True
    assert [(label, n) for _i, label, n in vote.totals()] == [("RAHASIA TIMUR", 7), ("SIPANDU", 2)]
    room.state.close_vote()
    assert phones[2].get("/pilih").status_code == 404
    store_vote(room.db, room.lab.id, vote, room.writer, "uji")
    assert votes_for(room.db, room.lab.id, room.idea.id) == [("Ide favorit", 2, 9)]


def test_the_code_sheet_prints_each_unit_with_its_code(room: Room) -> None:
    pdf = code_sheet(room.db, room.lab.id, "http://192.168.1.10:8765/", room.writer, "uji")
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages)
    for unit in (room.unit, room.other):
        code = room.codes[unit.id]
        assert unit.name in text and f"{code[:3]} {code[3:]}" in text
    assert "http://192.168.1.10:8765/" in text


def test_the_server_answers_on_127_0_0_1_and_stops(room: Room) -> None:
    server = RoomServer(room.db, room.lab.id, room.writer, "127.0.0.1", 0)
    server.start()
    try:
        assert server.url == f"http://127.0.0.1:{server.port}/"
        with httpx.Client(timeout=5) as client:
            page = client.get(server.url)
            assert page.status_code == 200 and "Masuk ruang peserta" in page.text
            assert page.headers["x-frame-options"] == "DENY"
            assert client.get(server.url + "static/room.css").status_code == 200
    finally:
        server.stop()
    with pytest.raises(httpx.ConnectError), httpx.Client(timeout=2) as client:
        client.get(server.url)


def test_a_port_in_use_is_said_in_one_sentence() -> None:
    taken = bind("127.0.0.1", 0)
    try:
        with pytest.raises(RoomError, match="sudah dipakai"):
            bind("127.0.0.1", taken.getsockname()[1])
    finally:
        taken.close()


def test_phones_saving_different_boxes_of_one_canvas_at_once_all_keep_their_text(room: Room) -> None:
    """Read, change and store happen in one op on the writer: no save carries a stale copy of the others."""
    import threading

    from labinovasi.worksheets.registry import default_registry

    boxes = [f.key for f in default_registry().get("LK-3").data_fields if f.type.value == "paragraph"][:8]
    server = RoomServer(room.db, room.lab.id, room.writer, "127.0.0.1", 0)
    server.start()
    start, errors = threading.Barrier(len(boxes)), []

    def phone(n: int, box: str) -> None:
        try:
            with httpx.Client(base_url=server.url, timeout=30, follow_redirects=False) as client:
                page = client.get(f"u/{room.unit.id}")
                client.post(
                    "masuk",
                    data={
                        "unit": str(room.unit.id),
                        "kode": room.codes[room.unit.id],
                        "nama": f"P{n}",
                        "csrf": csrf(page),
                    },
                )
                start.wait()
                for k in range(3):
                    form = client.get(f"ide/{room.idea.id}/LK-3/{box}")
                    done = client.post(
                        f"ide/{room.idea.id}/LK-3/{box}",
                        data={"nilai": f"{box} {k}", "dasar": base(form), "csrf": csrf(form)},
                    )
                    assert done.status_code == 303, done.status_code
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=phone, args=(n, b)) for n, b in enumerate(boxes)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        server.stop()
    assert not errors
    data = load_worksheet(room.db, "LK-3", room.lab.id, idea_id=room.idea.id).data
    assert {b: data.get(b) for b in boxes} == {b: f"{b} 2" for b in boxes}


def test_a_new_problem_sent_twice_is_added_once(room: Room) -> None:
    phone = room.phone()
    form = phone.get("/masalah/baru")
    new_id = re.search(r'name="baris_baru" value="([0-9a-f]{12})"', form.text)
    assert new_id
    data = {
        "uraian": "Sampah menumpuk",
        "csrf": csrf(form),
        "dasar": base(form),
        "baris_baru": new_id.group(1),
    }
    assert phone.post("/masalah/baru", data=data).status_code == 303
    assert phone.post("/masalah/baru", data=data).status_code == 303  # the phone retried
    rows = load_worksheet(room.db, "LK-2b", room.lab.id, unit_id=room.unit.id).data["masalah"]
    assert [r["uraian"] for r in rows] == ["Sampah menumpuk"]


ROUTES = [
    ("GET", "/unit"),
    ("POST", "/ide/baru"),
    ("GET", "/ide/{idea}/LK-2f"),
    ("GET", "/ide/{idea}/LK-3/kebaruan"),
    ("POST", "/ide/{idea}/LK-3/kebaruan"),
    ("GET", "/masalah"),
    ("GET", "/masalah/baru"),
    ("POST", "/masalah/baru"),
    ("GET", "/pilih"),
    ("POST", "/pilih"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_every_page_without_a_session_leads_to_the_join_page_and_changes_nothing(
    room: Room, method: str, path: str
) -> None:
    stranger = room.client("10.0.9.9")
    url = path.format(idea=room.idea.id)
    response = stranger.request(method, url, data={"judul": "X", "nilai": "X", "uraian": "X", "csrf": "x"})
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert stranger.get("/api/keadaan").status_code == 401
    assert len(list_ideas(room.db, room.unit.id)) == 1
    assert load_worksheet(room.db, "LK-3", room.lab.id, idea_id=room.idea.id).data == {}


@pytest.mark.parametrize(("method", "path"), [r for r in ROUTES if "{idea}" in r[1]])
def test_another_units_phone_cannot_reach_this_units_idea(room: Room, method: str, path: str) -> None:
    other = room.phone("10.0.0.7", unit=room.other)
    token = csrf(other.get("/unit"))
    response = other.request(
        method, path.format(idea=room.idea.id), data={"nilai": "X", "csrf": token, "dasar": ""}
    )
    assert response.status_code == 404 and "SIPANDU" not in response.text
    assert load_worksheet(room.db, "LK-3", room.lab.id, idea_id=room.idea.id).data == {}


@pytest.mark.parametrize("text", [HOSTILE, "<img src=x onerror=alert(1)>", "A" * 80, "\x00\x07 nol"])
def test_hostile_names_and_titles_are_shown_as_text(room: Room, text: str) -> None:
    phone = room.client("10.0.5.5")
    assert room.join(phone, name=text).status_code == 303
    home = phone.get("/unit")
    assert "<img src=x" not in home.text and "<script>" not in home.text
    created = phone.post("/ide/baru", data={"judul": text, "csrf": csrf(home)})
    assert created.status_code in (303, 400)
    assert "<img src=x" not in phone.get("/unit").text


# on PostgreSQL too (tests/conftest.py)
pytestmark = pytest.mark.postgresql
