"""Database triggers that keep a signed assessment as it was signed.

The services are the way to change an assessment; these triggers make sure that no
other path (a shell, a bulk ``update()`` or ``delete()``, the admin) alters a signed
one: PostgreSQL refuses the statement with an IntegrityError. The amendment services
alone are let through, with ``amending(...)``, for exactly the triggers they need;
the signature itself and the amendments never change, whoever asks.
"""

import contextlib

import pgtrigger

SIGNED = "signed"
# Trigger names, used in the models' Meta and by amending() below.
READ_ONLY = "signed_is_read_only"
NEVER_DELETED = "signed_is_never_deleted"
SIGNATURE_KEPT = "signature_is_kept"
INSERT_ONLY = "insert_only"

# SQLSTATE 23001: psycopg and Django raise it as an IntegrityError.
_RAISE = "RAISE EXCEPTION '%: {message}', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';"


class Refuse(pgtrigger.Trigger):
    """Refuse the statement, before it runs, with ``message`` (no quotes in it)."""

    when = pgtrigger.Before

    def __init__(self, *, message: str, **kwargs):
        self.message = message
        super().__init__(**kwargs)

    def get_func(self, model) -> str:
        return _RAISE.format(message=self.message)


class SignedParent(pgtrigger.Trigger):
    """Refuse writes to a row (a test, a photo) whose assessment, before or after, is signed.

    A trigger's WHEN clause cannot read another table, so the function looks the
    assessment up.
    """

    when = pgtrigger.Before
    operation = pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete

    def get_func(self, model) -> str:
        parent = model._meta.get_field("assessment")
        table = parent.related_model._meta.db_table
        pk = parent.related_model._meta.pk.column
        refuse = _RAISE.format(message="a signed assessment is changed only by an amendment")
        return f"""
            IF EXISTS (
                SELECT 1 FROM "{table}"
                WHERE "{pk}" IN (OLD."{parent.column}", NEW."{parent.column}")
                  AND "status" = '{SIGNED}'
            ) THEN
                {refuse}
            END IF;
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        """


def assessment_triggers() -> list[pgtrigger.Trigger]:
    """The Assessment's own: a signed one is never deleted, changed only by an amendment,
    and its signature (who, when, whose record) never changes at all."""
    signed = pgtrigger.Q(old__status=SIGNED)
    return [
        Refuse(
            name=NEVER_DELETED,
            operation=pgtrigger.Delete,
            condition=signed,
            message="a signed assessment is never deleted",
        ),
        Refuse(
            name=READ_ONLY,
            operation=pgtrigger.Update,
            condition=signed,
            message="a signed assessment is changed only by an amendment",
        ),
        Refuse(
            name=SIGNATURE_KEPT,
            operation=pgtrigger.Update,
            condition=signed
            & (
                pgtrigger.Q(old__status__df=pgtrigger.F("new__status"))
                | pgtrigger.Q(old__signed_at__df=pgtrigger.F("new__signed_at"))
                | pgtrigger.Q(old__signed_by__df=pgtrigger.F("new__signed_by"))
                | pgtrigger.Q(old__client__df=pgtrigger.F("new__client"))
                | pgtrigger.Q(old__clinician__df=pgtrigger.F("new__clinician"))
                | pgtrigger.Q(old__created_at__df=pgtrigger.F("new__created_at"))
            ),
            message="the signature of an assessment never changes",
        ),
    ]


def part_triggers() -> list[pgtrigger.Trigger]:
    """A test's or photo's: read-only once its assessment is signed."""
    return [SignedParent(name=READ_ONLY)]


def amendment_triggers() -> list[pgtrigger.Trigger]:
    """An amendment is written once and kept as it was."""
    return [
        Refuse(
            name=INSERT_ONLY,
            operation=pgtrigger.Update | pgtrigger.Delete,
            message="an amendment is kept as it was written",
        )
    ]


def amending(assessment, *models):
    """Let an amendment of the signed ``assessment`` write rows of ``models``.

    Only the read-only trigger of each model is ignored, and only while the block
    runs: deleting, re-signing and changing amendments stay refused. On a draft
    nothing needs letting through.
    """
    if not assessment.is_signed:
        return contextlib.nullcontext()
    return pgtrigger.ignore(*(f"{model._meta.label}:{READ_ONLY}" for model in models))
