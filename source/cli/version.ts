// The package's version: fixed in the bundle at build time; read from package.json when run from source.
import {readFileSync} from 'node:fs';

declare const ROLLOUT_DASH_VERSION: string | undefined;

export function packageVersion(): string {
	if (typeof ROLLOUT_DASH_VERSION === 'string') return ROLLOUT_DASH_VERSION;
	const manifest = new URL('../../package.json', import.meta.url);
	return (JSON.parse(readFileSync(manifest, 'utf8')) as {version: string}).version;
}
