"""The contact directory pages (admin and coordinator): list, to-do, edit, CSV import."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from wtforms import FileField, StringField
from wtforms.validators import Optional

from hadcoord.coverage.contacts import Contact
from hadcoord.services.directory import (
    ContactInput,
    DirectoryError,
    add_day_hospital,
    directory,
    import_csv,
    to_fill,
    update_contact,
)
from hadcoord.store import Role
from hadcoord.web.access import allow
from hadcoord.web.db import app_settings, db_session
from hadcoord.web.fields import FrenchDateField, FrenchForm

blueprint = Blueprint("directory", __name__, url_prefix="/annuaire")
EDITORS = (Role.ADMIN, Role.COORDINATOR)
MAX_CSV_BYTES = 200_000


class ContactForm(FrenchForm):
    """One entry's numbers, e-mail, address, with the date and source of the check."""

    phone_24h = StringField("Téléphone jour et nuit (24 h/24)")
    phone_coordination = StringField("Téléphone de coordination")
    phone = StringField("Téléphone (standard, urgences ou jour)")
    phone_on_call = StringField("Téléphone d'astreinte")
    email = StringField("E-mail")
    address = StringField("Adresse")
    hours = StringField("Horaires")
    verified_on = FrenchDateField("Vérifié le", validators=[Optional()], format="%Y-%m-%d")
    source = StringField("Source (annuaire officiel, appel à l'établissement…)")

    def to_input(self) -> ContactInput:
        """The typed values, trimmed."""
        return ContactInput(
            verified_on=self.verified_on.data,
            **{name: (getattr(self, name).data or "").strip() for name in (
                "phone_24h", "phone_coordination", "phone", "phone_on_call", "email",
                "address", "hours", "source")})


class DayHospitalForm(FrenchForm):
    """A day hospital to add: its name, address, number and hours, with the source and date."""

    name = StringField("Nom de l'hôpital de jour")
    address = StringField("Adresse")
    phone = StringField("Téléphone")
    hours = StringField("Horaires")
    verified_on = FrenchDateField("Vérifié le", validators=[Optional()], format="%Y-%m-%d")
    source = StringField("Source (annuaire officiel, appel à l'établissement…)")

    def to_input(self) -> ContactInput:
        """The typed values, trimmed."""
        return ContactInput(verified_on=self.verified_on.data, **{
            name: (getattr(self, name).data or "").strip()
            for name in ("phone", "address", "hours", "source")})


class ImportForm(FrenchForm):
    """A CSV file of entries."""

    file = FileField("Fichier CSV (colonnes kind, key, puis les champs)")


def _entries() -> list[Contact]:
    return directory(db_session(), app_settings().reference.territories_dir)


@blueprint.get("/")
@allow(*EDITORS)
def index() -> str:
    """Every entry with its numbers or « numéro à renseigner », the to-do list first."""
    entries = _entries()
    return render_template("directory/index.html", entries=entries, todo=to_fill(entries),
                           form=ImportForm(), add_form=DayHospitalForm(formdata=None))


@blueprint.post("/hopital-de-jour")
@allow(*EDITORS)
def add_day_hospital_entry() -> ResponseReturnValue:
    """Add a day hospital (audited); a refused value is explained next to its field (422)."""
    form = DayHospitalForm()
    if form.validate_on_submit():
        try:
            with db_session().begin_nested():
                contact = add_day_hospital(db_session(), _entries(), form.name.data or "",
                                           form.to_input(), current_user.record)
        except DirectoryError as error:
            field = getattr(form, error.field)
            field.errors = [*field.errors, f"{str(error)[:1].upper()}{str(error)[1:]}."]
        else:
            flash(f"Hôpital de jour ajouté : {contact.name}.", "info")
            return redirect(url_for("directory.index") + "#entrees")
    entries = _entries()
    return render_template("directory/index.html", entries=entries, todo=to_fill(entries),
                           form=ImportForm(formdata=None), add_form=form), 422


@blueprint.route("/<int:number>", methods=["GET", "POST"])
@allow(*EDITORS)
def edit(number: int) -> ResponseReturnValue:
    """Edit one entry (audited); a refused value is explained next to its field."""
    entries = _entries()
    if not 0 <= number < len(entries):
        abort(404, "Cette entrée de l'annuaire n'existe pas.")
    contact = entries[number]
    form = ContactForm(obj=contact)
    if not form.is_submitted():
        return render_template("directory/edit.html", contact=contact, form=form)
    if form.validate():
        try:
            with db_session().begin_nested():
                changed = update_contact(db_session(), contact, form.to_input(),
                                         current_user.record)
        except DirectoryError as error:
            field = getattr(form, error.field)
            field.errors = [*field.errors, f"{str(error)[:1].upper()}{str(error)[1:]}."]
        else:
            flash("Annuaire mis à jour." if changed else "Aucune modification.", "info")
            return redirect(url_for("directory.index") + f"#entree-{number}")
    return render_template("directory/edit.html", contact=contact, form=form,
                           refused=True), 422


@blueprint.post("/import")
@allow(*EDITORS)
def import_file() -> ResponseReturnValue:
    """Fill many entries from a CSV; one bad line and nothing is saved."""
    form = ImportForm()
    upload = form.file.data
    raw = upload.read(MAX_CSV_BYTES + 1) if form.validate_on_submit() and upload else b""
    errors: tuple[str, ...]
    if not raw:
        errors = ("choisissez un fichier CSV",)
    elif len(raw) > MAX_CSV_BYTES:
        errors = ("fichier trop volumineux (200 ko au plus)",)
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            errors = ("le fichier doit être encodé en UTF-8",)
        else:
            report = import_csv(db_session(), _entries(), text, current_user.record)
            errors = report.errors
            if not errors:
                flash(f"Import : {report.updated} entrée(s) mise(s) à jour.", "info")
                return redirect(url_for("directory.index"))
    entries = _entries()
    return render_template("directory/index.html", entries=entries, todo=to_fill(entries),
                           form=form, import_errors=errors,
                           add_form=DayHospitalForm(formdata=None)), 422
