import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CallRecordItem, CallRecordPage, SipTrunk } from '@cc/shared';
import type { Browser, Page } from 'playwright-core';
import { dominantFrequency, inboundAudio, waitForAudio } from '../support/audio-probe.ts';
import { BaresipPhone, type PhoneCodec } from '../support/baresip-phone.ts';
import { launchChromium } from '../support/browser.ts';
import { openPage, signInAvailable } from '../support/pages.ts';
import { measureTone, readWav } from '../support/recorded-tone.ts';
import { RestClient } from '../support/rest-client.ts';
import { sipGatewayPort, startServerProcess, type ServerProcess } from '../support/server-process.ts';

/**
 * Calls between the agent desktop and a real SIP phone (baresip) through the gateway:
 * the demo trunk 'local-test' admits 127.0.0.0/8, number 1000 leads to the support
 * queue (alice's), and outbound calls go to the trunk's host and port.
 */
const PHONE_TONE_HZ = 1000;
const AGENT_TONE_HZ = 440;
/** FFT bins are 4-6 Hz; G.711 and Opus move a clean tone by far less than this. */
const TOLERANCE_HZ = 25;
/** -40 dBFS: anything quieter is silence, not the other side's voice. */
const MIN_RMS = 0.01;
/** How long both sides talk before the call ends: the phone's recording is about this long. */
const TALK_MS = 3000;

let server: ServerProcess;
let agentBrowser: Browser;
let sipPort: number;
let admin: RestClient;
const metrics: string[] = [];
const metric = (name: string, value: number | string, unit = 'ms') => metrics.push(`metric ${name}: ${value}${unit ? ` ${unit}` : ''}`);

before(async () => {
  [server, agentBrowser] = await Promise.all([
    startServerProcess({
      SIP_ENABLED: 'true',
      SIP_PORT: '0',
      // The gateway's port is read from its info-level log line.
      LOG_LEVEL: process.env.E2E_SERVER_LOG_LEVEL ?? 'info',
      WRAP_UP_MS: '60000',
    }),
    launchChromium(AGENT_TONE_HZ),
  ]);
  sipPort = await sipGatewayPort(server);
  admin = await RestClient.signIn(server.url);
});
after(async () => {
  for (const line of metrics) console.log(line);
  await agentBrowser?.close();
  await server?.stop();
});

/** The newest call record once it has ended (the server writes the end a moment later). */
async function endedCall(): Promise<CallRecordItem> {
  let latest: CallRecordItem | undefined;
  for (let i = 0; i < 50; i++) {
    latest = (await admin.get<CallRecordPage>('/api/calls?limit=1')).items[0];
    if (latest?.state === 'ended' && latest.endReason) return latest;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`the call did not end in the records: ${JSON.stringify(latest)}`);
}

/** What the agent hears, measured in the page's remote-audio element. */
async function assertAgentHearsPhone(agent: Page, label: string): Promise<void> {
  const heard = await dominantFrequency(agent);
  metric(`${label}-tone-at-agent`, `${heard.hz} Hz, rms ${heard.rms.toFixed(3)}`, '');
  assert.ok(Math.abs(heard.hz - PHONE_TONE_HZ) <= TOLERANCE_HZ, `the agent hears ${heard.hz} Hz, not the phone's ${PHONE_TONE_HZ} Hz`);
  assert.ok(heard.rms > MIN_RMS, `the agent hears the phone at rms ${heard.rms}`);
  const stats = await inboundAudio(agent);
  assert.ok(stats.packetsReceived > 50, `the agent received ${stats.packetsReceived} packets`);
}

/** What the phone heard, from its recording (read once baresip has closed the file). */
function assertPhoneHeardAgent(phone: BaresipPhone, label: string): void {
  const heard = measureTone(readWav(phone.receivedAudioFile()));
  metric(
    `${label}-tone-at-phone`,
    `${heard.hz} Hz, rms ${heard.rms.toFixed(3)}, ${heard.audibleSeconds.toFixed(2)} of ${heard.seconds.toFixed(2)} s audible, ` +
      `${Math.round(heard.agreement * 100)}% of windows agree`,
    '',
  );
  assert.ok(Math.abs(heard.hz - AGENT_TONE_HZ) <= TOLERANCE_HZ, `the phone heard ${heard.hz} Hz, not the agent's ${AGENT_TONE_HZ} Hz`);
  assert.ok(heard.rms > MIN_RMS, `the phone heard the agent at rms ${heard.rms}`);
  assert.ok(heard.audibleSeconds > (TALK_MS / 1000) * 0.8, `the phone heard the agent for ${heard.audibleSeconds} s only`);
  assert.ok(heard.agreement > 0.8, `the tone at the phone wavered: ${heard.agreement} of windows agree`);
}

/** After the call: wrap-up, then Ready puts the agent back to Available. */
async function finishWrapUp(agent: Page): Promise<void> {
  await agent.getByRole('region', { name: 'Wrap-up' }).getByRole('button', { name: 'Ready' }).click();
  await agent.getByRole('button', { name: 'Available', exact: true, pressed: true }).waitFor();
}

describe('calls with a real phone through the SIP gateway', () => {
  const inboundCodecs: PhoneCodec[] = ['PCMU', 'opus', 'G722'];
  for (const codec of inboundCodecs) {
    test(`a phone calls 1000 (${codec}); alice answers; each hears the other's tone; the phone hangs up`, { timeout: 90_000 }, async () => {
      const label = `phone-in-${codec.toLowerCase()}`;
      const phone = await BaresipPhone.start({ number: '4930111222', toneHz: PHONE_TONE_HZ, codec });
      const agent = await openPage(agentBrowser, `${server.url}/agent/`);
      try {
        await signInAvailable(agent, 'alice');
        const dialledAt = Date.now();
        await phone.dial(`sip:1000@127.0.0.1:${sipPort}`);

        const offer = agent.getByRole('region', { name: 'Incoming call' });
        const answer = offer.getByRole('button', { name: 'Answer' });
        await answer.waitFor({ timeout: 10_000 });
        metric(`${label}-dial-to-agent-ringing`, Date.now() - dialledAt);
        await offer.getByText('Phone', { exact: true }).waitFor();
        await offer.getByRole('heading', { name: '4930111222' }).waitFor();
        await phone.waitFor('CALL_RINGING'); // the gateway's 180 while the call waits for alice

        const answeredAt = Date.now();
        await answer.click();
        const current = agent.getByRole('region', { name: 'Current call' });
        await current.getByText('Phone', { exact: true }).waitFor();
        const [established, agentHearsMs] = await Promise.all([
          phone.waitFor('CALL_ESTABLISHED'),
          waitForAudio(agent).then(() => Date.now() - answeredAt),
        ]);
        metric(`${label}-answer-to-phone-connected`, established.at - answeredAt);
        metric(`${label}-answer-to-first-audio-at-agent`, agentHearsMs);
        const firstRtp = await phone.waitFor('CALL_RTPESTAB');
        metric(`${label}-answer-to-first-audio-at-phone`, firstRtp.at - answeredAt);
        await current.getByLabel('Call duration').waitFor();

        // A second for the tone to settle, then measure; then talk on so the phone records enough.
        await agent.waitForTimeout(1000);
        await assertAgentHearsPhone(agent, label);
        await agent.waitForTimeout(Math.max(0, TALK_MS - (Date.now() - firstRtp.at)));

        await phone.hangup();
        await phone.waitFor('CALL_CLOSED');
        await agent.getByRole('region', { name: 'Wrap-up' }).waitFor();
        await phone.stop();
        assertPhoneHeardAgent(phone, label);

        const record = await endedCall();
        assert.equal(record.channel, 'pstn');
        assert.equal(record.callerLabel, '4930111222');
        assert.equal(record.queue.name, 'support');
        assert.equal(record.agent?.displayName, 'Alice Martin');
        assert.equal(record.endReason, 'customer-hangup');
        assert.ok(record.answeredAt && record.talkSeconds !== null && record.talkSeconds >= TALK_MS / 1000 - 1, JSON.stringify(record));

        await finishWrapUp(agent);
      } catch (error) {
        console.error(`baresip said:\n${phone.log()}`);
        throw error;
      } finally {
        await phone.stop();
        phone.remove();
        await agent.context().close();
      }
    });
  }

  test('alice dials a number; the phone on the trunk answers; each hears the other; digits go both ways; alice hangs up', { timeout: 90_000 }, async () => {
    const label = 'phone-out-pcmu';
    const number = '4930555666';
    // The far end of the trunk: answers whatever number it is called on, if it is its own.
    const phone = await BaresipPhone.start({ number, toneHz: PHONE_TONE_HZ, codec: 'PCMU', answerMode: 'auto' });
    const agent = await openPage(agentBrowser, `${server.url}/agent/`);
    try {
      const trunks = await admin.get<SipTrunk[]>('/api/trunks');
      const trunk = trunks.find((t) => t.name === 'local-test');
      assert.ok(trunk, `the demo trunk: ${JSON.stringify(trunks)}`);
      await admin.patch<SipTrunk>(`/api/trunks/${trunk.id}`, { outboundHost: '127.0.0.1', outboundPort: phone.sipPort, transport: 'udp' });

      await signInAvailable(agent, 'alice');
      const dialPad = agent.getByRole('region', { name: 'Dial pad' });
      await dialPad.getByRole('textbox', { name: 'Phone number' }).fill(number);
      const calledAt = Date.now();
      await dialPad.getByRole('button', { name: 'Call', exact: true }).click();

      const current = agent.getByRole('region', { name: 'Current call' });
      await current.getByText('Outgoing call').waitFor();
      await current.getByRole('heading', { name: number }).waitFor();
      // Auto-answer: baresip reports the call only once it has answered it.
      const answered = await phone.waitFor('CALL_ESTABLISHED');
      metric(`${label}-call-to-phone-answered`, answered.at - calledAt);
      await current.getByLabel('Call duration').waitFor({ timeout: 10_000 });
      metric(`${label}-call-to-connected-on-desktop`, Date.now() - calledAt);
      await waitForAudio(agent);
      metric(`${label}-call-to-first-audio-at-agent`, Date.now() - calledAt);
      const firstRtp = await phone.waitFor('CALL_RTPESTAB');
      metric(`${label}-call-to-first-audio-at-phone`, firstRtp.at - calledAt);

      await agent.waitForTimeout(1000);
      await assertAgentHearsPhone(agent, label);

      // A digit from the keypad reaches the phone as RFC 4733 events.
      const keypad = current.getByRole('region', { name: 'Keypad' });
      await keypad.getByRole('button', { name: '5', exact: true }).click();
      await keypad.getByText('Sent: 5').waitFor();
      const digit = await phone.waitFor('CALL_DTMF_START', 5000);
      assert.equal(digit.param, '5');
      // And one the other way: the desktop shows what the caller pressed.
      await phone.sendDigit('7');
      await current.getByText('Caller pressed: 7').waitFor({ timeout: 5000 });
      await agent.waitForTimeout(Math.max(0, TALK_MS - (Date.now() - firstRtp.at)));

      await current.getByRole('button', { name: 'Hang up' }).click();
      const closed = await phone.waitFor('CALL_CLOSED');
      assert.ok(closed.param, 'baresip says why the call closed');
      await agent.getByRole('region', { name: 'Wrap-up' }).waitFor();
      await phone.stop();
      assertPhoneHeardAgent(phone, label);

      const record = await endedCall();
      assert.equal(record.channel, 'pstn');
      assert.equal(record.callerLabel, number);
      assert.equal(record.endReason, 'agent-hangup');
      assert.ok(record.answeredAt, JSON.stringify(record));

      await finishWrapUp(agent);
    } catch (error) {
      console.error(`baresip said:\n${phone.log()}`);
      throw error;
    } finally {
      await phone.stop();
      phone.remove();
      await agent.context().close();
    }
  });
});
