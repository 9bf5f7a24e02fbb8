// Minimal flag parsing shared by the command-line entry points.
export interface Args {
	flags: Record<string, string | true>;
	positional: string[];
}

export function parseArgs(argv: string[], valueFlags: string[]): Args {
	const flags: Record<string, string | true> = {};
	const positional: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a.startsWith('--')) {
			const [name, inline] = a.slice(2).split('=', 2);
			if (inline !== undefined) flags[name] = inline;
			else if (valueFlags.includes(name)) {
				if (i + 1 >= argv.length) fail(`--${name} needs a value`);
				flags[name] = argv[++i];
			} else flags[name] = true;
		} else positional.push(a);
	}
	return { flags, positional };
}

export function str(args: Args, name: string, fallback: string): string;
export function str(args: Args, name: string): string | undefined;
export function str(args: Args, name: string, fallback?: string): string | undefined {
	const v = args.flags[name];
	return typeof v === 'string' ? v : fallback;
}

export function fail(message: string): never {
	process.stderr.write(`error: ${message}\n`);
	process.exit(2);
}
