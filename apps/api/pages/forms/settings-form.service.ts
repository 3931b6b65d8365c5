import type { Response } from 'express';
import { FORM_EXPIRED } from '../staff-pages.service';
import type { ErrorItem } from './form-errors.service';

/** A refusal as the page shows it: the errors of the error summary, and the status. */
export interface Refused {
  errors: ErrorItem[];
  status?: number;
}

/**
 * An administrator's settings form: what is read from the post, what is refused before saving,
 * how it is saved (by the use case that also serves the API) and how its refusal reads, the page
 * that shows it again, and where a saved form goes.
 */
export interface SettingsFormSpec<T> {
  res: Response;
  /** What was typed, read from the posted form. */
  read: (body: Record<string, unknown>) => T;
  /** What the page refuses before anything is saved (none: the use case decides). */
  check?: (typed: T) => ErrorItem[];
  /** Saves; a refusal thrown (that `refused` reads) means nothing was saved. */
  save: (typed: T) => Promise<unknown>;
  /** A refusal thrown by `save` in the page's words; undefined for one that is not a refusal. */
  refused?: (e: unknown, typed: T) => Refused | undefined;
  /** The form's page again: what was typed, the error summary, the status. */
  render: (typed: T, errors: ErrorItem[], status: number) => Promise<void> | void;
  /** Where a saved form goes (its page, saying it was saved). */
  done: string;
  /** The field an expired form's summary links to. */
  expiredAt?: string;
}

/**
 * Read, refuse or save, then redirect: the one shape of every settings form. A refused form comes
 * back with its error summary and what was typed (422 unless the refusal says otherwise); a form
 * posted without the session's token comes back as typed, saying it has expired (403).
 */
export function settingsForm<T>(spec: SettingsFormSpec<T>) {
  return {
    async post(body: Record<string, unknown>): Promise<void> {
      const typed = spec.read(body);
      const early = spec.check?.(typed) ?? [];
      if (early.length > 0) return spec.render(typed, early, 422);
      try {
        await spec.save(typed);
      } catch (e) {
        const refused = spec.refused?.(e, typed);
        if (!refused) throw e;
        return spec.render(typed, refused.errors, refused.status ?? 422);
      }
      spec.res.redirect(303, spec.done);
    },
    expired(body: Record<string, unknown>): Promise<void> | void {
      const at = spec.expiredAt ?? '#main-content';
      return spec.render(spec.read(body), [{ text: FORM_EXPIRED, href: at }], 403);
    },
  };
}
