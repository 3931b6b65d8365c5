import type { Response } from 'express';
import { DomainError } from '../../../libs/errors/domain.errors';
import type { PasswordLinkUseCase } from '../../../libs/staff/password-link.use-case';
import type { PageRenderer } from './page-renderer.service';
import { SetPasswordController } from './set-password.controller';

/*
 * A new password waits for a turn to be hashed (ADR 0043); one whose turn does not come in time
 * is refused SIGN_IN_BUSY. The person who followed their link gets the form again with that
 * sentence linked to the password field and Retry-After, not the generic "problem with the
 * service" page, and nothing was saved.
 */
describe('setting a password while many are being hashed', () => {
  it('shows the form again with the busy sentence on the password field, 503 and Retry-After', async () => {
    const busy = new DomainError(
      'SIGN_IN_BUSY',
      'Many passwords are being checked',
      'Many passwords are being checked at this moment and this one could not be saved in time: nothing was saved. Try again after 15 seconds.',
      { retryAfterSeconds: 15 },
    );
    const links = {
      setPassword: () => Promise.reject(busy),
      check: () => Promise.resolve({ name: 'Dana Whitlock', email: 'dana@example.org' }),
    } as unknown as PasswordLinkUseCase;
    const rendered: { view: string; context: Record<string, unknown>; status?: number }[] = [];
    const pages = {
      html: (_res: Response, view: string, context: Record<string, unknown>, status?: number) =>
        rendered.push({ view, context, status }),
    } as unknown as PageRenderer;
    const headers: Record<string, string> = {};
    const res = { setHeader: (k: string, v: string) => (headers[k] = v) } as unknown as Response;

    await new SetPasswordController(links, pages).save(
      'a-token',
      { password: 'a long new passphrase', confirm: 'a long new passphrase' },
      res,
    );

    expect(rendered).toHaveLength(1);
    expect(rendered[0].view).toBe('set-password.njk');
    expect(rendered[0].status).toBe(503);
    expect(rendered[0].context.errors).toEqual([{ text: busy.detail, href: '#password' }]);
    expect(headers['Retry-After']).toBe('15');
  });

  it('lets any other error through to the error pages', async () => {
    const links = {
      setPassword: () => Promise.reject(new Error('the database went away')),
    } as unknown as PasswordLinkUseCase;
    const controller = new SetPasswordController(links, {} as PageRenderer);
    await expect(
      controller.save('a-token', { password: 'x', confirm: 'x' }, {} as Response),
    ).rejects.toThrow('the database went away');
  });
});
