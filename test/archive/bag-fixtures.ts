import {AlignmentType, Document, Packer, Paragraph, TextRun} from 'docx'
import {randomBytes} from 'node:crypto'

/**
 * Small real files for archive tests, built in memory: a WAV and an MP4 whose durations the parsers
 * read back, and a Word document made with the same library the documents capability uses.
 */

const box = (type: string, body: Buffer): Buffer => {
  const header = Buffer.alloc(8)
  header.writeUInt32BE(8 + body.length, 0)
  header.write(type, 4, 'latin1')
  return Buffer.concat([header, body])
}

/** ISO BMFF with ftyp, a moov/mvhd carrying the duration, and `payloadBytes` of mdat. */
export const buildMp4 = (durationSec: number, payloadBytes = 4096): Buffer => {
  const ftyp = box('ftyp', Buffer.concat([Buffer.from('isom', 'latin1'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2mp41', 'latin1')]))
  const mvhd = Buffer.alloc(100)
  mvhd.writeUInt32BE(1000, 12) // timescale
  mvhd.writeUInt32BE(Math.round(durationSec * 1000), 16)
  mvhd.writeUInt32BE(0x00010000, 20) // rate 1.0
  mvhd.writeUInt16BE(0x0100, 24) // volume 1.0
  for (const [index, value] of [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].entries()) mvhd.writeUInt32BE(value, 36 + index * 4)
  mvhd.writeUInt32BE(2, 96) // next track id
  return Buffer.concat([ftyp, box('moov', box('mvhd', mvhd)), box('mdat', randomBytes(payloadBytes))])
}

export const buildWav = (durationSec: number, sampleRate = 8000): Buffer => {
  const samples = Math.round(sampleRate * durationSec)
  const data = Buffer.alloc(samples * 2)
  for (let index = 0; index < samples; index++) data.writeInt16LE(Math.round(6000 * Math.sin((2 * Math.PI * 440 * index) / sampleRate)), index * 2)
  const fmt = Buffer.alloc(16)
  fmt.writeUInt16LE(1, 0)
  fmt.writeUInt16LE(1, 2)
  fmt.writeUInt32LE(sampleRate, 4)
  fmt.writeUInt32LE(sampleRate * 2, 8)
  fmt.writeUInt16LE(2, 12)
  fmt.writeUInt16LE(16, 14)
  const chunk = (id: string, body: Buffer) => {
    const header = Buffer.alloc(8)
    header.write(id, 0, 'latin1')
    header.writeUInt32LE(body.length, 4)
    return Buffer.concat([header, body])
  }

  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), chunk('fmt ', fmt), chunk('data', data)])
  const riff = Buffer.alloc(8)
  riff.write('RIFF', 0, 'latin1')
  riff.writeUInt32LE(body.length, 4)
  return Buffer.concat([riff, body])
}

export const buildDocx = (title: string, body: string): Promise<Buffer> =>
  Packer.toBuffer(
    new Document({
      sections: [
        {
          children: [
            new Paragraph({alignment: AlignmentType.CENTER, children: [new TextRun({bold: true, text: title})]}),
            new Paragraph({children: [new TextRun(body)]}),
          ],
        },
      ],
    }),
  )
