"""The benchmark's data sets, built once in bulk into a named database and reused.

``ensure(size)`` gives a database holding ``size``'s data: it reuses the one built
before when its fingerprint (every migration file on disk, this module's source and
the size) still matches, and otherwise drops it, migrates a fresh one and fills it.
The fingerprint is written last, in its own table, so a build that was interrupted is
built again.

Rows are made as model instances, so fields this module does not name get their model
defaults and the builder survives small model changes. The two big tables (sessions
and item logs, about a million rows) go in with ``COPY``, everything else with
``bulk_create``.
"""

import hashlib
import random
import sys
import time
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from datetime import time as day_time
from pathlib import Path

import psycopg
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

BENCH_CLINICIAN = "bench-clinician@bench.test"
BENCH_CLIENT = "bench-client@bench.test"
FINGERPRINT_TABLE = "bench_fingerprint"


@dataclass(frozen=True)
class Size:
    label: str
    clinics: int
    clinicians_per_clinic: int
    clients: int
    first_clinic_clients: int  # the bench clinician's clinic
    exercises: int
    heavy_clients: int  # two years of daily logs; the bench's portal client is one
    light_log_days: int  # the other clients log about every other day of these


BIG = Size("big", 20, 5, 10_000, 2_000, 5_000, 200, 14)
SMALL = Size("small", 1, 5, 20, 20, 250, 2, 14)

HISTORY_DAYS = 730
REVIEWED_AFTER_DAYS = 7  # flags older than this were reviewed by the clinic
POPULAR_EXERCISES = 200  # programmes draw their exercises from these, which have media

# Names and words to draw from (split once; SIM905 would have them one per line).
FIRST_NAMES = (  # noqa: SIM905
    "Maria Sam Alex Jo Priya Tom Aisha Ben Chloe Dan Ella Finn Grace Harry Isla Jack Kate "
    "Leo Mia Noah Olivia Omar Ruby Sara Theo Zoe Anna Ivan Lena Marco Nadia Pavel Rosa"
).split()
LAST_NAMES = (  # noqa: SIM905
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Wright Walker Evans "
    "Thomas Roberts Khan Lewis Hughes Clarke Green Hall Wood Martin Cooper Hill Ward "
    "Morris Moore Clark Lee King Baker Harris Scott Young Allen Mitchell Bell Shaw"
).split()
# Exercise names take two of these (so a search for one finds about 8% of the
# library); their text is written in the filler words, which nobody searches for.
WORDS = (  # noqa: SIM905
    "clam bridge hip knee glute squat lunge step hinge reach plank band side single leg "
    "march thrust hitch walk balance stance rotation abduction extension wall chair"
).split()
QUALIFIERS = "Banded Slow Weighted Assisted Paused Supported Partial Deep Quick Long".split()  # noqa: SIM905
FILLER = (  # noqa: SIM905
    "slowly keep your back straight breathe out hold lower return knees toes heels "
    "shoulders arms level pelvis steady control tall chest push press lift pause repeat "
    "feet apart floor"
).split()


def database_name(base: str, size: Size) -> str:
    return f"{base}_bench_{size.label}"


# --- the named database ------------------------------------------------------------


def _server_params() -> dict:
    """libpq parameters of the configured server (the maintenance database)."""
    params = connection.get_connection_params()
    for key in ("dbname", "cursor_factory", "context", "prepare_threshold"):
        params.pop(key, None)
    return {**params, "dbname": "postgres", "autocommit": True}


def use_database(name: str) -> None:
    """Point Django's default connection at ``name`` (closing the current one)."""
    connection.close()
    connection.settings_dict["NAME"] = name


def fingerprint(size: Size) -> str:
    digest = hashlib.sha256()
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in sorted(loader.disk_migrations):
        module = sys.modules[loader.disk_migrations[key].__module__]
        digest.update(repr(key).encode())
        digest.update(Path(module.__file__).read_bytes())
    digest.update(Path(__file__).read_bytes())
    digest.update(repr(asdict(size)).encode())
    return digest.hexdigest()


def _stored_fingerprint() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [FINGERPRINT_TABLE])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT value FROM {FINGERPRINT_TABLE}")
        row = cursor.fetchone()
    return row[0] if row else None


def ensure(name: str, size: Size) -> None:
    """Make ``name`` (and Django's connection) hold ``size``'s data, building it if needed."""
    wanted = fingerprint(size)
    with psycopg.connect(**_server_params()) as server:
        exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            server.execute(f'CREATE DATABASE "{name}"')
    use_database(name)
    if exists and _stored_fingerprint() == wanted:
        print(f"{size.label} data set: reusing database {name}")
        return
    if exists:
        connection.close()
        print(f"{size.label} data set: database {name} is out of date; rebuilding it")
        with psycopg.connect(**_server_params()) as server:
            server.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            server.execute(f'CREATE DATABASE "{name}"')
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    Builder(size, progress=lambda text: print(f"  {text}", flush=True)).build()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute(f"CREATE TABLE {FINGERPRINT_TABLE} (value text NOT NULL)")
        cursor.execute(f"INSERT INTO {FINGERPRINT_TABLE} VALUES (%s)", [wanted])
    print(f"{size.label} data set: built {name} in {time.perf_counter() - started:.0f} s")


# --- bulk writes -------------------------------------------------------------------


def copy_rows(model: type[models.Model], rows) -> int:
    """``COPY`` model instances (with their pks set) into the model's table.

    Every concrete column is written, with the value Django would save (defaults,
    ``auto_now`` stamps), so the rows are what ``bulk_create`` would have written.
    """
    fields = [f for f in model._meta.concrete_fields if not f.generated]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(
                [f.get_db_prep_save(f.pre_save(row, add=True), connection) for f in fields]
            )
            count += 1
    return count


def _next_pk(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1


def _reset_sequence(model: type[models.Model]) -> None:
    """After ``COPY`` with explicit pks: the next ``INSERT`` continues after them."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(statement)


# --- the data ----------------------------------------------------------------------


class Builder:
    """Clinics, clinicians, clients, the library, programmes, logs, check-ins, assessments.

    Deterministic (seeded random generators); dates count back from today. The library
    and each client's history have generators of their own, seeded by position, so the
    first exercises and the bench's client (the first client) are the same at every
    size: the record and portal pages of the small and big sets show the same data.
    """

    def __init__(self, size: Size, *, progress=print):
        self.size = size
        self.rng = random.Random(2026)
        self.today = timezone.localdate()
        self.progress = progress
        self.started = time.perf_counter()

    def say(self, text: str) -> None:
        self.progress(f"[{time.perf_counter() - self.started:5.0f} s] {text}")

    @transaction.atomic
    def build(self) -> None:
        # One unusable password for everyone: the bench signs in with force_login, and
        # hashing thousands of passwords would take longer than the rest of the build.
        self.password = make_password(None)
        clinics = self.clinics()
        clinicians = self.clinicians(clinics)
        exercises = self.exercises(clinics)
        clients = self.clients(clinics, clinicians)
        self.rng_of = {client.pk: random.Random(n) for n, client in enumerate(clients)}
        self.say(f"{len(clinics)} clinics, {len(clinicians)} clinicians, {len(clients)} clients")
        self.say(f"{len(exercises)} exercises")
        heavy = self.heavy_clients(clients)
        items = self.programmes(clients, heavy, exercises[:POPULAR_EXERCISES])
        self.say(f"{sum(len(rows) for rows in items.values()):,} programme items")
        self.logs(clients, heavy, items)
        self.assessments(clients, heavy, clinicians)

    def clinics(self):
        from physio.models import Clinic

        return Clinic.objects.bulk_create(
            Clinic(name=f"Bench clinic {n + 1}", slug=f"bench-{n + 1}")
            for n in range(self.size.clinics)
        )

    def clinicians(self, clinics):
        from physio.models import Clinician, User

        users, rows = [], []
        for clinic in clinics:
            for n in range(self.size.clinicians_per_clinic):
                email = (
                    BENCH_CLINICIAN
                    if not users
                    else f"clinician{len(users)}@{clinic.slug}.bench.test"
                )
                users.append(
                    User(
                        email=email,
                        full_name=f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}",
                        password=self.password,
                    )
                )
                role = Clinician.Role.ADMIN if n == 0 else Clinician.Role.CLINICIAN
                rows.append(Clinician(clinic=clinic, role=role))
        users = User.objects.bulk_create(users)
        for user, clinician in zip(users, rows, strict=True):
            clinician.user = user
        return Clinician.objects.bulk_create(rows)

    def exercises(self, clinics):
        from exercises.models import (
            BodyRegion,
            Exercise,
            ExerciseMedia,
            MediaKind,
            Movement,
            Position,
            Status,
            Target,
        )

        rng = random.Random("exercises")
        rows = []
        for n in range(self.size.exercises):
            owned = n >= POPULAR_EXERCISES and n % 50 == 0
            rows.append(
                Exercise(
                    name=f"{rng.choice(QUALIFIERS)} {' '.join(rng.sample(WORDS, 2))} {n}",
                    slug=f"bench-{n}",
                    summary=" ".join(rng.sample(FILLER, 8)).capitalize() + ".",
                    steps="\n".join(" ".join(rng.sample(FILLER, 10)) for _ in range(4)),
                    cues="\n".join(" ".join(rng.sample(FILLER, 6)) for _ in range(2)),
                    mistakes=" ".join(rng.sample(FILLER, 6)),
                    body_region=rng.choice(BodyRegion.values),
                    movement=rng.choice(Movement.values),
                    position=rng.choice(Position.values),
                    difficulty=rng.randint(1, 5),
                    weight_bearing=rng.randint(0, 2),
                    targets=rng.sample(Target.values, 2),
                    default_reps=12,
                    status=Status.PUBLISHED,
                    owner_clinic=rng.choice(clinics) if owned else None,
                )
            )
        exercises = Exercise.objects.bulk_create(rows, batch_size=1000)
        # The exercises programmes use have a main image (no file is read: pages only
        # render its URL).
        ExerciseMedia.objects.bulk_create(
            ExerciseMedia(
                exercise=exercise,
                kind=MediaKind.IMAGE,
                file=f"bench/{exercise.pk}.jpg",
                content_type="image/jpeg",
                width=640,
                height=480,
                is_main=True,
            )
            for exercise in exercises[:POPULAR_EXERCISES]
        )
        return exercises

    def clients(self, clinics, clinicians):
        from physio.models import Client, Condition

        size, rng = self.size, self.rng
        by_clinic = {clinic.pk: [] for clinic in clinics}
        for clinician in clinicians:
            by_clinic[clinician.clinic_id].append(clinician)
        rest = size.clients - size.first_clinic_clients
        counts = [size.first_clinic_clients] + [
            rest // (size.clinics - 1) + (n < rest % (size.clinics - 1))
            for n in range(size.clinics - 1)
        ]
        rows = []
        for clinic, count in zip(clinics, counts, strict=True):
            for _ in range(count):
                rows.append(
                    Client(
                        clinic=clinic,
                        lead_clinician=rng.choice(by_clinic[clinic.pk]),
                        first_name=rng.choice(FIRST_NAMES),
                        last_name=rng.choice(LAST_NAMES),
                        date_of_birth=date(rng.randint(1940, 2005), rng.randint(1, 12), 15),
                        conditions=rng.sample(Condition.values, rng.randint(0, 2)),
                        archived=rng.random() < 0.05,
                    )
                )
        # The bench's portal client: in the first clinic, led by the bench clinician.
        rows[0].lead_clinician = clinicians[0]
        rows[0].archived = False
        rows[0].first_name, rows[0].last_name = "Bench", "Client"
        return Client.objects.bulk_create(rows, batch_size=2000)

    def heavy_clients(self, clients):
        """The clients with two years of daily logs and a portal account: the bench's
        client first, the rest spread over every clinic."""
        from physio.models import Client, User

        rng = self.rng
        others = [c for c in clients[1:] if not c.archived]
        heavy = [clients[0], *rng.sample(others, self.size.heavy_clients - 1)]
        users = User.objects.bulk_create(
            User(
                email=BENCH_CLIENT if n == 0 else f"client{client.pk}@bench.test",
                full_name=client.full_name,
                password=self.password,
            )
            for n, client in enumerate(heavy)
        )
        for client, user in zip(heavy, users, strict=True):
            client.user = user
        Client.objects.bulk_update(heavy, ["user"])
        return {client.pk for client in heavy}

    def programmes(self, clients, heavy, exercises):
        """One running programme each, 4–8 items, one item twice a day in a third of them,
        a fifth of the items on three days a week. Returns the items by client pk."""
        from programs.models import Program, ProgramItem

        rng_of = self.rng_of
        programs = Program.objects.bulk_create(
            (
                Program(
                    client=client,
                    title="Hip control" if rng_of[client.pk].random() < 0.5 else "Glute strength",
                    start_date=self.today
                    - timedelta(
                        days=HISTORY_DAYS
                        if client.pk in heavy
                        else rng_of[client.pk].randint(3, 90)
                    ),
                    notes_to_client="Slowly, and stop if it hurts more than 5 out of 10.",
                    created_by=client.lead_clinician,
                )
                for client in clients
            ),
            batch_size=2000,
        )
        rows = []
        for program in programs:
            rng = rng_of[program.client_id]
            twice = rng.random() < 1 / 3
            for order, exercise in enumerate(rng.sample(exercises, rng.randint(4, 8))):
                rows.append(
                    ProgramItem(
                        program=program,
                        exercise=exercise,
                        order=order,
                        sets=rng.randint(2, 3),
                        reps=rng.choice((8, 10, 12, 15)),
                        times_per_day=2 if twice and order == 0 else 1,
                        days_of_week=[0, 2, 4] if rng.random() < 0.2 else list(range(7)),
                    )
                )
        items = ProgramItem.objects.bulk_create(rows, batch_size=5000)
        by_client = {}
        client_of = {program.pk: program.client_id for program in programs}
        for item in items:
            by_client.setdefault(client_of[item.program_id], []).append(item)
        self.start_of = {program.client_id: program.start_date for program in programs}
        return by_client

    def logs(self, clients, heavy, items):
        """Sessions, item logs and morning check-ins, written in chunks of clients."""
        from programs.models import CheckIn, ItemLog, SessionLog

        models_ = (SessionLog, ItemLog, CheckIn)
        # Sessions get their pks here, so their item logs can point at them before COPY.
        self.next_pk = {model: _next_pk(model) for model in models_}
        chunk = {model: [] for model in models_}
        totals = dict.fromkeys(models_, 0)
        # This history is seed data, not changes anyone made: the trail's row triggers
        # (pghistory, an event row per insert) are off while it goes in, which makes the
        # build several times faster. Foreign keys are still checked.
        tables = [connection.ops.quote_name(model._meta.db_table) for model in models_]
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        for n, client in enumerate(clients):
            for row in self.client_logs(client, client.pk in heavy, items[client.pk]):
                chunk[type(row)].append(row)
            if len(chunk[ItemLog]) >= 50_000 or n == len(clients) - 1:
                for model in models_:
                    totals[model] += copy_rows(model, chunk[model])
                    chunk[model].clear()
                self.say(
                    f"{n + 1:>6,} clients: {totals[SessionLog]:,} sessions, "
                    f"{totals[ItemLog]:,} item logs, {totals[CheckIn]:,} check-ins"
                )
        with connection.cursor() as cursor:
            # The deferred foreign-key checks run now, so the tables can be altered back.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in tables:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        for model in models_:
            _reset_sequence(model)

    def new(self, model, **fields):
        """An unsaved row with the next pk of its table."""
        pk = self.next_pk[model]
        self.next_pk[model] = pk + 1
        return model(pk=pk, **fields)

    def client_logs(self, client, is_heavy: bool, items):
        """Unsaved rows of one client's history, each session before its item logs.

        Heavy clients log on 85% of days since the start, the others on about half of
        the last ``light_log_days`` days; one log in 50 has pain above 5 (a flag), and
        flags older than a week have been reviewed. A check-in every third logged day.
        """
        from programs.models import CheckIn, ItemLog, SessionLog

        rng = self.rng_of[client.pk]
        program_id = items[0].program_id
        start = self.start_of[client.pk]
        if is_heavy:
            days, chance = (self.today - start).days, 0.85
        else:
            days, chance = min((self.today - start).days, self.size.light_log_days), 0.5
        worst_yesterday = None
        for back in range(days, 0, -1):
            day = self.today - timedelta(days=back)
            if rng.random() >= chance:
                worst_yesterday = None
                continue
            reviewed = (
                timezone.make_aware(datetime.combine(day + timedelta(days=1), day_time(9)))
                if back > REVIEWED_AFTER_DAYS
                else None
            )
            if worst_yesterday is not None and rng.random() < 1 / 3:
                # Worse than the day before (a flag) in one check-in in 30.
                if rng.random() < 1 / 30:
                    pain = min(worst_yesterday + rng.randint(1, 3), 10)
                else:
                    pain = max(worst_yesterday - rng.randint(0, 1), 0)
                yield self.new(
                    CheckIn,
                    client_id=client.pk,
                    date=day,
                    pain=pain,
                    compared_with=worst_yesterday,
                    flag_reviewed_at=reviewed,
                )
            worst = 0
            for round_ in (1, 2):
                due = [
                    i
                    for i in items
                    if day.weekday() in i.days_of_week and i.times_per_day >= round_
                ]
                if not due or (round_ == 2 and rng.random() < 0.3):
                    continue
                session = self.new(SessionLog, program_id=program_id, date=day, round=round_)
                yield session
                for item in due:
                    flag = rng.random() < 0.02
                    pain = rng.randint(6, 8) if flag else rng.choice((0, 1, 1, 2, 2, 3, 4))
                    worst = max(worst, pain)
                    yield self.new(
                        ItemLog,
                        session_id=session.pk,
                        item_id=item.pk,
                        done=True,
                        sets_done=item.sets,
                        reps_done=item.reps,
                        pain=pain,
                        difficulty=rng.randint(2, 4),
                        comment="Sharp at the front of the knee." if pain > 5 else "",
                        flag_reviewed_at=reviewed if pain > 5 else None,
                    )
            worst_yesterday = worst

    def assessments(self, clients, heavy, clinicians):
        """Half the clients have one assessment, heavy ones four over the two years;
        each has both sides of both tests, signed after a week."""
        from assessments.models import Assessment, HipDropTest, KneeValgusTest

        rows = []
        for client in clients:
            rng = self.rng_of[client.pk]
            count = 4 if client.pk in heavy else int(rng.random() < 0.5)
            for n in range(count):
                day = self.today - timedelta(days=(HISTORY_DAYS // 4) * n + rng.randint(0, 30))
                signed = (self.today - day).days > 7
                when = timezone.make_aware(datetime.combine(day, day_time(17)))
                rows.append(
                    Assessment(
                        client=client,
                        clinician=client.lead_clinician,
                        assessed_on=day,
                        notes="Single-leg stance and squat, both sides.",
                        status=Assessment.Status.DRAFT,
                    )
                )
                # Signed once its tests are in (a signed assessment is read-only).
                rows[-1].to_sign = (when, client.lead_clinician) if signed else None
        assessments = Assessment.objects.bulk_create(rows, batch_size=2000)
        hips, knees = [], []
        for assessment in assessments:
            rng = self.rng_of[assessment.client_id]
            for side in ("left", "right"):
                drop = round(rng.uniform(-2, 9), 1)
                hips.append(
                    HipDropTest(
                        assessment=assessment,
                        side=side,
                        result=HipDropTest.Result.NEGATIVE
                        if drop < 4
                        else HipDropTest.Result.POSITIVE,
                        seconds_held=30 if drop < 4 else rng.randint(5, 25),
                        pelvic_drop_deg=drop,
                        pain=rng.randint(0, 4),
                    )
                )
                knees.append(
                    KneeValgusTest(
                        assessment=assessment,
                        side=side,
                        depth=KneeValgusTest.Depth.DEG_45,
                        rating_overall=rng.choice(KneeValgusTest.Rating.values),
                        fppa_mean_deg=round(rng.uniform(0, 20), 1),
                        pain=rng.randint(0, 4),
                    )
                )
        HipDropTest.objects.bulk_create(hips, batch_size=5000)
        KneeValgusTest.objects.bulk_create(knees, batch_size=5000)
        signed = [a for a in assessments if a.to_sign is not None]
        for assessment in signed:
            assessment.signed_at, assessment.signed_by = assessment.to_sign
            assessment.status = Assessment.Status.SIGNED
        Assessment.objects.bulk_update(
            signed, ["status", "signed_at", "signed_by"], batch_size=2000
        )
        self.say(f"{len(assessments):,} assessments with {len(hips) + len(knees):,} tests")
