/**
 * Writes ZIP archives byte by byte, including what no honest ZIP tool writes: unsafe names, links,
 * duplicate entries, sizes and CRCs that lie, overlapping entries, encryption flags. For the tests of
 * the bundle verifier.
 */
import zlib from 'node:zlib';

export interface RawEntry {
  name: string;
  content: Buffer;
  /** 0 stored, 8 Deflate (default), anything else as given. */
  method?: number;
  /** The packed bytes as written (default: the content, deflated when the method is 8). */
  packed?: Buffer;
  /** What the headers declare (default: the truth). */
  declaredSize?: number;
  crc32?: number;
  flags?: number;
  /** Unix mode in the external attributes (default a regular file, 0644). */
  unixMode?: number;
  /** The name in the local header, when it differs from the directory's. */
  localName?: string;
  /** Point the directory at another entry's local header (by index): overlapping entries. */
  sameDataAs?: number;
  /** The packed size the directory declares, when it differs from the bytes written (reaching into the next entry). */
  declaredPackedSize?: number;
}

function dosDateTime(): { time: number; date: number } {
  return { time: 0, date: (20 << 9) | (1 << 5) | 1 }; // 2000-01-01
}

/** What the local header and the central directory record both say of an entry, in the same order. */
interface SharedFields {
  flags: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  packedSize: number;
  size: number;
  nameLength: number;
}

/** Writes the fields both headers share (flags to name length, 24 bytes) at `at`. */
function writeSharedFields(header: Buffer, at: number, fields: SharedFields): void {
  header.writeUInt16LE(fields.flags | 0x0800, at); // names in UTF-8
  header.writeUInt16LE(fields.method, at + 2);
  header.writeUInt16LE(fields.time, at + 4);
  header.writeUInt16LE(fields.date, at + 6);
  header.writeUInt32LE(fields.crc, at + 8);
  header.writeUInt32LE(fields.packedSize, at + 12);
  header.writeUInt32LE(fields.size, at + 16);
  header.writeUInt16LE(fields.nameLength, at + 20);
}

/** The archive of `entries`, in order, with `prefix` bytes before the first entry. */
export function buildZip(entries: RawEntry[], options: { prefix?: Buffer; comment?: string } = {}): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  const push = (part: Buffer) => {
    parts.push(part);
    offset += part.length;
  };
  if (options.prefix) push(options.prefix);
  const { time, date } = dosDateTime();
  const written: { entry: RawEntry; localOffset: number; packed: Buffer; crc: number; size: number; method: number }[] = [];
  for (const entry of entries) {
    const method = entry.method ?? 8;
    const packed = entry.packed ?? (method === 8 ? zlib.deflateRawSync(entry.content) : entry.content);
    const crc = entry.crc32 ?? zlib.crc32(entry.content);
    const size = entry.declaredSize ?? entry.content.length;
    if (entry.sameDataAs !== undefined) {
      const shared = written[entry.sameDataAs]!;
      written.push({ entry, localOffset: shared.localOffset, packed: shared.packed, crc: shared.crc, size: shared.size, method: shared.method });
      continue;
    }
    const name = Buffer.from(entry.localName ?? entry.name, 'utf8');
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    writeSharedFields(header, 6, { flags: entry.flags ?? 0, method, time, date, crc, packedSize: packed.length, size, nameLength: name.length });
    header.writeUInt16LE(0, 28);
    const localOffset = offset;
    push(header);
    push(name);
    push(packed);
    written.push({ entry, localOffset, packed, crc, size, method });
  }
  const directoryOffset = offset;
  for (const { entry, localOffset, packed, crc, size, method } of written) {
    const name = Buffer.from(entry.name, 'utf8');
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE((3 << 8) | 20, 4); // made on Unix
    record.writeUInt16LE(20, 6);
    writeSharedFields(record, 8, { flags: entry.flags ?? 0, method, time, date, crc, packedSize: entry.declaredPackedSize ?? packed.length, size, nameLength: name.length });
    record.writeUInt32LE(((entry.unixMode ?? 0o100644) << 16) >>> 0, 38);
    record.writeUInt32LE(localOffset, 42);
    push(record);
    push(name);
  }
  const comment = Buffer.from(options.comment ?? '', 'utf8');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(written.length, 8);
  end.writeUInt16LE(written.length, 10);
  end.writeUInt32LE(offset - directoryOffset, 12);
  end.writeUInt32LE(directoryOffset, 16);
  end.writeUInt16LE(comment.length, 20);
  push(end);
  push(comment);
  return Buffer.concat(parts);
}
