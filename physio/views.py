from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from physio import access, selectors, services, trail
from physio.access import (
    client_required,
    clinic_admin_required,
    clinician_can_edit,
    clinician_required,
)
from physio.access_log import access_record
from physio.forms import (
    ClientForm,
    PasswordResetForm,
    SetPasswordForm,
    SignInLinkForm,
    TrailFilterForm,
)
from physio.models import AccessEvent, Invitation, SignInLink, User
from physio.ratelimits import mail_request_wait, wait_message
from physio.sections import (
    CLIENT_RECORD_SECTIONS,
    DASHBOARD_SECTIONS,
    PORTAL_SECTIONS,
    resolve_sections,
)
from physio.selectors import client_get
from physio.sessions import sign_out_other_sessions

CLIENTS_PER_PAGE = 25


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Where each role lands after signing in."""
    user = request.user
    if access.clinician_for(user):
        return redirect("physio:dashboard")
    if access.portal_client_for(user):
        return redirect("physio:portal-home")
    if user.is_staff:
        return redirect("admin:index")
    return render(request, "physio/no_role.html")


@require_GET
@clinician_required
def dashboard(request: HttpRequest) -> HttpResponse:
    clinician = request.clinician
    clients = selectors.client_list(fetched_by=clinician)
    context = {
        "active_count": clients.count(),
        "my_clients": clients.filter(lead_clinician=clinician).order_by("-updated_at")[:8],
        "recent_clients": clients.order_by("-updated_at")[:8],
        "sections": resolve_sections(DASHBOARD_SECTIONS),
    }
    return render(request, "physio/dashboard.html", context)


@require_GET
@clinician_required
def client_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    include_archived = request.GET.get("archived") == "1"
    clients = selectors.client_list(
        fetched_by=request.clinician, query=query, include_archived=include_archived
    )
    page = Paginator(clients, CLIENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "q": query, "archived": include_archived}
    template = "physio/client_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#client-results"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@clinician_can_edit
def client_create(request: HttpRequest) -> HttpResponse:
    form = ClientForm(request.POST or None, clinician=request.clinician)
    if request.method == "POST" and form.is_valid():
        client = services.client_create(created_by=request.clinician, **form.cleaned_data)
        messages.success(request, f"{client.full_name} added.")
        return redirect(client)
    return render(request, "physio/client_form.html", {"form": form, "client": None})


@require_GET
@clinician_required
def client_detail(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get(fetched_by=request.clinician, client_id=client_id)
    access_record(request=request, client=client, kind=AccessEvent.Kind.RECORD, obj=client)
    context = {
        "client": client,
        "sections": resolve_sections(CLIENT_RECORD_SECTIONS, client.pk),
        # The invitation matters only until the client has an account.
        "invitation": None if client.user_id else selectors.latest_invitation(client),
    }
    return render(request, "physio/client_detail.html", context)


@require_GET
@clinic_admin_required
def client_trail(request: HttpRequest, client_id: int) -> HttpResponse:
    """Who saw and who changed the client's data, newest first, for clinic administrators."""
    client = client_get(fetched_by=request.clinician, client_id=client_id)
    people = selectors.trail_people(client)
    form = TrailFilterForm(request.GET, people=people)
    page = None
    if form.is_valid():
        rows = trail.timeline(client_id=client.pk, **form.period(), who=form.cleaned_data["who"])
        page = Paginator(rows, settings.TRAIL_ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
        users = {person.pk: person for person in people}
        # Changes made in the admin by staff outside the clinic: fetched in one query.
        others = {row["t_who"] for row in page.object_list} - users.keys() - {None}
        if others:
            users |= User.objects.in_bulk(others)
        page.object_list = trail.entries(page.object_list, users)
    template = "physio/client_trail.html"
    if request.htmx and not request.htmx.boosted:
        template += "#trail-entries"
    return render(request, template, {"client": client, "form": form, "page": page})


@require_http_methods(["GET", "POST"])
@clinician_can_edit
def client_edit(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get(fetched_by=request.clinician, client_id=client_id)
    form = ClientForm(request.POST or None, instance=client, clinician=request.clinician)
    if request.method == "POST" and form.is_valid():
        services.client_update(client=form.save(commit=False))
        messages.success(request, "Client details saved.")
        return redirect(client)
    return render(request, "physio/client_form.html", {"form": form, "client": client})


@require_POST
@clinician_can_edit
def client_archive(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get(fetched_by=request.clinician, client_id=client_id)
    archived = request.POST.get("archived", "1") == "1"
    services.client_set_archived(client=client, archived=archived)
    if archived:
        messages.success(request, f"{client.full_name} archived.")
    else:
        messages.success(request, f"{client.full_name} restored.")
    return redirect(client)


@require_POST
@clinician_can_edit
def client_invite(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get(fetched_by=request.clinician, client_id=client_id)
    try:
        services.invitation_send(
            client=client, sent_by=request.clinician, base_url=request.build_absolute_uri("/")
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Invitation sent to {client.email}.")
    return redirect(client)


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.find(token)
    if invitation is None or invitation.state != "valid":
        state = invitation.state if invitation else "unknown"
        status = 404 if invitation is None else 410
        return render(request, "physio/invitation_invalid.html", {"state": state}, status=status)
    form = SetPasswordForm(
        request.POST or None, email=invitation.email, full_name=invitation.client.full_name
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation, password=form.cleaned_data["password1"]
            )
        except ValidationError as error:
            return render(
                request, "physio/invitation_invalid.html", {"state": error.code}, status=410
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome! Your account is ready.")
        return redirect("physio:portal-home")
    return render(
        request, "physio/invitation_accept.html", {"form": form, "invitation": invitation}
    )


@require_GET
@client_required
def portal_home(request: HttpRequest) -> HttpResponse:
    client = request.client
    context = {"client": client, "sections": resolve_sections(PORTAL_SECTIONS)}
    return render(request, "portal/home.html", context)


@login_not_required
@require_http_methods(["GET", "POST"])
def sign_in_link_request(request: HttpRequest) -> HttpResponse:
    """Ask for a one-time sign-in link. The answer is the same whether or not we know the email."""
    form = SignInLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        wait = mail_request_wait(request, group="sign-in-link", email=email)
        if wait:
            form.add_error(None, wait_message(wait))
            return render(request, "physio/sign_in_link_request.html", {"form": form}, status=429)
        services.sign_in_link_send(email=email, base_url=request.build_absolute_uri("/"))
        return render(request, "physio/sign_in_link_sent.html", {"email": email})
    return render(request, "physio/sign_in_link_request.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, limited like sign-in links, its mail sent by a task."""

    form_class = PasswordResetForm

    def form_valid(self, form):
        wait = mail_request_wait(
            self.request, group="password-reset", email=form.cleaned_data["email"]
        )
        if wait:
            form.add_error(None, wait_message(wait))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


@login_not_required
@require_http_methods(["GET", "POST"])
def sign_in_link_use(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners that open links do not spend them); POST signs in."""
    link = SignInLink.find(token)
    state = link.state if link else "unknown"
    if state != "valid":
        status = 404 if link is None else 410
        return render(request, "physio/sign_in_link_invalid.html", {"state": state}, status=status)
    if request.method == "POST":
        try:
            user = services.sign_in_link_use(link=link)
        except ValidationError as error:
            return render(
                request, "physio/sign_in_link_invalid.html", {"state": error.code}, status=410
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("home")
    return render(request, "physio/sign_in_link_use.html", {"link": link})


@require_GET
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in person's account: who they are, two-factor sign-in (for clinicians and
    staff, who see many records) and signing out of other devices."""
    user = request.user
    offers_two_factor = user.is_staff or access.clinician_for(user) is not None
    return render(
        request,
        "physio/account.html",
        {
            "offers_two_factor": offers_two_factor,
            "has_two_factor": offers_two_factor and selectors.authenticator_for(user) is not None,
        },
    )


@require_POST
def account_sign_out_others(request: HttpRequest) -> HttpResponse:
    sign_out_other_sessions(request)
    messages.success(request, "You are signed out on every other device. This one stays signed in.")
    return redirect("account")
