"""Build the Word template app/docx/agreement.docx for the agreement drafts.

Usage: python scripts/build_docx_template.py [OUT]

The template is generated, not hand-edited, so its styles, numbering and Jinja tags stay
reviewable in git. Clause headings, points and sub-items come from ONE multilevel list
linked to the custom styles Klausul1/Klausul2/Klausul3, so numbering restarts correctly
(3. → 3.1 → a)) however many clauses the loop produces. All style names are ASCII, so a
Swedish or German Word does not rename them. The only text in the template is Jinja tags:
every label comes from the context in the document's language.
"""
from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "app" / "docx" / "agreement.docx"
FONT = "Calibri"
HEADING_FONT = "Cambria"
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
GREY = RGBColor(0x59, 0x59, 0x59)
DRAFT_RED = RGBColor(0xC0, 0x00, 0x00)
CLAUSE_NUM_ID = 101
BULLET_NUM_ID = 102


def _numbering_xml() -> tuple[str, str, str, str]:
    levels = [
        ("decimal", "Klausul1", "%1.", 567, 567),
        ("decimal", "Klausul2", "%1.%2", 567, 567),
        ("lowerLetter", "Klausul3", "%3)", 1021, 454),
    ]
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:pStyle w:val="{style}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr></w:lvl>'
        for i, (fmt, style, text, left, hanging) in enumerate(levels))
    lvls += "".join(  # Word expects nine levels; the unused ones stay plain
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%{i + 1}."/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{1021 + 454 * (i - 2)}" w:hanging="454"/></w:pPr></w:lvl>'
        for i in range(3, 9))
    clause_abstract = (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{CLAUSE_NUM_ID}">'
                       f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>')
    bullet_abstract = (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{BULLET_NUM_ID}"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:pStyle w:val="BilagaPunkt"/>'
        '<w:lvlText w:val="–"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="454" w:hanging="454"/></w:pPr>'
        '</w:lvl></w:abstractNum>')
    clause_num = f'<w:num {nsdecls("w")} w:numId="{CLAUSE_NUM_ID}"><w:abstractNumId w:val="{CLAUSE_NUM_ID}"/></w:num>'
    bullet_num = f'<w:num {nsdecls("w")} w:numId="{BULLET_NUM_ID}"><w:abstractNumId w:val="{BULLET_NUM_ID}"/></w:num>'
    return clause_abstract, bullet_abstract, clause_num, bullet_num


def add_numbering(doc: Document) -> None:
    """Add the clause list and the annex bullet list; abstractNums must precede nums."""
    numbering = doc.part.numbering_part.element
    clause_abstract, bullet_abstract, clause_num, bullet_num = _numbering_xml()
    first_num = numbering.find(qn("w:num"))
    for xml in (clause_abstract, bullet_abstract):
        element = parse_xml(xml)
        if first_num is not None:
            first_num.addprevious(element)
        else:
            numbering.append(element)
    for xml in (clause_num, bullet_num):
        numbering.append(parse_xml(xml))


def paragraph_style(doc: Document, name: str, *, size: float = 11, bold: bool = False, italic: bool = False,
                    font: str = FONT, color: RGBColor | None = None, before: float = 0, after: float = 6,
                    keep_next: bool = False, align: int | None = None, num: tuple[int, int] | None = None,
                    left: float | None = None, page_break: bool = False, line: float = 1.15) -> None:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    style.font.name, style.font.size, style.font.bold, style.font.italic = font, Pt(size), bold, italic
    if color is not None:
        style.font.color.rgb = color
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after, fmt.keep_with_next, fmt.line_spacing = Pt(before), Pt(after), keep_next, line
    fmt.page_break_before = page_break
    if align is not None:
        fmt.alignment = align
    if left is not None:
        fmt.left_indent = Cm(left)
    if num is not None:
        num_pr = style.element.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = num[1]
        num_pr.get_or_add_numId().val = num[0]


# The children of w:pPr that the schema puts after w:pBdr (Word rejects them out of order).
AFTER_PBDR = ("shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
              "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
              "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
              "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")


def paragraph_border(doc: Document, name: str, borders: str) -> None:
    """Give a paragraph style borders (w:pBdr), in schema order."""
    ppr = doc.styles[name].element.get_or_add_pPr()
    element = parse_xml(f'<w:pBdr {nsdecls("w")}>{borders}</w:pBdr>')
    following = next((child for child in ppr if child.tag in {qn(f"w:{t}") for t in AFTER_PBDR}), None)
    if following is not None:
        following.addprevious(element)
    else:
        ppr.append(element)


def add_styles(doc: Document) -> None:
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(11)
    rpr = normal.element.get_or_add_rPr()
    rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="sv-SE" w:eastAsia="sv-SE" w:bidi="ar-SA"/>'))
    paragraph_style(doc, "AvtalEtikett", size=11, bold=True, color=GREY, before=96, after=6)
    paragraph_style(doc, "AvtalTitel", size=24, bold=True, font=HEADING_FONT, color=ACCENT, after=18, line=1.0)
    paragraph_style(doc, "AvtalRubrik", size=12, bold=True, color=ACCENT, before=18, after=6, keep_next=True)
    paragraph_style(doc, "AvtalDatum", size=11, before=18, after=6)
    paragraph_style(doc, "Utkastnotis", size=10, italic=True, color=GREY, before=24)
    paragraph_style(doc, "Stoppnotis", size=11, bold=True, color=DRAFT_RED, before=24)
    paragraph_style(doc, "UtkastStampel", size=16, bold=True, color=DRAFT_RED, after=0, line=1.0)
    paragraph_border(doc, "UtkastStampel", '<w:top w:val="single" w:sz="12" w:space="4" w:color="C00000"/>'
                     '<w:bottom w:val="single" w:sz="12" w:space="4" w:color="C00000"/>')
    paragraph_style(doc, "Klausul1", size=12, bold=True, color=ACCENT, before=18, after=6, keep_next=True,
                    num=(CLAUSE_NUM_ID, 0))
    paragraph_style(doc, "Klausul2", num=(CLAUSE_NUM_ID, 1), after=6)
    paragraph_style(doc, "Klausul3", num=(CLAUSE_NUM_ID, 2), after=6)
    paragraph_style(doc, "KlausulText", left=1.0, after=6)
    paragraph_style(doc, "Brodtext", after=6)
    paragraph_style(doc, "BrodtextHall", after=6, keep_next=True)  # Brodtext kept with the next paragraph
    paragraph_style(doc, "TabellText", size=10, after=0, line=1.0)
    paragraph_style(doc, "TabellRubrik", size=9, bold=True, color=GREY, after=0, line=1.0)
    paragraph_style(doc, "UnderskriftRubrik", bold=True, before=26, after=4, keep_next=True)
    paragraph_style(doc, "UnderskriftText", size=9, color=GREY, after=0, keep_next=True, line=1.0)
    paragraph_style(doc, "UnderskriftNamn", size=10, after=0, keep_next=True, line=1.0)
    # Each party's block keeps together; its last row lets the page break before the next party.
    paragraph_style(doc, "UnderskriftSlut", size=9, color=GREY, after=0, line=1.0)
    paragraph_style(doc, "BilagaRubrik", size=14, bold=True, font=HEADING_FONT, color=ACCENT, after=12,
                    keep_next=True, page_break=True)
    paragraph_style(doc, "BilagaRubrik2", size=11, bold=True, color=ACCENT, before=12, after=4, keep_next=True)
    paragraph_style(doc, "BilagaPunkt", after=3, num=(BULLET_NUM_ID, 0))
    paragraph_style(doc, "BilagaPunktHall", after=3, num=(BULLET_NUM_ID, 0), keep_next=True)
    paragraph_style(doc, "Ifyllnad", before=16, after=0, line=1.0)
    line = 'w:val="single" w:sz="4" w:space="1" w:color="7F7F7F"'  # "between" rules each of several lines
    paragraph_border(doc, "Ifyllnad", f'<w:bottom {line}/><w:between {line}/>')
    paragraph_style(doc, "Sidhuvud", size=9, color=GREY, after=0)
    paragraph_style(doc, "Sidfot", size=9, color=GREY, after=0, align=WD_ALIGN_PARAGRAPH.CENTER)
    table = doc.styles.add_style("Avtalstabell", WD_STYLE_TYPE.TABLE)
    table.base_style = doc.styles["Normal Table"]
    table.element.append(parse_xml(
        f'<w:tblPr {nsdecls("w")}><w:tblBorders>'
        '<w:top w:val="single" w:sz="8" w:space="0" w:color="1F3A5F"/>'
        '<w:bottom w:val="single" w:sz="8" w:space="0" w:color="1F3A5F"/>'
        '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>'
        '</w:tblBorders><w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'))


def para(container, text: str, style: str):
    paragraph = container.add_paragraph(text, style=style)
    return paragraph


def cell_text(cell, text: str, style: str) -> None:
    cell.paragraphs[0].text = text
    cell.paragraphs[0].style = cell.part.document.styles[style]


def bottom_border(cell) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.append(parse_xml(f'<w:tcBorders {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="0" '
                           'w:color="000000"/></w:tcBorders>'))


def set_widths(table, widths: tuple[float, ...]) -> None:
    """Set the column widths in the grid (what LibreOffice reads) and in every cell (what Word reads)."""
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)


def no_split(row) -> None:
    row._tr.get_or_add_trPr().insert(0, parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))  # first in CT_TrPr order


def add_cover(doc: Document) -> None:
    para(doc, "{%p if draft %}", "Brodtext")
    para(doc, "{{ t.draft_mark }}", "UtkastStampel")
    para(doc, "{%p endif %}", "Brodtext")
    para(doc, "{{ t.agreement_kind }}", "AvtalEtikett")
    para(doc, "{{ title }}", "AvtalTitel")
    para(doc, "{{ t.between }}", "AvtalRubrik")
    table = doc.add_table(rows=3, cols=4)
    table.style = doc.styles["Avtalstabell"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, label in zip(table.rows[0].cells, ("t.col_party", "t.col_org_number", "t.col_address",
                                                  "t.col_contact")):
        cell_text(cell, "{{ %s }}" % label, "TabellRubrik")
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    cell_text(table.rows[1].cells[0], "{%tr for p in parties %}", "TabellText")
    cells = table.rows[2].cells
    cell_text(cells[0], "{{ p.name }}", "TabellText")
    cells[0].add_paragraph("{{ p.role_label }}", style="TabellRubrik")
    cell_text(cells[1], "{{ p.org_number }}", "TabellText")
    cell_text(cells[2], "{{ p.address }}", "TabellText")
    cell_text(cells[3], "{{ p.contact.name }}", "TabellText")
    cells[3].add_paragraph("{{ p.contact.email }}", style="TabellText")
    no_split(table.rows[2])
    row = table.add_row()
    cell_text(row.cells[0], "{%tr endfor %}", "TabellText")
    set_widths(table, (3.8, 2.4, 3.0, 6.8))  # an org.nr on one line; an e-mail address of ~40 characters too
    para(doc, "{{ t.date_line }}", "AvtalDatum")
    para(doc, "{%p if draft %}", "Brodtext")
    para(doc, "{%p if t.stop_notice %}", "Brodtext")
    para(doc, "{{ t.stop_notice }}", "Stoppnotis")
    para(doc, "{%p endif %}", "Brodtext")
    para(doc, "{{ t.draft_notice }}", "Utkastnotis")
    para(doc, "{{ t.decision_support_note }}", "Utkastnotis")
    para(doc, "{%p endif %}", "Brodtext")


def add_clauses(doc: Document) -> None:
    para(doc, "{%p for c in clauses %}", "Brodtext")
    # The first clause starts the second page (a page break before it, not an empty paragraph).
    para(doc, "{{ c.title }}", "Klausul1")
    para(doc, "{{p c.body }}", "Klausul2")
    para(doc, "{%p endfor %}", "Brodtext")


def add_signatures(doc: Document) -> None:
    """One table for the blocks of all parties, with a gutter column between the two lines of a row.

    Every paragraph of a block keeps with the next, so a block never splits; its last row does
    not, so the page may break between two parties.
    """
    table = doc.add_table(rows=9, cols=3)
    rows = table.rows
    cell_text(rows[0].cells[0], "{%tr for p in parties %}", "UnderskriftText")
    heading = rows[1].cells[0].merge(rows[1].cells[2])
    cell_text(heading, "{{ t.for_party }} {{ p.name }}", "UnderskriftRubrik")
    no_split(rows[1])
    captions = (("t.place", "t.date"), ("t.signature", None), ("t.name_clarification", "t.signatory_title"))
    for index, (left, right) in enumerate(captions):
        line_row, caption_row = rows[2 + 2 * index], rows[3 + 2 * index]
        line_row.height = Cm(1.3 if index == 1 else 0.9)
        for column, cell in enumerate(line_row.cells):
            cell_text(cell, "", "UnderskriftText")
            if column == 0 or (column == 2 and right):  # the signature line is the left column only
                bottom_border(cell)
            bottom_aligned(cell)  # a printed name sits on its line (vAlign after tcBorders)
        for cell in caption_row.cells:
            cell_text(cell, "", "UnderskriftText")
        cell_text(caption_row.cells[0], "{{ %s }}" % left, "UnderskriftText")
        if right:
            cell_text(caption_row.cells[2], "{{ %s }}" % right, "UnderskriftText")
        no_split(line_row)
        no_split(caption_row)
    cell_text(rows[6].cells[0], "{{ p.signatory.name }}", "UnderskriftNamn")
    cell_text(rows[6].cells[2], "{{ p.signatory.title }}", "UnderskriftNamn")
    for cell in rows[7].cells:  # the block ends here: the page may break before the next party
        cell.paragraphs[0].style = doc.styles["UnderskriftSlut"]
    cell_text(rows[8].cells[0], "{%tr endfor %}", "UnderskriftText")
    set_widths(table, (7.5, 1.0, 7.5))


def bottom_aligned(cell) -> None:
    cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:vAlign {nsdecls("w")} w:val="bottom"/>'))


def add_annexes(doc: Document) -> None:
    para(doc, "{%p for a in annexes %}", "Brodtext")
    para(doc, "{{ a.title }}", "BilagaRubrik")
    para(doc, "{{p a.body }}", "Brodtext")
    para(doc, "{%p endfor %}", "Brodtext")


def add_header_footer(doc: Document) -> None:
    section = doc.sections[0]
    section.different_first_page_header_footer = True  # the cover shows the title itself
    first_footer = section.first_page_footer.paragraphs[0]
    first_footer.style = doc.styles["Sidfot"]
    page_number(first_footer)
    header = section.header.paragraphs[0]
    header.style = doc.styles["Sidhuvud"]
    header.paragraph_format.tab_stops.add_tab_stop(Cm(16.0), WD_TAB_ALIGNMENT.RIGHT)
    header.add_run("{{ title }}\t")
    mark = header.add_run("{% if draft %}{{ t.draft_mark }}{% endif %}")
    mark.bold, mark.font.size, mark.font.color.rgb = True, Pt(11), DRAFT_RED
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Sidfot"]
    page_number(footer)


def page_number(footer) -> None:
    """Write "Sida N av M" with Word fields into a footer paragraph."""
    footer.add_run("{{ t.page }} ")
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    footer.add_run(" {{ t.of }} ")
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r>'
                               '</w:fldSimple>'))


def build() -> bytes:
    """Return the template as .docx bytes (zip entries dated 1980 so the build is reproducible)."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    add_numbering(doc)
    add_styles(doc)
    body = doc.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):  # the default document's empty paragraph
        body.remove(paragraph)
    add_cover(doc)
    add_clauses(doc)
    add_signatures(doc)
    add_annexes(doc)
    add_header_footer(doc)
    package_rels = doc.part.package.rels
    for key in [k for k, rel in package_rels.items() if rel.reltype.endswith("/thumbnail")]:
        del package_rels[key]  # a picture of an empty page would stand for every agreement
    props = doc.core_properties
    props.title = props.subject = props.author = props.comments = props.keywords = ""
    props.identifier = props.category = props.last_modified_by = ""
    props.language = "sv-SE"
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename != "[Content_Types].xml"):
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), src.read(info.filename),
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else OUT
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(build())
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
