// The rows of an Arrow IPC stream as the server writes them (src/lib/server/api/respond.ts: tableToIPC of
// tableFromJSON), read without apache-arrow: that library was ~170 KB of the ~750 KB of script every page compiled
// before drawing (bench/README.md). This reads the flat columns the server's rows make — numbers (Float64), strings
// (dictionary-encoded Utf8), booleans, bigints (Int64), all-null columns — into the same objects as
// `tableFromIPC(bytes).toArray().map((r) => r.toJSON())`; anything else (a nested, temporal or compressed column)
// returns null and the caller reads it with apache-arrow itself (tests/unit/arrow-decode.test.ts compares the two on
// every Arrow data source and on random tables).
//
// The format: https://arrow.apache.org/docs/format/Columnar.html#serialization-and-interprocess-communication-ipc —
// messages of [0xFFFFFFFF, metadata length, a flatbuffer Message, its body]; a Schema, then a DictionaryBatch per
// dictionary, then RecordBatches.

type Value = number | string | boolean | bigint | null;
export type ArrowRow = Record<string, Value>;

/** A flatbuffer table: its fields by index (vtable slot). */
class Table {
	constructor(
		private v: DataView,
		readonly pos: number
	) {}
	private slot(i: number): number {
		const vt = this.v.getInt32(this.pos, true);
		const vtable = this.pos - vt;
		const size = this.v.getUint16(vtable, true);
		const at = 4 + 2 * i;
		return at < size ? this.v.getUint16(vtable + at, true) : 0;
	}
	int(i: number, bytes: 1 | 2 | 4, fallback = 0): number {
		const o = this.slot(i);
		if (!o) return fallback;
		const p = this.pos + o;
		return bytes === 1 ? this.v.getUint8(p) : bytes === 2 ? this.v.getInt16(p, true) : this.v.getInt32(p, true);
	}
	long(i: number): number {
		const o = this.slot(i);
		return o ? Number(this.v.getBigInt64(this.pos + o, true)) : 0;
	}
	private target(i: number): number | null {
		const o = this.slot(i);
		if (!o) return null;
		const p = this.pos + o;
		return p + this.v.getUint32(p, true);
	}
	table(i: number): Table | null {
		const t = this.target(i);
		return t === null ? null : new Table(this.v, t);
	}
	string(i: number): string {
		const t = this.target(i);
		if (t === null) return '';
		const n = this.v.getUint32(t, true);
		return utf8.decode(new Uint8Array(this.v.buffer, this.v.byteOffset + t + 4, n));
	}
	/** a vector of tables */
	tables(i: number): Table[] {
		const t = this.target(i);
		if (t === null) return [];
		const n = this.v.getUint32(t, true);
		const out: Table[] = [];
		for (let k = 0; k < n; k++) {
			const e = t + 4 + 4 * k;
			out.push(new Table(this.v, e + this.v.getUint32(e, true)));
		}
		return out;
	}
	/** a vector of structs of `width` bytes made of int64s: each as numbers */
	structs(i: number, width: number): number[][] {
		const t = this.target(i);
		if (t === null) return [];
		const n = this.v.getUint32(t, true);
		const out: number[][] = [];
		for (let k = 0; k < n; k++) {
			const row: number[] = [];
			for (let b = 0; b < width; b += 8) row.push(Number(this.v.getBigInt64(t + 4 + k * width + b, true)));
			out.push(row);
		}
		return out;
	}
}

const utf8 = new TextDecoder();

/** Type ids of the Type union (Schema.fbs) this reader knows. */
const NULL = 1,
	INT = 2,
	FLOAT = 3,
	UTF8 = 5,
	BOOL = 6;

interface Column {
	name: string;
	type: number;
	/** Int: bytes and sign; FloatingPoint: bytes */
	bytes: number;
	signed: boolean;
	/** a dictionary-encoded column: its dictionary's id, and the indices' width */
	dictionary: { id: number; bytes: number; signed: boolean } | null;
}

/** The column of a Field, or null when this reader does not know it (then the whole stream goes to apache-arrow). */
function column(f: Table): Column | null {
	if (f.tables(5).length) return null; // children: a nested type
	const type = f.int(2, 1);
	const t = f.table(3);
	let bytes = 0;
	let signed = true;
	if (type === INT && t) {
		bytes = t.int(0, 4) / 8;
		signed = t.int(1, 1) === 1;
	} else if (type === FLOAT && t) {
		const precision = t.int(0, 2);
		if (precision === 0) return null; // half floats
		bytes = precision === 1 ? 4 : 8;
	} else if (type !== NULL && type !== UTF8 && type !== BOOL) return null;
	const d = f.table(4);
	let dictionary: Column['dictionary'] = null;
	if (d) {
		const idx = d.table(1);
		dictionary = { id: d.long(0), bytes: idx ? idx.int(0, 4) / 8 : 4, signed: idx ? idx.int(1, 1) === 1 : true };
		if (type !== UTF8) return null;
	}
	return { name: f.string(0), type, bytes, signed, dictionary };
}

/** One column's values from a RecordBatch's field nodes and buffers (the cursors move past what it used). */
function values(
	c: { type: number; bytes: number; signed: boolean },
	body: DataView,
	node: number[],
	buffers: number[][],
	cursor: { buffer: number },
	dictionary?: Value[]
): Value[] {
	const [length, nulls] = node;
	const out: Value[] = new Array(length);
	if (c.type === NULL) return out.fill(null);
	const [vOff, vLen] = buffers[cursor.buffer++];
	const valid = (i: number) => nulls === 0 || vLen === 0 || ((body.getUint8(vOff + (i >> 3)) >> (i & 7)) & 1) === 1;
	const [dOff] = buffers[cursor.buffer++];
	if (dictionary) {
		for (let i = 0; i < length; i++) out[i] = valid(i) ? dictionary[Number(int(body, dOff + i * c.bytes, c.bytes, c.signed))] : null;
		return out;
	}
	if (c.type === UTF8) {
		const [sOff] = buffers[cursor.buffer++];
		const bytes = new Uint8Array(body.buffer, body.byteOffset);
		for (let i = 0; i < length; i++) {
			if (!valid(i)) {
				out[i] = null;
				continue;
			}
			const a = body.getInt32(dOff + 4 * i, true);
			const b = body.getInt32(dOff + 4 * i + 4, true);
			out[i] = utf8.decode(bytes.subarray(sOff + a, sOff + b));
		}
		return out;
	}
	for (let i = 0; i < length; i++) {
		if (!valid(i)) out[i] = null;
		else if (c.type === BOOL) out[i] = ((body.getUint8(dOff + (i >> 3)) >> (i & 7)) & 1) === 1;
		else if (c.type === FLOAT) out[i] = c.bytes === 8 ? body.getFloat64(dOff + 8 * i, true) : body.getFloat32(dOff + 4 * i, true);
		else out[i] = int(body, dOff + i * c.bytes, c.bytes, c.signed);
	}
	return out;
}

/** An integer as apache-arrow gives it: a number up to 32 bits, a bigint at 64. */
function int(v: DataView, at: number, bytes: number, signed: boolean): number | bigint {
	switch (bytes) {
		case 1:
			return signed ? v.getInt8(at) : v.getUint8(at);
		case 2:
			return signed ? v.getInt16(at, true) : v.getUint16(at, true);
		case 4:
			return signed ? v.getInt32(at, true) : v.getUint32(at, true);
		default:
			return signed ? v.getBigInt64(at, true) : v.getBigUint64(at, true);
	}
}

const SCHEMA = 1,
	DICTIONARY_BATCH = 2,
	RECORD_BATCH = 3;

/**
 * The rows of an Arrow IPC stream, each an object keyed by column name, as apache-arrow's
 * `tableFromIPC(bytes).toArray().map((r) => r.toJSON())` gives them; null when the stream holds a column or a
 * feature this reader does not know (the caller then uses apache-arrow).
 */
export function readArrowRows(bytes: Uint8Array): ArrowRow[] | null {
	const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let pos = 0;
	let columns: Column[] | null = null;
	const dictionaries = new Map<number, Value[]>();
	const rows: ArrowRow[] = [];
	while (pos + 4 <= v.byteLength) {
		let size = v.getInt32(pos, true);
		pos += 4;
		if (size === -1) {
			if (pos + 4 > v.byteLength) break;
			size = v.getInt32(pos, true);
			pos += 4;
		}
		if (size === 0) break; // end of stream
		const meta = new DataView(v.buffer, v.byteOffset + pos, size);
		const message = new Table(meta, meta.getUint32(0, true));
		pos += size;
		const bodyLength = message.long(3);
		const body = new DataView(v.buffer, v.byteOffset + pos, bodyLength);
		pos += bodyLength;
		const kind = message.int(1, 1);
		const header = message.table(2);
		if (!header) return null;
		if (kind === SCHEMA) {
			if (header.int(0, 2) !== 0) return null; // big-endian
			columns = [];
			for (const f of header.tables(1)) {
				const c = column(f);
				if (!c) return null;
				columns.push(c);
			}
		} else if (kind === DICTIONARY_BATCH) {
			const batch = header.table(1);
			if (!batch || batch.table(3)) return null; // compressed
			const nodes = batch.structs(1, 16);
			const buffers = batch.structs(2, 16);
			const read = values({ type: UTF8, bytes: 0, signed: true }, body, nodes[0], buffers, { buffer: 0 });
			const id = header.long(0);
			const isDelta = header.int(2, 1) === 1;
			dictionaries.set(id, isDelta ? [...(dictionaries.get(id) ?? []), ...read] : read);
		} else if (kind === RECORD_BATCH) {
			if (!columns || header.table(3)) return null; // no schema yet, or compressed
			const length = header.long(0);
			const nodes = header.structs(1, 16);
			const buffers = header.structs(2, 16);
			const cursor = { buffer: 0 };
			const cols = columns.map((c, i) => {
				if (!c.dictionary) return values(c, body, nodes[i], buffers, cursor);
				const dict = dictionaries.get(c.dictionary.id) ?? [];
				return values({ type: INT, ...c.dictionary }, body, nodes[i], buffers, cursor, dict);
			});
			for (let r = 0; r < length; r++) {
				const row: ArrowRow = {};
				for (let i = 0; i < columns.length; i++) row[columns[i].name] = cols[i][r];
				rows.push(row);
			}
		} else return null;
	}
	return rows;
}
