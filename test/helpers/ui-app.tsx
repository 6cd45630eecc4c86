import {render} from 'ink-testing-library';
import {App, type AppProps} from '../../source/ui/App.js';
import type {DashboardSnapshot} from '../../source/model/types.js';
import {FakeSession, sampleSnapshot} from './ui-fake-session.js';
import {resize, waitForFrame, waitForText, type Rendered} from './ui-render.js';
import {waitFor} from './wait.js';

export interface Started {
	session: FakeSession;
	rendered: Rendered;
	quits: () => number;
}

export async function startApp(
	options: {
		snapshot?: DashboardSnapshot;
		readonly?: boolean;
		color?: boolean;
		columns?: number;
		rows?: number;
		waitFor?: string;
		/** More of the App's props (contexts, connectContext, writeTerminal, terminal). */
		props?: Partial<AppProps>;
	} = {},
): Promise<Started> {
	const session = new FakeSession(options.snapshot ?? sampleSnapshot());
	let quits = 0;
	const rendered = render(
		<App
			session={session}
			readonly={options.readonly ?? false}
			color={options.color ?? false}
			onQuit={() => quits++}
			{...options.props}
		/>,
	);
	resize(rendered, options.columns ?? 120, options.rows ?? 30);
	// The subscription and the input handler are set up by effects of the same commit.
	await waitFor(() => session.subscribeCount > 0, {message: 'the app to subscribe to the session', interval: 0});
	await waitForText(rendered, options.waitFor ?? 'NAME');
	// The first frame may predate the size: wait for a frame exactly one row short of the terminal.
	const rows = options.rows ?? 30;
	await waitForFrame(rendered, frame => frame.split('\n').length === rows - 1, `a frame of ${rows - 1} lines`);
	return {session, rendered, quits: () => quits};
}

/** The frame line holding the selection marker. */
export function selectedLine(frame: string): string {
	return frame.split('\n').find(line => line.startsWith('›')) ?? '';
}
