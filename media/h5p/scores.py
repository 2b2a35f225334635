"""The maximum score of an H5P item, where its content type fixes it whatever the content.

Other content types learn it from the first attempt that counts (``results._check_maximum``); a trainer
can correct it in the H5P admin.
"""

from decimal import Decimal

# Content types whose maximum does not depend on the content: one question, one point.
FIXED_MAXIMUM = {"HCEC.QuickCheck": Decimal(1), "H5P.TrueFalse": Decimal(1)}


def package_max_score(main_library):
    return FIXED_MAXIMUM.get(main_library)
