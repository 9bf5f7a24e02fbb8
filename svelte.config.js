import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// FIELDLOOP_BUILD_DIR lets a second build (a benchmark, a test run) sit beside the first
		adapter: adapter({ out: process.env.FIELDLOOP_BUILD_DIR ?? 'build' }),
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// No inline <style> elements: an injected one (a chart label, say) is refused. Style *attributes* stay
				// allowed (style-src-attr), because the pages need them and they cannot carry a nonce: ECharts' HTML
				// tooltips are markup parsed from a string, with style="…" on every colour marker and, in its default
				// tooltip, on every line (the marker colour differs per series, so hashes cannot list them); app.html
				// wraps the body in <div style="display: contents">; and Svelte writes style: directives as style="…"
				// into any server-rendered HTML. (In the browser Svelte and ECharts set element styles through the
				// CSSOM, which the CSP does not restrict.) Tooltip text is escaped (src/lib/charts/escape.ts), and a
				// style attribute cannot run script or load anything the rest of the policy does not allow.
				'style-src': ['self'],
				'style-src-attr': ['unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
