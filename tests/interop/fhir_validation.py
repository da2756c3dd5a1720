"""Validation of emitted resources with fhir.resources (R4B models: R4's JSON for these types).

``VALIDATED`` counts the resources each test run validated (printed with ``-s``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from fhir.resources.R4B import get_fhir_model_class

VALIDATED: Counter[str] = Counter()


def validate(resource: dict[str, Any]) -> None:
    """Parse and validate ``resource`` with its fhir.resources model (raises when invalid)."""
    model = get_fhir_model_class(resource["resourceType"])
    model.model_validate(resource)
    VALIDATED[resource["resourceType"]] += 1


def validate_all(resources: Iterable[dict[str, Any]]) -> int:
    """Validate each resource; how many there were."""
    count = 0
    for resource in resources:
        validate(resource)
        count += 1
    return count
