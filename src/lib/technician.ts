// A technician as the pages, tables, charts and their exports show one: the id
// (what the filters and the data use) with the roster's name beside it.
// Names come from the server (src/lib/server/metrics/technicians.ts).

/** 'T0012 张伟'; the id alone when the roster has no name; '—' for no technician. */
export function technicianLabel(id: string | null | undefined, name?: string | null): string {
	if (id === null || id === undefined || id === '') return '—';
	return name ? `${id} ${name}` : id;
}
