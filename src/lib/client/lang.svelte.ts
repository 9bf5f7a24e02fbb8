// The page language: chosen by the user (kept in a cookie so the server renders
// it too), else the browser's. t() and locale() read it, so whatever calls them
// in a template or $derived follows the language switch.
import { locale as localeFor, translate, type Key, type Lang, type Locale, type Vars } from '$lib/i18n';
import { meta } from './meta.svelte';

export const lang = $state<{ current: Lang }>({ current: 'en' });

export function setLang(l: Lang): void {
	lang.current = l;
	document.cookie = `lang=${l}; path=/; max-age=31536000; samesite=lax`;
	document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
}

/** The dictionary entry in the page language. */
export function t(key: Key, vars?: Vars): string {
	return translate(lang.current, key, vars);
}

const cache = new Map<string, { settings: unknown; locale: Locale }>();

/** Formatters, data words and t() in the page language, with the labels the settings shape (tenure bands). */
export function locale(): Locale {
	const settings = meta.current?.settings ?? null;
	const hit = cache.get(lang.current);
	if (hit && hit.settings === settings) return hit.locale;
	const fresh = localeFor(lang.current, settings);
	cache.set(lang.current, { settings, locale: fresh });
	return fresh;
}
