"""A client's trail: who saw and who changed what, newest first, in one query.

The access log (``AccessEvent``) and every app's change events
(``history.client_change_querysets``) are shaped into the same columns and
joined with UNION ALL, so one statement pages through both and the page's
query count does not grow with the entries. Before-values come from the
previous event of the same row.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.db.models import (
    BigIntegerField,
    CharField,
    DateField,
    F,
    Func,
    JSONField,
    OuterRef,
    QuerySet,
    Value,
)
from django.db.models import Subquery as SubqueryExpression
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, JSONObject

from physio.history import client_change_querysets
from physio.models import AccessEvent

# Every part of the union selects these columns, in this order. The prefix keeps the
# names clear of the models' own fields.
COLUMNS = (
    "t_source",
    "t_row",
    "t_at",
    "t_who",
    "t_model",
    "t_object",
    "t_action",
    "t_label",
    "t_address",
    "t_via",
    "t_after",
    "t_before",
)
VIEW = "view"
CHANGE = "change"


def _snapshot(event_model) -> JSONObject:
    """The tracked values of an event row as JSON, keyed by the tracked model's attnames."""
    return JSONObject(
        **{
            f.attname: F(f.attname)
            for f in event_model._meta.concrete_fields
            if not f.name.startswith("pgh_")
        }
    )


def _context(key: str) -> KT:
    return KT(f"pgh_context__{key}")


def _change_rows(qs: QuerySet) -> QuerySet:
    event_model = qs.model
    previous = (
        event_model.objects.filter(pgh_obj_id=OuterRef("pgh_obj_id"), pgh_id__lt=OuterRef("pgh_id"))
        .order_by("-pgh_id")
        .annotate(snapshot=_snapshot(event_model))
        .values("snapshot")[:1]
    )
    return qs.annotate(
        t_source=Value(CHANGE),
        t_row=F("pgh_id"),
        t_at=F("pgh_created_at"),
        t_who=Cast(_context("user"), BigIntegerField()),
        t_model=Value(event_model.pgh_tracked_model._meta.label_lower),
        t_object=Cast("pgh_obj_id", CharField()),
        t_action=F("pgh_label"),
        t_label=Value(""),
        t_address=Coalesce(_context("ip"), Value(""), output_field=CharField()),
        t_via=Coalesce(_context("url"), _context("command"), Value(""), output_field=CharField()),
        t_after=_snapshot(event_model),
        t_before=SubqueryExpression(previous, output_field=JSONField()),
    ).values(*COLUMNS)


def _view_rows(qs: QuerySet) -> QuerySet:
    return qs.annotate(
        t_source=Value(VIEW),
        t_row=Cast("pk", BigIntegerField()),
        t_at=F("at"),
        t_who=Cast("user_id", BigIntegerField()),
        t_model=Value(""),
        t_object=F("object_id"),
        t_action=F("kind"),
        t_label=F("label"),
        # host() prints the address alone (a cast to text would add "/32").
        t_address=Coalesce(
            Func("ip_address", function="HOST"), Value(""), output_field=CharField()
        ),
        t_via=F("user_agent"),
        t_after=Value(None, output_field=JSONField()),
        t_before=Value(None, output_field=JSONField()),
    ).values(*COLUMNS)


def timeline(
    *,
    client_id: int,
    since: datetime | None = None,
    until: datetime | None = None,
    who: int | None = None,
) -> QuerySet:
    """Views and changes of the client's data in ``[since, until)``, by ``who`` if given.

    Rows are dicts with ``COLUMNS``; turn a page of them into entries with ``entries``.
    """
    parts = [_view_rows(AccessEvent.objects.filter(client_id=client_id))]
    parts += [_change_rows(qs) for qs in client_change_querysets(client_id)]
    filters = {}
    if since is not None:
        filters["t_at__gte"] = since
    if until is not None:
        filters["t_at__lt"] = until
    if who is not None:
        filters["t_who"] = who
    parts = [part.filter(**filters) for part in parts]
    return parts[0].union(*parts[1:], all=True).order_by("-t_at", "-t_source", "-t_row")


@dataclass
class Change:
    field: str
    before: object
    after: object


@dataclass
class Entry:
    """One line of the trail as the page shows it."""

    source: str
    at: datetime
    who: object  # the User, or None for a change made outside a request or command
    what: str
    object_id: str
    action: str
    label: str
    address: str
    via: str
    changes: list[Change] = field(default_factory=list)

    @property
    def is_view(self) -> bool:
        return self.source == VIEW

    @property
    def a_what(self) -> str:
        """The changed thing with its article: "an exercise log", "a programme"."""
        return f"{'an' if self.what[:1].lower() in 'aeiou' else 'a'} {self.what}"


def _display(model_field, value):
    """A stored value as the page shows it: choice labels, dates as dates, ids as #id."""
    if value is None or value == "" or value == []:
        return None
    if model_field is not None and model_field.is_relation:
        return f"#{value}"
    if isinstance(model_field, DateField):  # and DateTimeField: JSON holds ISO strings
        return model_field.to_python(value)
    if model_field is not None and model_field.choices:
        labels = dict(model_field.flatchoices)
        if isinstance(value, list):
            return ", ".join(str(labels.get(v, v)) for v in value)
        return labels.get(value, value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def _changes(model, action: str, after: dict, before: dict | None) -> list[Change]:
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    pk = model._meta.pk.attname
    changes = []
    for name, value in after.items():
        if name == pk:
            continue
        model_field = by_attname.get(name)
        # An array of choices (conditions, days of the week) shows its items' labels.
        values_field = getattr(model_field, "base_field", model_field)
        new = _display(values_field, value)
        if action == "update":
            if before is not None and before.get(name) == value:
                continue
            old = _display(values_field, before.get(name)) if before is not None else "?"
            changes.append(Change(_label(model_field, name), old, new))
        elif new is not None:
            pair = (new, None) if action == "delete" else (None, new)
            changes.append(Change(_label(model_field, name), *pair))
    return changes


def _label(model_field, name: str) -> str:
    return str(model_field.verbose_name) if model_field is not None else name


def entries(rows, users: dict) -> list[Entry]:
    """Entries for a page of ``timeline`` rows; ``users`` maps ids to User objects."""
    view_kinds = dict(AccessEvent.Kind.choices)
    result = []
    for row in rows:
        entry = Entry(
            source=row["t_source"],
            at=row["t_at"],
            who=users.get(row["t_who"]),
            what="",
            object_id=row["t_object"],
            action=row["t_action"],
            label=row["t_label"],
            address=row["t_address"],
            via=row["t_via"],
        )
        if entry.is_view:
            entry.what = str(view_kinds.get(entry.action, entry.action))
        else:
            model = apps.get_model(row["t_model"])
            entry.what = str(model._meta.verbose_name)
            entry.changes = _changes(model, entry.action, row["t_after"], row["t_before"])
        result.append(entry)
    return result
