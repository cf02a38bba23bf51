"""factory_boy factories shared by every app's tests."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from physio.models import Client, Clinic, Clinician, Invitation, User, hash_token

PASSWORD = "correct-horse-battery"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ClinicFactory(DjangoModelFactory):
    class Meta:
        model = Clinic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Clinic {n}")
    slug = factory.Sequence(lambda n: f"clinic-{n}")


class ClinicianFactory(DjangoModelFactory):
    class Meta:
        model = Clinician

    user = factory.SubFactory(UserFactory)
    clinic = factory.SubFactory(ClinicFactory)
    role = Clinician.Role.CLINICIAN


class ClientFactory(DjangoModelFactory):
    class Meta:
        model = Client

    clinic = factory.SubFactory(ClinicFactory)
    lead_clinician = None
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = date(1980, 5, 17)
    email = factory.Sequence(lambda n: f"client{n}@example.test")


class InvitationFactory(DjangoModelFactory):
    """Pass ``token=`` to know the raw token; it is hashed like the real thing."""

    class Meta:
        model = Invitation
        exclude = ["token"]

    client = factory.SubFactory(ClientFactory)
    email = factory.LazyAttribute(lambda o: o.client.email)
    token = factory.Sequence(lambda n: f"test-token-{n}")
    token_hash = factory.LazyAttribute(lambda o: hash_token(o.token))
    expires_at = factory.LazyFunction(Invitation.default_expiry)
