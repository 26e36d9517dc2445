/** The one WebAssembly API used here (page-aligned memory for direct I/O); the DOM lib is not loaded. */
declare namespace WebAssembly {
  class Memory {
    constructor(descriptor: {initial: number; maximum?: number; shared?: boolean})
    readonly buffer: ArrayBuffer | SharedArrayBuffer
  }
}
