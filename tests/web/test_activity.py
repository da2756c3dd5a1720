"""Issue 14, activity figures on the web: the coordinator's page and CSV, the ARS's aggregated
view (never a patient name or reference, small counts masked), other roles refused, reads
audited."""

from __future__ import annotations

from sqlalchemy import select

from hadcoord.store import AuditEvent, Pathway, PathwayEvent
from hadcoord.vocabulary import PathwayState, PathwayStep, RequestKind
from tests.support.patients import at_home_patient
from tests.support.web import ClientAs, Sessions, page_text

HAD = "had-ch-montauban"


def seed(sessions: Sessions) -> None:
    """One MRD patient at home for 12 days (home after 3), one derogation asked for."""
    with sessions() as session:
        patient = at_home_patient(session, "P-ACTIV1", HAD, started_days_ago=12)
        pathway = session.scalar(select(Pathway).where(Pathway.patient_id == patient.id))
        assert pathway is not None
        pathway.state = PathwayState.AT_HOME
        session.add(PathwayEvent(pathway_id=pathway.id, actor="test", step=PathwayStep.REQUEST_SENT,
                                 state=PathwayState.REQUEST_SENT, option_kind="derogation",
                                 had_establishment_id="had-ch-albi",
                                 request_kind=RequestKind.DEROGATION))
        session.commit()


def test_the_coordinator_sees_home_days_and_bed_days_freed(sessions: Sessions,
                                                           client_as: ClientAs) -> None:
    seed(sessions)
    client = client_as("coordinator")
    page = page_text(client.get("/activite/"))
    assert "HAD du CH de Montauban" in page
    assert "Journées-lit libérées" in page
    assert "18 lits" in page
    csv = client.get("/activite/activite.csv")
    assert csv.status_code == 200
    text = csv.get_data().decode("utf-8-sig")
    assert "HAD du CH d'Albi" in text  # the derogation asked for
    montauban = [line for line in text.splitlines() if line.startswith("HAD du CH de Montauban")]
    assert sum(int(line.split(";")[3]) for line in montauban) >= 1
    assert all(line.split(";")[3] == line.split(";")[9] for line in montauban)  # bed-days
    assert ";1;" in montauban[-1]  # one patient: the coordinator sees the count
    with sessions() as session:
        actions = session.scalars(select(AuditEvent.action).where(
            AuditEvent.target == "activité")).all()
    assert sorted(actions) == ["export", "read"]


def test_the_ars_sees_no_identity_and_small_counts_masked(sessions: Sessions,
                                                          client_as: ClientAs) -> None:
    seed(sessions)
    client = client_as("ars")
    response = client.get("/activite/")
    assert response.status_code == 200
    page = page_text(response)
    text = client.get("/activite/activite.csv").get_data().decode("utf-8-sig")
    for shown in (page, text):
        assert "P-ACTIV1" not in shown
        assert "FICTIF" not in shown
        assert "HAD du CH de Montauban" in shown
    assert "< 5" in page
    assert "< 5" in text
    assert ";1;" not in next(line for line in text.splitlines() if "Montauban" in line)


def test_other_roles_are_refused_and_a_bad_period_is_explained(sessions: Sessions,
                                                               client_as: ClientAs) -> None:
    for role in ("pharmacist", "had_nurse", "admin"):
        assert client_as(role).get("/activite/").status_code == 403
    client = client_as("coordinator")
    bad = client.get("/activite/?from=2026-13")
    assert bad.status_code == 400
    assert "Mois de début invalide" in page_text(bad)
    reversed_period = client.get("/activite/?from=2026-06&to=2026-01")
    assert "Période inversée" in page_text(reversed_period)
    assert client.get("/activite/?from=2020-01&to=2026-01").status_code == 400
