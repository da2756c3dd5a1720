"""`hadcoord triage FILE.json [--json]`: grade and triage one daily home check."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from hadcoord.cli import context
from hadcoord.monitoring import InvalidCheckError, TriageResult, parse_check_json, triage
from hadcoord.monitoring.wording import LEVEL_LABELS, NEWS2_RISK_LABELS


def _read(path: str) -> str:
    """The text of FILE (``-`` = standard input); unreadable files raise a French error."""
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        msg = "fichier introuvable"
    except IsADirectoryError:
        msg = "c'est un dossier, pas un fichier JSON"
    except UnicodeDecodeError:
        msg = "ce n'est pas un fichier texte UTF-8"
    except OSError as error:
        msg = f"lecture impossible ({error.strerror})"
    raise InvalidCheckError(msg)


def _human(result: TriageResult) -> str:
    """The result for a nurse or a coordinator, in French."""
    news2 = result.news2
    lines = [
        f"Triage : {LEVEL_LABELS[result.level.value]} — {result.action}",
        f"NEWS2 (RCP 2017) : score {news2.score}, risque {NEWS2_RISK_LABELS[news2.risk]}",
        f"SRC (ASTCT 2019) : grade {result.crs.grade}",
        f"ICANS (ASTCT 2019) : grade {result.icans.grade}",
        f"Fièvre (CTCAE v5) : grade {result.fever_grade}",
    ]
    if result.reasons:
        lines.append("Motifs :")
        lines += [f"  - {reason.message}" for reason in result.reasons]
    if result.observations:
        lines.append("À noter :")
        lines += [f"  - {reason.message}" for reason in result.observations]
    if result.ask_ice_items:
        lines.append(
            "À faire : relever les items du score ICE (orientation, dénomination, "
            "ordres, écriture, attention)."
        )
    return "\n".join(lines)


@click.command(name="triage")
@click.argument("file", metavar="FICHIER.json")
@click.option("--json", "as_json", is_flag=True, help="Résultat en JSON.")
def triage_command(file: str, as_json: bool) -> None:
    """Grader (ASTCT 2019, CTCAE v5) et trier une surveillance quotidienne à domicile.

    Le score NEWS2 (Royal College of Physicians 2017) est calculé et compte dans le triage.

    FICHIER.json suit le schéma hadcoord/monitoring/schema/daily_check.schema.json ; « - » lit
    l'entrée standard. Code de sortie 2 si la saisie est invalide.
    """
    try:
        check = parse_check_json(_read(file))
    except InvalidCheckError as error:
        msg = f"{file} : {error}"
        raise InvalidCheckError(msg, field=error.field) from None
    result = triage(check, context.settings().monitoring)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(_human(result))
