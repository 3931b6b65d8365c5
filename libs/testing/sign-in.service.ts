import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent';

/**
 * Posts the sign-in form as a browser does: the page first, for its CSRF token and cookie, then
 * the form with the token. `agent` keeps the cookies (request.agent).
 */
export async function postSignIn(
  agent: TestAgent,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const page = await agent.get('/sign-in').set(headers);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  return agent
    .post('/sign-in')
    .set(headers)
    .type('form')
    .send({ ...fields, _csrf: csrf });
}
