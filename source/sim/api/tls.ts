// A throw-away certificate authority and server certificate, generated at start
// (ECDSA P-256): the CA goes into the kubeconfig, the server certificate names 127.0.0.1 and localhost.
import {webcrypto} from 'node:crypto';

type X509 = typeof import('@peculiar/x509');

let loaded: Promise<X509> | undefined;
function loadX509(): Promise<X509> {
	// @peculiar/x509 loads tsyringe, which requires the Reflect metadata API that reflect-metadata provides.
	return (loaded ??= import('reflect-metadata').then(() => import('@peculiar/x509')));
}

export interface ServerCredentials {
	caPem: string;
	certPem: string;
	keyPem: string;
}

const ALGORITHM = {name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256'} as const;

function toPem(der: ArrayBuffer, label: string): string {
	const base64 = Buffer.from(der)
		.toString('base64')
		.replace(/(.{64})/g, '$1\n')
		.replace(/\n$/, '');
	return `-----BEGIN ${label}-----\n${base64}\n-----END ${label}-----\n`;
}

const serial = () =>
	Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
		.toString('hex')
		.replace(/^[89a-f]/, '1');

export async function generateCredentials(): Promise<ServerCredentials> {
	const x509 = await loadX509();
	x509.cryptoProvider.set(webcrypto as any);
	const subtle = webcrypto.subtle;
	const notBefore = new Date(Date.now() - 60 * 60 * 1000);
	const notAfter = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);

	const caKeys = (await subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
	const ca = await x509.X509CertificateGenerator.createSelfSigned({
		serialNumber: serial(),
		name: 'CN=rollout-dash-sim-ca',
		notBefore,
		notAfter,
		signingAlgorithm: ALGORITHM,
		keys: caKeys as any,
		extensions: [
			new x509.BasicConstraintsExtension(true, undefined, true),
			new x509.KeyUsagesExtension(
				x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
				true,
			),
			await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey as any),
		],
	});

	const serverKeys = (await subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
	const server = await x509.X509CertificateGenerator.create({
		serialNumber: serial(),
		subject: 'CN=rollout-dash-sim',
		issuer: ca.subject,
		notBefore,
		notAfter,
		signingAlgorithm: ALGORITHM,
		publicKey: serverKeys.publicKey as any,
		signingKey: caKeys.privateKey as any,
		extensions: [
			new x509.BasicConstraintsExtension(false, undefined, true),
			new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
			new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
			new x509.SubjectAlternativeNameExtension([
				{type: 'ip', value: '127.0.0.1'},
				{type: 'dns', value: 'localhost'},
			]),
			await x509.AuthorityKeyIdentifierExtension.create(ca, false),
		],
	});

	const keyDer = await subtle.exportKey('pkcs8', serverKeys.privateKey);
	return {
		caPem: `${ca.toString('pem')}\n`,
		certPem: `${server.toString('pem')}\n`,
		keyPem: toPem(keyDer, 'PRIVATE KEY'),
	};
}
