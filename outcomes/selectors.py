"""Scoped reads of outcome measures: every query starts from the signed-in user's clinic
or the signed-in client; anything else is a 404."""

from django.db.models import QuerySet
from django.http import Http404

from outcomes.models import (
    InstrumentWording,
    OutcomeScheduleEvent,
    Questionnaire,
    QuestionnaireAmendmentEvent,
    QuestionnaireEvent,
)
from physio.models import Client, Clinician


def questionnaires_for_clinician(clinician: Clinician) -> QuerySet[Questionnaire]:
    return Questionnaire.objects.filter(client__clinic_id=clinician.clinic_id)


def questionnaire_get(*, fetched_by: Clinician, pk: int) -> Questionnaire:
    """One questionnaire of the clinician's clinic (with its client), or 404."""
    found = (
        questionnaires_for_clinician(fetched_by)
        .select_related("client", "entered_by__user", "sent_by__user")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such questionnaire.")
    return found


def client_questionnaires(client: Client) -> QuerySet[Questionnaire]:
    """The client's questionnaires, oldest due first (the caller scoped ``client``)."""
    return Questionnaire.objects.filter(client_id=client.pk).order_by("due_on", "pk")


def portal_questionnaire_get(*, client: Client, pk: int) -> Questionnaire:
    """One of the signed-in client's own questionnaires, or 404."""
    found = Questionnaire.objects.filter(client_id=client.pk, pk=pk).first()
    if found is None:
        raise Http404("No such questionnaire.")
    return found


def wording_for(clinic_id: int, code: str) -> InstrumentWording | None:
    return InstrumentWording.objects.filter(clinic_id=clinic_id, instrument=code).first()


def wordings_for(clinic_id: int) -> dict[str, InstrumentWording]:
    return {w.instrument: w for w in InstrumentWording.objects.filter(clinic_id=clinic_id)}


def first_psfs_activities(client: Client) -> list[str]:
    """The activities the client named on their first PSFS, or [] before they have one."""
    first = (
        Questionnaire.objects.filter(client_id=client.pk, instrument="psfs")
        .exclude(activities=[])
        .order_by("created_at", "pk")
        .values_list("activities", flat=True)
        .first()
    )
    return list(first or [])


def client_change_events(client_id: int) -> list[QuerySet]:
    """The change events of the client's questionnaires, amendments and schedules."""
    ids = QuestionnaireEvent.objects.filter(client_id=client_id).values("pgh_obj_id")
    return [
        QuestionnaireEvent.objects.filter(client_id=client_id),
        QuestionnaireAmendmentEvent.objects.filter(questionnaire_id__in=ids),
        OutcomeScheduleEvent.objects.filter(program__client_id=client_id),
    ]
