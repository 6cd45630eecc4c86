// The dashboard's root: session state in, one input dispatcher, and a frame that always fits the terminal.
// What is on screen is screen.ts's; keys are keymap.ts's; effects run in effects.ts.
import type React from 'react';
import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {Box, Text, useApp, useInput, useStdin, type Key} from 'ink';
import type {DashboardSnapshot, LogFeed, RolloutSession} from '../model/types.js';
import {arrayLines, bufferLines} from '../model/text-view.js';
import {FOOTER_MESSAGE_MS, currentFooterMessage} from '../model/deployment-view.js';
import {ContainerPicker, LogPage, PodPage, TextPage, type FetchedText} from './components/Pages.js';
import {textPaneBodyRows} from './components/TextPane.js';
import {podIndexOf, shownEvents, shownPods, topPage, type PageView} from './pages.js';
import {DeploymentList} from './components/DeploymentList.js';
import {DeploymentView} from './components/DeploymentView.js';
import {Footer} from './components/Footer.js';
import {Header} from './components/Header.js';
import {Confirm, Help, NamespacePicker} from './components/Overlays.js';
import {untilScreenChanges} from './clock.js';
import {runEffect, type EffectHost} from './effects.js';
import {ColorContext, useClock, useColor, useLatest, useSessionSnapshot, useTerminalSize} from './hooks.js';
import {hintBar, whereOf} from './keymap.js';
import {
	confirmRevision,
	handleKey,
	initialUiState,
	namespaceChoices,
	revisionIndexOf,
	sameWorkload,
	type UiState,
} from './keys.js';
import {MIN_COLUMNS, MIN_ROWS} from './layout.js';
import {changesScreen, type OnScreen} from './screen-changes.js';
import {screenOf, type Screen} from './screen.js';

export interface AppProps {
	session: RolloutSession;
	readonly: boolean;
	color: boolean;
	/** Called when the user quits (q or Ctrl-C), before Ink exits. */
	onQuit?: () => void;
}

export function App(props: AppProps) {
	return (
		<ColorContext.Provider value={props.color}>
			<Dashboard {...props} />
		</ColorContext.Provider>
	);
}

function Dashboard({session, readonly, onQuit}: AppProps) {
	// What the last render put on screen, for telling whether a new snapshot changes it.
	const onScreen = useRef<OnScreen>({state: initialUiState, listWindow: {start: 0, end: 0}, now: 0});
	const snapshot = useSessionSnapshot(session, (shown, next) => changesScreen(shown, next, onScreen.current));
	const {columns, rows} = useTerminalSize();
	const color = useColor();
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();

	// State lives in a ref as well, so keys arriving before React re-renders see the newest state.
	const stateRef = useRef<UiState>(initialUiState);
	const [state, setState] = useState<UiState>(initialUiState);
	const update = useCallback((change: (previous: UiState) => UiState) => {
		stateRef.current = change(stateRef.current);
		setState(stateRef.current);
	}, []);

	const previousScreen = useRef<Screen | undefined>(undefined);
	const screen = screenOf(state, snapshot, {rows}, previousScreen.current);
	previousScreen.current = screen;
	onScreen.current = {state, listWindow: screen.listWindow, now: Date.now()};
	// The log page's feed (one at a time) and the describe/YAML page's text, with a render when either changes.
	const feed = useRef<LogFeed | undefined>(undefined);
	const [, setFeedVersion] = useState(0);
	const [fetched, setFetched] = useState<FetchedText | undefined>(undefined);
	useEffect(() => () => feed.current?.stop(), []);

	const page = topPage(state);
	const pageView: PageView | undefined =
		page?.kind === 'logs' && feed.current
			? {
					source: bufferLines(feed.current.buffer),
					width: columns,
					height: textPaneBodyRows(screen.bodyHeight, feed.current.note() !== undefined),
				}
			: page?.kind === 'text'
				? {
						source: arrayLines(fetched?.lines ?? []),
						width: columns,
						height: textPaneBodyRows(screen.bodyHeight, !fetched?.lines),
					}
				: undefined;
	const latest = useLatest({snapshot, readonly, pageSize: Math.max(1, screen.bodyHeight - 2), page: pageView});

	// A result line belongs to the moment: it fades after a few seconds or at the next key.
	const lastKeyAt = useRef<number | undefined>(undefined);
	const resultTimes = useRef(new WeakMap<object, number>());
	if (state.result && !resultTimes.current.has(state.result)) resultTimes.current.set(state.result, Date.now());
	const resultAt = state.result ? resultTimes.current.get(state.result) : undefined;

	const host = useMemo<EffectHost>(
		() => ({
			session,
			quit: () => {
				onQuit?.();
				exit();
			},
			report: result => update(s => ({...s, pending: undefined, result: {ok: result.ok, message: result.message}})),
			logs: target => {
				feed.current?.stop();
				feed.current = target ? session.openLogs(target, () => setFeedVersion(version => version + 1)) : undefined;
				setFeedVersion(version => version + 1);
			},
			previous: previous => feed.current?.setPrevious(previous),
			text: (what, ref) => {
				setFetched(undefined);
				const request = what === 'describe' ? session.describe(ref) : session.yaml(ref);
				request.then(
					lines => setFetched({lines}),
					(error: unknown) => setFetched({error: error instanceof Error ? error.message : String(error)}),
				);
			},
		}),
		[session, exit, onQuit, update],
	);

	const onInput = useCallback(
		(input: string, key: Key) => {
			const {snapshot: current, readonly: isReadonly, pageSize, page: pageNow} = latest.current;
			lastKeyAt.current = Date.now();
			const outcome = handleKey(
				stateRef.current,
				{
					snapshot: current,
					readonly: isReadonly,
					pageSize,
					templateDiff: (ns, name, rev) => session.templateDiff(ns, name, rev),
					...(pageNow ? {page: pageNow} : {}),
				},
				input,
				key,
			);
			if (outcome.state !== stateRef.current) update(() => outcome.state);
			for (const effect of outcome.effects) runEffect(effect, host);
		},
		[latest, session, update, host],
	);
	useInput(onInput, {isActive: isRawModeSupported});

	const now = useClock(current => {
		const fade = resultAt === undefined ? Infinity : Math.max(1, resultAt + FOOTER_MESSAGE_MS - current);
		return Math.min(untilScreenChanges(screen, snapshot, current), fade);
	});
	const footerMessage =
		state.result && currentFooterMessage({text: state.result.message, at: resultAt ?? 0}, now, lastKeyAt.current)
			? state.result
			: undefined;
	// While the connection is down the data is stale: rows are dimmed and countdowns stand still at that moment.
	const staleAt = snapshot.connection.state === 'reconnecting' ? snapshot.connection.since.getTime() : undefined;
	const shownNow = staleAt ?? now;

	if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
		return (
			<Box width={columns} height={screen.height} overflowY="hidden">
				<Text
					color={color('red')}
				>{`Terminal too small: need at least ${MIN_COLUMNS}×${MIN_ROWS}, have ${columns}×${rows}`}</Text>
			</Box>
		);
	}

	return (
		<Box flexDirection="column" width={columns} height={screen.height} overflowY="hidden">
			<Header
				cluster={snapshot.cluster}
				connection={snapshot.connection}
				readonly={readonly}
				now={snapshot.connection.state === 'reconnecting' ? now : 0}
				width={columns}
				hints={hintBar(whereOf(state), readonly)}
			/>
			<Box flexDirection="column" height={screen.bodyHeight} flexShrink={0} overflowY="hidden">
				<Body
					screen={screen}
					state={state}
					snapshot={snapshot}
					readonly={readonly}
					width={columns}
					now={shownNow}
					stale={staleAt !== undefined}
					feed={feed.current}
					fetched={fetched}
				/>
			</Box>
			<Footer
				state={{...state, result: footerMessage}}
				total={snapshot.deployments.length}
				shown={screen.visible.length}
			/>
		</Box>
	);
}

interface BodyProps {
	screen: Screen;
	state: UiState;
	snapshot: DashboardSnapshot;
	readonly: boolean;
	width: number;
	now: number;
	stale: boolean;
	feed: LogFeed | undefined;
	fetched: FetchedText | undefined;
}

function Body({screen, state, snapshot, readonly, width, now, stale, feed, fetched}: BodyProps): React.ReactNode {
	const height = screen.bodyHeight;
	const {revisions} = screen;
	switch (screen.body) {
		case 'container':
			return <ContainerPicker choice={state.container!} width={width} height={height} />;
		case 'page': {
			const page = topPage(state)!;
			if (page.kind === 'logs')
				return <LogPage page={page} feed={feed} text={state.text} width={width} height={height} />;
			if (page.kind === 'text')
				return <TextPage page={page} fetched={fetched} text={state.text} width={width} height={height} />;
			return (
				<PodPage
					page={page}
					pod={snapshot.focus?.podObjects?.find(p => p.metadata.name === page.pod)}
					summary={snapshot.focus?.pods.find(p => p.name === page.pod)}
					events={snapshot.focus?.events ?? []}
					width={width}
					height={height}
					now={now}
				/>
			);
		}
		case 'help':
			return <Help width={width} height={height} readonly={readonly} />;
		case 'namespace':
			return (
				<NamespacePicker
					choices={namespaceChoices(snapshot)}
					current={snapshot.cluster.namespace}
					selected={state.namespaceIndex}
					width={width}
					height={height}
				/>
			);
		case 'confirm': {
			const confirm = state.confirm!;
			return (
				<Confirm
					confirm={confirm}
					deployment={snapshot.deployments.find(d => sameWorkload(d, confirm.request))}
					revision={revisions?.find(r => r.revision === confirmRevision(confirm))}
					width={width}
					height={height}
				/>
			);
		}
		case 'deployment': {
			const pods = shownPods(state, snapshot);
			const events = shownEvents(snapshot);
			return (
				<DeploymentView
					panel={state.panel}
					shownPods={pods}
					podIndex={podIndexOf(state, snapshot, pods)}
					{...(state.podFilter === undefined ? {} : {podFilter: state.podFilter})}
					shownEvents={events}
					eventIndex={Math.min(state.eventIndex, Math.max(0, events.length - 1))}
					target={state.open!}
					deployment={screen.open}
					revisions={revisions}
					focus={revisions ? snapshot.focus : undefined}
					revisionIndex={revisions ? revisionIndexOf(state, revisions) : 0}
					width={width}
					height={height}
					now={now}
				/>
			);
		}
		case 'list':
			return (
				<DeploymentList
					deployments={screen.visible}
					showNamespace={screen.showNamespace}
					selected={screen.selected}
					width={width}
					height={screen.listHeight}
					window={screen.listWindow}
					now={now}
					empty={screen.filter === '' ? 'no deployments' : `no deployments match "${screen.filter}"`}
					stale={stale}
				/>
			);
	}
}
