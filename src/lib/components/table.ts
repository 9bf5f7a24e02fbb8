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
