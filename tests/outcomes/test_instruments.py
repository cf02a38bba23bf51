"""Instrument definitions: the wording they need and whether a clinic's copy is complete."""

from outcomes import instruments
from outcomes.instruments import GROC, KUJALA, LEFS, NPRS, ODI, PSFS, VISA_G


def options(*points):
    return [{"points": p, "text": f"answer worth {p}"} for p in points]


def complete_lefs():
    return {"scale": options(0, 1, 2, 3, 4)} | {str(n): f"activity {n}" for n in range(1, 21)}


def test_ours_ship_texts_the_licensed_do_not():
    assert all(i.ships_texts for i in (NPRS, PSFS, GROC))
    assert not any(i.ships_texts for i in (LEFS, VISA_G, KUJALA, ODI))


def test_every_instrument_says_what_it_is_about_in_the_clients_words():
    # The portal heads each chart "Your pain scores (NPRS)", not with the acronym alone.
    for instrument in instruments.INSTRUMENTS.values():
        assert instrument.client_topic, instrument.code
    assert NPRS.client_topic == "pain"


def test_a_complete_lefs_has_no_problems():
    assert instruments.texts_problems(LEFS, complete_lefs()) == {}


def test_missing_texts_are_named():
    texts = complete_lefs()
    del texts["5"]
    texts["scale"] = options(0, 1, 2, 3)
    problems = instruments.texts_problems(LEFS, texts)
    assert problems == {
        "5": "This text is missing.",
        "scale": "The answers must be worth 0, 1, 2, 3, 4 points, one answer each.",
    }


def test_unknown_parts_are_refused():
    problems = instruments.texts_problems(LEFS, complete_lefs() | {"21": "extra"})
    assert problems == {"21": '"21" is not a part of LEFS.'}


def test_kujala_answers_run_from_zero_to_the_items_maximum():
    slot = next(s for s in instruments.slots(KUJALA) if s.key == "1.options")
    assert instruments.slot_problem(slot, options(0, 3, 5)) is None
    assert instruments.slot_problem(slot, options(0, 3)) == "The answers run from 0 up to 5 points."
    assert (
        instruments.slot_problem(slot, options(0, 5, 5)) == "Two answers are worth the same points."
    )
    assert instruments.slot_problem(slot, [{"points": "5", "text": "x"}]) == (
        "Each answer's points must be a whole number."
    )


def test_visa_g_needs_each_branch_and_its_answers():
    keys = [s.key for s in instruments.slots(VISA_G)]
    assert {"8", "8A", "8A.options", "8B", "8B.options", "8C", "8C.options"} <= set(keys)
    assert {"1.low", "1.high", "7"} <= set(keys)


def test_psfs_asks_about_the_clients_activities():
    asked = instruments.questions(PSFS, {}, activities=["Running", "Stairs"])
    assert [q.text for q in asked] == ["Running", "Stairs"]
    assert asked[0].options[0] == (0, "0")
    assert asked[0].options[-1] == (10, "10")


def test_groc_labels_show_the_sign():
    (question,) = instruments.questions(GROC, {})
    assert question.options[0] == (-7, "-7")
    assert question.options[-1] == (7, "+7")
    assert instruments.answer_value(question, "3") == 3


def test_answered_count_counts_the_chosen_branch_only():
    asked = instruments.questions(VISA_G, {})
    answers = {str(n): 5 for n in range(1, 8)} | {"8": "B", "8B": 10}
    assert instruments.answered_count(asked, answers) == (9, 9)
    assert instruments.answered_count(asked, {"1": 5}) == (1, 8)
