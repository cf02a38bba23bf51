"""People of a practice: users, clinics, clinicians, clients and invitations."""

import hashlib
import secrets
from datetime import timedelta

import pgtrigger
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from physio.history import track_changes


class Condition(models.TextChoices):
    """Conditions linked to poor gluteal control (docs/clinical.md §1.2, §2.2)."""

    PATELLOFEMORAL_PAIN = "patellofemoral_pain", "Patellofemoral pain"
    LOW_BACK_PAIN = "low_back_pain", "Low back pain"
    GLUTEAL_TENDINOPATHY = "gluteal_tendinopathy", "Gluteal tendinopathy"
    HIP_OSTEOARTHRITIS = "hip_osteoarthritis", "Hip osteoarthritis"
    PLANTAR_HEEL_PAIN = "plantar_heel_pain", "Plantar heel pain"
    OTHER = "other", "Other"


class UserQuerySet(models.QuerySet):
    def client_only(self):
        """Active accounts that are nothing but a client's: no staff or superuser flag, no
        clinician profile, no group, no permission of their own.

        Only such accounts may be linked to a client by an invitation or be sent a
        one-time sign-in link; anything more powerful signs in with its password.
        """
        return self.filter(
            is_active=True,
            is_staff=False,
            is_superuser=False,
            clinician__isnull=True,
            groups__isnull=True,
            user_permissions__isnull=True,
        )


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in: clinicians, clients with a portal account, curators."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField("full name", max_length=150, blank=True)
    is_staff = models.BooleanField(
        "staff status",
        default=False,
        help_text="Can sign in to the admin (curators of the exercise library).",
    )
    is_active = models.BooleanField("active", default=True)
    date_joined = models.DateTimeField("date joined", default=timezone.now)
    session_salt = models.CharField(
        "session salt",
        max_length=32,
        blank=True,
        editable=False,
        help_text="Mixed into every session's check; a new value signs out every other device.",
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = "user"
        verbose_name_plural = "users"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def get_session_auth_hash(self):
        return self._salted_session_hash()

    def get_session_auth_fallback_hash(self):
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._salted_session_hash(secret)

    def _salted_session_hash(self, secret=None) -> str:
        # Django's HMAC of the password with the session salt mixed in. While the salt is
        # empty it equals Django's own hash, so sessions from before the salt stay valid.
        return salted_hmac(
            "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
            self.password + self.session_salt,
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def rotate_session_salt(self) -> None:
        """Invalidate every session signed in as this user (the caller keeps its own)."""
        self.session_salt = secrets.token_hex(16)
        self.save(update_fields=["session_salt"])


class Clinic(models.Model):
    name = models.CharField("name", max_length=200)
    slug = models.SlugField("slug", unique=True)
    require_two_factor = models.BooleanField(
        "require two-factor sign-in",
        default=False,
        help_text="Every clinician must sign in with a code from an authenticator app.",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)

    class Meta:
        verbose_name = "clinic"
        verbose_name_plural = "clinics"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_security_url(self):
        return reverse("physio:clinic-security", args=[self.pk])


class Clinician(models.Model):
    """A user working at a clinic."""

    class Role(models.TextChoices):
        ADMIN = "admin", "Clinic administrator"
        CLINICIAN = "clinician", "Clinician"
        VIEWER = "viewer", "Read-only"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="clinician",
        verbose_name="user",
    )
    clinic = models.ForeignKey(
        Clinic, on_delete=models.CASCADE, related_name="clinicians", verbose_name="clinic"
    )
    role = models.CharField("role", max_length=20, choices=Role, default=Role.CLINICIAN)
    title = models.CharField("professional title", max_length=100, blank=True)

    class Meta:
        verbose_name = "clinician"
        verbose_name_plural = "clinicians"
        ordering = ["user__full_name"]

    def __str__(self):
        return str(self.user)

    @property
    def can_edit(self) -> bool:
        return self.role != self.Role.VIEWER

    @property
    def is_admin(self) -> bool:
        """A clinic administrator: sees the clinic's trails and sets its sign-in rules."""
        return self.role == self.Role.ADMIN


class ClientQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived=False)

    def search(self, text: str):
        qs = self
        for word in text.split():
            qs = qs.filter(
                models.Q(first_name__icontains=word) | models.Q(last_name__icontains=word)
            )
        return qs


class Client(models.Model):
    """A patient of a clinic; may have a portal account."""

    clinic = models.ForeignKey(
        Clinic, on_delete=models.PROTECT, related_name="clients", verbose_name="clinic"
    )
    lead_clinician = models.ForeignKey(
        Clinician,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_clients",
        verbose_name="lead clinician",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="client",
        verbose_name="portal account",
    )
    first_name = models.CharField("first name", max_length=100)
    last_name = models.CharField("last name", max_length=100)
    date_of_birth = models.DateField("date of birth", null=True, blank=True)
    email = models.EmailField("email", blank=True)
    conditions = ArrayField(
        models.CharField(max_length=40, choices=Condition),
        default=list,
        blank=True,
        verbose_name="conditions",
    )
    notes = models.TextField("notes", blank=True)
    archived = models.BooleanField("archived", default=False)
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    objects = ClientQuerySet.as_manager()

    class Meta:
        verbose_name = "client"
        verbose_name_plural = "clients"
        ordering = ["last_name", "first_name", "pk"]
        indexes = [models.Index(fields=["clinic", "archived", "last_name", "first_name"])]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("physio:client-detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_conditions_display(self) -> list[str]:
        labels = dict(Condition.choices)
        return [labels.get(value, value) for value in self.conditions]

    @property
    def age(self) -> int | None:
        if not self.date_of_birth:
            return None
        today = timezone.localdate()
        born = self.date_of_birth
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def hash_token(token: str) -> str:
    """Links carry a raw token; the database keeps only its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A raw token for a link and the hash to store (the raw one is never kept)."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


class SingleUseLink(models.Model):
    """What invitations and sign-in links share: a hashed token, an expiry, one use."""

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("sent", default=timezone.now)
    expires_at = models.DateTimeField("expires")
    used_at = models.DateTimeField("used", null=True, blank=True)

    # Related rows to fetch with the link when a token is looked up.
    find_related: tuple[str, ...] = ()

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @classmethod
    def find(cls, token: str):
        """The link for a raw token from an email, or None."""
        return (
            cls.objects.select_related(*cls.find_related)
            .filter(token_hash=hash_token(token))
            .first()
        )

    @property
    def is_used(self) -> bool:
        return self.used_at is not None

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def state(self) -> str:
        """One of "used", "expired" or "valid"."""
        if self.is_used:
            return "used"
        if self.is_expired:
            return "expired"
        return "valid"


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Invitations that could still be accepted: not used, not refused, not expired."""
        return self.filter(
            used_at__isnull=True, refused_at__isnull=True, expires_at__gt=timezone.now()
        )

    def expire(self) -> int:
        """End these invitations now (their links then say they have expired)."""
        return self.open().update(expires_at=timezone.now())


class Invitation(SingleUseLink):
    """A single-use, expiring link that lets a client set a password."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="invitations", verbose_name="client"
    )
    email = models.EmailField("sent to")
    created_by = models.ForeignKey(
        Clinician,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="sent by",
    )
    refused_at = models.DateTimeField(
        "refused",
        null=True,
        blank=True,
        help_text="When someone tried to accept it and an existing account stood in the way.",
    )

    objects = InvitationQuerySet.as_manager()

    find_related = ("client__clinic",)

    class Meta(SingleUseLink.Meta):
        verbose_name = "invitation"
        verbose_name_plural = "invitations"

    def __str__(self):
        return f"Invitation for {self.client} ({self.email})"

    @staticmethod
    def default_expiry():
        return timezone.now() + timedelta(days=settings.INVITATION_DAYS)

    @property
    def state(self) -> str:
        """One of "used", "refused", "expired" or "valid"."""
        if self.refused_at is not None and not self.is_used:
            return "refused"
        return super().state


class SignInLink(SingleUseLink):
    """A one-time sign-in link emailed to a portal client: single use, short-lived."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sign_in_links",
        verbose_name="user",
    )

    find_related = ("user",)

    class Meta(SingleUseLink.Meta):
        verbose_name = "sign-in link"
        verbose_name_plural = "sign-in links"

    def __str__(self):
        return f"Sign-in link for {self.user}"


class ClientEvent(track_changes(Client)):
    """Every insert, update and delete of a client row, with who and from where."""


class InvitationEvent(track_changes(Invitation, exclude=["token_hash"])):
    """Invitations sent to a client and their use (never the token)."""


class AccessEvent(models.Model):
    """One view of clinical data: who, when, what, from which address. Insert-only.

    The references are plain ids without a database constraint, so the log outlives the
    rows it names; a trigger refuses UPDATE and DELETE (``trail_purge`` is the one way
    out, after the retention period).
    """

    class Kind(models.TextChoices):
        RECORD = "record", "Client record"
        ASSESSMENT = "assessment", "Assessment"
        PHOTO = "photo", "Assessment photo"
        CLIP = "clip", "Assessment clip"

    at = models.DateTimeField("when", default=timezone.now, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name="who",
    )
    clinic = models.ForeignKey(
        Clinic, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    client = models.ForeignKey(
        Client,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name="client",
    )
    kind = models.CharField("what", max_length=20, choices=Kind)
    object_id = models.CharField("object", max_length=64)
    label = models.CharField("label", max_length=200)
    ip_address = models.GenericIPAddressField("address", null=True, blank=True)
    user_agent = models.CharField("browser", max_length=300, blank=True)

    class Meta:
        verbose_name = "access event"
        verbose_name_plural = "access log"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["client", "at"], name="access_event_client_at")]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)
        ]

    def __str__(self):
        return f"{self.user_id} viewed {self.get_kind_display().lower()} {self.label}"
