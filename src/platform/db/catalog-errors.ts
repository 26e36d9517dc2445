/**
 * The catalog's own failure codes, for callers that must not know it is SQLite: the database's word
 * for a full disk, and for its I/O failures (a read-only or unopenable file, a failed read or write).
 */
export const isCatalogDiskFull = (code: string | undefined): boolean => code === 'SQLITE_FULL'

export const isCatalogIoFailure = (code: string | undefined): boolean => code !== undefined && /^SQLITE_(IOERR|CANTOPEN|READONLY)/.test(code)
