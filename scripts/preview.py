"""Write every shipped example, and the cases in scripts/preview_cases, as .docx, PDF and PNG pages for a visual check.

Usage: python scripts/preview.py [OUT_DIR] [--example ID] [--lang sv|en] [--kind draft|final] [--dpi N]

Each agreement is written in Swedish and English, as a draft and as the final version to
sign. A final that is refused (a stop finding is open) is reported with the stops in a
`-final.txt` file instead. Needs LibreOffice (soffice) and poppler-utils (pdftoppm) for the
PDF and the pages; without them only the .docx files are written. Default folder: preview/.
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
    parser.add_argument("--kind", action="append", choices=["draft", "final"], default=[])
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args(argv)

    from app.agreement.answers import load_file
    from app.agreement.document import DocumentError, FinalRefused
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
    cases = [(example.id, example.answers) for example in load_examples(ROOT / "examples")]
    cases += [(path.stem, load_file(path)) for path in sorted((ROOT / "scripts" / "preview_cases").glob("*.yaml"))]
    for case_id, answers in cases:
        if args.example and case_id not in args.example:
            continue
        for lang, kind in [(lang, kind) for lang in args.lang or ["sv", "en"] for kind in args.kind or ["draft", "final"]]:
            stem = f"{case_id}-{lang}{'-final' if kind == 'final' else ''}"
            try:
                data = render_answers(answers, lang, draft=kind == "draft")
            except FinalRefused as exc:  # as it should be: the final waits for a lawyer's judgment
                (out / f"{stem}.txt").write_text("\n".join(exc.messages) + "\n", encoding="utf-8")
                print(out / f"{stem}.txt")
                continue
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
