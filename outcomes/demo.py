"""Demo outcome measures for `manage.py seed_demo`: a few NPRS and PSFS scores for the
demo client, written once."""

from datetime import timedelta

from django.utils import timezone

from outcomes import services
from outcomes.models import Questionnaire
from physio.models import Client
from programs.demo import DEMO_CLIENT_EMAIL

# (weeks ago, pain now / mildest / worst, PSFS ratings of the three activities)
HISTORY = [(6, (6, 3, 8), (3, 4, 2)), (3, (4, 2, 6), (5, 6, 4)), (0, (3, 1, 5), (7, 7, 5))]
ACTIVITIES = ["Climbing stairs", "Getting out of the car", "Walking 30 minutes"]


def seed_demo_outcomes() -> None:
    client = Client.objects.filter(user__email__iexact=DEMO_CLIENT_EMAIL).first()
    if client is None or Questionnaire.objects.filter(client=client).exists():
        return
    by = client.lead_clinician
    now = timezone.now()
    for weeks, pain, ratings in HISTORY:
        day = now - timedelta(weeks=weeks)
        nprs = services.questionnaire_send(client=client, code="nprs", by=by, due_on=day.date())
        services.answers_save(
            questionnaire_id=nprs.pk, answers=dict(zip(("now", "best", "worst"), pain, strict=True))
        )
        psfs = services.questionnaire_send(client=client, code="psfs", by=by, due_on=day.date())
        if psfs.needs_activities:
            services.activities_set(questionnaire=psfs, names=ACTIVITIES)
        services.answers_save(
            questionnaire_id=psfs.pk,
            answers={str(n): r for n, r in enumerate(ratings, 1)},
        )
        for q in (nprs, psfs):
            services.questionnaire_submit(questionnaire_id=q.pk, at=day)
