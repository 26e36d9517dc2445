// piexifjs and pngjs ship no type declarations; the test builders use a small, known part of each.
declare module 'piexifjs' {
  const piexif: {
    ImageIFD: Record<string, number>
    ExifIFD: Record<string, number>
    GPSIFD: Record<string, number>
    dump(exif: Record<string, Record<number, unknown>>): string
    insert(exif: string, jpegBinary: string): string
  }
  export default piexif
}

declare module 'pngjs' {
  export class PNG {
    constructor(options: {width: number; height: number})
    data: Buffer
    static sync: {write(png: PNG): Buffer}
  }
}
