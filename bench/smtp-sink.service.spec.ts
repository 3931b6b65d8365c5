import { createTransport } from 'nodemailer';
import { smtpSink } from './smtp-sink.service';

describe('the benchmarks’ SMTP server', () => {
  it('counts each message by its Message-ID’s local part and keeps the domains it went to', async () => {
    const sink = await smtpSink();
    const mail = createTransport(sink.url);
    try {
      const send = (messageId: string, to: string) =>
        mail.sendMail({ from: 'clerk@ratify.invalid', to, subject: 'Due', text: 'x', messageId });
      await send('<effect-1@ratify.invalid>', 'a@north.example');
      await send('<effect-1@ratify.invalid>', 'b@south.example');
      await send('<effect-2@ratify.invalid>', 'c@north.example');

      expect(sink.url).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
      expect(Object.fromEntries(sink.counts)).toEqual({ 'effect-1': 2, 'effect-2': 1 });
      expect([...(sink.domains.get('effect-1') ?? [])].sort()).toEqual([
        'north.example',
        'south.example',
      ]);
      expect([...(sink.domains.get('effect-2') ?? [])]).toEqual(['north.example']);
    } finally {
      mail.close();
      await sink.close();
    }
  });
});
