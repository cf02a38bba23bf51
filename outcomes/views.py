"""Clinician pages of outcome measures: the record section, sending and scheduling, paper
answers, amendments, the clinic's licensed wording, and the clients who got worse.

Every read is scoped through outcomes/selectors.py or physio's ``client_get`` (strangers
get 404); writes need an editing role (403 for read-only members), the wording a clinic
administrator.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outcomes import instruments, results, selectors, services
from outcomes.forms import AmendForm, ImportForm, ScheduleForm, SendForm, WordingForm
from physio.access import clinic_admin_required, clinician_can_edit, clinician_required
from physio.selectors import client_get

SECTION = "outcomes/client_section.html"
DETAIL = "outcomes/questionnaire_detail.html"


def _section_context(request, client, *, send_form=None) -> dict:
    wordings = selectors.wordings_for(client.clinic_id)
    sendable = [
        d
        for d in instruments.INSTRUMENTS.values()
        if d.ships_texts or (d.code in wordings and wordings[d.code].is_complete)
    ]
    return {
        "client": client,
        "results": results.client_results(client),
        "open": selectors.client_questionnaires(client).open(),
        "can_edit": request.clinician.can_edit and not client.archived,
        "is_admin": request.clinician.is_admin,
        "send_form": send_form or SendForm(),
        "sendable": sendable,
    }


def _section(request, context, status=200) -> HttpResponse:
    template = SECTION + "#outcomes" if request.htmx else SECTION
    return render(request, template, context, status=status)


@require_GET
@clinician_required
def client_section(request: HttpRequest, client_id: int) -> HttpResponse:
    """The record's Outcome measures: each instrument's chart and change, what is open."""
    client = client_get(fetched_by=request.clinician, client_id=client_id)
    return _section(request, _section_context(request, client))


@require_POST
@clinician_can_edit
def send(request: HttpRequest, client_id: int) -> HttpResponse:
    """Send a questionnaire to the client now."""
    client = client_get(fetched_by=request.clinician, client_id=client_id)
    form = SendForm(request.POST)
    if form.is_valid():
        try:
            sent = services.questionnaire_send(
                client=client, code=form.cleaned_data["instrument"], by=request.clinician
            )
        except ValidationError as error:
            form.add_error("instrument", error)
        else:
            messages.success(request, f"{sent.definition.short_name} sent to {client.full_name}.")
            if request.htmx:
                return _section(request, _section_context(request, client))
            return redirect(client.get_absolute_url() + "#section-outcomes")
    return _section(request, _section_context(request, client, send_form=form), status=422)


@require_http_methods(["GET", "POST"])
@clinician_can_edit
def schedule(request: HttpRequest, client_id: int) -> HttpResponse:
    """Schedule a questionnaire with one of the client's programmes."""
    client = client_get(fetched_by=request.clinician, client_id=client_id)
    programs = client.programs.all()
    form = ScheduleForm(request.POST or None, programs=programs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.schedule_create(
                program=data["program"],
                code=data["instrument"],
                by=request.clinician,
                at_start=data["at_start"],
                every_weeks=data["every_weeks"],
                at_end=data["at_end"],
            )
        except ValidationError as error:
            form.add_error("instrument", error)
        else:
            count = made.questionnaires.count()
            messages.success(
                request, f"{made.get_instrument_display()} scheduled: {count} questionnaire(s)."
            )
            return redirect(client.get_absolute_url() + "#section-outcomes")
    status = 422 if form.errors else 200
    context = {"client": client, "form": form}
    return render(request, "outcomes/schedule.html", context, status=status)


@require_GET
@clinician_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One questionnaire: its questions and answers; paper entry or an amendment."""
    questionnaire = selectors.questionnaire_get(fetched_by=request.clinician, pk=pk)
    return render(request, DETAIL, _detail_context(request, questionnaire))


def _detail_context(request, questionnaire, **extra) -> dict:
    return {
        "questionnaire": questionnaire,
        "client": questionnaire.client,
        "questions": questionnaire.questions(),
        "answers": questionnaire.answers,
        "amendments": questionnaire.amendments.select_related("amended_by__user"),
        "can_edit": request.clinician.can_edit,
        "amend_form": extra.pop("amend_form", None) or AmendForm(),
        **extra,
    }


@require_POST
@clinician_can_edit
def paper(request: HttpRequest, pk: int) -> HttpResponse:
    """Answers the client gave on paper, entered and submitted by the clinician."""
    questionnaire = selectors.questionnaire_get(fetched_by=request.clinician, pk=pk)
    if questionnaire.is_submitted:
        messages.info(request, "This questionnaire was already submitted.")
        return redirect(questionnaire)
    if questionnaire.needs_activities:
        names = [request.POST.get(f"activity_{n}", "") for n in range(1, 6)]
        try:
            services.activities_set(questionnaire=questionnaire, names=names)
        except ValidationError as error:
            context = _detail_context(request, questionnaire, paper_error=error.messages[0])
            return render(request, DETAIL, context, status=422)
        return redirect(questionnaire)
    answers, errors = services.clean_answers(questionnaire, request.POST)
    questionnaire = services.answers_save(questionnaire_id=questionnaire.pk, answers=answers)
    if not errors:
        try:
            services.questionnaire_submit(
                questionnaire_id=questionnaire.pk, entered_by=request.clinician
            )
        except ValidationError as error:
            errors = {"": error.messages[0]}
        else:
            messages.success(request, "Paper answers entered and submitted.")
            return redirect(questionnaire)
    context = _detail_context(request, questionnaire, errors=errors)
    return render(request, DETAIL, context, status=422)


@require_POST
@clinician_can_edit
def amend(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct submitted answers, with a reason; the amendment keeps both versions."""
    questionnaire = selectors.questionnaire_get(fetched_by=request.clinician, pk=pk)
    if not questionnaire.is_submitted:
        raise Http404("Only a submitted questionnaire is amended.")
    form = AmendForm(request.POST)
    answers, errors = services.clean_answers(questionnaire, request.POST)
    if form.is_valid() and not errors:
        services.questionnaire_amend(
            questionnaire=questionnaire,
            answers=answers,
            reason=form.cleaned_data["reason"],
            by=request.clinician,
        )
        messages.success(request, "Correction recorded.")
        return redirect(questionnaire)
    context = _detail_context(
        request, questionnaire, amend_form=form, errors=errors, amend_answers=request.POST
    )
    return render(request, DETAIL, context, status=422)


@require_GET
@clinician_required
def worsened(request: HttpRequest) -> HttpResponse:
    """The clinic's clients whose score got worse by the MCID or more (clinician home)."""
    template = "outcomes/worsened.html"
    if request.htmx:
        template += "#worsened"
    return render(request, template, {"rows": results.clinic_worsened(request.clinician)})


# --- the clinic's licensed wording ------------------------------------------------------------


def _licensed(code: str) -> instruments.Instrument:
    definition = instruments.INSTRUMENTS.get(code)
    if definition is None or definition.ships_texts:
        raise Http404("No such licensed instrument.")
    return definition


@require_GET
@clinic_admin_required
def wording_list(request: HttpRequest) -> HttpResponse:
    """Each instrument: shipped wording, or the clinic's with what is still missing."""
    wordings = selectors.wordings_for(request.clinician.clinic_id)
    rows = [(d, wordings.get(d.code)) for d in instruments.INSTRUMENTS.values()]
    return render(request, "outcomes/wording_list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@clinic_admin_required
def wording_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Type the wording of a licensed instrument from the clinic's copy, or import it."""
    definition = _licensed(code)
    wording = selectors.wording_for(request.clinician.clinic_id, code)
    texts = wording.texts if wording else {}
    initial = {"copy_note": wording.copy_note if wording else ""}
    form = WordingForm(request.POST or None, definition=definition, texts=texts, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = services.wording_save(
            clinic_id=request.clinician.clinic_id,
            code=code,
            texts=form.cleaned_data["texts"],
            copy_note=form.cleaned_data["copy_note"],
            by=request.clinician,
        )
        if saved.is_complete:
            messages.success(request, f"{definition.short_name} wording complete: it can be sent.")
        else:
            messages.info(
                request,
                f"Saved. {len(saved.problems)} part(s) still missing before it can be sent.",
            )
        return redirect("outcomes:wording-edit", code=code)
    context = {
        "definition": definition,
        "form": form,
        "wording": wording,
        "import_form": ImportForm(),
    }
    return render(
        request, "outcomes/wording_form.html", context, status=422 if form.errors else 200
    )


@require_POST
@clinic_admin_required
def wording_import(request: HttpRequest, code: str) -> HttpResponse:
    """Import the wording from a JSON file (README, "Outcome measures")."""
    definition = _licensed(code)
    import_form = ImportForm(request.POST, request.FILES)
    if import_form.is_valid():
        try:
            texts, copy_note = services.wording_parse(
                import_form.cleaned_data["file"].read(), code=code
            )
        except ValidationError as error:
            import_form.add_error("file", error)
        else:
            services.wording_save(
                clinic_id=request.clinician.clinic_id,
                code=code,
                texts=texts,
                copy_note=copy_note,
                by=request.clinician,
            )
            messages.success(request, f"{definition.short_name} wording imported: it can be sent.")
            return redirect("outcomes:wording-edit", code=code)
    wording = selectors.wording_for(request.clinician.clinic_id, code)
    form = WordingForm(definition=definition, texts=wording.texts if wording else {})
    context = {
        "definition": definition,
        "form": form,
        "wording": wording,
        "import_form": import_form,
    }
    return render(request, "outcomes/wording_form.html", context, status=422)
