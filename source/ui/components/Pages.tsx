// The pages over the deployment view: a pod's own view, a container's log, describe and YAML, and the container
// picker. They render what they are given (the snapshot, the log feed's buffer, a fetched text); every string from
// the cluster is drawn through visible().
import {Box, Text} from 'ink';
import {containerDetails, eventsNewestFirst} from '../../model/deployment-view.js';
import {arrayLines, bufferLines, textRows, type TextViewState} from '../../model/text-view.js';
import type {EventSummary, LogFeed, PodSummary} from '../../model/types.js';
import type {PodJson} from '../../model/objects.js';
import {visible} from '../../model/visible.js';
import {fit, formatAge, podStatusColor} from '../format.js';
import {useColor} from '../hooks.js';
import type {ContainerChoice, Page} from '../state.js';
import {Table} from './Table.js';
import {TextPane, textPaneBodyRows} from './TextPane.js';

/** The status line of a text page: the search prompt while typing, a miss, or where we are and the keys. */
export function pageStatus(text: TextViewState, position: string, keys: string): string {
	if (text.searching) return `/${text.query}▌  Enter find, Esc cancel`;
	if (text.notFound) return `not found: "${text.query}"  ${keys}`;
	const hit = text.match !== undefined && text.query ? `  hit "${text.query}" (n next, N previous)` : '';
	return `${position}${hit}  ${keys}`;
}

function position(start: number, shownFrom: number | undefined, shownTo: number | undefined, end: number): string {
	if (end <= start) return 'no lines';
	if (shownFrom === undefined || shownTo === undefined) return `${end - start} lines`;
	return `lines ${shownFrom - start + 1}-${shownTo - start + 1} of ${end - start}`;
}

export function LogPage(props: {
	page: Extract<Page, {kind: 'logs'}>;
	feed: LogFeed | undefined;
	text: TextViewState;
	width: number;
	height: number;
}) {
	const {page, feed, text, width, height} = props;
	const note = feed?.note();
	const body = textPaneBodyRows(height, note !== undefined);
	const source = feed ? bufferLines(feed.buffer) : arrayLines([]);
	const rows = textRows(source, text, width, body);
	const following = text.follow && !page.previous ? 'following' : page.previous ? 'previous run' : 'paused (G follows)';
	const dropped = feed && feed.buffer.dropped > 0 ? ` (older lines dropped: ${feed.buffer.dropped})` : '';
	return (
		<TextPane
			title={`logs pod/${page.pod} -c ${page.container}${page.previous ? ' --previous' : ''}  ${following}${dropped}`}
			{...(note === undefined ? {} : {note, noteColor: /deleted|error|not found|lost/.test(note) ? 'red' : 'yellow'})}
			rows={rows}
			width={width}
			height={height}
			status={pageStatus(
				text,
				position(source.start, rows[0]?.line, rows.at(-1)?.line, source.end),
				'p previous  w wrap  / search  Esc back',
			)}
		/>
	);
}

export interface FetchedText {
	lines?: string[];
	error?: string;
}

export function TextPage(props: {
	page: Extract<Page, {kind: 'text'}>;
	fetched: FetchedText | undefined;
	text: TextViewState;
	width: number;
	height: number;
}) {
	const {page, fetched, text, width, height} = props;
	const {kind, name, namespace} = page.ref;
	const object = `${kind.toLowerCase()}/${name}`;
	const title =
		page.what === 'describe'
			? `kubectl describe ${object} -n ${namespace}`
			: `kubectl get ${object} -n ${namespace} -o yaml`;
	const note = fetched?.error ?? (fetched?.lines ? undefined : 'loading…');
	const source = arrayLines(fetched?.lines ?? []);
	const rows = textRows(source, text, width, textPaneBodyRows(height, note !== undefined));
	return (
		<TextPane
			title={title}
			{...(note === undefined ? {} : {note, noteColor: fetched?.error ? 'red' : 'yellow'})}
			rows={rows}
			width={width}
			height={height}
			status={pageStatus(text, position(0, rows[0]?.line, rows.at(-1)?.line, source.end), 'w wrap  / search  Esc back')}
		/>
	);
}

function terminationText(detail: ReturnType<typeof containerDetails>[number], now: number): string {
	const last = detail.lastTermination;
	if (!last) return '';
	const ago = last.finishedAt ? ` ${formatAge(last.finishedAt, now)} ago` : '';
	return `${last.reason}, exit code ${last.exitCode}${ago}`;
}

export function PodPage(props: {
	page: Extract<Page, {kind: 'pod'}>;
	pod: PodJson | undefined;
	summary: PodSummary | undefined;
	events: readonly EventSummary[];
	width: number;
	height: number;
	now: number;
}) {
	const {page, pod, summary, events, width, height, now} = props;
	const color = useColor();
	if (!pod) {
		return (
			<Box flexDirection="column" width={width} height={height}>
				<Text bold wrap="truncate-end">{`pod/${visible(page.pod)}`}</Text>
				<Text color={color('red')} wrap="truncate-end">{`pod ${visible(page.pod)} is gone (deleted)`}</Text>
			</Box>
		);
	}
	const details = containerDetails(pod);
	const status = summary?.status ?? pod.status?.phase ?? '';
	const node = pod.spec?.nodeName ? `  node ${pod.spec.nodeName}` : '';
	const ip = typeof pod.status?.['podIP'] === 'string' ? `  IP ${pod.status['podIP']}` : '';
	const ownEvents = eventsNewestFirst(
		events.filter(event => event.involvedKind === 'Pod' && event.involvedName === page.pod),
	);
	const containerRows = details.map(detail => ({
		key: `${detail.init ? 'init:' : ''}${detail.name}`,
		cells: [
			detail.init ? `${detail.name} (init)` : detail.name,
			detail.image,
			detail.state,
			detail.ready ? 'yes' : 'no',
			String(detail.restarts),
			terminationText(detail, now),
		],
		colors: [
			undefined,
			undefined,
			detail.state.startsWith('Running') ? 'green' : 'red',
			undefined,
			detail.restarts > 0 ? 'yellow' : undefined,
			'red',
		],
	}));
	const messages = details.filter(detail => detail.detail || detail.lastTermination?.message);
	const eventRows = ownEvents.map((event, index) => ({
		key: String(index),
		cells: [
			formatAge(event.lastSeen, now),
			event.type,
			event.reason,
			event.count > 1 ? `${event.message} (x${event.count})` : event.message,
		],
		colors: [undefined, event.type === 'Warning' ? 'yellow' : undefined],
	}));
	const containersHeight = Math.min(details.length, Math.max(1, height - 6 - messages.length));
	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			<Text bold wrap="truncate-end">
				{visible(`pod/${page.pod}  namespace ${page.namespace}${node}${ip}  `)}
				<Text color={color(podStatusColor(status, summary?.ready ?? false))}>{visible(status)}</Text>
				{summary ? visible(`  ready ${summary.readyText}  restarts ${summary.restarts}`) : ''}
			</Text>
			<Table
				columns={[
					{header: 'CONTAINER'},
					{header: 'IMAGE', dropRank: 2},
					{header: 'STATE'},
					{header: 'READY'},
					{header: 'RESTARTS', align: 'right'},
					{header: 'LAST TERMINATION', flex: true},
				]}
				rows={containerRows}
				width={width}
				height={containersHeight}
			/>
			{messages.map(detail => (
				<Text key={detail.name} wrap="truncate-end" color={color('yellow')}>
					{visible(`${detail.name}: ${detail.detail ?? detail.lastTermination?.message ?? ''}`)}
				</Text>
			))}
			<Text bold color={color('cyan')} wrap="truncate-end">
				Events
			</Text>
			<Table
				columns={[
					{header: 'AGE', align: 'right'},
					{header: 'TYPE'},
					{header: 'REASON'},
					{header: 'MESSAGE', flex: true},
				]}
				rows={eventRows}
				width={width}
				height={Math.max(1, height - 4 - containersHeight - messages.length)}
				empty="(no events)"
			/>
		</Box>
	);
}

export function ContainerPicker({choice, width, height}: {choice: ContainerChoice; width: number; height: number}) {
	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			<Text bold wrap="truncate-end">
				{fit(visible(`Logs of pod/${choice.pod}: which container? (j/k move, Enter select, Esc cancel)`), width)}
			</Text>
			<Table
				columns={[{header: 'CONTAINER', flex: true}]}
				rows={choice.containers.map(name => ({key: name, cells: [name]}))}
				width={width}
				height={Math.max(1, height - 2)}
				selected={choice.index}
			/>
		</Box>
	);
}
