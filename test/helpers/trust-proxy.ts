// A TCP proxy in front of the simulator that can blackhole: while it does, bytes in both directions are dropped and
// new connections are accepted but never forwarded, as a frozen server or a dead network path looks to a client.
import net from 'node:net';

export interface BlackholeProxy {
	url: string;
	port: number;
	blackhole(on: boolean): void;
	close(): Promise<void>;
}

export async function startBlackholeProxy(target: {host: string; port: number}): Promise<BlackholeProxy> {
	let holed = false;
	const sockets = new Set<net.Socket>();
	const server = net.createServer(client => {
		sockets.add(client);
		client.on('close', () => sockets.delete(client));
		client.on('error', () => client.destroy());
		if (holed) {
			client.resume(); // accepted, read and never answered
			return;
		}
		const upstream = net.connect(target.port, target.host);
		sockets.add(upstream);
		upstream.on('close', () => {
			sockets.delete(upstream);
			if (!holed) client.destroy();
		});
		upstream.on('error', () => upstream.destroy());
		client.on('close', () => {
			if (!holed) upstream.destroy();
		});
		client.on('data', chunk => {
			if (!holed) upstream.write(chunk);
		});
		upstream.on('data', chunk => {
			if (!holed) client.write(chunk);
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as net.AddressInfo).port;
	return {
		url: `https://127.0.0.1:${port}`,
		port,
		blackhole(on) {
			holed = on;
		},
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>(resolve => server.close(() => resolve()));
		},
	};
}
