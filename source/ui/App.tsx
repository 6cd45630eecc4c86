// The dashboard's root: session state in, one input dispatcher, and a frame that always fits the terminal.
// What is on screen is screen.ts's; keys are keymap.ts's; effects run in effects.ts.
import type React from 'react';
import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {Box, Text, useApp, useStdin} from 'ink';
import type {DashboardSnapshot, LogFeed, RolloutSession} from '../model/types.js';
import {arrayLines, bufferLines} from '../model/text-view.js';
import {currentFooterMessage, untilFooterMessageFades} from '../model/deployment-view.js';
import {ContainerPicker, LogPage, PodPage, TextPage, type FetchedText} from './components/Pages.js';
import {textPaneBodyRows} from './components/TextPane.js';
import {podIndexOf, shownEvents, shownPods, topPage, type PageView} from './pages.js';
import {DeploymentList} from './components/DeploymentList.js';
import {DaemonSetView} from './components/DaemonSetView.js';
import {DeploymentView} from './components/DeploymentView.js';
import {StatefulSetView} from './components/StatefulSetView.js';
import {Footer} from './components/Footer.js';
import {footerMessage, footerRowLimit} from './footer.js';
import {Header} from './components/Header.js';
import {Confirm, Help, NamespacePicker} from './components/Overlays.js';
import {Picker, PromptLine} from './components/Prompts.js';
import type {ClipboardWrite} from '../terminal/clipboard.js';
import type {KeyPress} from './key-reader.js';
import type {KeyContext} from './keymap.js';
import {useKeyStream} from './use-key-stream.js';
import {untilScreenChanges} from './clock.js';
import {runEffect, type EffectHost} from './effects.js';
import {ColorContext, useClock, useColor, useLatest, useSessionSnapshot, useTerminalSize} from './hooks.js';
import {hintBar, whereOf} from './keymap.js';
import {
	confirmRevision,
	handleKeys,
	initialUiState,
	isPrompt,
	settle,
	namespaceChoices,
	revisionIndexOf,
	sameWorkload,
	type UiState,
} from './keys.js';
import {emptyListText, listCount} from './state.js';
import {MIN_COLUMNS, MIN_ROWS} from './layout.js';
import {WIDE_COLUMNS} from './columns.js';
import {changesScreen, type OnScreen} from './screen-changes.js';
import {frameHeight, screenOf, type Screen} from './screen.js';

export interface AppProps {
	session: RolloutSession;
	readonly: boolean;
	color: boolean;
	/** Called when the user quits (q or Ctrl-C), before Ink exits. */
	onQuit?: () => void;
	/** The kubeconfig's contexts (`:ctx`). */
	contexts?: readonly string[];
	/** A session on another context: a new connection and new watches (the wiring makes it). */
	connectContext?: (context: string) => Promise<RolloutSession>;
	/** Told of the session in use after a context switch (the one to close on the way out). */
	onSessionChange?: (session: RolloutSession) => void;
	/** Puts text on the clipboard through the terminal (OSC 52), saying whether that likely worked. */
	copy?: (text: string) => ClipboardWrite;
}

export function App(props: AppProps) {
	// A context switch replaces the session; the dashboard starts afresh on it, saying so.
	const [current, setCurrent] = useState({session: props.session, generation: 0, note: ''});
	const {connectContext, onSessionChange} = props;
	const switchContext = useCallback(
		async (context: string) => {
			if (!connectContext) throw new Error('switching contexts is not available here');
			const next = await connectContext(context);
			setCurrent(previous => {
				void previous.session.close().catch(() => undefined);
				return {session: next, generation: previous.generation + 1, note: `context: ${context} (new connection)`};
			});
			onSessionChange?.(next);
		},
		[connectContext, onSessionChange],
	);
	return (
		<ColorContext.Provider value={props.color}>
			<Dashboard
				key={current.generation}
				{...props}
				session={current.session}
				switchContext={switchContext}
				startNote={current.note}
			/>
		</ColorContext.Provider>
	);
}

interface DashboardProps extends AppProps {
	switchContext(context: string): Promise<void>;
	startNote: string;
}

const NO_CONTEXTS: readonly string[] = [];

function Dashboard(props: DashboardProps) {
	const {session, readonly, onQuit, switchContext, startNote} = props;
	const contexts = props.contexts ?? NO_CONTEXTS;
	// What the last render put on screen, for telling whether a new snapshot changes it.
	const onScreen = useRef<OnScreen>({state: initialUiState, listWindow: {start: 0, end: 0}, now: 0});
	const snapshot = useSessionSnapshot(session, (shown, next) => changesScreen(shown, next, onScreen.current));
	const {columns, rows} = useTerminalSize();
	const color = useColor();
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();

	// State lives in a ref as well, so keys arriving before React re-renders see the newest state.
	const start = startNote === '' ? initialUiState : {...initialUiState, result: {ok: true, message: startNote}};
	const stateRef = useRef<UiState>(start);
	const [state, setState] = useState<UiState>(start);
	const update = useCallback((change: (previous: UiState) => UiState) => {
		stateRef.current = change(stateRef.current);
		setState(stateRef.current);
	}, []);

	// A result line belongs to the moment: it fades after a few seconds or at the next key.
	const lastKeyAt = useRef<number | undefined>(undefined);
	const resultTimes = useRef(new WeakMap<object, number>());
	if (state.result && !resultTimes.current.has(state.result)) resultTimes.current.set(state.result, Date.now());
	const resultAt = state.result ? resultTimes.current.get(state.result) : undefined;
	const shownResult =
		state.result && currentFooterMessage({text: state.result.message, at: resultAt ?? 0}, Date.now(), lastKeyAt.current)
			? state.result
			: undefined;
	// The footer's message is laid out first: the body gets the rows it leaves (a prompt keeps its one line).
	const message = isPrompt(state.mode)
		? undefined
		: footerMessage(state, shownResult, columns, footerRowLimit(frameHeight(rows)));

	const previousScreen = useRef<Screen | undefined>(undefined);
	const screen = screenOf(state, snapshot, {rows, footerRows: message?.rows.length ?? 1}, previousScreen.current);
	previousScreen.current = screen;
	const wide = columns >= WIDE_COLUMNS;
	onScreen.current = {state, listWindow: screen.listWindow, now: Date.now(), wide};
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
	const latest = useLatest({
		snapshot,
		readonly,
		pageSize: Math.max(1, screen.bodyHeight - 2),
		contexts,
		page: pageView,
	});

	const host = useMemo<EffectHost>(
		() => ({
			session,
			quit: () => {
				onQuit?.();
				exit();
			},
			report: result => update(s => ({...s, pending: undefined, result: {ok: result.ok, message: result.message}})),
			switchContext: context =>
				switchContext(context).catch((error: unknown) => {
					const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
					update(s => ({...s, pending: undefined, result: {ok: false, message: `context ${context}: ${message}`}}));
				}),
			copy: text => {
				const written = props.copy?.(text);
				const caveat = written ? written.caveat : 'no terminal to copy through';
				update(s => ({
					...s,
					result: {ok: caveat === undefined, message: `copied: ${text}${caveat ? ` (${caveat})` : ''}`},
				}));
			},
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
		[session, exit, onQuit, update, switchContext, props.copy],
	);

	const keyContext = useCallback((): KeyContext => {
		const {snapshot: current, readonly: isReadonly, pageSize, contexts: known, page: pageNow} = latest.current;
		return {
			snapshot: current,
			readonly: isReadonly,
			pageSize,
			templateDiff: (ns, name, rev, kind) => session.templateDiff(ns, name, rev, kind),
			contexts: known,
			...(pageNow ? {page: pageNow} : {}),
		};
	}, [latest, session]);

	const apply = useCallback(
		(outcome: ReturnType<typeof handleKeys>) => {
			if (outcome.state !== stateRef.current) update(() => outcome.state);
			for (const effect of outcome.effects) runEffect(effect, host);
		},
		[update, host],
	);
	const onKeys = useCallback(
		(presses: KeyPress[]) => {
			lastKeyAt.current = Date.now();
			apply(handleKeys(stateRef.current, keyContext(), presses));
		},
		[apply, keyContext],
	);
	useKeyStream(onKeys, isRawModeSupported);
	// Keys typed before the open view's history loaded are applied once a snapshot has it.
	// biome-ignore lint/correctness/useExhaustiveDependencies: runs for each new snapshot, which keyContext reads.
	useEffect(() => {
		apply(settle(stateRef.current, keyContext()));
	}, [snapshot, apply, keyContext]);

	const now = useClock(current => {
		const message = state.result && {text: state.result.message, at: resultAt ?? 0};
		const fade = untilFooterMessageFades(message, current, lastKeyAt.current);
		return Math.min(untilScreenChanges(screen, snapshot, current), fade);
	});
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
				access={snapshot.access}
			/>
			<Box flexDirection="column" height={screen.bodyHeight} flexShrink={0} overflowY="hidden">
				<Body
					screen={screen}
					state={state}
					snapshot={snapshot}
					readonly={readonly}
					width={columns}
					now={shownNow}
					contexts={contexts}
					wide={wide}
					stale={staleAt !== undefined}
					feed={feed.current}
					fetched={fetched}
				/>
			</Box>
			{isPrompt(state.mode) ? (
				<PromptLine state={state} context={keyContext()} width={columns} />
			) : (
				<Footer state={state} message={message} shown={screen.visible.length} {...listCount(snapshot, state.kinds)} />
			)}
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
	contexts: readonly string[];
	wide: boolean;
	stale: boolean;
	feed: LogFeed | undefined;
	fetched: FetchedText | undefined;
}

function Body({
	screen,
	state,
	snapshot,
	readonly,
	width,
	now,
	contexts,
	wide,
	stale,
	feed,
	fetched,
}: BodyProps): React.ReactNode {
	const height = screen.bodyHeight;
	const {revisions} = screen;
	switch (screen.body) {
		case 'logContainer':
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
		case 'context':
			return (
				<Picker
					title="Switch context (j/k move, Enter switch, Esc cancel)"
					header="CONTEXT"
					choices={contexts}
					current={snapshot.cluster.context}
					selected={state.pickIndex}
					width={width}
					height={height}
				/>
			);
		case 'container':
			return (
				<Picker
					title="Set the image of which container? (j/k move, Enter select, Esc cancel)"
					header="CONTAINER"
					choices={state.editing?.containers ?? []}
					current={undefined}
					selected={state.pickIndex}
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
					revisions={revisions}
					width={width}
					height={height}
				/>
			);
		}
		case 'deployment': {
			const pods = shownPods(state, snapshot);
			const events = shownEvents(snapshot);
			// Every kind's view has the same panels: the focus, the selection in each, the revision filter.
			const common = {
				panel: state.panel,
				shownPods: pods,
				podIndex: podIndexOf(state, snapshot, pods),
				...(state.podFilter === undefined ? {} : {podFilter: state.podFilter}),
				shownEvents: events,
				eventIndex: Math.min(state.eventIndex, Math.max(0, events.length - 1)),
				revisions,
				focus: revisions ? snapshot.focus : undefined,
				revisionIndex: revisions ? revisionIndexOf(state, revisions) : 0,
				width,
				height,
				now,
			};
			const open = state.open!;
			if (open.kind === 'StatefulSet') return <StatefulSetView {...common} target={open} workload={screen.open} />;
			if (open.kind === 'DaemonSet') return <DaemonSetView {...common} target={open} workload={screen.open} />;
			return <DeploymentView {...common} target={open} deployment={screen.open} />;
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
					wide={wide}
					empty={emptyListText(snapshot, state.kinds, screen.filter)}
					stale={stale}
				/>
			);
	}
}
