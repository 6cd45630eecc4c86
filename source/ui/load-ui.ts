// Loads the dashboard's UI modules (Ink, React, Yoga). Yoga's WebAssembly is inlined as a data: URL, and its loader
// reads it with fetch() whenever fetch exists; in Node that first loads the built-in undici HTTP client (about 20-30
// ms of start-up) only to decode a string. Without fetch the loader decodes the same bytes itself, so fetch is hidden
// while the modules evaluate. Node defines fetch as a lazy getter: its descriptor is put back untouched.
export async function loadDashboardUi(): Promise<typeof import('./run.js')> {
	const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	if (descriptor?.configurable)
		Object.defineProperty(globalThis, 'fetch', {value: undefined, configurable: true, writable: true});
	try {
		return await import('./run.js');
	} finally {
		if (descriptor?.configurable) Object.defineProperty(globalThis, 'fetch', descriptor);
	}
}
