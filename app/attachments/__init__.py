"""Digitised dossiers (NĐ 107/2021/NĐ-CP amending NĐ 61/2018 Art. 25–26): the papers received are
scanned into the one-stop software under their thành phần hồ sơ, the result is kept as an electronic
result, and what a citizen brought once is reused at the next intake.

- ``ingest``: bytes from a scanner, a watched folder or a file → one validated PDF per component
  (img2pdf wraps images losslessly, pikepdf joins and repairs PDFs); refuses what is not a paper.
- ``store``: session-level helpers over the ``blob`` and ``attachment`` tables (content-addressed,
  inside the encrypted store, so an attachment is as safe as the dossier it belongs to).
- ``scanner`` / ``watch``: capture from SANE/WIA devices and from a scan-to-folder directory.
"""
