"""Demo people for `manage.py seed_demo`: written once, left alone on later runs."""

from datetime import date

from django.contrib.auth.models import Group
from django.db import transaction

from physio.models import Client, Clinic, Clinician, Condition, User

DEMO_PASSWORD = "physio-demo"
CURATORS_GROUP = "Curators"

CLINICS = [
    ("riverside", "Riverside Physiotherapy"),
    ("hillside", "Hillside Sports Clinic"),
]

CLINICIANS = [
    # email, full name, clinic slug, role, title
    ("alex@riverside.test", "Alex Morgan", "riverside", Clinician.Role.ADMIN, "Physiotherapist"),
    ("sam@riverside.test", "Sam Patel", "riverside", Clinician.Role.CLINICIAN, "Physiotherapist"),
    ("jo@hillside.test", "Jo Chen", "hillside", Clinician.Role.CLINICIAN, "Sports physiotherapist"),
]

CLIENTS = [
    # first, last, born, email, clinic, lead, conditions, portal account, archived
    (
        "Maria",
        "Lopez",
        date(1988, 4, 12),
        "maria@example.test",
        "riverside",
        "alex@riverside.test",
        [Condition.PATELLOFEMORAL_PAIN],
        True,
        False,
    ),
    (
        "Tom",
        "Baker",
        date(1975, 9, 3),
        "tom@example.test",
        "riverside",
        "alex@riverside.test",
        [Condition.LOW_BACK_PAIN],
        False,
        False,
    ),
    (
        "Aisha",
        "Khan",
        date(1962, 1, 27),
        "aisha@example.test",
        "riverside",
        "sam@riverside.test",
        [Condition.GLUTEAL_TENDINOPATHY, Condition.HIP_OSTEOARTHRITIS],
        False,
        False,
    ),
    (
        "Peter",
        "Novak",
        date(1990, 6, 30),
        "",
        "riverside",
        "sam@riverside.test",
        [Condition.PLANTAR_HEEL_PAIN],
        False,
        True,
    ),
    (
        "Lena",
        "Fischer",
        date(1995, 11, 8),
        "lena@example.test",
        "hillside",
        "jo@hillside.test",
        [Condition.PATELLOFEMORAL_PAIN],
        False,
        False,
    ),
]

CURATOR = ("curator@physio.test", "Casey Curator")


def _user(email: str, full_name: str, **extra) -> tuple[User, bool]:
    user = User.objects.filter(email__iexact=email).first()
    if user:
        return user, False
    return User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name, **extra), True


@transaction.atomic
def seed_demo() -> list[tuple[str, str, str]]:
    """Create the demo clinics, people and accounts if missing; return (role, email, password)."""
    clinics = {}
    for slug, name in CLINICS:
        clinics[slug], _ = Clinic.objects.get_or_create(slug=slug, defaults={"name": name})

    clinicians = {}
    for email, full_name, slug, role, title in CLINICIANS:
        user, _ = _user(email, full_name)
        clinicians[email], _ = Clinician.objects.get_or_create(
            user=user, defaults={"clinic": clinics[slug], "role": role, "title": title}
        )

    for first, last, born, email, slug, lead, conditions, portal, archived in CLIENTS:
        client, _ = Client.objects.get_or_create(
            clinic=clinics[slug],
            first_name=first,
            last_name=last,
            defaults={
                "date_of_birth": born,
                "email": email,
                "lead_clinician": clinicians[lead],
                "conditions": list(conditions),
                "archived": archived,
            },
        )
        if portal and client.user_id is None:
            client.user, _ = _user(email, f"{first} {last}")
            client.save(update_fields=["user"])

    curator, _ = _user(CURATOR[0], CURATOR[1], is_staff=True)
    group, _ = Group.objects.get_or_create(name=CURATORS_GROUP)
    curator.groups.add(group)

    sign_ins = [("clinician", email, DEMO_PASSWORD) for email, *_ in CLINICIANS]
    sign_ins += [("client", row[3], DEMO_PASSWORD) for row in CLIENTS if row[7]]
    sign_ins.append(("curator", CURATOR[0], DEMO_PASSWORD))
    return sign_ins
