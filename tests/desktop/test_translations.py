"""Every desktop string has a Bahasa Indonesia translation, and the catalogue covers the code."""

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "helpdesk_id.ts"


def sources(ts: Path) -> dict[tuple[str, str], ET.Element]:
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message
    return found


def test_every_message_is_translated() -> None:
    missing = [src for (_ctx, src), msg in sources(TS).items()
               if (t := msg.find("translation")) is None or t.get("type") in ("unfinished", "obsolete")
               or not ((t.text or "").strip() or [n for n in t.iter("numerusform") if (n.text or "").strip()])]
    assert missing == []


def test_catalogue_covers_the_code(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed")
    fresh = tmp_path / "fresh.ts"
    shutil.copy(TS, fresh)
    files = [str(p) for p in (ROOT / "desktop").rglob("*.py")]
    subprocess.run([str(lupdate), "-tr-function-alias", "tr+=_tr", "-no-obsolete", *files, "-ts", str(fresh)],
                   check=True, capture_output=True, timeout=120)
    assert set(sources(fresh)) == set(sources(TS)), "run the lupdate step in resources/translations/id_strings.py"
