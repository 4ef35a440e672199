"""The participants' pages and their few JSON answers (Starlette; pages rendered by Jinja2, escaped).

Every page works without JavaScript (plain forms, POST then redirect); a small script only reloads a page
when the lab changed and asks before leaving a form that was typed in. A session knows its unit from the
code it joined with, never from the address: no page takes a unit from the URL, and an idea or a problem
of another unit answers exactly like one that does not exist.
"""

from __future__ import annotations

import functools
import hmac
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio
import anyio.to_thread
import jinja2
from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from labinovasi.db.engine import Database
from labinovasi.domain.enums import IdeaStatus
from labinovasi.i18n import _
from labinovasi.ops import Op
from labinovasi.ops.errors import user_message
from labinovasi.ops.fields import EditConflict, SaveField, SaveProblem, fingerprint, problem_state
from labinovasi.ops.spine import AddIdea, settings_change
from labinovasi.ops.worksheets import SaveWorksheet
from labinovasi.reports.common import format_value
from labinovasi.resources import resource_path
from labinovasi.room.state import Device, RoomState, Vote
from labinovasi.room.writer import Writer
from labinovasi.services.lab_settings import get_lab_settings
from labinovasi.services.labs import get_lab, list_ideas, list_units
from labinovasi.services.records import IdeaInfo, UnitInfo
from labinovasi.services.worksheets import load_worksheet
from labinovasi.worksheets.registry import default_registry, field_options
from labinovasi.worksheets.schema import Field, FieldType, Template
from labinovasi.worksheets.validation import ROW_ID, WorksheetValidationError, new_row_id, validate

log = logging.getLogger("labinovasi.room")

MAX_BODY = 1_000_000  # bytes of one request: a 100,000-character answer in any script fits
MAX_FIELDS = 200
SHEETS = ("LK-2f", "LK-3")  # the idea worksheets a phone fills box by box
PROBLEMS, USG = "LK-2b", "LK-2d"
# what a phone can type; tables, references, signatures and computed values stay on the laptop
EDITABLE = {
    FieldType.TEXT,
    FieldType.PARAGRAPH,
    FieldType.NUMBER,
    FieldType.DATE,
    FieldType.CHOICE,
    FieldType.MULTI_CHOICE,
    FieldType.YES_NO,
    FieldType.SCORE,
}
COOKIE = "ruang_sesi"


class BodyLimit:
    """Refuse a request body over ``MAX_BODY`` (declared or streamed) with 413, before it is read."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and (not value.isdigit() or int(value) > self.limit):
                await _too_large(send)
                return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await _too_large(send)


class _TooLarge(Exception):
    pass


async def _too_large(send: Send) -> None:
    body = _("Isian terlalu besar untuk dikirim sekaligus.").encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def form_value(f: Field, form: FormData, name: str) -> Any:
    """The value typed into a field's input, as the worksheet's validation expects it."""
    if f.type is FieldType.MULTI_CHOICE:
        return [v for v in form.getlist(name) if isinstance(v, str)]
    raw = form.get(name)
    if not isinstance(raw, str):
        return None
    if f.type is FieldType.YES_NO:
        return {"ya": True, "tidak": False}.get(raw)
    if f.type in (FieldType.TEXT, FieldType.PARAGRAPH):
        return raw.replace("\r\n", "\n")
    return raw.strip() or None


VIEW_TTL_S = 2.0
WORKERS = 4  # pages worked on at once; more only take turns with the window for the interpreter
T = TypeVar("T")


@dataclass(frozen=True)
class LabView:
    lab_name: str
    units: tuple[UnitInfo, ...]
    codes: dict[uuid.UUID, str]
    modes: dict[str, str]


class RoomApp:
    """The room's web application for one lab. ``app`` is the ASGI app to serve."""

    def __init__(self, db: Database, state: RoomState, writer: Writer):
        self.db, self.state, self.writer = db, state, writer
        self._view_lock = threading.Lock()
        self._limiter: anyio.CapacityLimiter | None = None
        self._cached: tuple[int, float, LabView] | None = None
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(resource_path("room", "templates"))),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
        )
        env.globals["_"] = _
        self.templates = Jinja2Templates(env=env)
        routes = [
            Route("/", self.join_page),
            Route("/u/{unit}", self.join_page),
            Route("/masuk", self.join, methods=["POST"]),
            Route("/keluar", self.leave, methods=["POST"]),
            Route("/unit", self.home),
            Route("/ide/baru", self.new_idea, methods=["POST"]),
            Route("/ide/{idea}/{code}", self.sheet),
            Route("/ide/{idea}/{code}/{key}", self.box, methods=["GET", "POST"]),
            Route("/masalah", self.problems),
            Route("/masalah/{row}", self.problem, methods=["GET", "POST"]),
            Route("/pilih", self.vote_page, methods=["GET", "POST"]),
            Route("/api/keadaan", self.status),
            Mount("/static", StaticFiles(directory=str(resource_path("room", "static"))), name="static"),
        ]
        self.app = Starlette(
            routes=routes,
            middleware=[
                Middleware(BodyLimit),
                Middleware(
                    SessionMiddleware,
                    secret_key=state.secret,
                    session_cookie=COOKIE,
                    max_age=None,  # a browser session; and the key dies with the room
                    same_site="strict",
                ),
            ],
            exception_handlers={404: self._not_found, 405: self._not_found},
        )

    # --- helpers ----------------------------------------------------------------------------------------
    async def _threaded(self, func: Callable[..., T], *args: Any) -> T:
        """Run a page's work (database, templates) on a worker thread — at most WORKERS at a time: a hall
        of phones then queues for a moment instead of many threads taking turns with the window's
        interpreter lock, which would make the facilitator's window stutter."""
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(WORKERS)
        return await anyio.to_thread.run_sync(functools.partial(func, *args), limiter=self._limiter)

    def _view(self, fresh: bool = False) -> LabView:
        """The lab's name, units, codes and modes: read once for many requests (a hall of phones asks
        for them on every page); read again after :data:`VIEW_TTL_S`, or at once when the room's state
        says something changed (a renewed code, the facilitator's edit)."""
        now = time.monotonic()
        with self._view_lock:
            cached = self._cached
            if (
                not fresh
                and cached is not None
                and cached[0] == self.state.epoch
                and now - cached[1] < VIEW_TTL_S
            ):
                return cached[2]
        epoch = self.state.epoch
        settings = get_lab_settings(self.db, self.state.lab_id)
        units = tuple(list_units(self.db, self.state.lab_id))
        codes = {u.id: settings.room_codes[str(u.id)] for u in units if str(u.id) in settings.room_codes}
        view = LabView(get_lab(self.db, self.state.lab_id).name, units, codes, dict(settings.modes))
        with self._view_lock:
            self._cached = (epoch, now, view)
        return view

    def page(self, request: Request, name: str, status: int = 200, **context: Any) -> Response:
        device = self._device(request)
        view = self._view()
        base = {
            "lab_name": view.lab_name,
            "device": device,
            "unit_name": self._unit_name(device.unit_id) if device else "",
            "csrf": device.csrf if device else self._pre_csrf(request),
            "version": self.state.version_for(device.unit_id if device else None),
            "vote_open": bool(self.state.vote and self.state.vote.open),
        }
        response = self.templates.TemplateResponse(request, name, {**base, **context}, status_code=status)
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'"
        )
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def message(self, request: Request, text: str, status: int, back: str = "/unit") -> Response:
        return self.page(request, "message.html", status=status, text=text, back=back)

    async def _not_found(self, request: Request, exc: Exception) -> Response:
        return await self._threaded(
            self.message,
            request,
            _("Halaman tidak ditemukan."),
            404,
            "/unit" if self._device(request) else "/",
        )

    def _device(self, request: Request) -> Device | None:
        device = self.state.device(request.session.get("sid"))
        if device is None:
            return None
        if self._view().codes.get(device.unit_id) != device.code:  # the code was renewed, or the unit removed
            self.state.leave(device.sid)
            return None
        return device

    def _pre_csrf(self, request: Request) -> str:
        token = request.session.get("pre")
        if not isinstance(token, str):
            token = uuid.uuid4().hex
            request.session["pre"] = token
        return token

    def _unit_name(self, unit_id: uuid.UUID) -> str:
        return next((u.name for u in self._view().units if u.id == unit_id), "")

    @staticmethod
    def _csrf_ok(form: FormData, expected: str) -> bool:
        sent = form.get("csrf")
        return isinstance(sent, str) and hmac.compare_digest(sent, expected)

    @staticmethod
    async def _form(request: Request) -> FormData:
        return await request.form(max_files=0, max_fields=MAX_FIELDS)

    def _idea(self, device: Device, raw: str) -> IdeaInfo | None:
        """An idea of the device's own unit, or None (another unit's idea looks like no idea at all)."""
        try:
            idea_id = uuid.UUID(raw)
        except ValueError:
            return None
        return next((i for i in list_ideas(self.db, device.unit_id) if i.id == idea_id), None)

    def _template(self, code: str) -> Template:
        return default_registry().get(code).for_modes(self._view().modes)

    def _write(self, device: Device, ops: list[Op], what: str, canvas_of: uuid.UUID | None = None) -> None:
        tag = f"ponsel:{device.sid[:12]}"
        self.writer(ops, tag, what)
        self.state.saved(device, canvas_of)
        log.info("ruang: %s — unit %s, perangkat %s (%s)", what, device.unit_id, tag, device.address)

    def _locked(self, request: Request, device: Device, code: str) -> Response | None:
        if self.state.is_locked(device.unit_id, code):
            return self.message(
                request, _("Fasilitator sedang mengunci lembar kerja ini; isian belum bisa diubah."), 423
            )
        return None

    # --- joining ----------------------------------------------------------------------------------------
    async def join_page(self, request: Request) -> Response:
        return await self._threaded(self._join_page, request, request.path_params.get("unit"), "", 200)

    def _join_page(self, request: Request, chosen: str | None, error: str, status: int) -> Response:
        if self._device(request) is not None and not error:
            return RedirectResponse("/unit", 303)
        units = list(self._view().units)
        return self.page(request, "join.html", status=status, units=units, chosen=chosen or "", error=error)

    async def join(self, request: Request) -> Response:
        form = await self._form(request)
        return await self._threaded(self._join, request, form)

    def _join(self, request: Request, form: FormData) -> Response:
        if not self._csrf_ok(form, self._pre_csrf(request)):
            return self._join_page(request, None, _("Halaman sudah kedaluwarsa; coba sekali lagi."), 403)
        raw_unit, code = str(form.get("unit") or ""), str(form.get("kode") or "").strip().replace(" ", "")
        name = " ".join(str(form.get("nama") or "").split())[:80]
        address = request.client.host if request.client else "?"
        blocked = self.state.blocked_for(f"dev:{address}", f"unit:{raw_unit}")
        if blocked > 0:
            minutes = max(1, round(blocked / 60))
            error = _("Terlalu banyak kode salah. Coba lagi dalam {n} menit.").format(n=minutes)
            return self._join_page(request, raw_unit, error, 429)
        try:
            unit_id = uuid.UUID(raw_unit)
        except ValueError:
            return self._join_page(request, None, _("Pilih unit Anda dulu."), 400)
        expected = self._view(fresh=True).codes.get(unit_id)
        if expected is None or not hmac.compare_digest(code.encode(), expected.encode()):
            self.state.failed(f"dev:{address}", f"unit:{raw_unit}")
            return self._join_page(
                request, raw_unit, _("Kode unit salah. Periksa lembar kode unit Anda."), 403
            )
        if not name:
            return self._join_page(request, raw_unit, _("Tuliskan nama Anda."), 400)
        self.state.succeeded(f"dev:{address}")
        device = self.state.join(unit_id, name, address, expected)
        request.session.clear()
        request.session["sid"] = device.sid
        log.info("ruang: %s bergabung — unit %s, alamat %s", name, unit_id, address)
        return RedirectResponse("/unit", 303)

    async def leave(self, request: Request) -> Response:
        form = await self._form(request)
        device = self._device(request)
        if device is not None and self._csrf_ok(form, device.csrf):
            self.state.leave(device.sid)
        request.session.clear()
        return RedirectResponse("/", 303)

    # --- the unit's home --------------------------------------------------------------------------------
    async def home(self, request: Request) -> Response:
        return await self._threaded(self._home, request)

    def _home(self, request: Request) -> Response:
        device = self._device(request)
        if device is None:
            return RedirectResponse("/", 303)
        ideas = [i for i in list_ideas(self.db, device.unit_id) if i.status is not IdeaStatus.DIGABUNG]
        problems = self._problem_rows(device)
        return self.page(request, "home.html", ideas=ideas, problem_count=len(problems))

    async def new_idea(self, request: Request) -> Response:
        form = await self._form(request)
        return await self._threaded(self._new_idea, request, form)

    def _new_idea(self, request: Request, form: FormData) -> Response:
        device = self._device(request)
        if device is None:
            return RedirectResponse("/", 303)
        if not self._csrf_ok(form, device.csrf):
            return self.message(request, _("Halaman sudah kedaluwarsa; muat ulang lalu coba lagi."), 403)
        if locked := self._locked(request, device, "LK-2f"):
            return locked
        title = " ".join(str(form.get("judul") or "").split())
        if not title:
            return self.message(request, _("Tuliskan nama ide barunya."), 400)
        template = self._template("LK-2f")
        clean, issues = validate(template, {"nama": title})
        if issues:
            return self.message(request, issues[0].message, 422)
        idea_id = uuid.uuid4()
        ops: list[Op] = [
            AddIdea(device.unit_id, clean["nama"], id=idea_id),
            SaveWorksheet("LK-2f", self.state.lab_id, clean, idea_id=idea_id),
        ]
        try:
            self._write(device, ops, _("ide baru {title}").format(title=clean["nama"]))
        except Exception as exc:  # noqa: BLE001 - rolled back; said in one sentence
            log.exception("ruang: ide baru gagal")
            return self.message(request, user_message(exc), 500)
        return RedirectResponse(f"/ide/{idea_id}/LK-2f", 303)

    # --- an idea's worksheet, box by box ----------------------------------------------------------------
    async def sheet(self, request: Request) -> Response:
        return await self._threaded(self._sheet, request)

    def _sheet(self, request: Request) -> Response:
        device = self._device(request)
        if device is None:
            return RedirectResponse("/", 303)
        code = request.path_params["code"]
        idea = self._idea(device, request.path_params["idea"])
        if idea is None or code not in SHEETS:
            return self.message(request, _("Halaman tidak ditemukan."), 404)
        template = self._template(code)
        data = load_worksheet(self.db, code, self.state.lab_id, idea_id=idea.id).data
        boxes = [
            {"field": f, "text": format_value(f, data.get(f.key)), "editable": f.type in EDITABLE}
            for f in template.data_fields
            if f.type is not FieldType.SIGNATURE
        ]
        return self.page(
            request,
            "sheet.html",
            idea=idea,
            template=template,
            boxes=boxes,
            locked=self.state.is_locked(device.unit_id, code),
        )

    async def box(self, request: Request) -> Response:
        form = await self._form(request) if request.method == "POST" else None
        return await self._threaded(self._box, request, form)

    def _box(self, request: Request, form: FormData | None) -> Response:
        device = self._device(request)
        if device is None:
            return RedirectResponse("/", 303)
        code, key = request.path_params["code"], request.path_params["key"]
        idea = self._idea(device, request.path_params["idea"])
        template = self._template(code) if code in SHEETS else None
        f = next((x for x in template.data_fields if x.key == key), None) if template else None
        if idea is None or template is None or f is None or f.type not in EDITABLE:
            return self.message(request, _("Halaman tidak ditemukan."), 404)
        stored = load_worksheet(self.db, code, self.state.lab_id, idea_id=idea.id).data.get(key)
        context: dict[str, Any] = {
            "idea": idea,
            "template": template,
            "field": f,
            "options": field_options(f),
        }

        def again(status: int, value: Any, base: str, error: str = "", conflict: Any = None) -> Response:
            return self.page(
                request,
                "box.html",
                status=status,
                value=value,
                base=base,
                error=error,
                conflict=conflict,
                **context,
            )

        if form is None:
            return again(200, stored, fingerprint(stored))
        if not self._csrf_ok(form, device.csrf):
            return self.message(request, _("Halaman sudah kedaluwarsa; muat ulang lalu coba lagi."), 403)
        if locked := self._locked(request, device, code):
            return locked
        value = form_value(f, form, "nilai")
        base = str(form.get("dasar") or "")
        op = SaveField(
            code,
            self.state.lab_id,
            key,
            value,
            idea_id=idea.id,
            base=base,
            append=form.get("gabung") == "1" and f.type in (FieldType.TEXT, FieldType.PARAGRAPH),
            label_text=_("{code} {label} ({idea})").format(code=code, label=f.label, idea=idea.title),
        )
        try:
            self._write(device, [op], op.label_text, canvas_of=idea.id if code == "LK-3" else None)
        except EditConflict as clash:
            # another phone (or the facilitator) saved this box after this form was opened: show both
            return again(
                409,
                value,
                fingerprint(clash.stored),
                conflict={"stored": format_value(f, clash.stored), "mine": format_value(f, clash.mine)},
            )
        except WorksheetValidationError as exc:
            return again(422, value, base, error=exc.issues[0].message)
        except Exception as exc:  # noqa: BLE001 - rolled back; said in one sentence
            log.exception("ruang: simpan gagal")
            return self.message(request, user_message(exc), 500, back=f"/ide/{idea.id}/{code}")
        return RedirectResponse(f"/ide/{idea.id}/{code}#{key}", 303)

    # --- problems (LK-2b) with their USG scores (LK-2d) -------------------------------------------------
    def _problem_rows(self, device: Device) -> list[dict[str, Any]]:
        rows = load_worksheet(self.db, PROBLEMS, self.state.lab_id, unit_id=device.unit_id).data.get(
            "masalah"
        )
        return [r for r in rows or [] if isinstance(r, dict) and r.get(ROW_ID)]

    def _usg_rows(self, device: Device) -> list[dict[str, Any]]:
        rows = load_worksheet(self.db, USG, self.state.lab_id, unit_id=device.unit_id).data.get("usg")
        return [r for r in rows or [] if isinstance(r, dict)]

    async def problems(self, request: Request) -> Response:
        return await self._threaded(self._problems, request)

    def _problems(self, request: Request) -> Response:
        device = self._device(request)
        if device is None:
            return RedirectResponse("/", 303)
        usg = {r.get("masalah"): r for r in self._usg_rows(device)}
        product = self._view().modes.get("usg") == "kali"
        rows = []
        for r in self._problem_rows(device):
            s = usg.get(r[ROW_ID], {})
            scores = [s.get(k) for k in ("u", "s", "g")]
            total = None
            if all(isinstance(x, int) for x in scores):
                u, s_, g = (int(x) for x in scores)  # type: ignore[arg-type]
                total = u * s_ * g if product else u + s_ + g
            rows.append({"row": r, "u": scores[0], "s": scores[1], "g": scores[2], "total": total})
        return self.page(
            request,
            "problems.html",
            rows=rows,
            product=product,
            locked=self.state.is_locked(device.unit_id, PROBLEMS),
        )

    async def problem(self, request: Request) -> Response:
        form = await self._form(request) if request.method == "POST" else None
        return await self._threaded(self._problem, request, form)

    def _problem(self, request: Request, form: FormData | None) -> Response:
        device = self._device(request)
        if device is None:
            return RedirectResponse("/", 303)
        row_id = request.path_params["row"]
        table, usg_table = self._template(PROBLEMS).field("masalah"), self._template(USG).field("usg")
        rows, usg_rows = self._problem_rows(device), self._usg_rows(device)
        if row_id != "baru" and not any(r[ROW_ID] == row_id for r in rows):
            return self.message(request, _("Masalah itu tidak ditemukan."), 404, back="/masalah")
        stored = problem_state(rows, usg_rows, row_id)
        columns = [c for c in table.columns if c.type in EDITABLE and not c.auto_number]
        score_cols = [c for c in usg_table.columns if c.type is FieldType.SCORE]
        context: dict[str, Any] = {
            "columns": columns,
            "score_cols": score_cols,
            "row_id": row_id,
            "options": field_options,
            "new_row": new_row_id(),
        }

        def again(
            status: int, row: Any, scores: Any, base: str, error: str = "", conflict: Any = None
        ) -> Response:
            return self.page(
                request,
                "problem.html",
                status=status,
                row=row,
                scores=scores,
                base=base,
                error=error,
                conflict=conflict is not None,
                stored_row=(conflict or {}).get("row", {}),
                stored_scores=(conflict or {}).get("usg", {}),
                **context,
            )

        if form is None:
            return again(200, stored["row"], stored["usg"], fingerprint(stored))
        if not self._csrf_ok(form, device.csrf):
            return self.message(request, _("Halaman sudah kedaluwarsa; muat ulang lalu coba lagi."), 403)
        if locked := self._locked(request, device, PROBLEMS):
            return locked
        values = {c.key: form_value(c, form, c.key) for c in columns}
        scores = {c.key: form_value(c, form, c.key) for c in score_cols}
        base = str(form.get("dasar") or "")
        new_id = str(form.get("baris_baru") or "")
        op = SaveProblem(
            self.state.lab_id,
            device.unit_id,
            None if row_id == "baru" else row_id,
            values,
            scores,
            base=base,
            new_id=new_id if _is_row_id(new_id) else "",
        )
        try:
            self._write(device, [op], _("masalah dan skor USG"))
        except EditConflict as clash:
            return again(409, values, scores, fingerprint(clash.stored), conflict=clash.stored)
        except WorksheetValidationError as exc:
            return again(422, values, scores, base, error=exc.issues[0].message)
        except LookupError as exc:
            return self.message(request, str(exc), 404, back="/masalah")
        except Exception as exc:  # noqa: BLE001 - rolled back; said in one sentence
            log.exception("ruang: simpan masalah gagal")
            return self.message(request, user_message(exc), 500, back="/masalah")
        return RedirectResponse("/masalah", 303)

    # --- dot voting -------------------------------------------------------------------------------------
    async def vote_page(self, request: Request) -> Response:
        form = await self._form(request) if request.method == "POST" else None
        return await self._threaded(self._vote, request, form)

    def _vote(self, request: Request, form: FormData | None) -> Response:
        device = self._device(request)
        if device is None:
            return RedirectResponse("/", 303)
        vote = self.state.vote
        if vote is None or not vote.open:
            return self.message(request, _("Tidak ada pemungutan suara yang sedang dibuka."), 404)
        voter = voter_key(device)
        if form is None:
            done = voter in vote.ballots
            return self.page(request, "vote.html", vote=vote, done=done, error="", given={})
        if not self._csrf_ok(form, device.csrf):
            return self.message(request, _("Halaman sudah kedaluwarsa; muat ulang lalu coba lagi."), 403)
        if voter in vote.ballots:
            return self.page(request, "vote.html", vote=vote, done=True, error="", given={})
        given: dict[uuid.UUID, int] = {}
        for idea, _label in vote.ideas:
            raw = form.get(f"titik_{idea}")
            n = int(raw) if isinstance(raw, str) and raw.isdigit() else 0
            if n:
                given[idea] = n
        total = sum(given.values())
        if total == 0 or total > vote.dots or any(n > vote.dots for n in given.values()):
            error = _("Bagikan paling banyak {n} titik (sekarang {t}).").format(n=vote.dots, t=total)
            return self.page(
                request, "vote.html", status=422, vote=vote, done=False, error=error, given=given
            )
        if not self.state.cast(vote, voter, given, device.name):
            return self.page(request, "vote.html", vote=vote, done=True, error="", given={})
        log.info("ruang: suara masuk — unit %s, perangkat %s", device.unit_id, device.sid[:12])
        return self.page(request, "vote.html", vote=vote, done=True, error="", given={})

    # --- live updates -----------------------------------------------------------------------------------
    async def status(self, request: Request) -> Response:
        device = await self._threaded(self._device, request)
        if device is None:
            return JSONResponse({"bergabung": False}, status_code=401)
        vote = self.state.vote
        return JSONResponse(
            {
                "bergabung": True,
                "versi": self.state.version_for(device.unit_id),
                "pilih": bool(vote and vote.open),
            },
            headers={"Cache-Control": "no-store"},
        )


def _is_row_id(value: str) -> bool:
    return len(value) == 12 and all(c in "0123456789abcdef" for c in value)


def voter_key(device: Device) -> str:
    """One ballot per phone: the phone's address on the room's network (a phone that joins again keeps it)."""
    return device.address


def store_vote(db: Database, lab_id: uuid.UUID, vote: Vote, writer: Writer, device: str) -> None:
    """Keep a closed vote's result with the lab (the curation shows it as one more input)."""
    result = {
        "id": vote.id,
        "judul": vote.title,
        "titik_per_orang": vote.dots,
        "pemilih": len(vote.ballots),
        "rows": [{"idea": str(i), "label": label, "titik": n} for i, label, n in vote.totals()],
    }
    stored = get_lab_settings(db, lab_id).votes
    _new, op = settings_change(
        db, lab_id, votes=tuple(v for v in stored if v.get("id") != vote.id) + (result,)
    )
    writer([op], device, "hasil voting")
