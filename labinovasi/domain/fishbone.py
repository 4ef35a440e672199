"""The fishbone (Ishikawa) diagram of LK-2e: its cause tree, edits on it, and its geometry.

Stored data (template LK-2e v2) is flat: ``kategori`` rows ``{_id, nama}`` and ``penyebab`` rows
``{_id, kategori, induk, teks, akar}`` where ``induk`` is the parent cause ("mengapa" answer of it) or
absent for a cause drawn directly on its category's bone. :func:`build_tree` turns the rows into a
:class:`FishboneTree`; :func:`layout_fishbone` computes the drawing — spine, head box, bones, ribs —
once, in plain numbers, so the screen (QPainter) and the PDF (ReportLab canvas) draw the same picture.

Coordinates are in the caller's units (pixels or points) with ``y`` growing downwards; text is
measured by a callback, so the layout needs no font library. Everything here is Qt-free.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from labinovasi.domain.scoring import CauseCycleError, check_cause_parent, find_cycles
from labinovasi.i18n import _

ROW_ID = "_id"  # the stable row id key of worksheet tables (labinovasi.worksheets.validation.ROW_ID)
DEFAULT_CATEGORY_NAMES = ("Manusia", "Metode", "Material", "Anggaran", "Lingkungan")
UNCATEGORISED = ""  # the id of the synthetic category of causes whose category no longer exists
MAX_DRAWN_TEXT = 2000  # characters of one text considered for the drawing (the rest is never visible)

__all__ = [
    "CauseCycleError",
    "CauseNode",
    "CategoryNode",
    "FishboneTree",
    "FishboneLayout",
    "LayoutStyle",
    "build_tree",
    "layout_fishbone",
    "default_category_rows",
    "cause_parents",
    "subtree_ids",
    "move_cause",
    "remove_causes",
    "remove_category",
    "wrap_text",
]


# --- the tree ----------------------------------------------------------------------------------------


@dataclass
class CauseNode:
    id: str
    text: str
    root: bool  # marked as an "akar masalah"
    category_id: str
    parent_id: str | None = None
    depth: int = 0  # 0 = a direct cause on the bone, 1 = its "mengapa", ...
    number: int = 0  # 1-based, in drawing (pre-order) order over the whole diagram
    row: int = -1  # index in the stored ``penyebab`` rows
    children: list[CauseNode] = field(default_factory=list)

    def walk(self) -> Iterator[CauseNode]:
        """This cause and its "mengapa" answers, depth first."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


@dataclass
class CategoryNode:
    id: str
    name: str
    causes: list[CauseNode] = field(default_factory=list)  # direct causes, in order
    row: int = -1  # index in the stored ``kategori`` rows; -1 for a default or synthetic category

    def entries(self) -> list[CauseNode]:
        """Every cause of this bone, depth first (the order they are drawn and numbered)."""
        return [n for c in self.causes for n in c.walk()]


@dataclass
class FishboneTree:
    head: str
    categories: list[CategoryNode]
    broken_links: tuple[str, ...] = ()  # causes whose parent link was dropped to break a cycle
    defaulted: bool = False  # the categories are the defaults because none were stored

    def causes(self) -> list[CauseNode]:
        return [n for c in self.categories for n in c.entries()]

    def find(self, cause_id: str) -> CauseNode | None:
        return next((n for n in self.causes() if n.id == cause_id), None)

    def category(self, category_id: str) -> CategoryNode | None:
        return next((c for c in self.categories if c.id == category_id), None)

    @property
    def root_causes(self) -> list[CauseNode]:
        return [n for n in self.causes() if n.root]

    @property
    def max_depth(self) -> int:
        return max((n.depth for n in self.causes()), default=-1)


def _rows(data: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    rows = data.get(key) if isinstance(data, Mapping) else None
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def default_category_rows(new_id: Callable[[], str]) -> list[dict[str, Any]]:
    """The five default bones (Manusia, Metode, Material, Anggaran, Lingkungan) as ``kategori`` rows."""
    return [{ROW_ID: new_id(), "nama": _(name)} for name in DEFAULT_CATEGORY_NAMES]


def _row_ids(rows: Sequence[dict[str, Any]], prefix: str) -> list[str]:
    """The id of each row; rows without a usable or unique id get a synthetic one (never stored)."""
    seen: set[str] = set()
    out = []
    for i, row in enumerate(rows):
        rid = row.get(ROW_ID)
        if not isinstance(rid, str) or not rid or rid in seen:
            rid = f"#{prefix}{i}"
        seen.add(rid)
        out.append(rid)
    return out


def cause_parents(rows: Sequence[dict[str, Any]]) -> dict[str, str | None]:
    """``cause id -> parent cause id`` for the stored ``penyebab`` rows (unknown parents read as none)."""
    ids = _row_ids(rows, "p")
    known = set(ids)
    parents: dict[str, str | None] = {}
    for rid, row in zip(ids, rows, strict=True):
        parent = row.get("induk")
        parents[rid] = parent if isinstance(parent, str) and parent in known else None
    return parents


def build_tree(data: Mapping[str, Any], *, default_categories: bool = True) -> FishboneTree:
    """The cause tree of LK-2e data. Never fails: causes pointing at a missing parent hang on their
    bone, causes of a missing category go to a "Tanpa kategori" bone, and a cycle (from an edited file)
    is broken at its first row in stored order (listed in ``broken_links``) — the data is not changed."""
    cat_rows = _rows(data, "kategori")
    cause_rows = _rows(data, "penyebab")
    categories: list[CategoryNode] = []
    defaulted = False
    if cat_rows:
        for i, (cid, row) in enumerate(zip(_row_ids(cat_rows, "k"), cat_rows, strict=True)):
            name = " ".join(_text(row.get("nama")).split())
            categories.append(CategoryNode(cid, name or _("(tanpa nama)"), [], i))
    elif default_categories:
        defaulted = True
        categories = [CategoryNode(f"#default{i}", _(name)) for i, name in enumerate(DEFAULT_CATEGORY_NAMES)]

    ids = _row_ids(cause_rows, "p")
    parents = cause_parents(cause_rows)
    order = {rid: i for i, rid in enumerate(ids)}
    broken: list[str] = []
    while bad := find_cycles(parents):
        first = min(bad, key=order.__getitem__)
        parents[first] = None
        broken.append(first)

    nodes = {
        rid: CauseNode(
            rid,
            " ".join(_text(row.get("teks")).split()),
            row.get("akar") is True,
            _text(row.get("kategori")),
            parents[rid],
            row=i,
        )
        for i, (rid, row) in enumerate(zip(ids, cause_rows, strict=True))
    }
    by_id = {c.id: c for c in categories}
    tops: list[CauseNode] = []
    for rid in ids:
        node = nodes[rid]
        if node.parent_id is None:
            tops.append(node)
        else:
            nodes[node.parent_id].children.append(node)
    stray: list[CauseNode] = []
    for top in tops:
        cat = by_id.get(top.category_id)
        if cat is None:
            stray.append(top)
        else:
            cat.causes.append(top)
    if stray:
        extra = CategoryNode(UNCATEGORISED, _("Tanpa kategori"))
        extra.causes = stray
        categories.append(extra)
    number = 0
    for cat in categories:
        for top in cat.causes:
            for node in _walk_with_depth(top):
                number += 1
                node.number = number
                node.category_id = cat.id
    return FishboneTree(
        " ".join(_text(data.get("masalah_utama")).split()), categories, tuple(broken), defaulted
    )


def _walk_with_depth(top: CauseNode) -> Iterator[CauseNode]:
    stack = [(top, 0)]
    while stack:
        node, depth = stack.pop()
        node.depth = depth
        yield node
        stack.extend((c, depth + 1) for c in reversed(node.children))


# --- edits on the stored rows -------------------------------------------------------------------------


def subtree_ids(rows: Sequence[dict[str, Any]], cause_id: str) -> list[str]:
    """``cause_id`` and every cause under it (its "mengapa" answers, theirs, ...); safe on cycles."""
    parents = cause_parents(rows)
    children: dict[str, list[str]] = {}
    for child, parent in parents.items():
        if parent is not None:
            children.setdefault(parent, []).append(child)
    out, stack, seen = [], [cause_id], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        out.append(current)
        stack.extend(reversed(children.get(current, [])))
    return out


def move_cause(
    rows: Sequence[dict[str, Any]], cause_id: str, parent_id: str | None, category_id: str | None = None
) -> list[dict[str, Any]]:
    """New ``penyebab`` rows with ``cause_id`` placed under ``parent_id`` (a "mengapa" of it) or, when
    ``parent_id`` is None, directly on the bone of ``category_id``. The moved cause and its answers take
    the category of their new place. Raises :class:`CauseCycleError` (rows untouched) when the new parent
    is the cause itself or one of its own answers, ``KeyError`` for unknown ids."""
    parents = cause_parents(rows)
    if cause_id not in parents:
        raise KeyError(cause_id)
    if parent_id is not None and parent_id not in parents:
        raise KeyError(parent_id)
    check_cause_parent(parents, cause_id, parent_id)
    new_rows = copy.deepcopy(list(rows))
    by_id = _index(new_rows)
    if parent_id is not None:
        category_id = _root_category(new_rows, parent_id)
    moved = by_id[cause_id]
    if parent_id is None:
        moved.pop("induk", None)
    else:
        moved["induk"] = parent_id
    for rid in subtree_ids(new_rows, cause_id):
        if category_id:
            by_id[rid]["kategori"] = category_id
        else:
            by_id[rid].pop("kategori", None)
    return new_rows


def _root_category(rows: Sequence[dict[str, Any]], cause_id: str) -> str | None:
    parents = cause_parents(rows)
    by_id = _index(rows)
    current, seen = cause_id, set()
    while parents.get(current) is not None and current not in seen:
        seen.add(current)
        current = parents[current]  # type: ignore[assignment]
    value = by_id.get(current, {}).get("kategori")
    return value if isinstance(value, str) and value else None


def remove_causes(rows: Sequence[dict[str, Any]], cause_id: str) -> list[dict[str, Any]]:
    """New rows without ``cause_id`` and every cause under it."""
    gone = set(subtree_ids(rows, cause_id))
    return [copy.deepcopy(r) for rid, r in zip(_row_ids(rows, "p"), rows, strict=True) if rid not in gone]


def _index(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return dict(zip(_row_ids(rows, "p"), rows, strict=True))


def remove_category(data: Mapping[str, Any], category_id: str) -> dict[str, Any]:
    """New data without the category and its causes (with all their "mengapa" answers)."""
    out = copy.deepcopy(dict(data))
    cat_rows = _rows(data, "kategori")
    out["kategori"] = [
        r for cid, r in zip(_row_ids(cat_rows, "k"), cat_rows, strict=True) if cid != category_id
    ]
    cat = build_tree(data).category(category_id)
    gone = {n.id for n in cat.entries()} if cat else set()
    cause_rows = _rows(out, "penyebab")
    out["penyebab"] = [
        r for rid, r in zip(_row_ids(cause_rows, "p"), cause_rows, strict=True) if rid not in gone
    ]
    return out


# --- text fitting ------------------------------------------------------------------------------------


class MeasureText(Protocol):
    def __call__(self, text: str, size: float, bold: bool = False) -> float: ...


ELLIPSIS = "…"


def _elide(text: str, width: float, size: float, measure: MeasureText, bold: bool) -> str:
    """``text`` + "…" shortened to fit ``width``."""
    if measure(text + ELLIPSIS, size, bold) <= width:
        return text + ELLIPSIS
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if measure(text[:mid].rstrip() + ELLIPSIS, size, bold) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + ELLIPSIS


def wrap_text(
    text: str, width: float, size: float, measure: MeasureText, max_lines: int, bold: bool = False
) -> tuple[list[str], bool]:
    """Greedy word wrap of ``text`` into at most ``max_lines`` lines of ``width``, at spaces only: a word
    longer than a line is never split (no "Disdukcap / il"), it is shortened with "…" on a line of its
    own. Returns the lines and whether text was cut or shortened (so a caller can try a smaller size)."""
    words = " ".join(text[:MAX_DRAWN_TEXT].split()).split(" ")
    cut = len(text) > MAX_DRAWN_TEXT
    shortened = False
    lines: list[str] = []
    current = ""
    i = 0
    max_lines = max(1, max_lines)
    while i < len(words):
        word = words[i]
        candidate = f"{current} {word}" if current else word
        if measure(candidate, size, bold) <= width:
            current = candidate
            i += 1
            continue
        if not current:  # one word wider than the line
            current, shortened = _elide(word, width, size, measure, bold), True
            i += 1
        lines.append(current)
        current = ""
        if len(lines) == max_lines:
            break
    if current and len(lines) < max_lines:
        lines.append(current)
        current = ""
    if i < len(words) or current or cut:
        last = lines[-1] if lines else ""
        lines[-1:] = [_elide(last, width, size, measure, bold)]
        return lines, True
    return lines or [""], shortened


# --- the layout --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def contains(self, px: float, py: float, slack: float = 0.0) -> bool:
        return self.x - slack <= px <= self.right + slack and self.y - slack <= py <= self.bottom + slack

    def intersects(self, other: Box) -> bool:
        return (
            self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom
        )


@dataclass(frozen=True)
class Segment:
    x1: float
    y1: float
    x2: float
    y2: float
    kind: str  # "spine", "bone", "rib", "why", "sub" (joins "mengapa" ribs to their cause); for the blank
    # worksheet "blank" (a rib to write on), "blank_why" (a "mengapa" line) and "blank_sub" (its join)
    root: bool = False


@dataclass(frozen=True)
class TextBlock:
    box: Box
    lines: tuple[str, ...]
    size: float
    line_height: float
    bold: bool = False
    align: str = "left"  # or "center"

    def baselines(self) -> list[float]:
        """The ``y`` of each line's baseline (ascent of a sans font ~0.9 em, centred in the line)."""
        offset = (self.line_height - 1.12 * self.size) / 2 + 0.9 * self.size
        return [self.box.y + i * self.line_height + offset for i in range(len(self.lines))]


@dataclass(frozen=True)
class CauseMark:
    cause_id: str
    number: int
    depth: int
    root: bool
    text: TextBlock
    rib: Segment
    elided: bool  # the drawn text is shortened; the full text is in the cause list
    group: tuple[str, ...] = ()  # ids drawn together as one numbered rib (only when very crowded)

    @property
    def area(self) -> Box:
        """What a click on this cause may hit: its text and its rib."""
        x = min(self.rib.x1, self.rib.x2, self.text.box.x)
        right = max(self.rib.x1, self.rib.x2, self.text.box.right)
        return Box(x, self.text.box.y, right - x, max(self.rib.y1, self.text.box.bottom) - self.text.box.y)


@dataclass(frozen=True)
class BoneMark:
    category_id: str
    index: int
    above: bool
    box: Box  # the category's name plate at the outer end of the bone
    label: TextBlock
    bone: Segment


@dataclass
class FishboneLayout:
    width: float
    height: float
    spine: Segment
    tail: tuple[tuple[float, float], ...]  # a closed polygon
    head_box: Box  # the fish head
    head: TextBlock  # the problem written in it; no lines when nothing is written yet
    bones: list[BoneMark]
    causes: list[CauseMark]
    segments: list[Segment]  # "sub" joins and "blank" ribs
    numbered: bool = False  # some ribs show numbers only (too many causes to write out)
    font_size: float = 0.0  # the cause text size chosen

    def cause_at(self, x: float, y: float, slack: float = 2.0) -> str | None:
        for mark in self.causes:
            if mark.area.contains(x, y, slack):
                return mark.cause_id
        return None

    def mark(self, cause_id: str) -> CauseMark | None:
        return next((m for m in self.causes if m.cause_id == cause_id or cause_id in m.group), None)


@dataclass(frozen=True)
class LayoutStyle:
    """Sizes in the caller's units. ``font_size`` is the largest cause text tried; the layout steps down
    to ``min_font_size`` (and to fewer lines per cause) until every bone's causes fit."""

    font_size: float = 12.0
    min_font_size: float = 8.0
    head_font_size: float = 15.0
    label_font_size: float = 12.5
    margin: float = 10.0
    line_spacing: float = 1.2
    max_lines: int = 6  # per cause, handed out only while its bone has room
    show_numbers: bool = False  # prefix every cause with its number ("3. …"), as the printed list does
    blank_ribs: int = 0  # empty ribs to write on per bone without causes (the blank worksheet)
    why_scale: float = 0.92  # "mengapa" text is a little smaller than a direct cause's

    @classmethod
    def for_screen(cls, width: float, height: float) -> LayoutStyle:
        """Pixel sizes that grow with the drawing (legible when projected) but stay sane."""
        k = max(0.8, min(1.8, min(width / 760.0, height / 480.0)))
        return cls(
            font_size=round(13 * k, 1),
            min_font_size=8.0,
            head_font_size=round(15 * k, 1),
            label_font_size=round(13 * k, 1),
            margin=round(8 * k, 1),
        )


def layout_fishbone(
    tree: FishboneTree,
    width: float,
    height: float,
    measure_text: MeasureText,
    style: LayoutStyle | None = None,
) -> FishboneLayout:
    """The drawing of ``tree`` in a ``width`` × ``height`` area: the spine from a tail on the left to the
    head box on the right, category bones alternating above and below the spine and slanting toward the
    head, each cause as a horizontal rib on its bone with its text above it, each "mengapa" answer as a
    smaller rib joined to its cause. Text is wrapped and, when needed, shortened ("…"); when a bone has
    too many causes to write out, its ribs carry numbers (the printed list has the full texts)."""
    return _Layout(
        tree,
        max(float(width), 60.0),
        max(float(height), 60.0),
        measure_text,
        style or LayoutStyle.for_screen(width, height),
    ).run()


SLANT = 0.5  # horizontal run of a bone per unit of its height (about 63° from the spine)


class _Layout:
    def __init__(
        self, tree: FishboneTree, width: float, height: float, measure: MeasureText, style: LayoutStyle
    ):
        self.tree, self.w, self.h, self.measure, self.st = tree, width, height, measure, style

    compact = False  # tighter lines and ribs, the last try before numbered ribs

    def lh(self, size: float) -> float:
        return size * (min(self.st.line_spacing, 1.08) if self.compact else self.st.line_spacing)

    def run(self) -> FishboneLayout:
        st, w, h = self.st, self.w, self.h
        m = st.margin
        cats = self.tree.categories
        top = [(i, c) for i, c in enumerate(cats) if i % 2 == 0]
        bottom = [(i, c) for i, c in enumerate(cats) if i % 2 == 1]
        ncols = max(1, len(top))
        pad = max(1.5, st.font_size * 0.25)
        self.pad = pad

        # the head (box on the right) and the spine's height
        longer = min(1.0, len(self.tree.head) / 160)  # a long problem statement gets a wider head
        head_w = min(max(w * (0.16 + 0.06 * longer), st.head_font_size * 7), w * 0.3)
        x_head = w - m - head_w
        label_lh = self.lh(st.label_font_size)
        label_h = 2 * label_lh + 2 * pad  # room for two lines of a category name
        spine_clear = max(3.0, st.font_size * 0.5)
        label_gap = max(2.0, st.font_size * 0.35)
        mid = m + (h - 2 * m) * (0.5 if bottom else 0.64)
        if bottom:  # a crowded half may take up to two thirds of the height from a sparse one
            fixed = label_h + label_gap + spine_clear
            inner = h - 2 * m - 2 * fixed
            row = self.lh(st.min_font_size) + self.rib_gap(st.min_font_size)
            need_t = max(len(c.entries()) for _i, c in top) * row
            need_b = max(len(c.entries()) for _i, c in bottom) * row
            if max(need_t, need_b) > inner / 2:
                share = min(0.68, max(0.32, need_t / (need_t + need_b)))
                mid = m + fixed + inner * share
        y_out_top = m + label_h
        y_out_bottom = h - m - label_h
        v_top = max(mid - y_out_top, 1.0)
        v_bottom = max(y_out_bottom - mid, 1.0) if bottom else v_top
        head_gap = max(4.0, st.font_size * 0.8)
        x_end = x_head - head_gap  # where the last bone meets the spine
        # columns (a top bone and the bone below it share one) get room by how much they have to say
        shares = self._shares([[c for _i, c in top[k : k + 1] + bottom[k : k + 1]] for k in range(ncols)])
        least = min(shares)
        dx = min(min(v_top, v_bottom) * SLANT, 0.55 * least * (x_end - m) / (1 + 0.55 * least))
        x_tail = m + max(dx, st.font_size * 1.5)
        slots = [max((x_end - x_tail) * share, 1.0) for share in shares]
        self.dx, self.mid = dx, mid

        head_box, head = self._head(Box(x_head, m, head_w, h - 2 * m), mid)
        t = min(0.3 * min(v_top, v_bottom), (x_tail - m) * 0.9, head_box.h * 0.4, 0.09 * h)
        x_fin = max(m, x_tail - 2.2 * t)  # the tail fin's far end
        tail = ((x_tail, mid), (x_fin, mid - t), (x_fin + (x_tail - x_fin) * 0.35, mid), (x_fin, mid + t))
        spine = Segment(x_tail, mid, x_head, mid, "spine")

        halves = (
            (top, True, v_top, (y_out_top + label_gap, mid - spine_clear)),
            (bottom, False, v_bottom, (mid + spine_clear, y_out_bottom - label_gap)),
        )
        # one text size for the whole drawing: the largest at which every bone's causes fit
        plans = self._choose_size(
            [
                (c, v, span, slots[col])
                for group, _above, v, span in halves
                for col, (_i, c) in enumerate(group)
            ]
        )
        bones: list[BoneMark] = []
        causes: list[CauseMark] = []
        segments: list[Segment] = []
        numbered = False
        for group, above, v, span in halves:
            for col, (index, cat) in enumerate(group):
                slot = slots[col]
                x_s = x_tail + sum(slots[: col + 1])
                x_o = x_s - dx
                y_o = y_out_top if above else y_out_bottom
                bone = Segment(x_o, y_o, x_s, mid, "bone")
                room = (x_o - slot / 2, x_o + (slots[col + 1] / 2 if col + 1 < ncols else x_end - x_o))
                box, label = self._label(cat.name, x_o, y_o, above, room)
                bones.append(BoneMark(cat.id, index, above, box, label, bone))

                def x_bone(y: float, x_s: float = x_s, above: bool = above, v: float = v) -> float:
                    return x_s - dx * ((mid - y) if above else (y - mid)) / v

                plan = plans[cat.id]
                numbered |= plan.numbered
                if not cat.causes and st.blank_ribs:
                    segments += self._blank_ribs(x_bone, span, slot)
                    continue
                placed, joins = self._place(cat, plan, x_bone, span, slot)
                causes += placed
                segments += joins
        bones.sort(key=lambda b: b.index)
        return FishboneLayout(
            w,
            h,
            spine,
            tail,
            head_box,
            head,
            bones,
            causes,
            segments,
            numbered,
            plans and max(p.size for p in plans.values()) or st.font_size,
        )

    # --- parts ---
    def _head(self, area: Box, mid: float) -> tuple[Box, TextBlock]:
        st, pad = self.st, self.pad * 2
        inner = area.w - 2 * pad
        max_h = min(area.h, self.h * 0.62)
        text = self.tree.head
        size = st.head_font_size
        lines: list[str] = []
        while True:
            lh = self.lh(size)
            max_lines = max(1, int((max_h - 2 * pad) // lh))
            lines, cut = (
                wrap_text(text, inner, size, self.measure, max_lines, bold=True) if text else ([], False)
            )
            if not cut or size <= st.min_font_size:
                break
            size = max(st.min_font_size, size * 0.9)
        lh = self.lh(size)
        least = self.h * (0.4 if st.blank_ribs and not lines else 0.22)  # room to write the problem by hand
        box_h = min(max(len(lines) * lh + 2 * pad, least, 3 * lh), area.h)
        y = min(max(mid - box_h / 2, area.y), area.bottom - box_h)
        box = Box(area.x, y, area.w, box_h)
        text_h = len(lines) * lh
        return box, TextBlock(
            Box(area.x + pad, y + (box_h - text_h) / 2, inner, text_h),
            tuple(lines),
            size,
            lh,
            bold=True,
            align="center",
        )

    def _label(
        self, name: str, x_o: float, y_o: float, above: bool, room: tuple[float, float]
    ) -> tuple[Box, TextBlock]:
        """The name plate at the bone's outer end, centred on it when ``room`` (left, right) allows."""
        st, pad = self.st, self.pad
        size = st.label_font_size
        max_w = room[1] - room[0] - pad
        while True:  # a smaller size before a shortened name ("Lingkungan", not "Lingkun…")
            lines, cut = wrap_text(name, max(max_w - 2 * pad, size), size, self.measure, 2, bold=True)
            if not cut or size <= st.min_font_size:
                break
            size = max(st.min_font_size, size * 0.9)
        text_w = max(self.measure(line, size, True) for line in lines)
        lh = self.lh(size)
        bw, bh = text_w + 2 * pad, len(lines) * lh + 2 * pad
        x = min(max(x_o - bw / 2, room[0]), room[1] - bw)
        y = y_o - bh if above else y_o
        return Box(x, y, bw, bh), TextBlock(
            Box(x + pad, y + pad, bw - 2 * pad, bh - 2 * pad),
            tuple(lines),
            size,
            lh,
            bold=True,
            align="center",
        )

    def _blank_ribs(
        self, x_bone: Callable[[float], float], span: tuple[float, float], slot: float
    ) -> list[Segment]:
        """Ribs to write causes on, each with a short "mengapa" line hanging from it."""
        n = self.st.blank_ribs
        y0, y1 = span
        step = (y1 - y0) / n
        off = self._indent(1, slot)
        out = []
        for i in range(n):
            y = y0 + i * step + step * 0.45
            yw = y0 + i * step + step * 0.92
            right = x_bone(y)
            out.append(Segment(right - slot * 0.82, y, right, y, "blank"))
            out.append(Segment(x_bone(y) - off, y, x_bone(yw) - off, yw, "blank_sub"))
            out.append(Segment(x_bone(yw) - off - slot * 0.5, yw, x_bone(yw) - off, yw, "blank_why"))
        return out

    # --- fitting causes ---
    def _shares(self, columns: list[list[CategoryNode]]) -> list[float]:
        """Each column's share of the spine: at least half an equal share, the rest by amount of text."""
        n = len(columns)
        need = [max((sum(len(e.text) + 12 for e in c.entries()) for c in col), default=0) for col in columns]
        total = sum(need)
        if n == 0:
            return [1.0]
        if total == 0:
            return [1.0 / n] * n
        floor = 0.5 / n
        return [floor + (1 - n * floor) * x / total for x in need]

    def _indent(self, depth: int, slot: float) -> float:
        """How far left of the bone the ribs of ``depth`` end (they hang on their parent's joining line)."""
        if depth <= 0:
            return 0.0
        step = max(self.st.font_size * 1.1, slot * 0.07)
        total = 0.0
        for d in range(1, depth + 1):
            total += step if d <= 4 else step * 0.3  # deeper answers are still drawn, compactly
        total -= (step if depth <= 4 else step * 0.3) / 2
        return min(total, slot * 0.45)

    def _entry_text(self, node: CauseNode, numbers: bool) -> str:
        text = node.text or _("(belum diisi)")
        return f"{node.number}. {text}" if numbers else text

    def _fit(
        self,
        cat: CategoryNode,
        size: float,
        max_lines: int,
        span_len: float,
        slope: float,
        numbers: bool,
        slot: float,
    ) -> _Plan | None:
        """The causes of one bone at ``size``: one line each at least, then more lines (up to
        ``max_lines``) handed out in turn to the causes that need them while the bone has room.
        ``None`` when even one line each does not fit."""
        entries = cat.entries()
        sizes = [
            size if n.depth == 0 else max(self.st.min_font_size, size * self.st.why_scale) for n in entries
        ]
        texts = [self._entry_text(n, numbers) for n in entries]

        def width(i: int, lines: int) -> float:
            s = sizes[i]
            band = lines * self.lh(s) + self.rib_gap(s)
            w = slot - 4 * self.pad - self._indent(entries[i].depth, slot) - slope * band
            return max(w, s * 3)

        budget = span_len - sum(self.lh(s) + self.rib_gap(s) for s in sizes)
        if budget < -1e-6:
            return None
        need = [
            len(wrap_text(t, width(i, max_lines), sizes[i], self.measure, max_lines, entries[i].root)[0])
            for i, t in enumerate(texts)
        ]
        allot = [1] * len(entries)
        progress = True
        while progress:
            progress = False
            for i in range(len(entries)):
                step = self.lh(sizes[i])
                if allot[i] < need[i] and step <= budget + 1e-6:
                    allot[i] += 1
                    budget -= step
                    progress = True
        rows = []
        for i, node in enumerate(entries):
            lines, cut = wrap_text(texts[i], width(i, allot[i]), sizes[i], self.measure, allot[i], node.root)
            rows.append(
                _Row(
                    node, sizes[i], tuple(lines), cut, len(lines) * self.lh(sizes[i]) + self.rib_gap(sizes[i])
                )
            )
        return _Plan(size, rows, numbered=False)

    def rib_gap(self, size: float) -> float:
        return max(1.5, size * 0.2) if self.compact else max(2.5, size * 0.45)

    def _choose_size(
        self, bones: list[tuple[CategoryNode, float, tuple[float, float], float]]
    ) -> dict[str, _Plan]:
        """One text size for the whole drawing: the largest at which every cause is written out in full;
        failing that, the largest that shows (nearly) as much text as any size can."""
        st = self.st
        sizes = []
        s = st.font_size
        while s > st.min_font_size + 1e-6:
            sizes.append(s)
            s = max(st.min_font_size, round(s * 0.9, 2))
        sizes.append(st.min_font_size)
        numbers = st.show_numbers
        candidates: list[tuple[int, dict[str, _Plan]]] = []
        for size in sizes:
            plans: dict[str, _Plan] = {}
            for cat, v, span, slot in bones:
                plan = self._fit(cat, size, st.max_lines, span[1] - span[0], self.dx / v, numbers, slot)
                if plan is None:
                    break
                plans[cat.id] = plan
            else:
                rows = [r for p in plans.values() for r in p.rows]
                if not any(r.cut for r in rows):
                    return plans
                candidates.append((sum(len("".join(r.lines)) for r in rows), plans))
        if candidates:
            most = max(c[0] for c in candidates)
            return next(plans for visible, plans in candidates if visible >= 0.95 * most)
        # crowded: the smallest size, tight lines; bones that still do not fit show numbered ribs
        self.compact = True
        plans = {}
        for cat, v, span, slot in bones:
            span_len = span[1] - span[0]
            plan = self._fit(cat, st.min_font_size, st.max_lines, span_len, self.dx / v, numbers, slot)
            plans[cat.id] = plan or self._numbered(cat, span_len)
        return plans

    def _numbered(self, cat: CategoryNode, span_len: float) -> _Plan:
        """Ribs that carry only numbers (several per rib when even that does not fit)."""
        s = self.st.min_font_size
        row_h = self.lh(s) + self.rib_gap(s)
        entries = cat.entries()
        per = max(1, math.ceil(len(entries) * row_h / max(span_len, row_h)))
        rows = []
        for i in range(0, len(entries), per):
            chunk = entries[i : i + per]
            label = str(chunk[0].number) if len(chunk) == 1 else f"{chunk[0].number}–{chunk[-1].number}"
            node = (
                chunk[0]
                if per == 1
                else CauseNode(chunk[0].id, label, any(n.root for n in chunk), cat.id, number=chunk[0].number)
            )
            rows.append(_Row(node, s, (label,), True, row_h, tuple(n.id for n in chunk) if per > 1 else ()))
        return _Plan(s, rows, numbered=True)

    def _place(
        self,
        cat: CategoryNode,
        plan: _Plan,
        x_bone: Callable[[float], float],
        span: tuple[float, float],
        slot: float,
    ) -> tuple[list[CauseMark], list[Segment]]:
        rows = plan.rows
        if not rows:
            return [], []
        y0, y1 = span
        used = sum(r.height for r in rows)
        gap = max(0.0, (y1 - y0) - used) / len(rows)
        y = y0 + gap / 2
        marks: list[CauseMark] = []
        rib_y: dict[str, float] = {}
        pad = self.pad
        for row in rows:
            node = row.node
            depth = node.depth if not row.group else 0
            band_top, band_bottom = y, y + row.height
            rib = band_bottom - min(self.rib_gap(row.size) * 0.5, 2.0)
            off = self._indent(depth, slot)
            right = x_bone(rib) - off
            # the text stays left of the bone over the whole band, right of the previous bone
            right_limit = min(x_bone(band_top), x_bone(band_bottom)) - off - pad * 1.5
            left_limit = max(x_bone(band_top), x_bone(band_bottom)) - slot + pad
            lh = self.lh(row.size)
            text_w = max(self.measure(line, row.size, node.root) for line in row.lines)
            text_x = max(left_limit + pad, right_limit - text_w)
            text_h = len(row.lines) * lh
            text = TextBlock(
                Box(text_x, rib - 1.0 - text_h, max(right_limit - text_x, 1.0), text_h),
                row.lines,
                row.size,
                lh,
                bold=node.root,
            )
            rib_left = max(left_limit, text_x - pad)
            seg = Segment(rib_left, rib, right, rib, "rib" if depth == 0 else "why", node.root)
            marks.append(CauseMark(node.id, node.number, depth, node.root, text, seg, row.cut, row.group))
            rib_y[node.id] = rib
            y = band_bottom + gap
        joins = []
        if not any(r.group for r in rows):
            for row in rows:
                node = row.node
                if node.children and all(c.id in rib_y for c in node.children):
                    off = self._indent(node.depth + 1, slot)
                    ya, yb = rib_y[node.id], rib_y[node.children[-1].id]
                    joins.append(Segment(x_bone(ya) - off, ya, x_bone(yb) - off, yb, "sub"))
        return marks, joins


@dataclass
class _Row:
    node: CauseNode
    size: float
    lines: tuple[str, ...]
    cut: bool
    height: float
    group: tuple[str, ...] = ()


@dataclass
class _Plan:
    size: float
    rows: list[_Row]
    numbered: bool = False
