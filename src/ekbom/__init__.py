"""ekbom: which vitamins and minerals may help restless legs, and which could hurt.

Decision support, not a diagnosis. The public API::

    import ekbom
    assessment = ekbom.assess({"age": 45, "sex": "female", "labs": [...]}, as_of="2026-11-28")
    assessment.to_dict()      # the JSON document of spec assessment-v1

Invalid profiles raise `ekbom.ProfileError` (a ValueError) listing every problem.

The names are loaded on first use (PEP 562), so that `import ekbom.store` or a diary command
does not pay for the engine and the knowledge loader it never calls.
"""

import typing as _typing
from importlib import import_module as _import_module

from ekbom.__about__ import __version__

if _typing.TYPE_CHECKING:
    from ekbom.engine import Assessment, NutrientResult, assess
    from ekbom.errors import EkbomError, KnowledgeError, KnowledgeIssue, Problem, ProfileError
    from ekbom.knowledge.loader import check_knowledge, load_knowledge
    from ekbom.profile import Profile, parse_profile

# Each public name and the module that defines it.
_HOMES = {
    "Assessment": "ekbom.engine",
    "EkbomError": "ekbom.errors",
    "KnowledgeError": "ekbom.errors",
    "KnowledgeIssue": "ekbom.errors",
    "NutrientResult": "ekbom.engine",
    "Problem": "ekbom.errors",
    "Profile": "ekbom.profile",
    "ProfileError": "ekbom.errors",
    "assess": "ekbom.engine",
    "check_knowledge": "ekbom.knowledge.loader",
    "load_knowledge": "ekbom.knowledge.loader",
    "parse_profile": "ekbom.profile",
}

__all__ = [
    "Assessment",
    "EkbomError",
    "KnowledgeError",
    "KnowledgeIssue",
    "NutrientResult",
    "Problem",
    "Profile",
    "ProfileError",
    "__version__",
    "assess",
    "check_knowledge",
    "load_knowledge",
    "parse_profile",
]


def __getattr__(name: str) -> _typing.Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'ekbom' has no attribute {name!r}")
    value = getattr(_import_module(home), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
