import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{ ignores: ['build/', 'build-*/', '.svelte-kit/', 'node_modules/', 'data/', 'tests/artifacts/', 'bench/results-*'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		plugins: { 'import-x': importX },
		rules: {
			'import-x/no-cycle': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
			'@typescript-eslint/no-explicit-any': 'off',
			'no-control-regex': 'off',
			'svelte/no-at-html-tags': 'error',
			'svelte/require-each-key': 'off',
			'svelte/no-navigation-without-resolve': 'off',
			// local, non-reactive URLSearchParams/Map in a function need no Svelte wrappers
			'svelte/prefer-svelte-reactivity': 'off'
		},
		settings: {
			'import-x/resolver-next': [
				createNodeResolver({ extensions: ['.ts', '.js', '.svelte'], alias: { $lib: [new URL('./src/lib', import.meta.url).pathname] } })
			]
		}
	},
	// expected values copied from R and papers keep their printed digits
	{ files: ['tests/**/*.ts'], rules: { 'no-loss-of-precision': 'off' } },
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
	}
);
