"""Factories for programmes (shared by the clinician and portal tests of ``programs``)."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from exercises.models import Exercise, Progression, Status, WeightBearing
from programs.models import Goal, Program, ProgramItem, ProgramTemplate, ProgramTemplateItem
from tests.factories import ClientFactory


class ExerciseFactory(DjangoModelFactory):
    """A published exercise of the shared library (pass ``owner_clinic`` for a private one)."""

    class Meta:
        model = Exercise

    name = factory.Sequence(lambda n: f"Exercise {n}")
    slug = factory.Sequence(lambda n: f"exercise-{n}")
    summary = "A test exercise."
    steps = "Lie on your side.\nLift the top knee.\nLower slowly."
    cues = "Keep the pelvis still."
    body_region = "hip"
    movement = "hip_abduction"
    position = "side_lying"
    difficulty = 1
    weight_bearing = WeightBearing.NONE
    targets = factory.LazyFunction(lambda: ["hip_drop"])
    default_sets = 3
    default_reps = 12
    default_hold_seconds = None
    default_rest_seconds = 60
    status = Status.PUBLISHED
    owner_clinic = None


class ProgressionFactory(DjangoModelFactory):
    class Meta:
        model = Progression

    easier = factory.SubFactory(ExerciseFactory)
    harder = factory.SubFactory(ExerciseFactory, difficulty=2)


class ProgramFactory(DjangoModelFactory):
    class Meta:
        model = Program

    client = factory.SubFactory(ClientFactory)
    title = factory.Sequence(lambda n: f"Programme {n}")
    goal = Goal.ENDURANCE
    start_date = factory.LazyFunction(timezone.localdate)
    end_date = None
    status = "active"
    notes_to_client = ""


class ProgramItemFactory(DjangoModelFactory):
    class Meta:
        model = ProgramItem

    program = factory.SubFactory(ProgramFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    order = factory.Sequence(lambda n: n)
    sets = 2
    reps = 15
    hold_seconds = None
    rest_seconds = 45
    side = "both"
    times_per_day = 1
    days_of_week = factory.LazyFunction(lambda: list(range(7)))


class ProgramTemplateFactory(DjangoModelFactory):
    class Meta:
        model = ProgramTemplate

    clinic = factory.SubFactory("tests.factories.ClinicFactory")
    name = factory.Sequence(lambda n: f"Template {n}")
    goal = Goal.ENDURANCE


class ProgramTemplateItemFactory(DjangoModelFactory):
    class Meta:
        model = ProgramTemplateItem

    template = factory.SubFactory(ProgramTemplateFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    order = factory.Sequence(lambda n: n)
    sets = 2
    reps = 15
