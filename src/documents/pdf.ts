import {mkdtempSync, renameSync, rmSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'

import {execa} from 'execa'

export type PdfResult = {ok: true; pdf: string} | {ok: false; message: string}

/**
 * Renders a .docx to PDF beside it with LibreOffice (`soffice --headless --convert-to pdf`). The PDF
 * is made in a private folder (own LibreOffice profile, so parallel calls do not fight over one) and
 * renamed into place. Without LibreOffice the .docx stands and the caller says why there is no PDF.
 */
export const convertToPdf = async (docxPath: string): Promise<PdfResult> => {
  const work = mkdtempSync(join(dirname(docxPath), '.pdf-'))
  // Read per call, not at module load: the environment of the run that asks is the one that counts.
  const soffice = process.env.ZFJL_SOFFICE ?? 'soffice'
  try {
    await execa(soffice, ['--headless', `-env:UserInstallation=file://${join(work, 'profile')}`, '--convert-to', 'pdf', '--outdir', work, docxPath], {
      timeout: 120_000,
    })
    const made = join(work, basename(docxPath).replace(/\.docx$/i, '.pdf'))
    const target = join(dirname(docxPath), basename(made))
    renameSync(made, target)
    return {ok: true, pdf: target}
  } catch (error) {
    const missing = (error as {code?: string}).code === 'ENOENT'
    return {
      message: missing
        ? '未安装 LibreOffice（找不到 soffice 命令），未生成 PDF；.docx 文书已生成。安装：apt-get install libreoffice-writer'
        : `LibreOffice 转换 PDF 失败，未生成 PDF；.docx 文书已生成。${(error as {shortMessage?: string}).shortMessage ?? (error as Error).message}`,
      ok: false,
    }
  } finally {
    rmSync(work, {force: true, recursive: true})
  }
}
