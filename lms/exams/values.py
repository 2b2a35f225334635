"""What the browser sees and sends in place of the bank's ids: one opaque value per option and attempt.

The bank names options ``o1``, ``o2``, … and matching pairs ``p1``, ``p2``, … in the order of the file,
and the files teachers bring write the right answer first by habit, so those ids are the answer key.
They never leave the server. Every option, true/false choice, matching prompt and matching choice is
shown and posted as an HMAC of the attempt (its id and secret seed), the position and the bank's key,
under ``SECRET_KEY``: unrelated to the file's order or to correctness, different in every attempt and
every item, and useless in another attempt. The server maps a value back to the bank's key when it
saves, so responses, scores and item analysis keep speaking in the bank's ids.
"""

from django.conf import settings
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from .formats import QType
from .scoring import InvalidResponse, choices_for

_SALT = "lms.exams.values.option"
# 80 bits: guessing another option's value is hopeless, and the page stays small.
_LENGTH = 20
OPTION, TRUE_FALSE, PROMPT, CHOICE = "o", "t", "p", "c"


class ItemValues:
    """The opaque values of one position of one attempt."""

    def __init__(self, attempt, position, secret=None):
        self._prefix = f"{attempt.pk}:{attempt.seed}:{position}"
        self._secret = secret

    def of(self, kind, key):
        message = f"{self._prefix}:{kind}:{key}"
        return salted_hmac(_SALT, message, secret=self._secret, algorithm="sha256").hexdigest()[:_LENGTH]

    def option(self, option_id):
        return self.of(OPTION, option_id)

    def truth(self, value):
        return self.of(TRUE_FALSE, "true" if value else "false")

    def prompt(self, pair_id):
        return self.of(PROMPT, pair_id)

    def choice(self, text):
        return self.of(CHOICE, text)


def encode_response(values, qtype, data, response):
    """``response`` (in the bank's ids) as the browser would send it: for tests, the demo and audits."""
    if response is None:
        return None
    if qtype == QType.SINGLE:
        return values.option(response)
    if qtype == QType.MULTIPLE:
        return [values.option(option_id) for option_id in response]
    if qtype == QType.TRUE_FALSE:
        return values.truth(response)
    if qtype == QType.MATCHING:
        return {values.prompt(pair_id): values.choice(text) for pair_id, text in response.items()}
    return response


def decode_response(values, qtype, data, sent, *, legacy=False):
    """What the browser sent, in the bank's ids; an unknown value raises :class:`InvalidResponse`.

    ``legacy`` lets the bank's own ids through as well (:func:`scoring.check_response` then checks
    them), for attempts started when the page still carried them.
    """
    if sent is None or sent == "" or sent == []:
        return None
    if qtype in (QType.SINGLE, QType.MULTIPLE):
        known = {values.option(option_id): option_id for option_id in choices_for(qtype, data)}
        if qtype == QType.SINGLE:
            return _look_up(known, sent, legacy)
        if not isinstance(sent, list):
            raise InvalidResponse(_("That option is not part of this question."))
        return [_look_up(known, value, legacy) for value in sent]
    if qtype == QType.TRUE_FALSE:
        return _look_up({values.truth(True): True, values.truth(False): False}, sent, legacy)
    if qtype == QType.MATCHING:
        if not isinstance(sent, dict):
            raise InvalidResponse(_("That matching does not belong to this question."))
        prompts = {values.prompt(pair["id"]): pair["id"] for pair in data["pairs"]}
        choices = {values.choice(text): text for text in choices_for(qtype, data)}
        decoded = {}
        for prompt, choice in sent.items():
            prompt = _look_up(prompts, prompt, legacy, _("That matching does not belong to this question."))
            if choice not in ("", None):
                decoded[prompt] = _look_up(choices, choice, legacy)
        return decoded
    return sent


def decode_sent(attempt, position, qtype, data, sent):
    """:func:`decode_response` under ``SECRET_KEY``, then under each of ``SECRET_KEY_FALLBACKS``: a key
    rotated during a test leaves the values a browser kept from before the rotation readable."""
    refusal = None
    for secret in [None, *settings.SECRET_KEY_FALLBACKS]:
        try:
            return decode_response(
                ItemValues(attempt, position, secret), qtype, data, sent, legacy=attempt.legacy_option_ids
            )
        except InvalidResponse as error:
            refusal = refusal or error
    raise refusal


def _look_up(known, value, legacy, refusal=None):
    if isinstance(value, str) and value in known:
        return known[value]
    if legacy:
        return value
    raise InvalidResponse(refusal or _("That option is not part of this question."))
