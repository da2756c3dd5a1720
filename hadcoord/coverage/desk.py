"""The ARS's scenario editor: a base date and a list of edits, checked, made a scenario, written.

An edit is what the ARS planner decides in the browser: authorise an HAD for chemotherapy at home
(attached to, or *établissement associé* of, an authorised centre — thesis l. 1650-1666) or
withdraw it, extend or shrink its territory by EPCI or by commune (décret 2021-1954: a territory
is a list of communes), merge one HAD into another (the Croix-Rouge → Clinique Pasteur case,
thesis l. 6031-6033: the absorbed territory becomes the other's). A draft becomes the same
:class:`Scenario` the files of territories/scenarios/ give, and is written as such a file.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

import tomli_w

from hadcoord.coverage.catalogue import Catalogue
from hadcoord.coverage.model import Basis, Scenario, ScenarioChange
from hadcoord.errors import HadcoordError
from hadcoord.wording.grammar import the

MAX_TEXT = 200
MAX_EDITS = 50
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)  # the dates a draft may take


class EditKind(StrEnum):
    """What one edit of a scenario does."""

    AUTHORISE = "authorise"  # chemotherapy at home authorised (attached or associated)
    WITHDRAW = "withdraw"  # chemotherapy at home no longer authorised
    EXTEND = "extend"  # communes added to the territory (an EPCI or communes)
    SHRINK = "shrink"  # communes removed from the territory
    MERGE = "merge"  # the HAD merged into another: its territory goes to it


EDIT_LABELS = {
    EditKind.AUTHORISE: "Autoriser la chimiothérapie à domicile",
    EditKind.WITHDRAW: "Retirer l'autorisation de chimiothérapie à domicile",
    EditKind.EXTEND: "Étendre le territoire",
    EditKind.SHRINK: "Réduire le territoire",
    EditKind.MERGE: "Fusionner dans une autre HAD",
}
BASES = (Basis.ATTACHED, Basis.ASSOCIATED)


class EditError(HadcoordError, ValueError):
    """An edit or a draft the editor refuses; ``field`` names the form field at fault.

    ``index``: the position of the refused edit in the draft (None: the draft itself).
    """

    def __init__(self, message: str, field: str, index: int | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.index = index


@dataclass(frozen=True, slots=True)
class Edit:
    """One decision of the draft (the fields a kind does not use stay empty)."""

    kind: EditKind
    establishment: str
    basis: Basis | None = None
    partner: str | None = None
    epci: str | None = None
    communes: tuple[str, ...] = ()
    into: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The edit as stored (JSON): only the fields its kind uses."""
        data: dict[str, Any] = {"kind": self.kind.value, "establishment": self.establishment}
        if self.basis:
            data["basis"] = self.basis.value
        for key in ("partner", "epci", "into"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        if self.communes:
            data["communes"] = list(self.communes)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Edit:
        """The edit stored by :meth:`to_json`.

        Raises
        ------
        EditError
            Not an edit (unknown kind or basis, wrong types).
        """
        try:
            communes = data.get("communes", [])
            if not isinstance(communes, list) or not all(isinstance(c, str) for c in communes):
                raise TypeError
            texts = [data.get(key) for key in ("establishment", "partner", "epci", "into")]
            if not all(value is None or isinstance(value, str) for value in texts):
                raise TypeError
            return cls(kind=EditKind(data["kind"]), establishment=str(data["establishment"]),
                       basis=Basis(data["basis"]) if data.get("basis") else None,
                       partner=data.get("partner"), epci=data.get("epci"),
                       communes=tuple(communes), into=data.get("into"))
        except (KeyError, TypeError, ValueError):
            msg = f"changement illisible : {dict(data)!r}"
            raise EditError(msg, "changes") from None


@dataclass(frozen=True, slots=True)
class Draft:
    """A scenario being edited: a title, a base date and its edits, in order."""

    title: str
    description: str
    day: dt.date
    edits: tuple[Edit, ...]

    @property
    def ident(self) -> str:
        """The scenario's id and file name: the title in lower case ASCII, hyphenated."""
        ascii_text = unicodedata.normalize("NFKD", self.title).encode("ascii", "ignore").decode()
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
        return slug or "scenario"


@lru_cache(maxsize=4)
def epci_names(catalogue: Catalogue) -> Mapping[str, str]:
    """The EPCIs with a commune in the studied area: code → name, by name."""
    found = {}
    for code in catalogue.studied:
        commune = catalogue.reference.by_code[code]
        if commune.epci_code:
            found[commune.epci_code] = commune.epci_name
    return dict(sorted(found.items(), key=lambda item: (item[1], item[0])))


def edit_communes(edit: Edit, catalogue: Catalogue) -> frozenset[str]:
    """The studied communes an extension or reduction names (the EPCI's, or the list)."""
    if edit.epci:
        return frozenset(code for code in catalogue.studied
                         if catalogue.reference.by_code[code].epci_code == edit.epci)
    return frozenset(edit.communes)


def _name(catalogue: Catalogue, ident: str) -> str:
    return catalogue.by_id[ident].name


def _check_authorisation(edit: Edit, catalogue: Catalogue, authorised: set[str],
                         day: dt.date) -> None:
    name = _name(catalogue, edit.establishment)
    when = day.strftime("%d/%m/%Y")
    if edit.kind is EditKind.WITHDRAW:
        if edit.establishment not in authorised:
            msg = f"{the(name)} n'est pas autorisée à la chimiothérapie à domicile au {when}"
            raise EditError(msg, "establishment")
        authorised.discard(edit.establishment)
        return
    if edit.establishment in authorised:
        msg = f"{the(name)} est déjà autorisée à la chimiothérapie à domicile au {when}"
        raise EditError(msg, "establishment")
    if edit.basis not in BASES:
        msg = "choisissez la base de l'autorisation : rattachement ou association"
        raise EditError(msg, "basis")
    if not (edit.partner or "").strip() or len(edit.partner or "") > MAX_TEXT:
        msg = (f"indiquez le centre autorisé auquel l'HAD est rattachée ou associée "
               f"({MAX_TEXT} caractères au plus)")
        raise EditError(msg, "partner")
    authorised.add(edit.establishment)


def _check_territory(edit: Edit, catalogue: Catalogue) -> None:
    if bool(edit.epci) == bool(edit.communes):
        msg = "choisissez un EPCI ou des communes (l'un ou l'autre)"
        raise EditError(msg, "epci" if not edit.communes else "communes")
    if edit.epci and edit.epci not in epci_names(catalogue):
        msg = f"EPCI inconnu dans la zone étudiée « {edit.epci} »"
        raise EditError(msg, "epci")
    for code in edit.communes:
        if code not in catalogue.reference.by_code:
            msg = f"commune inconnue « {code} »"
            raise EditError(msg, "communes")
        if code not in catalogue.studied:
            commune = catalogue.reference.by_code[code]
            msg = (f"{commune.name} ({commune.department}) est hors de la zone étudiée : "
                   "ajoutez d'abord l'établissement qui la dessert (territories import)")
            raise EditError(msg, "communes")


def check_draft(draft: Draft, catalogue: Catalogue) -> None:
    """Refuse a draft the scenario could not represent faithfully.

    Authorisations are checked in order against the reference on the base date and the
    earlier edits (an HAD already authorised cannot be authorised again).

    Raises
    ------
    EditError
        The first problem, with the field it concerns.
    """
    if not draft.title.strip() or len(draft.title) > MAX_TEXT:
        msg = f"donnez un nom au scénario ({MAX_TEXT} caractères au plus)"
        raise EditError(msg, "title")
    if len(draft.description) > 2000:
        msg = "description trop longue (2 000 caractères au plus)"
        raise EditError(msg, "description")
    if not FIRST_DAY <= draft.day <= LAST_DAY:
        msg = (f"date hors de la période prise en charge ({FIRST_DAY:%d/%m/%Y} au "
               f"{LAST_DAY:%d/%m/%Y})")
        raise EditError(msg, "date")
    if len(draft.edits) > MAX_EDITS:
        msg = f"{MAX_EDITS} changements au plus par scénario"
        raise EditError(msg, "changes")
    authorised = {e.id for e in catalogue.establishments if e.chemo_authorised(draft.day)}
    for index, edit in enumerate(draft.edits):
        try:
            check_edit(edit, catalogue, authorised, draft.day)
        except EditError as error:
            raise EditError(str(error), error.field, index) from None


def check_edit(edit: Edit, catalogue: Catalogue, authorised: set[str], day: dt.date) -> None:
    """Refuse one edit; ``authorised`` (the HADs authorised before it) is updated.

    Raises
    ------
    EditError
        The problem, with the field it concerns.
    """
    if edit.establishment not in catalogue.by_id:
        msg = "choisissez un établissement d'HAD de la liste"
        raise EditError(msg, "establishment")
    if edit.kind in (EditKind.AUTHORISE, EditKind.WITHDRAW):
        _check_authorisation(edit, catalogue, authorised, day)
    elif edit.kind in (EditKind.EXTEND, EditKind.SHRINK):
        _check_territory(edit, catalogue)
    elif edit.into not in catalogue.by_id or edit.into == edit.establishment:
        msg = "choisissez l'HAD qui reprend celle-ci (une autre HAD de la liste)"
        raise EditError(msg, "into")


def _change(edit: Edit, draft: Draft, catalogue: Catalogue) -> ScenarioChange:
    source = f"scénario de l'ARS « {draft.title.strip()} »"
    communes = (edit_communes(edit, catalogue)
                if edit.kind in (EditKind.EXTEND, EditKind.SHRINK) else frozenset[str]())
    return ScenarioChange(
        establishment=edit.establishment, effective=draft.day, effective_approximate=False,
        name=None, structure=None, pharmacy=None,
        chemotherapy_basis=edit.basis if edit.kind is EditKind.AUTHORISE else None,
        chemotherapy_partner=(edit.partner or "").strip() or None
        if edit.kind is EditKind.AUTHORISE else None,
        source=source, chemotherapy_withdrawn=edit.kind is EditKind.WITHDRAW,
        territory_added=communes if edit.kind is EditKind.EXTEND else frozenset(),
        territory_removed=communes if edit.kind is EditKind.SHRINK else frozenset(),
        merged_into=edit.into if edit.kind is EditKind.MERGE else None)


def to_scenario(draft: Draft, catalogue: Catalogue) -> Scenario:
    """The draft as the scenario a territories/scenarios/ file would give (checked first).

    Raises
    ------
    EditError
        The draft is refused (see :func:`check_draft`).
    """
    check_draft(draft, catalogue)
    return Scenario(id=draft.ident, title=draft.title.strip(),
                    description=draft.description.strip(),
                    changes=tuple(_change(e, draft, catalogue) for e in draft.edits))


def _change_table(change: ScenarioChange) -> tuple[dict[str, Any], dict[str, Any]]:
    table: dict[str, Any] = {"establishment": change.establishment,
                             "effective": change.effective}
    if change.effective_approximate:
        table["effective_approximate"] = True
    for key in ("name", "structure", "pharmacy"):
        if getattr(change, key):
            table[key] = str(getattr(change, key))
    table["source"] = change.source
    if change.territory_added:
        table["add_communes"] = sorted(change.territory_added)
    if change.territory_removed:
        table["remove_communes"] = sorted(change.territory_removed)
    if change.merged_into:
        table["merged_into"] = change.merged_into
    chemo: dict[str, Any] = {}
    if change.chemotherapy_basis:
        chemo["basis"] = change.chemotherapy_basis.value
    if change.chemotherapy_partner:
        chemo["partner"] = change.chemotherapy_partner
    if change.chemotherapy_withdrawn:
        chemo["withdrawn"] = True
    return table, chemo


def scenario_toml(scenario: Scenario, author: str = "", created: dt.date | None = None) -> str:
    """``scenario`` as a territories/scenarios/<id>.toml file (what ``read_scenario`` reads)."""
    made = f" par {author}" if author else ""
    made += f" le {created.strftime('%d/%m/%Y')}" if created else ""
    lines = [f"# Scénario écrit dans l'éditeur de l'ARS{made}.\n",
             "# À relire avant de le verser aux données de référence (territories/scenarios/).\n",
             tomli_w.dumps({"id": scenario.id, "title": scenario.title}
                           | ({"description": scenario.description}
                              if scenario.description.strip() else {}))]
    for change in scenario.changes:
        table, chemo = _change_table(change)
        lines.append("\n[[change]]\n" + tomli_w.dumps(table))
        if chemo:
            lines.append("\n[change.chemotherapy]\n" + tomli_w.dumps(chemo))
    return "".join(lines)


def describe(edit: Edit, catalogue: Catalogue) -> str:
    """The edit in one French line (« Étendre le territoire : HAD X — EPCI Y (12 communes) »)."""
    name = catalogue.by_id[edit.establishment].name if edit.establishment in catalogue.by_id \
        else edit.establishment
    text = f"{EDIT_LABELS[edit.kind]} : {name}"
    if edit.kind is EditKind.AUTHORISE:
        basis = "rattachement à" if edit.basis is Basis.ATTACHED else "association avec"
        return f"{text} ({basis} {edit.partner})"
    if edit.kind is EditKind.MERGE:
        into = (catalogue.by_id[edit.into].name if edit.into and edit.into in catalogue.by_id
                else edit.into or "")
        return f"{text}, reprise par {into}"
    if edit.kind in (EditKind.EXTEND, EditKind.SHRINK):
        count = len(edit_communes(edit, catalogue))
        if edit.epci:
            epci = epci_names(catalogue).get(edit.epci, edit.epci)
            return f"{text} — EPCI {epci} ({count} commune{'s' if count > 1 else ''})"
        names = ", ".join(catalogue.reference.by_code[c].name for c in edit.communes
                          if c in catalogue.reference.by_code)
        return f"{text} — {names}"
    return text
