// Telling a group chat: after an ingest, each new alarm and each reopened case
// is POSTed to the configured webhooks (settings `webhooks`: WeCom, DingTalk and
// Feishu group robots take a JSON POST each in their own shape; `json` gets the
// event as it is), with a link to the case. Each delivery is retried with
// backoff; a failure is logged and never reaches the ingest.

export const WEBHOOK_KINDS = ['wecom', 'dingtalk', 'feishu', 'json'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];
export interface Webhook {
	url: string;
	kind: WebhookKind;
}

/** Checks the settings file's `webhooks` (an array of { url, kind }); config.ts calls it. */
export function parseWebhooks(value: unknown, key = 'webhooks'): Webhook[] {
	if (!Array.isArray(value)) throw new Error(`${key} must be an array of { "url": "https://…", "kind": "${WEBHOOK_KINDS.join('" | "')}" }`);
	return value.map((v, i) => {
		const at = `${key}[${i}]`;
		if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${at} must be an object { url, kind }`);
		const { url, kind, ...rest } = v as Record<string, unknown>;
		if (Object.keys(rest).length) throw new Error(`${at}.${Object.keys(rest)[0]} is not a setting (url, kind)`);
		if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new Error(`${at}.url must be an http(s) address`);
		if (typeof kind !== 'string' || !(WEBHOOK_KINDS as readonly string[]).includes(kind))
			throw new Error(`${at}.kind must be one of ${WEBHOOK_KINDS.join(', ')}`);
		return { url, kind: kind as WebhookKind };
	});
}

/** What an ingest turned up. */
export interface CaseNotice {
	kind: 'alarm' | 'reopened';
	month: string;
	product_model: string;
	fault_component: string;
	count: number;
	expected: number | null;
	p_value: number | null;
	/** the case it concerns (reopened, or already open for the pair); null: none yet */
	case_id: number | null;
	/** the case's page, or the page that opens one for the pair */
	url: string;
}

export function noticeText(n: CaseNotice): string {
	const head =
		n.kind === 'reopened'
			? `Case ${n.case_id} reopened / 质量问题已重新打开: ${n.product_model} × ${n.fault_component} alarmed again in ${n.month}`
			: `New alarm / 新预警: ${n.product_model} × ${n.fault_component} in ${n.month}`;
	const fig = `${n.count} repairs${n.expected !== null ? `, ${n.expected.toFixed(1)} expected` : ''}${n.p_value !== null ? `, p = ${n.p_value.toPrecision(2)}` : ''}`;
	return `${head} (${fig})\n${n.url}`;
}

/** The body each kind of robot takes. */
export function payload(kind: WebhookKind, n: CaseNotice): unknown {
	const text = noticeText(n);
	const title =
		n.kind === 'reopened' ? `fieldloop: case ${n.case_id} reopened` : `fieldloop: new alarm ${n.product_model} × ${n.fault_component}`;
	switch (kind) {
		case 'wecom':
			return { msgtype: 'markdown', markdown: { content: `**${title}**\n${text.replace(n.url, `[${n.url}](${n.url})`)}` } };
		case 'dingtalk':
			return { msgtype: 'markdown', markdown: { title, text: `### ${title}\n${text.replace(n.url, `[${n.url}](${n.url})`)}` } };
		case 'feishu':
			return { msg_type: 'text', content: { text: `${title}\n${text}` } };
		default:
			return { event: n.kind === 'reopened' ? 'case_reopened' : 'new_alarm', text, ...n };
	}
}

export interface DeliveryOptions {
	attempts?: number;
	/** first wait before a retry; doubled each time */
	backoffMs?: number;
	timeoutMs?: number;
	log?: (message: string) => void;
}

const pending = new Set<Promise<void>>();

/** POSTs one notice to one webhook, retrying on a network error or a non-2xx answer; resolves whether or not it got through. */
export async function deliver(hook: Webhook, n: CaseNotice, o: DeliveryOptions = {}): Promise<boolean> {
	const attempts = o.attempts ?? 4;
	const log = o.log ?? ((m: string) => console.error(m));
	let wait = o.backoffMs ?? 1000;
	for (let i = 1; i <= attempts; i++) {
		let problem: string;
		try {
			const res = await fetch(hook.url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(payload(hook.kind, n)),
				signal: AbortSignal.timeout(o.timeoutMs ?? 10_000)
			});
			await res.arrayBuffer().catch(() => undefined);
			if (res.ok) return true;
			problem = `answered ${res.status}`;
		} catch (err) {
			problem = err instanceof Error ? err.message : String(err);
		}
		if (i === attempts) {
			log(`fieldloop: webhook ${new URL(hook.url).host} (${hook.kind}) failed after ${attempts} attempts: ${problem}`);
			return false;
		}
		await new Promise((r) => setTimeout(r, wait));
		wait *= 2;
	}
	return false;
}

/** Sends every notice to every webhook in the background (not awaited by the ingest). */
export function notify(hooks: Webhook[], notices: CaseNotice[], o: DeliveryOptions = {}): void {
	for (const hook of hooks)
		for (const n of notices) {
			const p = deliver(hook, n, o).then(
				() => undefined,
				() => undefined
			);
			pending.add(p);
			void p.finally(() => pending.delete(p));
		}
}

/** Waits for the deliveries under way (a command line about to exit), at most `ms`. */
export async function deliveriesSettled(ms = 30_000): Promise<void> {
	if (!pending.size) return;
	await Promise.race([Promise.all([...pending]), new Promise((r) => setTimeout(r, ms).unref())]);
}
