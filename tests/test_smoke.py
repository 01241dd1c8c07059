from injurydoc.domain.vocab import Sex
from injurydoc.services.examinations import ExaminationService
from injurydoc.services.patients import PatientService

from .conftest import DISTINCT_NAME, DISTINCT_PNR


def test_clinician_creates_patient_and_examination(store):
    s = store.sign_in("anna")
    p = PatientService(s).create(personal_id=DISTINCT_PNR, name=DISTINCT_NAME, sex=Sex.FEMALE)
    e = ExaminationService(s).create(p.id)
    assert ExaminationService(s).get(e.id).case_ref.startswith("SD-")
    rows = ExaminationService(s).list_mine()
    assert [r.examination_id for r in rows] == [e.id]
    s.close()
