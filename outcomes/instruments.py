"""The outcome measures as data: items, answer scales, scoring rule, range, MCID, licence.

No Django here. physio writes the texts of NPRS, PSFS and the global rating of change
itself; for LEFS, VISA-G, Kujala and ODI it ships the structure and scoring only, and a
clinic adds the wording from its licensed copy (docs/clinical.md §5). A clinic's wording
is a flat mapping of *slots* (``"3"`` the text of item 3, ``"3.options"`` its answers,
``"3.low"``/``"3.high"`` the ends of a 0–10 scale), the same in the form and in the JSON
import (README, "Outcome measures").
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial

from outcomes import scoring

RATING = "rating"  # every whole number from minimum to maximum
CHOICE = "choice"  # a list of answers, each worth some points
BRANCH = "branch"  # pick a branch, then answer that branch's choice (VISA-G item 8)

TEXT = "text"
OPTIONS = "options"


@dataclass(frozen=True)
class Item:
    key: str
    kind: str = RATING
    minimum: int = 0
    maximum: int = 10
    # A choice's answers are worth exactly minimum..maximum, one each (LEFS, ODI); when
    # False the licensed copy gives each answer's points, from 0 up to the maximum (Kujala).
    fixed_points: bool = True
    shared_scale: bool = False  # every item answers on the instrument's one "scale" (LEFS)
    branches: tuple[tuple[str, int], ...] = ()  # (letter, maximum points) for BRANCH


@dataclass(frozen=True)
class Slot:
    """One piece of wording an instrument needs."""

    key: str
    label: str
    kind: str = TEXT
    points: tuple[int, ...] | None = None  # OPTIONS with fixed points: exactly these
    maximum: int | None = None  # OPTIONS with free points: 0 … maximum, both present


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    short_name: str
    items: tuple[Item, ...]
    rule: Callable[[Mapping], float | None]
    minimum: float
    maximum: float
    higher_is_better: bool
    section: str  # the subsection of docs/clinical.md that holds its facts
    source: str
    licence: str
    mcid_points: float | None = None
    mcid_percent: float | None = None
    mcid_activity: float | None = None  # PSFS: the MCID of one activity followed alone
    texts: Mapping[str, object] = field(default_factory=dict)  # shipped wording, if ours
    names_activities: bool = False  # PSFS: the client names the activities rated
    measures_change: bool = False  # global rating of change: the rating is the change
    # What the scores are about, in the client's words ("Your pain scores").
    client_topic: str = ""

    @property
    def ships_texts(self) -> bool:
        return bool(self.texts)

    @property
    def better_text(self) -> str:
        return "higher is better" if self.higher_is_better else "lower is better"

    def item(self, key: str) -> Item | None:
        return next((item for item in self.items if item.key == key), None)

    def score(self, answers: Mapping) -> float | None:
        return self.rule(answers)

    def change(self, first: float, latest: float) -> scoring.Change:
        return scoring.change_verdict(
            first,
            latest,
            higher_is_better=self.higher_is_better,
            mcid_points=self.mcid_points,
            mcid_percent=self.mcid_percent,
        )

    def mcid_text(self) -> str:
        if self.measures_change:
            return "none: the rating is already a change"
        if self.mcid_points is None:
            return "none established: the change only"
        text = f"{self.mcid_points:g} points"
        if self.mcid_percent:
            text += f" or {self.mcid_percent:g}%"
        return text


# --- the wording an instrument needs, and whether a clinic's copy is complete -----------


def slots(instrument: Instrument) -> list[Slot]:
    """Every piece of wording ``instrument`` needs, in the order a form shows them."""
    found: list[Slot] = []
    shared_done = False
    for item in instrument.items:
        found.append(Slot(item.key, f"Item {item.key}: the question"))
        if item.kind == RATING:
            found.append(Slot(f"{item.key}.low", f"Item {item.key}: what {item.minimum} means"))
            found.append(Slot(f"{item.key}.high", f"Item {item.key}: what {item.maximum} means"))
        elif item.kind == CHOICE and item.shared_scale:
            if not shared_done:
                points = tuple(range(item.minimum, item.maximum + 1))
                found.insert(0, Slot("scale", "The answers of every item", OPTIONS, points))
                shared_done = True
        elif item.kind == CHOICE:
            found.append(_options_slot(item.key, f"Item {item.key}: the answers", item))
        elif item.kind == BRANCH:
            for letter, maximum in item.branches:
                found.append(Slot(f"{item.key}{letter}", f"Item {item.key}{letter}: the question"))
                branch = Item(f"{item.key}{letter}", CHOICE, 0, maximum, fixed_points=False)
                found.append(_options_slot(branch.key, f"Item {branch.key}: the answers", branch))
    return found


def _options_slot(key: str, label: str, item: Item) -> Slot:
    if item.fixed_points:
        return Slot(f"{key}.options", label, OPTIONS, tuple(range(item.minimum, item.maximum + 1)))
    return Slot(f"{key}.options", label, OPTIONS, maximum=item.maximum)


def slot_problem(slot: Slot, value) -> str | None:
    """What is wrong with ``value`` as the wording of ``slot``, or None."""
    if slot.kind == TEXT:
        if not isinstance(value, str) or not value.strip():
            return "This text is missing."
        return "Keep it under 1000 characters." if len(value) > 1000 else None
    if not isinstance(value, list) or not value:
        return "The answers are missing."
    points = []
    for answer in value:
        if not isinstance(answer, dict) or set(answer) != {"points", "text"}:
            return 'Each answer needs "points" and "text", and nothing else.'
        if not isinstance(answer["points"], int) or isinstance(answer["points"], bool):
            return "Each answer's points must be a whole number."
        if not isinstance(answer["text"], str) or not answer["text"].strip():
            return f"The answer worth {answer['points']} points has no text."
        points.append(answer["points"])
    if len(set(points)) != len(points):
        return "Two answers are worth the same points."
    if slot.points is not None and sorted(points) != list(slot.points):
        expected = ", ".join(str(p) for p in slot.points)
        return f"The answers must be worth {expected} points, one answer each."
    if slot.maximum is not None and (
        min(points) != 0 or max(points) != slot.maximum or min(points) < 0
    ):
        return f"The answers run from 0 up to {slot.maximum} points."
    if slot.maximum is not None and any(p < 0 or p > slot.maximum for p in points):
        return f"The answers run from 0 up to {slot.maximum} points."
    return None


def texts_problems(instrument: Instrument, texts: Mapping) -> dict[str, str]:
    """Slot key → what is missing or wrong; empty when the wording is complete."""
    problems = {}
    known = {slot.key for slot in slots(instrument)}
    for key in texts:
        if key not in known:
            problems[key] = f'"{key}" is not a part of {instrument.short_name}.'
    for slot in slots(instrument):
        problem = slot_problem(slot, texts.get(slot.key))
        if problem:
            problems[slot.key] = problem
    return problems


# --- what the client is asked ----------------------------------------------------------


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    options: tuple[tuple[int | str, str], ...]  # (value stored, label shown)
    low: str = ""
    high: str = ""
    kind: str = RATING
    branch_of: tuple[str, str] | None = None  # (item key, letter): asked after that branch


def _signed(value: int, minimum: int) -> str:
    return f"+{value}" if minimum < 0 < value else str(value)


def questions(
    instrument: Instrument, texts: Mapping, activities: list[str] | None = None
) -> list[Question]:
    """The questions to show, from the instrument and the wording (a clinic's, or the
    shipped one). PSFS asks about each of ``activities`` in turn."""
    texts = instrument.texts or texts
    found: list[Question] = []
    for item in instrument.items:
        if instrument.names_activities:
            index = int(item.key) - 1
            if not activities or index >= len(activities):
                continue
            text = activities[index]
        else:
            text = str(texts.get(item.key, ""))
        if item.kind == RATING:
            options = tuple(
                (v, _signed(v, item.minimum)) for v in range(item.minimum, item.maximum + 1)
            )
            found.append(
                Question(
                    item.key,
                    text,
                    options,
                    str(texts.get(f"{item.key}.low", "")),
                    str(texts.get(f"{item.key}.high", "")),
                )
            )
        elif item.kind == CHOICE:
            answers = texts.get("scale" if item.shared_scale else f"{item.key}.options", [])
            options = tuple((a["points"], a["text"]) for a in answers)
            found.append(Question(item.key, text, options, kind=CHOICE))
        else:
            letters = tuple(
                (letter, str(texts.get(f"{item.key}{letter}", letter)))
                for letter, _ in item.branches
            )
            found.append(Question(item.key, text, letters, kind=BRANCH))
            for letter, _ in item.branches:
                key = f"{item.key}{letter}"
                answers = texts.get(f"{key}.options", [])
                options = tuple((a["points"], a["text"]) for a in answers)
                found.append(
                    Question(
                        key,
                        str(texts.get(key, "")),
                        options,
                        kind=CHOICE,
                        branch_of=(item.key, letter),
                    )
                )
    return found


def answer_value(question: Question, raw: str) -> int | str:
    """The stored value of ``raw`` as an answer to ``question``; ValueError if not one."""
    for value, _ in question.options:
        if str(value) == raw.strip():
            return value
    raise ValueError("Choose one of the answers.")


def is_asked(question: Question, answers: Mapping) -> bool:
    """A branch's question is asked only once its branch is chosen."""
    return question.branch_of is None or answers.get(question.branch_of[0]) == question.branch_of[1]


def answered_count(questions_: list[Question], answers: Mapping) -> tuple[int, int]:
    """(answered, to answer): a branch's sub-question counts only for the branch chosen."""
    asked = [
        q
        for q in questions_
        if q.branch_of is None or answers.get(q.branch_of[0]) == q.branch_of[1]
    ]
    return sum(1 for q in asked if answers.get(q.key) is not None), len(asked)


# --- the instruments ---------------------------------------------------------------------

NPRS_KEYS = ("now", "best", "worst")
NPRS_TEXTS = {
    "now": "How bad is your pain right now?",
    "best": "Over the last 24 hours, how bad was your pain when it was at its mildest?",
    "worst": "Over the last 24 hours, how bad was your pain when it was at its worst?",
    **{f"{k}.low": "0: no pain at all" for k in NPRS_KEYS},
    **{f"{k}.high": "10: the worst pain you could imagine" for k in NPRS_KEYS},
}
PSFS_KEYS = tuple(str(n) for n in range(1, 6))
PSFS_TEXTS = {
    **dict.fromkeys(PSFS_KEYS, ""),
    **{f"{k}.low": "0: I cannot do it at all" for k in PSFS_KEYS},
    **{f"{k}.high": "10: as well as before my problem started" for k in PSFS_KEYS},
}
GROC_TEXTS = {
    "change": "Since your treatment began, how has your problem changed overall?",
    "change.low": "−7: very much worse",
    "change.high": "+7: very much better",
}
LEFS_KEYS = tuple(str(n) for n in range(1, 21))
ODI_KEYS = tuple(str(n) for n in range(1, 11))
VISA_G_KEYS = tuple(str(n) for n in range(1, 8))
VISA_G_BRANCHES = (("A", 30), ("B", 20), ("C", 10))
# The most points each Kujala item can give (docs/clinical.md §5.6); they add up to 100.
KUJALA_MAXIMA = {
    "1": 5,
    "2": 5,
    "3": 5,
    "4": 10,
    "5": 5,
    "6": 10,
    "7": 10,
    "8": 10,
    "9": 10,
    "10": 10,
    "11": 10,
    "12": 5,
    "13": 5,
}
LICENSED = (
    "The wording is the authors'. Add it from the clinic's licensed copy, word for word; "
    "physio ships the structure and scoring only."
)

NPRS = Instrument(
    code="nprs",
    name="Numeric pain rating (now, mildest and worst in 24 hours)",
    short_name="NPRS",
    client_topic="pain",
    items=tuple(Item(key) for key in NPRS_KEYS),
    rule=partial(scoring.single_rating, key="now"),
    minimum=0,
    maximum=10,
    higher_is_better=False,
    section="5.1",
    source="Farrar et al., Pain 2001",
    licence="Wording written for physio; free to use.",
    mcid_points=2,
    mcid_percent=30,
    texts=NPRS_TEXTS,
)
PSFS = Instrument(
    code="psfs",
    name="Patient-Specific Functional Scale",
    short_name="PSFS",
    client_topic="activity",
    items=tuple(Item(key) for key in PSFS_KEYS),
    rule=partial(scoring.mean_of_ratings, keys=PSFS_KEYS),
    minimum=0,
    maximum=10,
    higher_is_better=True,
    section="5.2",
    source="Stratford et al., Physiother Can 1995",
    licence="Wording written for physio; the scale's idea is free to use.",
    mcid_points=2,
    mcid_activity=3,
    texts=PSFS_TEXTS,
    names_activities=True,
)
GROC = Instrument(
    code="groc",
    name="Global rating of change",
    short_name="Global change",
    client_topic="change",
    items=(Item("change", minimum=-7, maximum=7),),
    rule=partial(scoring.single_rating, key="change"),
    minimum=-7,
    maximum=7,
    higher_is_better=True,
    section="5.3",
    source="Jaeschke et al., Control Clin Trials 1989; Kamper et al., J Man Manip Ther 2009",
    licence="Wording written for physio; free to use.",
    texts=GROC_TEXTS,
    measures_change=True,
)
LEFS = Instrument(
    code="lefs",
    name="Lower Extremity Functional Scale",
    short_name="LEFS",
    client_topic="leg function",
    items=tuple(Item(k, CHOICE, 0, 4, shared_scale=True) for k in LEFS_KEYS),
    rule=partial(scoring.plain_sum, keys=LEFS_KEYS),
    minimum=0,
    maximum=80,
    higher_is_better=True,
    section="5.4",
    source="Binkley et al., Phys Ther 1999",
    licence=LICENSED,
    mcid_points=9,
)
VISA_G = Instrument(
    code="visa-g",
    name="VISA-G (gluteal tendinopathy)",
    short_name="VISA-G",
    client_topic="hip tendon",
    items=(
        *(Item(k) for k in VISA_G_KEYS),
        Item("8", BRANCH, branches=VISA_G_BRANCHES),
    ),
    rule=partial(
        scoring.branching_sum, keys=VISA_G_KEYS, branch_key="8", branches=dict(VISA_G_BRANCHES)
    ),
    minimum=0,
    maximum=100,
    higher_is_better=True,
    section="5.5",
    source="Fearon et al., Man Ther 2015",
    licence=LICENSED,
)
KUJALA = Instrument(
    code="kujala",
    name="Kujala anterior knee pain scale (AKPS)",
    short_name="Kujala",
    client_topic="knee",
    items=tuple(Item(k, CHOICE, 0, top, fixed_points=False) for k, top in KUJALA_MAXIMA.items()),
    rule=partial(scoring.weighted_sum, maxima=KUJALA_MAXIMA),
    minimum=0,
    maximum=100,
    higher_is_better=True,
    section="5.6",
    source="Kujala et al., Arthroscopy 1993; Crossley et al., Arch Phys Med Rehabil 2004",
    licence=LICENSED,
    mcid_points=10,
)
ODI = Instrument(
    code="odi",
    name="Oswestry Disability Index (v2.1a)",
    short_name="ODI",
    client_topic="back pain",
    items=tuple(Item(k, CHOICE, 0, 5) for k in ODI_KEYS),
    rule=partial(scoring.percent_of_answered, keys=ODI_KEYS, section_max=5),
    minimum=0,
    maximum=100,
    higher_is_better=False,
    section="5.7",
    source="Fairbank & Pynsent, Spine 2000; Ostelo et al., Spine 2008",
    licence=LICENSED,
    mcid_points=10,
)

INSTRUMENTS: dict[str, Instrument] = {
    i.code: i for i in (NPRS, PSFS, GROC, LEFS, VISA_G, KUJALA, ODI)
}
CHOICES = [(i.code, i.short_name) for i in INSTRUMENTS.values()]


def get(code: str) -> Instrument:
    return INSTRUMENTS[code]
