/**
 * A strict reader of ZIP archives held in memory, for plug-in bundles that come from outside. It
 * reads the central directory and checks every entry's local header against it, and refuses what
 * an archive made for a plug-in never needs and an attack does: ZIP64, several disks, encryption,
 * compression other than none and Deflate, data before the first entry or between the entries and
 * the directory, entries that overlap (a bomb made of one stream read many times), a local name
 * that differs from the directory's. Unpacking stops at the size the directory declares, so an
 * entry that lies about its size costs no more memory than its declaration.
 */
import zlib from 'node:zlib';

/** Why an archive could not be read. */
export type ZipProblem = 'notAZip' | 'unsupportedEntry' | 'corruptEntry';

export class ZipError extends Error {
  constructor(
    readonly problem: ZipProblem,
    /** The entry at fault, when there is one. */
    readonly entryName?: string,
  ) {
    super(entryName ? `${problem}: ${entryName}` : problem);
    this.name = 'ZipError';
  }
}

/** What an entry is, from its attributes. */
export type ZipEntryKind = 'file' | 'directory' | 'symbolicLink' | 'special';

export interface ZipEntry {
  name: string;
  kind: ZipEntryKind;
  /** 0: stored, 8: Deflate. */
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Where the entry's data starts in the archive. */
  dataOffset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const END_OF_DIRECTORY_SIZE = 22;
const DIRECTORY_ENTRY_SIZE = 46;
const LOCAL_HEADER_SIZE = 30;

const FLAG_ENCRYPTED = 0x0001;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const FLAG_UTF8 = 0x0800;

const HOST_UNIX = 3;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const DOS_DIRECTORY = 0x10;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function findEndOfDirectory(archive: Buffer): number {
  const earliest = Math.max(0, archive.length - END_OF_DIRECTORY_SIZE - 0xffff);
  for (let offset = archive.length - END_OF_DIRECTORY_SIZE; offset >= earliest; offset--) {
    if (archive.readUInt32LE(offset) !== END_OF_DIRECTORY) continue;
    // The record's comment must reach exactly to the end: anything else is a signature found by chance.
    if (offset + END_OF_DIRECTORY_SIZE + archive.readUInt16LE(offset + 20) === archive.length) return offset;
  }
  throw new ZipError('notAZip');
}

function entryName(bytes: Buffer, flags: number): string {
  if (flags & FLAG_UTF8) {
    try {
      return utf8.decode(bytes);
    } catch {
      throw new ZipError('corruptEntry', bytes.toString('latin1'));
    }
  }
  // Without the UTF-8 flag the name is in the DOS code page; only its ASCII part reads the same everywhere.
  return bytes.toString('latin1');
}

function entryKind(versionMadeBy: number, externalAttributes: number, name: string): ZipEntryKind {
  if (versionMadeBy >> 8 === HOST_UNIX) {
    const type = (externalAttributes >>> 16) & S_IFMT;
    if (type === S_IFLNK) return 'symbolicLink';
    if (type === S_IFDIR) return 'directory';
    if (type !== S_IFREG && type !== 0) return 'special';
  }
  if (externalAttributes & DOS_DIRECTORY || name.endsWith('/')) return 'directory';
  return 'file';
}

/**
 * The entries of an archive, in the order of its central directory. Throws {@link ZipError} when
 * the bytes are not a ZIP archive this reader accepts.
 */
export function readZipDirectory(archive: Buffer): ZipEntry[] {
  if (archive.length < END_OF_DIRECTORY_SIZE) throw new ZipError('notAZip');
  const end = findEndOfDirectory(archive);
  const diskNumber = archive.readUInt16LE(end + 4);
  const directoryDisk = archive.readUInt16LE(end + 6);
  const entriesOnDisk = archive.readUInt16LE(end + 8);
  const entryCount = archive.readUInt16LE(end + 10);
  const directorySize = archive.readUInt32LE(end + 12);
  const directoryOffset = archive.readUInt32LE(end + 16);
  if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) throw new ZipError('unsupportedEntry'); // ZIP64
  if (diskNumber !== 0 || directoryDisk !== 0 || entriesOnDisk !== entryCount) throw new ZipError('unsupportedEntry');
  // The directory ends where its end record starts: nothing hidden between them.
  if (directoryOffset + directorySize !== end) throw new ZipError('notAZip');

  const entries: ZipEntry[] = [];
  /** Where each entry's local header starts. */
  const starts: number[] = [];
  let cursor = directoryOffset;
  for (let index = 0; index < entryCount; index++) {
    if (cursor + DIRECTORY_ENTRY_SIZE > end || archive.readUInt32LE(cursor) !== DIRECTORY_ENTRY) throw new ZipError('notAZip');
    const versionMadeBy = archive.readUInt16LE(cursor + 4);
    const flags = archive.readUInt16LE(cursor + 8);
    const method = archive.readUInt16LE(cursor + 10);
    const crc32 = archive.readUInt32LE(cursor + 16);
    const compressedSize = archive.readUInt32LE(cursor + 20);
    const uncompressedSize = archive.readUInt32LE(cursor + 24);
    const nameLength = archive.readUInt16LE(cursor + 28);
    const extraLength = archive.readUInt16LE(cursor + 30);
    const commentLength = archive.readUInt16LE(cursor + 32);
    const startDisk = archive.readUInt16LE(cursor + 34);
    const externalAttributes = archive.readUInt32LE(cursor + 38);
    const localOffset = archive.readUInt32LE(cursor + 42);
    const next = cursor + DIRECTORY_ENTRY_SIZE + nameLength + extraLength + commentLength;
    if (next > end) throw new ZipError('notAZip');
    const nameBytes = archive.subarray(cursor + DIRECTORY_ENTRY_SIZE, cursor + DIRECTORY_ENTRY_SIZE + nameLength);
    const name = entryName(nameBytes, flags);
    if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) throw new ZipError('unsupportedEntry', name);
    if (method !== 0 && method !== 8) throw new ZipError('unsupportedEntry', name);
    if (startDisk !== 0 || compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localOffset === 0xffffffff) throw new ZipError('unsupportedEntry', name);
    if (method === 0 && compressedSize !== uncompressedSize) throw new ZipError('corruptEntry', name);

    // The local header must name the same entry the same way.
    if (localOffset + LOCAL_HEADER_SIZE > directoryOffset || archive.readUInt32LE(localOffset) !== LOCAL_HEADER) throw new ZipError('corruptEntry', name);
    const localMethod = archive.readUInt16LE(localOffset + 8);
    const localNameLength = archive.readUInt16LE(localOffset + 26);
    const localExtraLength = archive.readUInt16LE(localOffset + 28);
    const localName = archive.subarray(localOffset + LOCAL_HEADER_SIZE, localOffset + LOCAL_HEADER_SIZE + localNameLength);
    if (localMethod !== method || !localName.equals(nameBytes)) throw new ZipError('corruptEntry', name);
    const dataOffset = localOffset + LOCAL_HEADER_SIZE + localNameLength + localExtraLength;
    if (dataOffset + compressedSize > directoryOffset) throw new ZipError('corruptEntry', name);

    entries.push({ name, kind: entryKind(versionMadeBy, externalAttributes, name), method, crc32, compressedSize, uncompressedSize, dataOffset });
    starts.push(localOffset);
    cursor = next;
  }
  if (cursor !== end) throw new ZipError('notAZip');

  // No two entries share bytes, and the first starts the archive: a stream read twice is a bomb, data before the first entry a disguise.
  const byOffset = entries.map((entry, index) => ({ entry, start: starts[index]! })).sort((a, b) => a.start - b.start);
  let reached = 0;
  for (const { entry, start } of byOffset) {
    if (start < reached || (reached === 0 && start !== 0)) throw new ZipError('corruptEntry', entry.name);
    reached = entry.dataOffset + entry.compressedSize;
  }
  return entries;
}

/**
 * The content of a file entry. Inflating stops at the size the directory declares; content of
 * another size or with another CRC-32 than declared is {@link ZipError} `corruptEntry`.
 */
export function readZipEntry(archive: Buffer, entry: ZipEntry): Buffer {
  const packed = archive.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  let content: Buffer;
  if (entry.method === 0) content = Buffer.from(packed);
  else {
    try {
      // One byte more than declared is enough to know the declaration was a lie.
      content = zlib.inflateRawSync(packed, { maxOutputLength: entry.uncompressedSize + 1 });
    } catch {
      throw new ZipError('corruptEntry', entry.name);
    }
  }
  if (content.length !== entry.uncompressedSize || zlib.crc32(content) !== entry.crc32) throw new ZipError('corruptEntry', entry.name);
  return content;
}
