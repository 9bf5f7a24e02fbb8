import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The built server gets ECharts as an empty stand-in: charts are drawn in the browser only (Chart.svelte's effects
 * never run on the server), yet every page's modules import ECharts, and loading it was most of a cold server's
 * first page (~1.2 s CPU; bench/README.md). `use` does nothing and `init` throws; every other export is undefined.
 * Build only: the tests still draw real charts in Node (tests/unit/helpers/svg-chart.ts).
 */
function echartsOnServerStub(): Plugin {
	const PREFIX = '\0echarts-server-stub:';
	return {
		name: 'fieldloop:echarts-server-stub',
		apply: 'build',
		enforce: 'pre',
		resolveId(id) {
			if (this.environment.config.consumer === 'server' && /^echarts(\/|$)/.test(id)) return PREFIX + id;
		},
		async load(id) {
			if (!id.startsWith(PREFIX)) return;
			const names = Object.keys(await import(id.slice(PREFIX.length))).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
			const value = (n: string) =>
				n === 'use' ? '() => {}' : n === 'init' ? "() => { throw new Error('ECharts draws in the browser only'); }" : 'undefined';
			return names.map((n) => `export const ${n} = ${value(n)};`).join('\n');
		}
	};
}

export default defineConfig({
	plugins: [echartsOnServerStub(), sveltekit()],
	server: { fs: { allow: ['..'] } },
	ssr: { external: ['@duckdb/node-api'] },
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['tests/unit/**/*.test.ts'],
					environment: 'node',
					testTimeout: 120_000,
					hookTimeout: 300_000,
					pool: 'forks'
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.test.ts'],
					environment: 'node',
					testTimeout: 180_000,
					hookTimeout: 600_000,
					pool: 'forks',
					fileParallelism: false
				}
			}
		]
	}
});
