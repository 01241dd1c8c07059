"""Build the bundled documentation exercises in resources/exercises/.

    .venv/bin/python scripts/build_exercises.py [--regenerate | --relabel]

The content (scenario, patient, answer key, photo captions) is written here and saved as
``resources/exercises/src/<id>/exercise.json``; the photos are program-made
(:mod:`injurydoc.media.synthetic`) into ``resources/exercises/src/<id>/photos/``, and the exercise file
``resources/exercises/<id>.injurydoc-exercise`` is built from that folder with
:func:`injurydoc.training.build_from_folder`.

Photo generation is not byte-for-byte repeatable (the noise), so photos are taken from the committed
exercise file when there is one; ``--regenerate`` draws new ones.  Every name and number is fictional.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

from injurydoc.domain.texts import text
from injurydoc.media.synthetic import Mark, PhotoSpec, make_photo
from injurydoc.services.demo import synthetic_pnr
from injurydoc.training import EXTENSION, build_from_folder, load, write

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "exercises"
LABEL_FONT = ROOT / "resources" / "fonts" / "DejaVuSans.ttf"
SIZE = (1200, 900)
QUALITY = 85
SKIN = (224, 180, 150)
SKIN_CHILD = (238, 205, 180)
BRUISE = (92, 62, 120)
RED = (200, 95, 90)
ABRASION = (170, 60, 60)
TZ = dt.timezone(dt.timedelta(hours=1))  # CET: the exercises take place in March

ADULT = {"name": "Johanna Provsson", "birth": dt.date(1988, 5, 19), "serial": 538}
CHILD = {"name": "Alva Provdotter", "birth": dt.date(2016, 9, 3), "serial": 242}

# mm on a close-up with a scale: the synthetic scale is drawn as 400 mm across the picture's width.
MM = 1 / 400


def _t(sv: str, en: str) -> dict[str, str]:
    return {"sv": sv, "en": en}


def _grip(x: float, y: float, k: float) -> tuple[Mark, ...]:
    """Four oval finger-pad bruises in a slightly curved row; ``k`` is picture widths per mm."""
    return tuple(Mark(x + i * 16 * k, y + (i % 2) * 0.03, 14 * k, 10 * k, BRUISE) for i in range(4))


def _belt(y: float, k: float, length: float = 120, x: float = 0.5) -> tuple[Mark, ...]:
    """A belt mark: two parallel narrow bruises (tramlines) about 30 mm apart."""
    return (
        Mark(x, y, length * k, 5 * k, RED),
        Mark(x, y + 30 * k * SIZE[0] / SIZE[1], length * k, 5 * k, RED),
    )


def _nails(x: float, y: float, k: float) -> tuple[Mark, ...]:
    return tuple(Mark(x + i * 9 * k, y - (i % 2) * 0.02, 8 * k, 2 * k, ABRASION) for i in range(3))


# --- the three exercises ---------------------------------------------------------------------------------

IPV_SCENARIO = _t(
    "En tisdagskväll strax efter klockan nio kommer Johanna Provsson, 36 år, ensam till jourmottagningen "
    "på Vårdcentralen Exempelby. Hon berättar att hon och hennes sambo grälade i köket i kväll och att han "
    "tog ett hårt grepp om hennes högra överarm och knuffade henne mot diskbänken. Sedan tog han henne om "
    "halsen med båda händerna; hon vet inte hur länge det höll på och minns inte hur hon hamnade på golvet. "
    "Hon säger att det gör ont i halsen när hon sväljer och att rösten känns hes. Hon har också fått ett "
    "skrapsår på armen men vet inte mot vad. Paret har inga barn och hon bor just nu hos en väninna. "
    "Hon samtycker till undersökning, dokumentation och fotografering. Hon tänker göra en polisanmälan i "
    "morgon och samtycker till att dokumentationen lämnas ut till polisen.",
    "On a Tuesday evening shortly after nine, Johanna Provsson, aged 36, comes alone to the out-of-hours "
    "clinic at Vårdcentralen Exempelby. She says that she and her partner argued in the kitchen this evening "
    "and that he gripped her right upper arm hard and pushed her against the sink. Then he took her by the "
    "neck with both hands; she does not know how long it went on and does not remember how she ended up on "
    "the floor. She says her throat hurts when she swallows and her voice feels hoarse. She also has a "
    "graze on her arm but does not know what caused it. The couple have no children and she is staying "
    "with a friend for now. She consents to examination, documentation and photography. She intends to "
    "report to the police tomorrow and consents to the documentation being released to the police.",
)

CHILD_SCENARIO = _t(
    "En torsdag förmiddag kommer skolsköterskan på Exempelskolan till barnmottagningen med Alva Provdotter, "
    "8 år. Alva har sagt till sin lärare att det gör ont att sitta. För skolsköterskan har hon berättat att "
    "pappa slog henne med ett skärp i går kväll, när hon inte ville gå och lägga sig. Alva bor hos sin "
    "pappa och hans sambo; hennes mamma bor i en annan stad. Alva har sekretessmarkering i folkbokföringen. "
    "Hon vill att skolsköterskan är med under undersökningen. Alva säger ja till att visa var det gör ont "
    "och till att bli fotograferad. Pappan vet inte att hon är hos er, och Alva ber er att inte ringa honom.",
    "On a Thursday morning the school nurse from Exempelskolan brings Alva Provdotter, aged 8, to the "
    "children's clinic. Alva told her teacher that it hurts to sit down. She has told the school nurse that "
    "her dad hit her with a belt last night when she did not want to go to bed. Alva lives with her dad and "
    "his partner; her mother lives in another town. Alva has a confidentiality marking in the population "
    "register. She wants the school nurse to stay during the examination. Alva agrees to show where it "
    "hurts and to be photographed. Her dad does not know she is with you, and Alva asks you not to call him.",
)

FOLLOW_SCENARIO = _t(
    "Johanna Provsson, 36 år, kommer tillbaka på torsdagen till den återbesökstid som bokades när hon "
    "undersöktes efter våldet i tisdags kväll. Hon har gjort en polisanmälan, och polisen har skickat en "
    "begäran om rättsintyg till vårdcentralen. Hon säger att blåmärket på armen har blivit större och "
    "mörkare, och att hon i morse såg ett märke på halsen som hon inte hade lagt märke till förut. "
    "Halsen gör fortfarande lite ont när hon sväljer, men rösten är nästan som vanligt. Skrapsåret på "
    "armen har börjat läka. Hon samtycker till en ny undersökning, dokumentation och fotografering.",
    "Johanna Provsson, aged 36, comes back on Thursday for the follow-up appointment booked when she was "
    "examined after the violence on Tuesday evening. She has reported to the police, and the police have "
    "sent a request for a forensic certificate to the clinic. She says the bruise on her arm has grown "
    "larger and darker, and that this morning she saw a mark on her neck she had not noticed before. Her "
    "throat still hurts a little when she swallows, but her voice is almost back to normal. The graze on "
    "her arm has begun to heal. She consents to a new examination, documentation and photography.",
)


def _patient(p: dict[str, Any], protection: str = "none", guardian_is_threat: bool = False) -> dict[str, Any]:
    return {
        "name": p["name"],
        "personal_id": synthetic_pnr(p["birth"], p["serial"]),
        "sex": "female",
        "protection": protection,
        "guardian_is_threat": guardian_is_threat,
    }


def _injury(
    region: str, side: str, kind: str, length: tuple[int, int], width: tuple[int, int]
) -> dict[str, Any]:
    return {"region": region, "side": side, "type": kind, "length_mm": list(length), "width_mm": list(width)}


def _id_label(p: dict[str, Any], when: dt.datetime) -> str:
    # The exercises are bilingual, so the warning on the ID shot is too (bundled DejaVu: Swedish letters).
    warning = " / ".join(text("app.exercise_photo_label", lang) for lang in ("sv", "en"))
    return f"{warning}\n{p['name']}   {p['birth']:%Y-%m-%d}   {when:%Y-%m-%d %H:%M}"


def exercises() -> list[tuple[dict[str, Any], list[PhotoSpec]]]:
    """Each exercise's exercise.json content and its photos, in the order listed."""
    ipv_t = dt.datetime(2025, 3, 11, 21, 40, tzinfo=TZ)
    follow_t = dt.datetime(2025, 3, 13, 10, 15, tzinfo=TZ)
    child_t = dt.datetime(2025, 3, 20, 10, 30, tzinfo=TZ)
    over = 1 / 1200  # overview photos: about 1.2 m across

    def spec(seed: int, when: dt.datetime, minute: int, skin: tuple[int, int, int], **kw: Any) -> PhotoSpec:
        return PhotoSpec(
            label_font=str(LABEL_FONT),
            size=SIZE,
            seed=seed,
            skin=skin,
            captured=when + dt.timedelta(minutes=minute),
            **kw,
        )

    ipv = {
        "format": "injurydoc-exercise",
        "version": 1,
        "id": "ipv-strangulation",
        "title": _t("Våld i nära relation med strypvåld", "Intimate-partner violence with strangulation"),
        "scenario": IPV_SCENARIO,
        "patient": _patient(ADULT),
        "follow_up_of": None,
        "photos": [
            {"file": "photos/01.jpg", "caption": _t("ID-bild", "ID shot")},
            {"file": "photos/02.jpg", "caption": _t("Höger överarm, översikt", "Right upper arm, overview")},
            {"file": "photos/03.jpg", "caption": _t("Höger överarm, närbild", "Right upper arm, close-up")},
            {
                "file": "photos/04.jpg",
                "caption": _t("Höger överarm, närbild med skala", "Right upper arm, close-up with scale"),
            },
            {
                "file": "photos/05.jpg",
                "caption": _t("Halsen framifrån, översikt", "Neck from the front, overview"),
            },
            {
                "file": "photos/06.jpg",
                "caption": _t(
                    "Halsens vänstra sida, närbild med skala", "Left side of the neck, close-up with scale"
                ),
            },
            {
                "file": "photos/07.jpg",
                "caption": _t("Vänster underarm, närbild med skala", "Left forearm, close-up with scale"),
            },
        ],
        "key": {
            "injuries": [
                _injury("upper_arm", "right", "bruise", (30, 60), (15, 35)),
                _injury("neck_anterior", "midline", "redness", (40, 90), (20, 50)),
                _injury("neck_lateral", "left", "fingernail_marks", (15, 40), (2, 10)),
                _injury("forearm", "left", "abrasion", (20, 45), (5, 15)),
            ],
            "photo_roles": ["id_shot", "overview", "close_up", "close_up_scale"],
            "strangulation_expected": True,
            "legal_basis": "consent",
            "concern_report_expected": False,
            "absent_findings_expected": True,
        },
    }
    ipv_photos = [
        spec(101, ipv_t, 2, SKIN, label=_id_label(ADULT, ipv_t + dt.timedelta(minutes=2)), noise=8),
        spec(102, ipv_t, 4, SKIN, marks=_grip(0.45, 0.45, over * 1.2)),
        spec(103, ipv_t, 5, SKIN, marks=_grip(0.35, 0.45, MM)),
        spec(104, ipv_t, 6, SKIN, marks=_grip(0.35, 0.45, MM), scale=True),
        spec(105, ipv_t, 8, SKIN, marks=(Mark(0.5, 0.45, 0.18, 0.08, RED), *_nails(0.62, 0.42, over * 2))),
        spec(106, ipv_t, 9, SKIN, marks=_nails(0.45, 0.4, MM), scale=True),
        spec(
            107,
            ipv_t,
            11,
            SKIN,
            marks=(Mark(0.5, 0.45, 32 * MM, 9 * MM, ABRASION),),
            scale=True,
            gps=(57.7089, 11.9746),
        ),
    ]

    child = {
        "format": "injurydoc-exercise",
        "version": 1,
        "id": "child-guardian-threat",
        "title": _t(
            "Barn med skador där vårdnadshavaren pekas ut", "A child whose guardian is said to be the threat"
        ),
        "scenario": CHILD_SCENARIO,
        "patient": _patient(CHILD, protection="sekretessmarkering", guardian_is_threat=True),
        "follow_up_of": None,
        "photos": [
            {"file": "photos/01.jpg", "caption": _t("ID-bild", "ID shot")},
            {
                "file": "photos/02.jpg",
                "caption": _t("Baksidan av båda låren, översikt", "Back of both thighs, overview"),
            },
            {
                "file": "photos/03.jpg",
                "caption": _t("Vänster lår baksida, närbild", "Back of the left thigh, close-up"),
            },
            {
                "file": "photos/04.jpg",
                "caption": _t(
                    "Vänster lår baksida, närbild med skala", "Back of the left thigh, close-up with scale"
                ),
            },
            {
                "file": "photos/05.jpg",
                "caption": _t(
                    "Höger lår baksida, närbild med skala", "Back of the right thigh, close-up with scale"
                ),
            },
        ],
        "key": {
            "injuries": [
                _injury("thigh", "left", "patterned", (80, 150), (25, 45)),
                _injury("thigh", "right", "patterned", (70, 140), (25, 45)),
            ],
            "photo_roles": ["id_shot", "overview", "close_up", "close_up_scale"],
            "strangulation_expected": False,
            "legal_basis": "osl_10_21",
            "concern_report_expected": True,
            "absent_findings_expected": True,
        },
    }
    child_photos = [
        spec(201, child_t, 1, SKIN_CHILD, label=_id_label(CHILD, child_t + dt.timedelta(minutes=1)), noise=8),
        spec(
            202,
            child_t,
            3,
            SKIN_CHILD,
            marks=(*_belt(0.35, over * 2.5, 110, 0.3), *_belt(0.45, over * 2.5, 100, 0.7)),
        ),
        spec(203, child_t, 4, SKIN_CHILD, marks=_belt(0.4, MM, 115)),
        spec(204, child_t, 5, SKIN_CHILD, marks=_belt(0.4, MM, 115), scale=True),
        spec(205, child_t, 7, SKIN_CHILD, marks=_belt(0.35, MM, 100), scale=True),
    ]

    follow = {
        "format": "injurydoc-exercise",
        "version": 1,
        "id": "follow-up",
        "title": _t("Återbesök två dagar senare", "Follow-up examination two days later"),
        "scenario": FOLLOW_SCENARIO,
        "patient": _patient(ADULT),
        "follow_up_of": "ipv-strangulation",
        "photos": [
            {"file": "photos/01.jpg", "caption": _t("ID-bild", "ID shot")},
            {"file": "photos/02.jpg", "caption": _t("Höger överarm, översikt", "Right upper arm, overview")},
            {
                "file": "photos/03.jpg",
                "caption": _t("Höger överarm, närbild med skala", "Right upper arm, close-up with scale"),
            },
            {
                "file": "photos/04.jpg",
                "caption": _t(
                    "Halsens högra sida, närbild med skala", "Right side of the neck, close-up with scale"
                ),
            },
            {
                "file": "photos/05.jpg",
                "caption": _t("Vänster underarm, närbild med skala", "Left forearm, close-up with scale"),
            },
        ],
        "key": {
            "injuries": [
                _injury("upper_arm", "right", "bruise", (45, 85), (25, 50)),
                _injury("neck_lateral", "right", "bruise", (12, 30), (10, 25)),
                _injury("forearm", "left", "abrasion", (20, 45), (5, 15)),
            ],
            "photo_roles": ["id_shot", "overview", "close_up_scale"],
            "strangulation_expected": True,
            "legal_basis": "rattsintyg_request",
            "concern_report_expected": False,
            "absent_findings_expected": True,
        },
    }
    wide = Mark(0.42, 0.45, 65 * MM, 35 * MM, BRUISE)
    follow_photos = [
        spec(301, follow_t, 1, SKIN, label=_id_label(ADULT, follow_t + dt.timedelta(minutes=1)), noise=8),
        spec(
            302,
            follow_t,
            3,
            SKIN,
            marks=(Mark(0.45, 0.45, 65 * over * 1.2, 35 * over * 1.2, BRUISE),),
            gps=(57.7089, 11.9746),
        ),
        spec(303, follow_t, 4, SKIN, marks=(wide, *_grip(0.33, 0.45, MM)), scale=True),
        spec(304, follow_t, 6, SKIN, marks=(Mark(0.5, 0.4, 20 * MM, 16 * MM, BRUISE),), scale=True),
        spec(305, follow_t, 8, SKIN, marks=(Mark(0.5, 0.45, 30 * MM, 8 * MM, (130, 70, 60)),), scale=True),
    ]
    return [(ipv, ipv_photos), (child, child_photos), (follow, follow_photos)]


def _existing_photos(path: Path) -> dict[str, bytes]:
    if not path.exists():
        return {}
    ex = load(path)
    return {p.file: p.data for p in ex.photos}


def build(regenerate: bool, relabel: bool = False) -> list[Path]:
    written: list[Path] = []
    for doc, specs in exercises():
        ex_id = doc["id"]
        folder = OUT / "src" / ex_id
        out = OUT / f"{ex_id}{EXTENSION}"
        old = {} if regenerate else _existing_photos(out)
        photo_dir = folder / "photos"
        if photo_dir.exists():
            shutil.rmtree(photo_dir)
        photo_dir.mkdir(parents=True)
        for entry, ps in zip(doc["photos"], specs, strict=True):
            kept = None if relabel and ps.label else old.get(entry["file"])
            data = kept or make_photo(ps, quality=QUALITY)
            (folder / entry["file"]).write_bytes(data)
        content = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        (folder / "exercise.json").write_text(content, encoding="utf-8")
        write(build_from_folder(folder), out)
        written.append(out)
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--regenerate", action="store_true", help="draw new photos instead of reusing the bundled ones"
    )
    ap.add_argument(
        "--relabel", action="store_true", help="draw the labelled ID photos again (after the label changed)"
    )
    args = ap.parse_args()
    for path in build(args.regenerate, args.relabel):
        with zipfile.ZipFile(path) as z:
            n = len(z.infolist())
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size / 1024:.0f} KiB  {n} entries")


if __name__ == "__main__":
    main()
