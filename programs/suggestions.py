"""Exercises suggested by the client's latest assessment (issue 5, point 3).

The rule (``needs_from_findings``) is a plain function over the findings
``assessments.selectors.latest_findings`` returns:

- a positive or delayed-positive hip drop (docs/clinical.md §1.1) on a stance side
  suggests exercises that target ``hip_drop`` for that side;
- a mean FPPA above the reference (docs/clinical.md §2.2; the threshold is the
  assessments app's, a default the clinic can change) on a leg suggests exercises
  that target ``knee_valgus`` for that leg.

Suggestions start at the easiest weight-bearing level, then the lowest difficulty
(docs/clinical.md §3: progress from non-weight-bearing to single-leg work).
"""

from dataclasses import dataclass, field

# programs reads assessments only through its selectors (DESIGN.md).
from assessments.selectors import latest_findings
from exercises.selectors import exercise_suggestions

HIP_DROP_POSITIVE = ("positive", "delayed_positive")
PER_SIDE = 4


@dataclass(frozen=True)
class Need:
    """What one side needs: the targets to train and why, in words."""

    side: str
    targets: tuple[str, ...]
    reasons: tuple[str, ...]


def needs_from_findings(findings) -> list[Need]:
    """The sides that need work, left first, from the latest findings (None → none).

    ``findings`` has ``left`` and ``right``, each with ``hip_drop_result``,
    ``seconds_held``, ``fppa_mean_deg`` and ``fppa_above_reference``.
    """
    if findings is None:
        return []
    needs = []
    for side_findings in (findings.left, findings.right):
        targets, reasons = [], []
        if side_findings.hip_drop_result in HIP_DROP_POSITIVE:
            targets.append("hip_drop")
            if side_findings.hip_drop_result == "delayed_positive":
                held = side_findings.seconds_held
                reasons.append(
                    "delayed-positive hip drop" + (f" (held {held} s)" if held is not None else "")
                )
            else:
                reasons.append("positive hip drop")
        if side_findings.fppa_above_reference:
            targets.append("knee_valgus")
            reasons.append(f"mean FPPA {side_findings.fppa_mean_deg:.1f}° above the reference")
        if targets:
            needs.append(Need(side_findings.side, tuple(targets), tuple(reasons)))
    return needs


@dataclass
class SideSuggestions:
    need: Need
    exercises: list = field(default_factory=list)

    @property
    def side(self) -> str:
        return self.need.side


def suggestions_for(*, program, user, per_side: int = PER_SIDE) -> tuple[object, list]:
    """(findings, [SideSuggestions]) for a programme already scoped to the clinician.

    Exercises already in the programme for that side (or both sides) are left out.
    A fixed number of queries: the findings, then two per side that needs work.
    """
    findings = latest_findings(client=program.client)
    needs = needs_from_findings(findings)
    if not needs:
        return findings, []
    present = {(item.exercise_id, item.side) for item in program.items.current()}
    result = []
    for need in needs:
        taken = {pk for pk, side in present if side in (need.side, "both")}
        exercises = exercise_suggestions(fetched_by=user, targets=list(need.targets)).exclude(
            pk__in=taken
        )[:per_side]
        result.append(SideSuggestions(need=need, exercises=list(exercises)))
    return findings, result
