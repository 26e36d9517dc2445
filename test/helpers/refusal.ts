import {ZfjlError} from '../../src/platform/errors.js'

/** The ZfjlError that `work` throws, to assert on its code and message; anything else fails the test. */
export const refusalOf = (work: () => unknown): ZfjlError => {
  try {
    work()
  } catch (error) {
    if (error instanceof ZfjlError) return error
    throw error
  }

  throw new Error('expected a ZfjlError')
}

/** The ZfjlError that the promise of `work` rejects with; anything else (or no rejection) fails the test. */
export const rejectionOf = async (work: () => Promise<unknown>): Promise<ZfjlError> => {
  try {
    await work()
  } catch (error) {
    if (error instanceof ZfjlError) return error
    throw error
  }

  throw new Error('expected a ZfjlError')
}
