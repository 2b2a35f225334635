import pytest
from django.core.exceptions import ValidationError

from lms.people import citizen_id
from lms.people.forms import PersonForm
from lms.people.models import User


def make_valid(first_twelve):
    return first_twelve + str(citizen_id.check_digit(first_twelve))


def test_check_digit_follows_the_published_rule():
    # 1-1017-00230-70-?: 1*13+1*12+0*11+1*10+7*9+0*8+0*7+2*6+3*5+0*4+7*3+0*2 = 146; (11 - 146 % 11) % 10 = 8
    assert citizen_id.check_digit("110170023070") == 8
    assert citizen_id.is_valid("1101700230708")
    assert not citizen_id.is_valid("1101700230709")


@pytest.mark.parametrize(
    "typed",
    [
        "1101700230708",
        "1 1017 00230 70 8",
        "1-1017-00230-70-8",
        " 1-1017-00230-70-8 ",
        "๑-๑๐๑๗-๐๐๒๓๐-๗๐-๘",  # Thai digits
        "１１０１７００２３０７０８",  # full-width digits
        "1–1017–00230–70–8",  # en dashes from a word processor
    ],
)
def test_accepted_forms_normalise_to_thirteen_ascii_digits(typed):
    assert citizen_id.clean(typed) == "1101700230708"


def test_bad_check_digit_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as info:
        citizen_id.clean("1-1017-00230-70-9")
    assert info.value.code == "checksum"


@pytest.mark.parametrize("typed,count", [("110170023070", 12), ("11017002307091", 14), ("๑๒๓", 3)])
def test_wrong_length_is_refused_and_says_how_many_digits(typed, count):
    with pytest.raises(ValidationError) as info:
        citizen_id.clean(typed)
    assert info.value.code == "length"
    assert info.value.params == {"count": count}


@pytest.mark.parametrize("typed", ["1101700a30709", "ID 1101700230708", "1101700230708x"])
def test_letters_are_refused(typed):
    with pytest.raises(ValidationError) as info:
        citizen_id.clean(typed)
    assert info.value.code == "invalid"


def test_format_and_mask():
    assert citizen_id.format_id("1101700230708") == "1-1017-00230-70-8"
    assert citizen_id.mask("1101700230708") == "x-xxxx-xxxxx-70-8"
    assert "1101700230708"[:9] not in citizen_id.mask("1101700230708")


@pytest.mark.django_db
def test_model_stores_the_normalised_id_and_blank_as_null():
    a = User.objects.create_user("a", citizen_id="๑-๑๐๑๗-๐๐๒๓๐-๗๐-๘")
    b = User.objects.create_user("b", citizen_id="")
    c = User.objects.create_user("c", citizen_id="")
    a.refresh_from_db()
    assert a.citizen_id == "1101700230708"
    assert b.citizen_id is None and c.citizen_id is None  # two blanks do not clash on uniqueness


@pytest.mark.django_db
def test_form_refuses_an_id_that_another_account_uses():
    User.objects.create_user("first", citizen_id=make_valid("310150012345"))
    other = User.objects.create_user("second")
    form = PersonForm(
        data={
            "first_name": "ก",
            "last_name": "ข",
            "email": "second@example.test",
            "citizen_id": citizen_id.format_id(make_valid("310150012345")),
        },
        instance=other,
    )
    assert not form.is_valid()
    assert "citizen_id" in form.errors
