"""The profile a person writes (spec assessment-v1 §1): parsing and validation.

`parse_profile(data)` turns a mapping (as read from YAML or JSON) into a `Profile` or raises
`ProfileError` listing every problem, each with its location and how to fix it. `model` holds the
keys, allowed values and the `Profile`; `parsing` checks a mapping against them.
"""

from ekbom.profile.model import CRITERIA as CRITERIA
from ekbom.profile.model import DIETS as DIETS
from ekbom.profile.model import LAB_KEYS as LAB_KEYS
from ekbom.profile.model import LIFESTYLE_KEYS as LIFESTYLE_KEYS
from ekbom.profile.model import MINUTES_PER_WEEK as MINUTES_PER_WEEK
from ekbom.profile.model import PERIODS as PERIODS
from ekbom.profile.model import POLICIES as POLICIES
from ekbom.profile.model import SEXES as SEXES
from ekbom.profile.model import SUPPLEMENT_KEYS as SUPPLEMENT_KEYS
from ekbom.profile.model import SUPPLEMENT_UNITS as SUPPLEMENT_UNITS
from ekbom.profile.model import SYMPTOM_KEYS as SYMPTOM_KEYS
from ekbom.profile.model import TOP_KEYS as TOP_KEYS
from ekbom.profile.model import LabResult as LabResult
from ekbom.profile.model import Profile as Profile
from ekbom.profile.model import Sections as Sections
from ekbom.profile.model import Supplement as Supplement
from ekbom.profile.model import future_date_message as future_date_message
from ekbom.profile.model import kind_of as kind_of
from ekbom.profile.model import parse_date as parse_date
from ekbom.profile.parsing import parse_profile as parse_profile
from ekbom.profile.parsing import parse_sections as parse_sections
