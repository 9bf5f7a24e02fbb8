// The columns of a DataTable, typed by its rows: a column's key is a field of
// the row, and its formatter gets that field's type.
export type Column<T> = {
	[K in keyof T & string]: {
		key: K;
		label: string;
		format?: (v: T[K], row: T) => string;
		align?: 'right' | 'left';
		title?: (row: T) => string;
	};
}[keyof T & string];

/**
 * Rows a server pages and orders (a list too long to send at once): the rows a
 * DataTable gets are the page at `offset` of `total`, `max` rows a page; the
 * pager and a header click call back for another page or order, and the
 * exports ask for every row.
 */
export interface RemoteRows<T> {
	total: number;
	offset: number;
	/** the order the server applied (a column key), none: its default */
	sort: { key: string; dir: 'asc' | 'desc' } | null;
	onpage: (offset: number) => void;
	onsort: (key: string, dir: 'asc' | 'desc') => void;
	/** every row of the list in the order shown, for the CSV and Excel exports */
	all: () => Promise<T[]>;
}
