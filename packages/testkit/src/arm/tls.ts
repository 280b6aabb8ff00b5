import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throw-away CA and a server certificate it signed, for `127.0.0.1` / `localhost`. */
export interface LoopbackTls {
  /** PEM of the CA: what clients must trust (`tlsOptions.ca`, `NODE_EXTRA_CA_CERTS`). */
  ca: string;
  /** The CA PEM written to a file, for `NODE_EXTRA_CA_CERTS` in child processes. */
  caFile: string;
  /** Server certificate (PEM) and its private key (PEM). */
  cert: string;
  key: string;
  /** Removes the temporary directory holding the files. */
  dispose(): Promise<void>;
}

/**
 * Makes a fresh CA and a leaf certificate (SAN `IP:127.0.0.1`, `DNS:localhost`) with the `openssl` CLI.
 * Node has no API to create X.509 certificates; `openssl` is on every CI image. EC P-256 keys keep it fast.
 */
export async function createLoopbackTls(days = 2): Promise<LoopbackTls> {
  const dir = await mkdtemp(join(tmpdir(), 'genaiops-arm-tls-'));
  const f = (name: string) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    await run('openssl', [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      f('ca.key'),
      '-out',
      f('ca.pem'),
      '-days',
      String(days),
      '-subj',
      '/CN=genaiops testkit loopback CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign'
    ]);
    await run('openssl', [
      'req',
      '-new',
      ...ec,
      '-keyout',
      f('key.pem'),
      '-out',
      f('csr.pem'),
      '-subj',
      '/CN=127.0.0.1'
    ]);
    await writeFile(
      f('ext.cnf'),
      [
        'basicConstraints=CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        'subjectAltName=IP:127.0.0.1,DNS:localhost'
      ].join('\n') + '\n'
    );
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      f('csr.pem'),
      '-CA',
      f('ca.pem'),
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-out',
      f('cert.pem'),
      '-days',
      String(days),
      '-extfile',
      f('ext.cnf')
    ]);
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') {
      throw new Error(
        'testkit: the `openssl` CLI is needed to make the emulator a TLS certificate (or pass opts.tls)'
      );
    }
    throw new Error(`testkit: openssl failed to make a loopback certificate: ${err.stderr ?? err.message}`);
  }
  const [ca, cert, key] = await Promise.all(
    ['ca.pem', 'cert.pem', 'key.pem'].map((n) => readFile(f(n), 'utf8'))
  );
  await Promise.all(['ca.key', 'csr.pem', 'ext.cnf', 'ca.srl'].map((n) => rm(f(n), { force: true })));
  return { ca, caFile: f('ca.pem'), cert, key, dispose: () => rm(dir, { recursive: true, force: true }) };
}
