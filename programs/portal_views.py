"""The client portal: today's exercises, logging with pain, the morning check-in, progress.

Every page is scoped to the signed-in client (``client_required``: anyone else gets 404)
and reads without JavaScript; htmx only swaps regions in place.
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from physio.access import client_required
from programs import portal_services as services
from programs.adherence import PAIN_ACCEPTABLE_MAX, PAIN_SAFE_MAX
from programs.dosing import WEEKDAYS_SHORT
from programs.portal_forms import CheckInForm, GuidedStepForm, ItemLogForm
from programs.progress import day_logs
from programs.progress import progress as client_progress
from programs.today import (
    Round,
    Step,
    is_due,
    is_loggable,
    item_history,
    media_to_show,
    portal_item_get,
    session_steps,
    today_logs,
    today_plan,
)
from pwa.keys import idempotency_key

TODAY = "programs/portal/today.html"
SESSION = "programs/portal/session.html"


def _with_form(entry: Round, today: date) -> Round:
    """Give a round its form: the one that came back with errors, else a fresh one."""
    if entry.form is None:
        entry.form = ItemLogForm(
            initial=ItemLogForm.initial_for(entry.log, entry.item),
            prefix_id=f"{entry.item.pk}_{entry.number}",
        )
    return entry


def _today_context(request: HttpRequest, *, forms=None, check_in_form=None) -> dict:
    client = request.client
    today = timezone.localdate()
    # Rounds show what was logged, or a button that opens the form; only a form that came
    # back with errors is drawn here (a page of forms would be slow and long on a phone).
    plan, check_in = today_plan(client, today, forms=forms)
    check_in = check_in if plan else None
    if check_in_form is None:
        initial = {"pain": check_in.pain, "note": check_in.note} if check_in else None
        check_in_form = CheckInForm(initial=initial)
    return {
        "client": client,
        "today": today,
        "plan": plan,
        "steps": session_steps(plan),
        "check_in": check_in,
        "check_in_form": check_in_form,
    }


@require_GET
@client_required
def today(request: HttpRequest) -> HttpResponse:
    """Today's exercises: the region for the portal home (htmx), or the whole page."""
    template = TODAY + "#today" if request.htmx else TODAY
    return render(request, template, _today_context(request))


@require_http_methods(["GET", "POST"])
@client_required
def guided_session(request: HttpRequest) -> HttpResponse:
    """Today's session, one exercise a screen (static/js/guided.js), confirmed at the end
    and saved as the same logs the cards write. Without JavaScript: the exercises listed
    with their log fields, saved together."""
    client = request.client
    today = timezone.localdate()
    plan, _ = today_plan(client, today)
    if request.method == "GET":
        steps = session_steps(plan)
        for step in steps:
            step.form = GuidedStepForm.for_step(step)
        return render(request, SESSION, _session_context(plan, steps, today))
    steps = _posted_steps(request, plan)
    if not steps:
        messages.error(request, "Nothing to save: no exercise of today's session was sent.")
        return redirect("programs:portal-today")
    refused = None
    if all(step.form.is_valid() for step in steps):
        try:
            logs = services.guided_session_save(
                steps=[
                    {
                        "item": step.item,
                        "round": step.form.cleaned_data["round"],
                        "key": step.form.cleaned_data["key"],
                        **step.form.log_fields(),
                    }
                    for step in steps
                ],
                day=_posted_day(request, today),
                today=today,
                guided=request.POST.get("guided") == "1",
            )
        except ValidationError as error:
            refused = error.messages[0]
        else:
            done = sum(1 for log in logs if log.done)
            messages.success(
                request,
                f"Session saved: {done} of {len(logs)} exercise{pluralize(len(logs))} done.",
            )
            return redirect("programs:portal-today")
    context = _session_context(plan, steps, today)
    context["refused"] = refused
    context["summary"] = True  # guided.js opens the summary, where the errors are
    return render(request, SESSION, context)


def _posted_day(request: HttpRequest, today: date) -> date:
    try:
        return date.fromisoformat(request.POST.get("day", ""))
    except ValueError:
        return today


def _posted_steps(request: HttpRequest, plan) -> list[Step]:
    """The steps the summary sent (``step`` = item ids), each with its bound form; an
    exercise not due today in the client's running programmes is a 404."""
    entries = {entry.item.pk: entry for program in plan for entry in program.items}
    steps = []
    for raw in request.POST.getlist("step"):
        entry = entries.get(int(raw)) if raw.isdigit() else None
        if entry is None:
            raise Http404("No such exercise in today's session.")
        posted = request.POST.get(f"step-{entry.item.pk}-round", "")
        number = int(posted) if posted.isdigit() and 1 <= int(posted) <= len(entry.rounds) else 1
        step = Step(entry=entry, round=entry.rounds[number - 1])
        step.form = GuidedStepForm(request.POST, prefix=step.prefix, item=entry.item)
        steps.append(step)
    return steps


def _session_context(plan, steps: list[Step], today: date) -> dict:
    return {
        "today": today,
        "plan": plan,
        "steps": steps,
        "any_due": any(program.items for program in plan),
        "pain_safe_max": PAIN_SAFE_MAX,
        "pain_acceptable_max": PAIN_ACCEPTABLE_MAX,
        "pain_scale": range(11),
    }


def _round_context(request, item, number: int, *, form=None, saved=False, editing=False) -> dict:
    today = timezone.localdate()
    logs = today_logs([item.program_id], today)
    entry = Round(
        item=item, number=number, of=item.times_per_day, log=logs.get((item.pk, number)), form=form
    )
    if editing:
        _with_form(entry, today)
    return {"round": entry, "today": today, "saved": saved}


@require_http_methods(["GET", "POST"])
@client_required
def item_log(request: HttpRequest, item_id: int, round: int) -> HttpResponse:
    """Save one round of one exercise for today; the log card swaps in place.

    GET opens the round's form in the card (htmx), or the exercise's page without htmx.
    """
    item = portal_item_get(request.client, item_id)
    today = timezone.localdate()
    if not 1 <= round <= item.times_per_day:
        raise Http404("No such round.")
    if request.method == "GET":
        if not request.htmx:
            url = reverse("programs:portal-item", args=[item.pk])
            return redirect(f"{url}?round={round}#log-{item.pk}-{round}")
        if not is_loggable(item, today):
            raise Http404("This programme is not running today.")
        context = _round_context(request, item, round, editing=True)
        return render(request, "programs/portal/_log.html", context)
    form = ItemLogForm(request.POST, prefix_id=f"{item.pk}_{round}")
    if not is_loggable(item, today):
        return _log_refused(
            request, item, round, form, "This programme is not running today: nothing to log."
        )
    if form.is_valid():
        try:
            posted_day = date.fromisoformat(request.POST.get("day", ""))
        except ValueError:
            posted_day = today
        try:
            services.item_log_save(
                item=item,
                day=posted_day,
                round=round,
                today=today,
                key=idempotency_key(request),
                **form.log_fields(),
            )
        except ValidationError as error:
            return _log_refused(request, item, round, form, error.messages[0])
        if request.htmx:
            context = _round_context(request, item, round, saved=True)
            return render(request, "programs/portal/_log.html", context)
        messages.success(request, f"{item.exercise.name}: saved.")
        return redirect(reverse("programs:portal-today") + f"#item-{item.pk}")
    if request.htmx:
        context = _round_context(request, item, round, form=form)
        return render(request, "programs/portal/_log.html", context)
    context = _today_context(request, forms={(item.pk, round): form})
    return render(request, TODAY, context)


def _log_refused(request, item, round: int, form, message: str) -> HttpResponse:
    """Nothing saved: say why next to the form, which keeps what was typed."""
    if request.htmx:
        context = _round_context(request, item, round, form=form)
        context["refused"] = message
        return render(request, "programs/portal/_log.html", context)
    messages.error(request, message)
    return redirect("programs:portal-today")


@require_POST
@client_required
def check_in(request: HttpRequest) -> HttpResponse:
    """This morning's pain, compared with the day before (docs/clinical.md §4)."""
    form = CheckInForm(request.POST)
    if form.is_valid():
        services.check_in_save(
            client=request.client,
            day=timezone.localdate(),
            pain=form.cleaned_data["pain"],
            note=form.cleaned_data["note"],
        )
        if not request.htmx:
            messages.success(request, "Check-in saved.")
            return redirect(reverse("programs:portal-today") + "#check-in")
        form = None
    context = _today_context(request, check_in_form=form)
    if request.htmx:
        return render(request, TODAY + "#check-in", context)
    return render(request, TODAY, context)


@require_GET
@client_required
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    """One exercise of the programme: video, steps, cues, dose, today's rounds and history."""
    item = portal_item_get(request.client, item_id)
    today = timezone.localdate()
    loggable = is_loggable(item, today) and is_due(item, today)
    editing = request.GET.get("round", "")
    rounds = []
    if loggable:
        logs = today_logs([item.program_id], today)
        for n in range(1, item.times_per_day + 1):
            entry = Round(item=item, number=n, of=item.times_per_day, log=logs.get((item.pk, n)))
            # This page is where a round is logged without JavaScript: open rounds show
            # their form, a logged one when asked to change it.
            if entry.log is None or editing == str(n):
                _with_form(entry, today)
            rounds.append(entry)
    context = {
        "item": item,
        "program": item.program,
        "media": media_to_show(item.exercise),
        "rounds": rounds,
        "running": is_loggable(item, today),
        "history": item_history(item, before=today),
        "today": today,
    }
    return render(request, "programs/portal/item.html", context)


@require_GET
@client_required
def progress(request: HttpRequest) -> HttpResponse:
    """Four weeks of done against prescribed, adherence and streak; a day's logs on request."""
    client = request.client
    today = timezone.localdate()
    chosen = None
    try:
        chosen = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        chosen = None
    if chosen is not None and chosen > today:
        chosen = None
    context = {
        "client": client,
        "today": today,
        "progress": client_progress(client, today),
        "chosen": chosen,
        "chosen_logs": day_logs(client, chosen) if chosen else [],
        "weekday_names": WEEKDAYS_SHORT,
    }
    template = "programs/portal/progress.html"
    if request.htmx and chosen is not None:
        template += "#day-detail"
    return render(request, template, context)
