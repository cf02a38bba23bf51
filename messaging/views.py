"""Messages between a client and their clinic.

The client's page is in the portal; the clinician's is a section of the client record
(``physio.sections``) and the clinic's unread list a section of the clinician's home.
Clinicians of the client's clinic read the conversation; read-only members cannot
write (403); anyone else gets 404.
"""

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from messaging import selectors, services
from messaging.forms import ClientMessageForm, MessageForm
from messaging.models import Message
from physio.access import client_required, clinician_required
from physio.selectors import client_get

PORTAL = "messaging/portal.html"
RECORD = "messaging/client_section.html"


@require_http_methods(["GET", "POST"])
@client_required
def portal_messages(request: HttpRequest) -> HttpResponse:
    """The client's conversation with the clinic; ``?about=<item>`` starts a message
    about one exercise (the "Ask about this" link of its card)."""
    client = request.client
    items = selectors.askable_items(client)
    if request.method == "POST":
        form = ClientMessageForm(request.POST, items=items)
        if form.is_valid():
            services.message_send(
                client=client,
                author=request.user,
                side=Message.Side.CLIENT,
                body=form.cleaned_data["body"],
                item=form.cleaned_data["item"],
            )
            if not request.htmx:
                flash.success(request, "Message sent.")
                return redirect(reverse("messaging:portal") + "#conversation")
            form = ClientMessageForm(items=items)
    else:
        about = request.GET.get("about", "")
        about = items.filter(pk=about).first() if about.isdigit() else None
        form = ClientMessageForm(initial={"item": about}, items=items)
    conversation = selectors.conversation_of(client)
    services.conversation_mark_read(conversation=conversation, user=request.user)
    context = {"client": client, "thread": selectors.thread(conversation), "form": form}
    template = PORTAL + "#conversation" if request.htmx else PORTAL
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@clinician_required
def client_messages(request: HttpRequest, client_id: int) -> HttpResponse:
    """The conversation on the client record: read by every clinician of the clinic,
    answered by those who may edit."""
    client = client_get(fetched_by=request.clinician, client_id=client_id)
    can_write = request.clinician.can_edit
    form = MessageForm() if can_write else None
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied("Read-only members cannot write messages.")
        form = MessageForm(request.POST)
        if form.is_valid():
            services.message_send(
                client=client,
                author=request.user,
                side=Message.Side.CLINIC,
                body=form.cleaned_data["body"],
            )
            if not request.htmx:
                flash.success(request, "Message sent.")
                return redirect(client.get_absolute_url() + "#section-messages")
            form = MessageForm()
    conversation = selectors.conversation_of(client)
    services.conversation_mark_read(conversation=conversation, user=request.user)
    context = {
        "client": client,
        "thread": selectors.thread(conversation),
        "form": form,
        "can_write": can_write,
    }
    template = RECORD + "#conversation" if request.htmx else RECORD
    return render(request, template, context)


@require_GET
@clinician_required
def unread(request: HttpRequest) -> HttpResponse:
    """The clinic's clients waiting for an answer, longest first: a section of the
    clinician's home (htmx), or a page of its own."""
    context = {"waiting": selectors.unread_by_client(request.clinician)}
    template = "messaging/unread.html" + ("#unread" if request.htmx else "")
    return render(request, template, context)
