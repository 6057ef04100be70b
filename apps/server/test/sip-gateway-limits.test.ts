import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import tls from 'node:tls';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sleep, startTestServer, type TestServer } from './harness.ts';
import { runSipp } from './sipp.ts';

/**
 * The gateway's limits and its TLS listener, on a server of their own: one phone leg at
 * most (SIP_MAX_CALLS=1), and SIP over TLS with a self-signed certificate.
 */
let server: TestServer;
let tlsPort: number;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cc-sip-tls-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  tlsPort = 18000 + (process.pid % 500) * 2;
  server = await startTestServer({
    SIP_ENABLED: 'true',
    SIP_PORT: '0',
    SIP_MAX_CALLS: '1',
    SIP_RTP_PORT_MIN: '33000',
    SIP_RTP_PORT_MAX: '33999',
    SIP_TLS_CERT: join(dir, 'cert.pem'),
    SIP_TLS_KEY: join(dir, 'key.pem'),
    SIP_TLS_PORT: String(tlsPort),
  });
});
after(async () => {
  await server?.close();
});

test('beyond SIP_MAX_CALLS an INVITE gets 503 with Retry-After, and the call in progress is untouched', async () => {
  const sipPort = server.app.sip!.port;
  // The first call waits in the queue (nobody is signed in) until it cancels itself.
  const first = runSipp('cancel-before-answer', { port: sipPort });
  await sleep(500);
  assert.equal(server.app.sip!.counters.legs, 1);
  const second = await runSipp('gateway-full', { port: sipPort });
  assert.equal(second.code, 0, second.output);
  const result = await first;
  assert.equal(result.code, 0, result.output);
  assert.equal(server.app.sip!.counters.legs, 0);
});

test('OPTIONS over TLS is answered (a Node TLS client: SIPp from Debian is built without OpenSSL)', async () => {
  const socket = tls.connect({ host: '127.0.0.1', port: tlsPort, rejectUnauthorized: false });
  await once(socket, 'secureConnect');
  const local = `${socket.localAddress}:${socket.localPort}`;
  socket.write(
    [
      `OPTIONS sip:127.0.0.1:${tlsPort};transport=tls SIP/2.0`,
      `Via: SIP/2.0/TLS ${local};branch=z9hG4bKtls${Date.now()}`,
      'From: <sip:carrier@127.0.0.1>;tag=t1',
      `To: <sip:127.0.0.1:${tlsPort}>`,
      `Call-ID: tls-${Date.now()}`,
      'CSeq: 1 OPTIONS',
      'Max-Forwards: 70',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  );
  const [data] = (await once(socket, 'data')) as [Buffer];
  socket.destroy();
  const answer = data.toString('latin1');
  assert.match(answer, /^SIP\/2.0 200 OK\r\n/);
  assert.match(answer, /\r\nAllow: .*INVITE/i);
});
