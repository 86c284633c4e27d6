"""The social services one may apply for: the codes that travel in events and their labels.

Applications (intake) and administrative decisions (casework) name a service by its code; people
read its label in their language, never the code.
"""

from __future__ import annotations

SERVICE_CATALOGUE: dict[str, dict[str, str]] = {
    "support_person": {"et": "Tugiisikuteenus", "en": "Support person service"},
    "home_care": {"et": "Koduteenus", "en": "Home care"},
    "shelter": {"et": "Turvakoduteenus", "en": "Shelter"},
    "transport": {"et": "Sotsiaaltransport", "en": "Social transport"},
    "personal_assistant": {"et": "Isikliku abistaja teenus", "en": "Personal assistant"},
    "debt_counselling": {"et": "Võlanõustamine", "en": "Debt counselling"},
    "substitute_home": {"et": "Asendushooldus", "en": "Substitute care"},
}
"""Code → label per language (configurable per deployment by replacing this table)."""


def service_label(code: str, language: str) -> str:
    """The service's label in ``language`` (Estonian when that language has none)."""
    labels = SERVICE_CATALOGUE[code]
    return labels.get(language) or labels["et"]
