"""The client's side of outcome measures: what is due, answering on the phone, own scores.

Scoped to the signed-in client (``client_required``: anyone else gets 404). The answer
page is one page of large choices that works without JavaScript; with htmx each choice
is saved as it is made, so nothing is lost if the phone locks.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from outcomes import results, selectors, services
from outcomes.forms import ActivitiesForm
from physio.access import client_required

ANSWER = "outcomes/portal_answer.html"


@require_GET
@client_required
def section(request: HttpRequest) -> HttpResponse:
    """The portal's Questionnaires: what is due now, and the client's own scores."""
    client = request.client
    due = selectors.client_questionnaires(client).open().filter(due_on__lte=timezone.localdate())
    context = {"due": due, "results": results.client_results(client)}
    template = "outcomes/portal_section.html"
    if request.htmx:
        template += "#questionnaires"
    return render(request, template, context)


def _answer_context(questionnaire, **extra) -> dict:
    answered, total = questionnaire.progress()
    return {
        "questionnaire": questionnaire,
        "questions": questionnaire.questions(),
        "answers": questionnaire.answers,
        "answered": answered,
        "total": total,
        **extra,
    }


@require_http_methods(["GET", "POST"])
@client_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer one questionnaire; saved as the client goes, submitted once."""
    questionnaire = selectors.portal_questionnaire_get(client=request.client, pk=pk)
    if questionnaire.is_submitted:
        return render(request, "outcomes/portal_done.html", {"questionnaire": questionnaire})
    if questionnaire.due_on > timezone.localdate():
        return redirect("physio:portal-home")
    if questionnaire.needs_activities:
        form = ActivitiesForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            services.activities_set(questionnaire=questionnaire, names=form.names())
            return redirect(questionnaire.get_portal_url())
        return render(
            request,
            "outcomes/portal_activities.html",
            {"form": form, "questionnaire": questionnaire},
        )
    if request.method == "GET":
        return render(request, ANSWER, _answer_context(questionnaire))

    answers, errors = services.clean_answers(questionnaire, request.POST)
    try:
        questionnaire = services.answers_save(questionnaire_id=questionnaire.pk, answers=answers)
    except ValidationError:  # submitted from another tab meanwhile
        return redirect(questionnaire.get_portal_url())
    if request.htmx:
        return render(request, ANSWER + "#progress", _answer_context(questionnaire))
    if request.POST.get("action") != "submit" or errors:
        if not errors:
            messages.success(request, "Your answers are saved. You can finish later.")
            return redirect(questionnaire.get_portal_url())
        return render(request, ANSWER, _answer_context(questionnaire, errors=errors), status=422)
    try:
        questionnaire, _ = services.questionnaire_submit(questionnaire_id=questionnaire.pk)
    except ValidationError as error:
        context = _answer_context(questionnaire, errors={"": error.messages[0]})
        return render(request, ANSWER, context, status=422)
    return redirect(questionnaire.get_portal_url())
