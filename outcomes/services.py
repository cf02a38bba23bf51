"""Writes of outcome measures: sending, scheduling, answering, submitting, amending, and a
clinic's licensed wording (typed or imported)."""

import json
from datetime import date, datetime

import pgtrigger
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from outcomes import instruments, selectors
from outcomes.due import due_dates
from outcomes.models import (
    SUBMITTED_IS_READ_ONLY,
    InstrumentWording,
    OutcomeSchedule,
    Questionnaire,
    QuestionnaireAmendment,
)
from physio.models import Client, Clinician
from programs.models import Program

MAX_IMPORT_BYTES = 200_000


def sendable_wording(*, clinic_id: int, code: str) -> dict:
    """The wording to send ``code`` with: ours, or the clinic's once complete.

    Raises ValidationError naming what is missing when the clinic's copy is incomplete."""
    definition = instruments.get(code)
    if definition.ships_texts:
        return dict(definition.texts)
    wording = selectors.wording_for(clinic_id, code)
    if wording is None or not wording.is_complete:
        missing = len(wording.problems) if wording else len(instruments.slots(definition))
        raise ValidationError(
            f"{definition.short_name} cannot be sent yet: its wording from the clinic's "
            f"licensed copy is incomplete ({missing} part{'s' if missing != 1 else ''} "
            "missing). A clinic administrator adds it under Outcome measures.",
            code="wording_incomplete",
        )
    return dict(wording.texts)


def questionnaire_send(
    *,
    client: Client,
    code: str,
    by: Clinician,
    due_on: date | None = None,
    schedule: OutcomeSchedule | None = None,
) -> Questionnaire:
    """Send instrument ``code`` to ``client``, due ``due_on`` (today). A PSFS after the
    first asks about the activities the client named then (docs/clinical.md §5.2)."""
    if client.archived:
        raise ValidationError("An archived client cannot be sent questionnaires.")
    wording = sendable_wording(clinic_id=client.clinic_id, code=code)
    activities = selectors.first_psfs_activities(client) if code == instruments.PSFS.code else []
    return Questionnaire.objects.create(
        client=client,
        instrument=code,
        due_on=due_on or timezone.localdate(),
        schedule=schedule,
        sent_by=by,
        wording=wording,
        activities=activities,
    )


@transaction.atomic
def schedule_create(
    *,
    program: Program,
    code: str,
    by: Clinician,
    at_start: bool,
    every_weeks: int | None,
    at_end: bool,
) -> OutcomeSchedule:
    """Schedule ``code`` with ``program`` and create a questionnaire for each day it falls
    due (outcomes/due.py); the client sees each from its day on."""
    sendable_wording(clinic_id=program.client.clinic_id, code=code)
    days = due_dates(
        start=program.start_date,
        end=program.end_date,
        at_start=at_start,
        every_weeks=every_weeks,
        at_end=at_end,
    )
    if not days:
        raise ValidationError("Choose when to send it: at the start, every N weeks or at the end.")
    schedule = OutcomeSchedule.objects.create(
        program=program,
        instrument=code,
        at_start=at_start,
        every_weeks=every_weeks,
        at_end=at_end,
        created_by=by,
    )
    for day in days:
        questionnaire_send(client=program.client, code=code, by=by, due_on=day, schedule=schedule)
    return schedule


def _check_open(questionnaire: Questionnaire) -> None:
    if questionnaire.is_submitted:
        raise ValidationError("This questionnaire was already submitted.", code="submitted")


def activities_set(*, questionnaire: Questionnaire, names: list[str]) -> None:
    """The activities a client names on their first PSFS: one to five, each kept short."""
    _check_open(questionnaire)
    names = [name.strip() for name in names if name and name.strip()]
    if not names:
        raise ValidationError("Name at least one activity that is hard for you.")
    if len(names) > 5 or any(len(name) > 120 for name in names):
        raise ValidationError("Name up to five activities, each in under 120 characters.")
    questionnaire.activities = names
    questionnaire.save(update_fields=["activities", "updated_at"])


def clean_answers(questionnaire: Questionnaire, raw: dict[str, str]) -> tuple[dict, dict]:
    """(answers, errors) from the posted ``raw`` values; blanks are left unanswered."""
    answers, errors = {}, {}
    for question in questionnaire.questions():
        value = raw.get(question.key)
        if value is None or value == "":
            continue
        try:
            answers[question.key] = instruments.answer_value(question, value)
        except ValueError as error:
            errors[question.key] = str(error)
    return answers, errors


def answers_save(*, questionnaire_id: int, answers: dict) -> Questionnaire:
    """Merge ``answers`` into the open questionnaire: saved as the client goes."""
    with transaction.atomic():
        questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire_id)
        _check_open(questionnaire)
        questionnaire.answers = {**questionnaire.answers, **answers}
        questionnaire.save(update_fields=["answers", "updated_at"])
    return questionnaire


def questionnaire_submit(
    *, questionnaire_id: int, entered_by: Clinician | None = None, at: datetime | None = None
) -> tuple[Questionnaire, bool]:
    """Submit once: score it and stamp it (``at``, now by default: a paper form's day).
    (questionnaire, True) the first time; a second submit (a double tap, a resent form)
    changes nothing and returns False."""
    with transaction.atomic():
        questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire_id)
        if questionnaire.is_submitted:
            return questionnaire, False
        answered, _ = questionnaire.progress()
        if not answered:
            raise ValidationError("Answer at least one question before you submit.")
        questionnaire.score = questionnaire.compute_score()
        questionnaire.submitted_at = at or timezone.now()
        fields = ["score", "submitted_at", "updated_at"]
        if entered_by is not None:
            questionnaire.via = Questionnaire.Via.PAPER
            questionnaire.entered_by = entered_by
            fields += ["via", "entered_by"]
        questionnaire.save(update_fields=fields)
    return questionnaire, True


@transaction.atomic
def questionnaire_amend(
    *, questionnaire: Questionnaire, answers: dict, reason: str, by: Clinician
) -> QuestionnaireAmendment:
    """Correct submitted answers: the amendment keeps the before and after and why."""
    if not questionnaire.is_submitted:
        raise ValidationError("Only a submitted questionnaire is amended.")
    if not reason.strip():
        raise ValidationError("Give the reason for the correction.", code="reason")
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    before, score_before = questionnaire.answers, questionnaire.score
    score_after = questionnaire.compute_score(answers)
    amendment = QuestionnaireAmendment.objects.create(
        questionnaire=questionnaire,
        reason=reason.strip(),
        answers_before=before,
        answers_after=answers,
        score_before=score_before,
        score_after=score_after,
        amended_by=by,
    )
    with pgtrigger.ignore(f"outcomes.Questionnaire:{SUBMITTED_IS_READ_ONLY}"):
        Questionnaire.objects.filter(pk=questionnaire.pk).update(
            answers=answers, score=score_after, updated_at=timezone.now()
        )
    return amendment


# --- a clinic's licensed wording -----------------------------------------------------------


def wording_save(
    *, clinic_id: int, code: str, texts: dict, copy_note: str, by: Clinician
) -> InstrumentWording:
    """Keep the clinic's wording of ``code``; it may be incomplete (saved as typed), and
    the instrument can be sent once it is complete."""
    definition = instruments.get(code)
    if definition.ships_texts:
        raise ValidationError(f"{definition.short_name} ships its own wording.")
    wording, _ = InstrumentWording.objects.update_or_create(
        clinic_id=clinic_id,
        instrument=code,
        defaults={"texts": texts, "copy_note": copy_note, "updated_by": by},
    )
    return wording


def wording_parse(raw: bytes, *, code: str) -> tuple[dict, str]:
    """(texts, copy note) from an import file (README, "Outcome measures"); raises
    ValidationError with every problem found, each named by its part."""
    definition = instruments.get(code)
    if len(raw) > MAX_IMPORT_BYTES:
        raise ValidationError("The file is larger than 200 kB: is it the right file?")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValidationError(f"The file is not valid JSON ({error}).") from None
    if not isinstance(data, dict):
        raise ValidationError('The file must hold one JSON object with "instrument" and "texts".')
    if data.get("instrument") != code:
        raise ValidationError(
            f'The file is for "{data.get("instrument")}", not "{code}" ({definition.short_name}).'
        )
    texts = data.get("texts")
    if not isinstance(texts, dict):
        raise ValidationError('"texts" must be an object of parts and their wording.')
    problems = instruments.texts_problems(definition, texts)
    if problems:
        raise ValidationError([f"{key}: {message}" for key, message in problems.items()])
    copy_note = data.get("copy", "")
    if not isinstance(copy_note, str) or len(copy_note) > 200:
        raise ValidationError('"copy" must be a short text (under 200 characters).')
    return texts, copy_note
