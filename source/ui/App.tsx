// The dashboard's root: session state in, one input dispatcher, and a frame that always fits the terminal.
import type React from 'react';
import {useCallback, useMemo, useRef, useState} from 'react';
import {Box, Text, useApp, useInput, useStdin, type Key} from 'ink';
import type {ActionResult, RolloutSession} from '../model/types.js';
import {DeploymentList} from './components/DeploymentList.js';
import {DeploymentView} from './components/DeploymentView.js';
import {Header} from './components/Header.js';
import {Confirm, Help, NamespacePicker} from './components/Overlays.js';
import {visible} from './format.js';
import {ColorContext, useClock, useColor, useLatest, useSessionSnapshot, useTerminalSize} from './hooks.js';
import {
	activeFilter,
	handleKey,
	initialUiState,
	namespaceChoices,
	openDeployment,
	revisionIndexOf,
	revisionsOf,
	selectedIndex,
	visibleDeployments,
	type Effect,
	type UiState,
} from './keys.js';
import {MIN_COLUMNS, MIN_ROWS, windowAround, type ListWindow} from './layout.js';
import {NextChange} from './clock.js';
import {changesScreen, type OnScreen} from './screen-changes.js';

export interface AppProps {
	session: RolloutSession;
	readonly: boolean;
	color: boolean;
	/** Called when the user quits (q or Ctrl-C), before Ink exits. */
	onQuit?: () => void;
}

/** Rows used by the header (2) and the footer (1). */
const CHROME_ROWS = 3;

const LIST_HINTS = '<enter> open  </> filter  <n> namespace  <p> pause  <r> resume  <u> undo  <?> help  <q> quit';
const VIEW_HINTS = '<j/k> revision  <u> undo to it  <p> pause  <r> resume  <R> restart  <esc> back  <?> help  <q> quit';

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

	// Frames stay one row short of the terminal: in Ink 6.8 a frame as tall as the terminal clears the screen on every update.
	const height = Math.max(1, rows - 1);
	const bodyHeight = Math.max(0, height - CHROME_ROWS);
	const latest = useLatest({snapshot, readonly, pageSize: Math.max(1, bodyHeight - 2)});

	const runAction = useCallback(
		(action: Promise<ActionResult>) => {
			action.then(
				result => update(s => ({...s, pending: undefined, result: {ok: result.ok, message: result.message}})),
				(error: unknown) =>
					update(s => ({
						...s,
						pending: undefined,
						result: {ok: false, message: error instanceof Error ? error.message : String(error)},
					})),
			);
		},
		[update],
	);

	const runEffect = useCallback(
		(effect: Effect) => {
			switch (effect.kind) {
				case 'quit':
					onQuit?.();
					exit();
					return;
				case 'focus':
					session.focus(effect.target);
					return;
				case 'setNamespace':
					session.setNamespace(effect.namespace);
					return;
				case 'pause':
					runAction(session.pause(effect.namespace, effect.name));
					return;
				case 'resume':
					runAction(session.resume(effect.namespace, effect.name));
					return;
				case 'restart':
					runAction(session.restart(effect.namespace, effect.name));
					return;
				case 'undo':
					runAction(session.undo(effect.namespace, effect.name, effect.toRevision, effect.basedOnGeneration));
					return;
			}
		},
		[session, exit, onQuit, runAction],
	);

	const onInput = useCallback(
		(input: string, key: Key) => {
			const {snapshot: current, readonly: isReadonly, pageSize} = latest.current;
			const outcome = handleKey(
				stateRef.current,
				{
					snapshot: current,
					readonly: isReadonly,
					pageSize,
					templateDiff: (ns, name, rev) => session.templateDiff(ns, name, rev),
				},
				input,
				key,
			);
			if (outcome.state !== stateRef.current) update(() => outcome.state);
			for (const effect of outcome.effects) runEffect(effect);
		},
		[latest, session, update, runEffect],
	);
	useInput(onInput, {isActive: isRawModeSupported});

	// Filtering and the selection are worked out again only when the deployments or the filter change.
	const filter = activeFilter(state);
	// biome-ignore lint/correctness/useExhaustiveDependencies: only the deployments and the filter change the rows.
	const visible = useMemo(() => visibleDeployments(snapshot, filter), [snapshot.deployments, filter]);
	// biome-ignore lint/correctness/useExhaustiveDependencies: the selection depends on these fields of the state only.
	const selected = useMemo(() => selectedIndex(state, visible), [visible, state.selectedKey, state.listIndex]);
	// biome-ignore lint/correctness/useExhaustiveDependencies: the history changes only with the open deployment or the focus.
	const revisions = useMemo(() => revisionsOf(state, snapshot), [state.open, snapshot.focus]);
	// The list's window is kept here: the clock needs to know which rows are on screen.
	const listWindowStart = useRef(0);
	const listHeight = Math.max(0, bodyHeight - 1);
	const listWindow: ListWindow = windowAround(visible.length, selected, listHeight, listWindowStart.current);
	const overlay =
		state.mode === 'help' || state.mode === 'namespace' || (state.mode === 'confirm' && state.confirm !== undefined);
	const showsView = !overlay && state.view === 'deployment' && state.open !== undefined;
	const showsList = !overlay && !showsView;
	if (showsList) listWindowStart.current = listWindow.start;
	onScreen.current = {state, listWindow, now: Date.now()};
	const open = openDeployment(state, snapshot);

	const now = useClock(current => {
		const next = new NextChange(current);
		if (snapshot.connection.state === 'reconnecting') next.age(snapshot.connection.since);
		if (showsList) {
			for (let index = listWindow.start; index < listWindow.end; index++) {
				const d = visible[index]!;
				next.age(d.createdAt);
				if (d.phase === 'Progressing') next.deadline(d.deadline);
			}
		} else if (showsView) {
			next.deadline(open?.deadline);
			for (const revision of revisions ?? []) next.age(revision.createdAt);
			// Every pod and event, not only those in their windows: a little more ticking, never a stale age.
			if (revisions) {
				for (const pod of snapshot.focus?.pods ?? []) next.age(pod.createdAt);
				for (const event of snapshot.focus?.events ?? []) next.age(event.lastSeen);
			}
		}
		return next.delayMs;
	});

	if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
		return (
			<Box width={columns} height={height} overflowY="hidden">
				<Text
					color={color('red')}
				>{`Terminal too small: need at least ${MIN_COLUMNS}×${MIN_ROWS}, have ${columns}×${rows}`}</Text>
			</Box>
		);
	}

	let body: React.ReactNode;
	if (state.mode === 'help') {
		body = <Help width={columns} height={bodyHeight} readonly={readonly} />;
	} else if (state.mode === 'namespace') {
		body = (
			<NamespacePicker
				choices={namespaceChoices(snapshot)}
				current={snapshot.cluster.namespace}
				selected={state.namespaceIndex}
				width={columns}
				height={bodyHeight}
			/>
		);
	} else if (state.mode === 'confirm' && state.confirm) {
		const confirm = state.confirm;
		const target = snapshot.deployments.find(d => d.namespace === confirm.namespace && d.name === confirm.name);
		body = (
			<Confirm
				confirm={confirm}
				deployment={target}
				revision={revisions?.find(r => r.revision === confirm.toRevision)}
				width={columns}
				height={bodyHeight}
			/>
		);
	} else if (state.view === 'deployment' && state.open) {
		body = (
			<DeploymentView
				target={state.open}
				deployment={open}
				revisions={revisions}
				focus={revisions ? snapshot.focus : undefined}
				revisionIndex={revisions ? revisionIndexOf(state, revisions) : 0}
				width={columns}
				height={bodyHeight}
				now={now}
			/>
		);
	} else {
		body = (
			<DeploymentList
				deployments={visible}
				showNamespace={snapshot.cluster.namespace === undefined}
				selected={selected}
				width={columns}
				height={listHeight}
				window={listWindow}
				now={now}
				empty={filter === '' ? 'no deployments' : `no deployments match "${filter}"`}
			/>
		);
	}

	return (
		<Box flexDirection="column" width={columns} height={height} overflowY="hidden">
			<Header
				cluster={snapshot.cluster}
				connection={snapshot.connection}
				readonly={readonly}
				now={snapshot.connection.state === 'reconnecting' ? now : 0}
				width={columns}
				hints={state.view === 'list' ? LIST_HINTS : VIEW_HINTS}
			/>
			<Box flexDirection="column" height={bodyHeight} flexShrink={0} overflowY="hidden">
				{body}
			</Box>
			<Footer state={state} total={snapshot.deployments.length} shown={visible.length} />
		</Box>
	);
}

function Footer({state, total, shown}: {state: UiState; total: number; shown: number}) {
	const color = useColor();
	if (state.mode === 'filter') {
		return (
			<Text wrap="truncate-end">
				<Text color={color('cyan')}>/</Text>
				{state.filterDraft}
				<Text inverse> </Text>
				<Text dimColor>{'  Enter apply, Esc clear'}</Text>
			</Text>
		);
	}
	if (state.pending) {
		return (
			<Text wrap="truncate-end" color={color('yellow')}>
				{state.pending}
			</Text>
		);
	}
	if (state.result) {
		return (
			<Text wrap="truncate-end" color={color(state.result.ok ? 'green' : 'red')}>
				{visible(state.result.message)}
			</Text>
		);
	}
	const filterNote = state.filter === '' ? '' : `  filter "${state.filter}" (Esc clears)`;
	return (
		<Text wrap="truncate-end" dimColor>
			{state.view === 'list' ? `${shown} of ${total} deployments${filterNote}` : 'Esc: back to the list'}
		</Text>
	);
}
