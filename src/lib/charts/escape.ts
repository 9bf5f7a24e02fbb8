// Tooltip HTML is built from strings that come from the data (team, reason,
// model, component, supplier …): every such string goes through escapeHtml, so
// a label like `<img src=x>` is shown as text and never becomes an element.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The text as HTML text (safe in element content and in quoted attribute values). null/undefined → ''. */
export function escapeHtml(value: unknown): string {
	if (value === null || value === undefined) return '';
	return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
