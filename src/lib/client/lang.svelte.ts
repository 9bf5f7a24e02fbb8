// The page language: chosen by the user (kept in a cookie so the server renders
// it too), else the browser's language.
import { t as translate, type Lang } from '$lib/i18n';

export const lang = $state<{ current: Lang }>({ current: 'en' });

export function setLang(l: Lang): void {
	lang.current = l;
	document.cookie = `lang=${l}; path=/; max-age=31536000; samesite=lax`;
	document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
}

export function tr(key: string): string {
	return translate(lang.current, key);
}
