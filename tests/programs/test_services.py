from tests.programs.factories import ProgramItemFactory, ProgressionFactory


def test_factories_make_rows(db):
    item = ProgramItemFactory()
    assert item.program.client.pk
    link = ProgressionFactory()
    assert link.harder.difficulty == 2
