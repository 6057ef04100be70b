import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NUMBER_CHOICE, pickConsultTarget, pickTransferTarget } from './transfer-target.ts';

test('a typed number is sent as its digits, for a transfer and for a consultation', () => {
  assert.deepEqual(pickTransferTarget(NUMBER_CHOICE, '+49 (30) 555-1234'), { ok: true, target: { kind: 'number', number: '+49305551234' } });
  assert.deepEqual(pickConsultTarget(NUMBER_CHOICE, ' 555 1234 '), { ok: true, target: { number: '5551234' } });
});

test('a number that is not one is refused with the shared schema’s words', () => {
  for (const text of ['', 'abc', '1', '*31#']) {
    for (const picked of [pickTransferTarget(NUMBER_CHOICE, text), pickConsultTarget(NUMBER_CHOICE, text)]) {
      assert.equal(picked.ok, false, text);
      if (!picked.ok) assert.match(picked.message, /2 to 20 digits/);
    }
  }
});

test('queues and agents from the list become the command’s targets; the typed number is ignored then', () => {
  assert.deepEqual(pickTransferTarget('queue:q-1', 'junk'), { ok: true, target: { kind: 'queue', queueId: 'q-1' } });
  assert.deepEqual(pickTransferTarget('agent:u-1', ''), { ok: true, target: { kind: 'agent', userId: 'u-1' } });
  assert.deepEqual(pickConsultTarget('queue:q-1', ''), { ok: true, target: { queueId: 'q-1' } });
  assert.deepEqual(pickConsultTarget('agent:u-1', '555'), { ok: true, target: { userId: 'u-1' } });
});

test('nothing chosen, or a choice that names nobody, is refused in words', () => {
  for (const choice of ['', 'agent:', ':u-1', 'agent', 'other:x']) {
    const transfer = pickTransferTarget(choice, '5551234');
    const consult = pickConsultTarget(choice, '5551234');
    assert.deepEqual(transfer, { ok: false, message: 'Choose a queue, an agent or a phone number to transfer to.' }, choice);
    assert.deepEqual(consult, { ok: false, message: 'Choose a colleague, a queue or a phone number to consult.' }, choice);
  }
});
