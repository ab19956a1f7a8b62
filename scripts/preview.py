"""Write every shipped example as .docx, PDF and PNG pages (Swedish and English) for a visual check.

Usage: python scripts/preview.py [OUT_DIR] [--example ID] [--lang sv|en] [--final] [--dpi N]

Needs LibreOffice (soffice) and poppler-utils (pdftoppm) for the PDF and the pages; without
them only the .docx files are written. Default folder: preview/.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    """Render the examples and report where the files are."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "preview"))
    parser.add_argument("--example", action="append", default=[])
    parser.add_argument("--lang", action="append", choices=["sv", "en"], default=[])
    parser.add_argument("--final", action="store_true")
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args(argv)

    from app.agreement.document import DocumentError
    from app.agreement.pdf import PdfError, pdf_available, submit_conversion
    from app.services.documents import render_answers
    from app.services.examples import load_examples

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pages = shutil.which("pdftoppm")
    can_pdf = pdf_available()
    if not can_pdf:
        print("LibreOffice (soffice) saknas: bara .docx skrivs.", file=sys.stderr)
    failures = 0
    jobs = []
    for example in load_examples(ROOT / "examples"):
        if args.example and example.id not in args.example:
            continue
        for lang in args.lang or ["sv", "en"]:
            stem = f"{example.id}-{lang}{'-final' if args.final else ''}"
            try:
                data = render_answers(example.answers, lang, draft=not args.final)
            except DocumentError as exc:
                print(f"{stem}: {exc}", file=sys.stderr)
                failures += 1
                continue
            (out / f"{stem}.docx").write_bytes(data)
            if can_pdf:  # conversions run in the worker pool, as many at once as there are cores
                jobs.append((stem, submit_conversion(data, timeout=180)))
            else:
                print(out / f"{stem}.docx")
    for stem, job in jobs:
        try:
            (out / f"{stem}.pdf").write_bytes(job.result())
        except PdfError as exc:
            print(f"{stem}: {exc}", file=sys.stderr)
            failures += 1
            continue
        if pages:
            for old in out.glob(f"{stem}-page-*.png"):
                old.unlink()
            subprocess.run([pages, "-png", "-r", str(args.dpi), str(out / f"{stem}.pdf"),
                            str(out / f"{stem}-page")], check=True, timeout=120)
        print(out / stem)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
