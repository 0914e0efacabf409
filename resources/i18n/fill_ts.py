"""Vietnamese is the source language: each message's translation is its source (finished).

Also writes qt_vi.ts from qt_strings.py. Keeps translations someone already edited by hand.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from qt_strings import QT_STRINGS  # noqa: E402


def fill(ts_path: Path) -> int:
    tree = ET.parse(ts_path)
    count = 0
    for message in tree.getroot().iter("message"):
        source = message.find("source")
        translation = message.find("translation")
        if source is None or translation is None:
            continue
        if translation.get("type") in ("unfinished", None) and not (translation.text or "").strip():
            translation.text = source.text
            count += 1
        if translation.get("type") == "unfinished" and (translation.text or "").strip():
            del translation.attrib["type"]
        if translation.get("type") == "vanished":
            message.remove(translation)
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return count


def qt_ts(path: Path) -> None:
    root = ET.Element("TS", version="2.1", language="vi_VN", sourcelanguage="en")
    for context, strings in QT_STRINGS.items():
        ctx = ET.SubElement(root, "context")
        ET.SubElement(ctx, "name").text = context
        for source, text in strings.items():
            message = ET.SubElement(ctx, "message")
            ET.SubElement(message, "source").text = source
            ET.SubElement(message, "translation").text = text
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


if __name__ == "__main__":
    print(f"filled {fill(Path(sys.argv[1]))} messages")
    qt_ts(Path(sys.argv[2]))
