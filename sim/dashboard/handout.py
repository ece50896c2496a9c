"""Paper for the debrief: a one-page A4 handout of a run (or of a comparison), and role cards
for participants, one per party.

The data come from `sim.dashboard.debrief`; this module only lays them out. Every text is
wrapped to the width it is given (measured with the font it is drawn in), and a page too full
shrinks its type and, as a last resort, drops the rows that do not fit with a line that says
so: no text is ever cut off at an edge. Matplotlib (Agg) is imported when a page is made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.dashboard import debrief
from sim.story import plain
from sim.texts import HANDOUT, ROLE_CARD

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from sim.model import PartnershipModel

A4 = (8.27, 11.69)
"""A4 portrait, in inches."""
MARGIN = 0.55
"""White around the page's content, in inches (printers need about a quarter inch)."""
SAFETY = 1.06
"""Measured widths are multiplied by this before wrapping (kerning and hinting differ a
little between the measure and the renderers)."""
LEADING = 1.3
"""Line height as a multiple of the type size."""
INK = "#222222"
RULE = "#bbbbbb"
SIZES = (8.0, 7.5, 7.0, 6.5, 6.0, 5.5, 5.0)
"""Type sizes tried, largest first, until a page fits."""


# --- measuring and wrapping ----------------------------------------------------------------------
_WIDTHS: dict[tuple[str, str], float] = {}


def _char_width(char: str, weight: str) -> float:
    """A character's advance at 1 pt, in points (measured once with the drawing font)."""
    key = (char, weight)
    if key not in _WIDTHS:
        from matplotlib.font_manager import FontProperties
        from matplotlib.textpath import TextToPath

        props = FontProperties(family="sans-serif", size=100, weight=weight)
        if char == " ":  # a lone space has no ink: measure it between two letters
            both = TextToPath().get_text_width_height_descent("x x", props, ismath=False)[0]
            one = TextToPath().get_text_width_height_descent("xx", props, ismath=False)[0]
            _WIDTHS[key] = (both - one) / 100
        else:
            _WIDTHS[key] = (
                TextToPath().get_text_width_height_descent(char, props, ismath=False)[0] / 100
            )
    return _WIDTHS[key]


def text_width(text: str, size: float, weight: str = "normal") -> float:
    """The width of a line of text in inches, a little generously."""
    return SAFETY * size * sum(_char_width(char, weight) for char in text) / 72


def wrap(text: str, width: float, size: float, weight: str = "normal") -> list[str]:
    """Greedy word wrap to `width` inches; a word longer than a line is split."""
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, weight) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while text_width(word, size, weight) > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and text_width(word[:cut], size, weight) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


# --- a page as a list of texts and rules ------------------------------------------------------
@dataclass
class Sheet:
    """What goes on one page (or one card), laid out top down in inches from the top left; a
    layout that runs past `bottom` is marked as overflowing rather than drawn off the page."""

    left: float
    right: float
    top: float
    bottom: float
    size: float
    y: float = 0.0
    texts: list[tuple[float, float, str, float, str]] = field(default_factory=list)
    rules: list[tuple[float, float, float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.y = self.top

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def line(self) -> float:
        return self.size * LEADING / 72

    @property
    def overflows(self) -> bool:
        return self.y > self.bottom + 1e-9

    def space(self, lines: float = 0.5) -> None:
        self.y += lines * self.line

    def paragraph(
        self, text: str, scale: float = 1.0, weight: str = "normal", indent: float = 0.0
    ) -> None:
        size = self.size * scale
        for line in wrap(text, self.width - indent, size, weight):
            self.y += size * LEADING / 72
            self.texts.append((self.left + indent, self.y, line, size, weight))

    def rule(self) -> None:
        self.y += 0.25 * self.line
        self.rules.append((self.left, self.right, self.y))
        self.y += 0.15 * self.line

    def table(self, columns: list[tuple[str, float]], rows: list[list[str]]) -> None:
        """A table: column headings with their shares of the width, then rows; every cell is
        wrapped to its column, a row as high as its tallest cell."""
        gap = 0.08
        widths = self._widths(columns, rows, gap)
        lefts = [self.left + sum(widths[:k]) for k in range(len(widths))]
        self._row([name for name, _ in columns], lefts, widths, gap, "bold")
        self.rules.append((self.left, self.right, self.y + 0.3 * self.line))
        self.y += 0.35 * self.line
        for row in rows:
            self._row(row, lefts, widths, gap, "normal")
            self.y += 0.2 * self.line

    def _widths(
        self, columns: list[tuple[str, float]], rows: list[list[str]], gap: float
    ) -> list[float]:
        """Each column at least as wide as its longest word (so that no word is split), the
        rest of the width shared out by the columns' shares; by shares alone if the longest
        words do not fit side by side."""
        shares = [share for _, share in columns]
        least = []
        for k, (heading, _) in enumerate(columns):
            words = [(word, "bold") for word in heading.split()]
            words += [(word, "normal") for row in rows for word in str(row[k]).split()]
            least.append(
                max((text_width(word, self.size, weight) for word, weight in words), default=0)
                + gap
            )
        spare = self.width - sum(least)
        if spare < 0:
            return [self.width * share / sum(shares) for share in shares]
        # share the spare width out so that wide-share columns get the most, never below least
        widths = [self.width * share / sum(shares) for share in shares]
        fixed = [False] * len(widths)
        while True:
            short = [k for k, w in enumerate(widths) if not fixed[k] and w < least[k]]
            if not short:
                return widths
            for k in short:
                widths[k], fixed[k] = least[k], True
            left = self.width - sum(widths[k] for k in range(len(widths)) if fixed[k])
            free = sum(shares[k] for k in range(len(widths)) if not fixed[k])
            for k in range(len(widths)):
                if not fixed[k]:
                    widths[k] = left * shares[k] / free

    def _row(
        self, cells: list[str], lefts: list[float], widths: list[float], gap: float, weight: str
    ) -> None:
        wrapped = [
            wrap(cell, width - gap, self.size, weight)
            for cell, width in zip(cells, widths, strict=True)
        ]
        for k, lines in enumerate(wrapped):
            for number, line in enumerate(lines):
                y = self.y + (number + 1) * self.line
                self.texts.append((lefts[k], y, line, self.size, weight))
        self.y += max(len(lines) for lines in wrapped) * self.line


def _draw(figure: Figure, sheet: Sheet, height: float, width: float) -> None:
    """Put a sheet's texts and rules on a figure of `width` x `height` inches."""
    from matplotlib.lines import Line2D

    for x, y, text, size, weight in sheet.texts:
        figure.text(
            x / width,
            1 - y / height,
            text,
            fontsize=size,
            fontweight=weight,
            family="sans-serif",
            color=INK,
            va="baseline",
            ha="left",
            parse_math=False,
        )
    for x0, x1, y in sheet.rules:
        figure.add_artist(
            Line2D(
                [x0 / width, x1 / width],
                [1 - y / height] * 2,
                transform=figure.transFigure,
                color=RULE,
                linewidth=0.5,
            )
        )


def _figure(size: tuple[float, float] = A4) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, facecolor="white")
    FigureCanvasAgg(figure)
    return figure


def _save(figures: list[Figure], path: str | Path, allowed: tuple[str, ...]) -> Path:
    path = Path(path)
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in allowed:
        raise ValueError(f"path: a file ending in {' or '.join('.' + s for s in allowed)}")
    if suffix == "png":
        figures[0].savefig(path, format="png", dpi=150, facecolor="white")
        return path
    from matplotlib.backends.backend_pdf import PdfPages

    with PdfPages(path) as pdf:
        for figure in figures:
            pdf.savefig(figure)
    return path


# --- the handout -------------------------------------------------------------------------------
def _yes(value: bool, language: str) -> str:
    return HANDOUT[language]["yes" if value else "no"]


def _handout_sheet(
    model: PartnershipModel,
    language: str,
    other: PartnershipModel | None,
    size: float,
    effects: bool,
    moments_limit: int | None,
    parties_limit: int | None,
) -> Sheet:
    words = HANDOUT[language]
    spec = model.spec
    sheet = Sheet(MARGIN, A4[0] - MARGIN, MARGIN, A4[1] - MARGIN, size)
    title = plain(spec.title or spec.name)
    sheet.paragraph(f"{words['title']}: {title}", scale=1.8, weight="bold")
    sheet.space(0.4)
    seed = debrief.seed_of(model)
    info = [
        f"{words['scenario']}: {plain(spec.name)}",
        f"{words['seed']}: {seed}",
        words["month"].format(month=int(model.steps), deadline=spec.deadline_months),
    ]
    sheet.paragraph("   ·   ".join(info), scale=1.15)
    if other is None:
        sheet.paragraph(f"{words['levers']}: {debrief.lever_settings(model, language)}")
        sheet.paragraph(
            f"{words['outcome']}: {debrief.outcome_label(model, language)}", weight="bold"
        )
    else:
        sheet.paragraph(
            f"{words['levers']}: "
            + words["left_right"].format(
                left=debrief.lever_settings(model, language),
                right=debrief.lever_settings(other, language),
            )
        )
        sheet.paragraph(
            f"{words['outcome']}: "
            + words["left_right"].format(
                left=debrief.outcome_label(model, language),
                right=debrief.outcome_label(other, language),
            ),
            weight="bold",
        )
    sheet.rule()

    if other is not None:
        sheet.paragraph(words["compare"], scale=1.25, weight="bold")
        table = debrief.difference_table(model, other, language)
        sheet.table(
            [
                (words["measure"], 3),
                (words["left"], 3),
                (words["right"], 3),
                (words["difference"], 1.5),
            ],
            [
                [row.label, row.shown_left, row.shown_right, row.shown_difference]
                for row in table.itertuples()
            ],
        )
        sheet.rule()

    sheet.paragraph(words["key_moments"], scale=1.25, weight="bold")
    moments = debrief.key_moments(model, language)
    if len(moments):
        shown = moments if moments_limit is None else moments.iloc[:moments_limit]
        sheet.table(
            [(words["month_col"], 0.8), (words["moment"], 11)],
            [[str(row.month), row.sentence] for row in shown.itertuples()],
        )
        if len(shown) < len(moments):
            sheet.paragraph(debrief.count(len(moments) - len(shown), "more", language))
    else:
        sheet.paragraph(words["no_moments"])
    sheet.rule()

    sheet.paragraph(words["parties"], scale=1.25, weight="bold")
    parties = debrief.party_table(model, language)
    shown = parties if parties_limit is None else parties.iloc[:parties_limit]
    sheet.table(
        [
            (words["party"], 2.2),
            (words["kind"], 1.6),
            (words["at_table"], 0.9),
            (words["member"], 1.0),
            (words["gain"], 1.0),
            (words["why"], 7.5),
        ],
        [
            [
                row.name,
                row.kind,
                _yes(row.at_table, language),
                _yes(row.member, language),
                words["none"] if row.gain != row.gain else debrief.number(row.gain, language),
                row.why,
            ]
            for row in shown.itertuples()
        ],
    )
    if len(shown) < len(parties):
        sheet.paragraph(words["cut"].format(n=len(parties) - len(shown)))

    if effects:
        table = debrief.lever_effects(model, language)
        if len(table):
            sheet.rule()
            sheet.paragraph(words["lever_effects"], scale=1.25, weight="bold")
            sheet.table(
                [(words["lever"], 2), (words["mechanism"], 1.6), (words["effect"], 8)],
                [[row.label, row.mechanism_label, row.effect] for row in table.itertuples()],
            )
    return sheet


def _fitting_handout(
    model: PartnershipModel, language: str, other: PartnershipModel | None
) -> Sheet:
    """The fullest handout that fits the page: with the levers' effects at a readable size,
    else without them at any size, else with rows dropped from the end (and said so)."""
    for size in SIZES[:4]:
        sheet = _handout_sheet(model, language, other, size, True, None, None)
        if not sheet.overflows:
            return sheet
    for size in SIZES:
        sheet = _handout_sheet(model, language, other, size, False, None, None)
        if not sheet.overflows:
            return sheet
    size = SIZES[-1]
    moments = len(debrief.key_moments(model, language))
    parties = model.n
    while moments > 1 or parties > 1:
        if moments >= parties and moments > 1:
            moments = max(1, moments * 3 // 4)
        else:
            parties = max(1, parties * 3 // 4)
        sheet = _handout_sheet(model, language, other, size, False, moments, parties)
        if not sheet.overflows:
            return sheet
    return sheet


def handout_figure(
    model: PartnershipModel, language: str, other: PartnershipModel | None = None
) -> Figure:
    """The handout as one A4 matplotlib figure (see `handout`)."""
    debrief._check(language)
    sheet = _fitting_handout(model, language, other)
    figure = _figure()
    _draw(figure, sheet, A4[1], A4[0])
    return figure


def handout(
    model: PartnershipModel,
    language: str,
    path: str | Path,
    other: PartnershipModel | None = None,
) -> Path:
    """A one-page A4 handout of a run, written to `path` as PDF or PNG (by its suffix): the
    scenario, seed, levers and month, the outcome, the key moments, the party table with each
    party's gain and why, and what the levers did if there is room; with `other` (comparison
    mode, `model` on the left) also the difference table."""
    return _save([handout_figure(model, language, other)], path, ("pdf", "png"))


# --- role cards ----------------------------------------------------------------------------------
CARDS_PER_PAGE = 2


def _card_sheet(
    model: PartnershipModel, index: int, language: str, top: float, bottom: float, size: float
) -> Sheet:
    words = ROLE_CARD[language]
    card: dict[str, Any] = debrief.role_card(model, index, language)
    num = debrief.number
    sheet = Sheet(MARGIN + 0.2, A4[0] - MARGIN - 0.2, top, bottom, size)
    sheet.paragraph(f"{words['title']}: {plain(card['name'])}", scale=1.8, weight="bold")
    sheet.paragraph(
        words["scenario"].format(
            title=plain(model.spec.title or model.spec.name), seed=debrief.seed_of(model)
        )
    )
    sheet.space(0.5)
    sheet.paragraph(
        words["you_play"].format(name=plain(card["name"]), kind=card["kind"]), scale=1.2
    )
    sheet.space(0.5)
    sheet.paragraph(words["interests"], scale=1.25, weight="bold")
    columns = [(words["issue"], 4), (words["ideal"], 2), (words["weight"], 1.5)]
    rows = [
        [plain(row["issue"]), num(row["ideal"], language), f"{row['weight']:.0%}"]
        for row in card["issues"]
    ]
    if any(row["low"] or row["high"] for row in card["issues"]):
        columns.append((words["ends"], 7))
        for cells, row in zip(rows, card["issues"], strict=True):
            ends = [("0", row["low"]), ("1", row["high"])]
            cells.append("; ".join(f"{end}: {plain(text)}" for end, text in ends if text))
    sheet.table(columns, rows)
    sheet.paragraph(words["scale_note"], scale=0.9)
    sheet.space(0.5)
    sheet.paragraph(words["integration_yes" if card["integration"] else "integration_no"])
    sheet.paragraph(
        words["reservation"].format(
            res=num(card["reservation"], language), best=num(card["best"], language)
        ),
        weight="bold",
    )
    sheet.paragraph(
        words["style"].format(style=card["style_text"], exponent=num(card["exponent"], language))
    )
    sheet.space(0.5)
    sheet.paragraph(words["private"], scale=0.9, weight="bold")
    return sheet


def _fitting_card(
    model: PartnershipModel, index: int, language: str, top: float, bottom: float
) -> Sheet:
    for size in (10.0, 9.0, 8.0, *SIZES):
        sheet = _card_sheet(model, index, language, top, bottom, size)
        if not sheet.overflows:
            return sheet
    return sheet


def role_card_figures(model: PartnershipModel, language: str) -> list[Figure]:
    """The role cards as A4 figures, two cards a page with a cut line between them."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    debrief._check(language)
    height = (A4[1] - 2 * MARGIN) / CARDS_PER_PAGE
    figures = []
    for first in range(0, model.n, CARDS_PER_PAGE):
        figure = _figure()
        for slot, index in enumerate(range(first, min(first + CARDS_PER_PAGE, model.n))):
            top = MARGIN + slot * height
            frame_top, frame_bottom = top + 0.1, top + height - 0.1
            figure.add_artist(
                Rectangle(
                    (MARGIN / A4[0], 1 - frame_bottom / A4[1]),
                    (A4[0] - 2 * MARGIN) / A4[0],
                    (frame_bottom - frame_top) / A4[1],
                    transform=figure.transFigure,
                    fill=False,
                    edgecolor=RULE,
                    linewidth=0.8,
                )
            )
            sheet = _fitting_card(model, index, language, frame_top + 0.1, frame_bottom - 0.2)
            _draw(figure, sheet, A4[1], A4[0])
        if CARDS_PER_PAGE > 1:
            y = 1 - (MARGIN + height) / A4[1]
            figure.add_artist(
                Line2D(
                    [0.02, 0.98],
                    [y, y],
                    transform=figure.transFigure,
                    color=RULE,
                    linewidth=0.6,
                    linestyle=(0, (4, 3)),
                )
            )
        figures.append(figure)
    return figures


def role_cards(model: PartnershipModel, language: str, path: str | Path) -> Path:
    """A printable PDF of role cards, one card per party (two to an A4 page): the party's name
    and kind, its own interests (ideal and weight per issue), whether integration pays for it,
    its reservation value (BATNA) and its concession style; nothing about the other parties."""
    return _save(role_card_figures(model, language), path, ("pdf",))
