import request from 'supertest';
import { ManualClock } from '../core/clock.service';
import { LinkTokens } from '../links/link-token.service';
import { caseAwaitingAgreementOverApi } from './bcf-api-harness.service';
import type { DirectoryWorld } from './directory-world.factory';
import { testAppHarness } from './test-app.service';

/*
 * Cases of a directory council (libs/testing/directory-world.factory.ts) through the HTTP API and
 * the links in its people's email (test/absence-cover, case-lifecycle, directory-offices,
 * office-hand-over and office-hand-over-scheduled): one database and app for the spec file, on a
 * clock from Monday 1 November 2021, 10:00 in London; each test builds its own council.
 */

/** Opens a database and the app before the spec file's tests, closes them after. */
export function directoryAppHarness() {
  const clock = new ManualClock(new Date('2021-11-01T10:00:00Z'));
  const ready = testAppHarness({ what: 'the database and the app', clock });
  const db = () => ready().db;
  const app = () => ready().app;
  const server = () => request(app().getHttpServer());
  const as = (key: string) => ({ Authorization: `Bearer ${key}` });

  /** The token of the link the case sent the person, in the status given. */
  const linkOf = async (caseId: string, personId: string, status: string) => {
    const [l]: { id: string }[] = await db().ds.query(
      'SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = $3',
      [caseId, personId, status],
    );
    return app().get(LinkTokens).tokenFor(l.id);
  };

  /** Approves from the link's page, as the person it was sent to would. */
  const answer = async (token: string) => {
    const page = await server().get(`/act/${token}`).expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)![1];
    return server().post(`/act/${token}`).type('form').send({ csrf, response: 'approve' });
  };

  /**
   * A BCF plan opened by the council's officer (`overrides` on its body), who has sought the
   * approvers' agreement: its id.
   */
  async function caseAwaitingAgreement(
    w: DirectoryWorld,
    overrides: Record<string, unknown> = {},
  ): Promise<string> {
    return (await caseAwaitingAgreementOverApi(app(), w, overrides)).caseId;
  }

  return { clock, db, app, server, as, linkOf, answer, caseAwaitingAgreement };
}
