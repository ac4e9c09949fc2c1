"""The PDF's safety block cites sources too: check them like the guide's text."""

from guide.checks import Problem
from guide.models import Source

from .safety import safety_source_keys


def plan_problems(sources: dict[str, Source]) -> list[Problem]:
    where = "the PDF's safety block (plans/safety.py)"
    problems = []
    for key in safety_source_keys():
        if key not in sources:
            problems.append(Problem(where, f"cites [@{key}], which is not a source"))
        elif not sources[key].is_checked:
            problems.append(Problem(where, f"cites [@{key}], which has not been checked"))
    return problems
