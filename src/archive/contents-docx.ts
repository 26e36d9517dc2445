import {AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType} from 'docx'

import type {ContentsEntry} from './case-metadata.js'

/** Columns of the 卷内目录 (DA/T 22 归档文件整理规则, 附录 卷内文件目录), widths in percent. */
const COLUMNS: Array<{title: string; width: number; value: (entry: ContentsEntry) => string}> = [
  {title: '件号', value: (entry) => String(entry.seq), width: 6},
  {title: '责任者', value: (entry) => entry.responsible, width: 14},
  {title: '文号', value: (entry) => entry.number ?? '', width: 18},
  {title: '题名', value: (entry) => entry.title, width: 26},
  {title: '日期', value: (entry) => entry.date.replaceAll('-', ''), width: 10},
  {title: '文件', value: (entry) => entry.bagPath.replace(/^data\//, ''), width: 18},
  {title: '备注', value: (entry) => entry.note ?? '', width: 8},
]

const FONT = 'SimSun'

const cell = (value: string, width: number, bold = false) =>
  new TableCell({
    children: [new Paragraph({children: [new TextRun({bold, font: FONT, size: 20, text: value})]})],
    width: {size: width, type: WidthType.PERCENTAGE},
  })

/** The table of contents as a Word document, in archival order. */
export const buildContentsDocx = async (input: {unit: string; caseId: string; caseTitle: string; entries: ContentsEntry[]}): Promise<Buffer> => {
  const document = new Document({
    creator: input.unit,
    sections: [
      {
        children: [
          new Paragraph({alignment: AlignmentType.CENTER, children: [new TextRun({bold: true, font: FONT, size: 36, text: '卷内目录'})]}),
          new Paragraph({children: [new TextRun({font: FONT, size: 22, text: `案件：${input.caseId} ${input.caseTitle}`})]}),
          new Paragraph({children: [new TextRun({font: FONT, size: 22, text: `立卷单位：${input.unit}`})]}),
          new Table({
            rows: [
              new TableRow({children: COLUMNS.map((column) => cell(column.title, column.width, true)), tableHeader: true}),
              ...input.entries.map((entry) => new TableRow({children: COLUMNS.map((column) => cell(column.value(entry), column.width))})),
            ],
            width: {size: 100, type: WidthType.PERCENTAGE},
          }),
        ],
      },
    ],
    title: `卷内目录 ${input.caseId}`,
  })
  return Packer.toBuffer(document)
}
