import request from 'supertest';
import {
  adminPagesHarness,
  ADMIN_PASSWORDS,
  inputTag,
  rowWith,
} from '../libs/testing/admin-pages-harness.service';
import { errorSummary } from '../libs/testing/staff-page-client.service';
import { defaultReferencePrefix } from '../libs/governance/case-reference.service';
import { openBcfCaseBody, type BcfWorld } from '../libs/testing/world.factory';

/*
 * Case references people read and type (issue #12, docs/adr/0038): the prefix set by the
 * council's administrators on the settings pages with its history, and every page an officer
 * sees naming a case by its reference and never by its id.
 */
const h = adminPagesHarness(new Date('2021-10-01T09:00:00Z'));
const { adminWorld, signedIn, csrfOf } = h;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** A page's text as a reader sees it: its tags (and the ids in their addresses) left out. */
const textOf = (html: string) =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

async function openCase(world: BcfWorld, title: string) {
  const res = await request(h.app.getHttpServer())
    .post('/api/cases')
    .set('Authorization', `Bearer ${world.keys.officer}`)
    .send(openBcfCaseBody(world, { title }))
    .expect(201);
  return res.body as { id: string; reference: string };
}

async function councilPrefix(world: BcfWorld) {
  const [t]: { name: string }[] = await h.db.ds.query(
    'SELECT name FROM tenants WHERE tenant_id = $1',
    [world.tenantId],
  );
  return defaultReferencePrefix(t.name);
}

describe('case references', () => {
  it('takes the prefix the administrator sets, refusing one that cannot be typed, with who changed it and when', async () => {
    const world = await adminWorld();
    const byName = await councilPrefix(world);
    const admin = await signedIn(await world.email('gp'), ADMIN_PASSWORDS.administrator);
    const settings = await admin.get('/admin/settings').expect(200);
    expect(textOf(settings.text)).toContain(`Cases get references like ${byName}-2021-0042`);
    expect(inputTag(settings.text, 'referencePrefix')).toContain(`value="${byName}"`);
    expect((await openCase(world, 'Before the change')).reference).toBe(`${byName}-2021-0001`);

    const csrf = await csrfOf(admin, '/admin/settings');
    const refused = await admin
      .post('/admin/settings/case-references')
      .type('form')
      .send({ _csrf: csrf, referencePrefix: 'HW-B' })
      .expect(422);
    expect(errorSummary(refused.text)).toEqual([
      {
        text: 'The prefix must be 2 to 10 letters or digits, starting with a letter, for example SCC',
        href: '#referencePrefix',
      },
    ]);
    expect(inputTag(refused.text, 'referencePrefix')).toContain('value="HW-B"');

    const saved = await admin
      .post('/admin/settings/case-references')
      .type('form')
      .send({ _csrf: csrf, referencePrefix: ' hwb ' })
      .expect(303);
    expect(saved.headers.location).toBe('/admin/settings/case-references?done=saved');
    const page = await admin.get(saved.headers.location as string).expect(200);
    expect(textOf(page.text)).toContain('the 42nd case opened this year is HWB-2021-0042');
    expect(textOf(rowWith(page.text, `${byName} to HWB`))).toContain('Dr');
    expect((await openCase(world, 'After the change')).reference).toBe('HWB-2021-0002');

    // An officer cannot change it.
    const officer = await signedIn(await world.email('officer'), ADMIN_PASSWORDS.officer);
    await officer.get('/admin/settings/case-references').expect(403);
  });

  it('names a case by its reference on its page, certificate, the dashboard and search, and never by its id', async () => {
    const world = await adminWorld();
    const c = await openCase(world, 'Better Care Fund plan 2021/22');
    expect(c.reference).toMatch(/^[A-Z][A-Z0-9]+-2021-0001$/);
    const officer = await signedIn(await world.email('officer'), ADMIN_PASSWORDS.officer);
    for (const path of [
      `/cases/${c.id}`,
      `/cases/${c.id}/certificate`,
      '/cases',
      `/cases/find?q=${c.reference.toLowerCase()}`,
    ]) {
      const text = textOf((await officer.get(path).expect(200)).text);
      expect([path, text.includes(c.reference)]).toEqual([path, true]);
      expect([path, UUID.exec(text)?.[0] ?? null]).toEqual([path, null]);
    }
    const found = await officer.get(`/cases/find?q=${c.reference.toLowerCase()}`).expect(200);
    expect(found.text).toContain('Better Care Fund plan 2021/22');
    const csv = await officer.get(`/cases/find.csv?q=${c.reference}`).expect(200);
    expect(csv.text).toContain(`"${c.reference}","Better Care Fund plan 2021/22"`);

    // The address emails give: by reference, in any case, on to the case's page.
    const by = await officer.get(`/cases/by-reference/${c.reference.toLowerCase()}`).expect(303);
    expect(by.headers.location).toBe(`/cases/${c.id}`);
    const missing = await officer.get('/cases/by-reference/NOPE-2021-0001').expect(404);
    expect(missing.text).toContain('Page not found');
    await officer.get('/cases/by-reference/not-a-reference').expect(404);
    // Another council's reference is not found either.
    const other = await adminWorld();
    await h.db.ds.query(
      `UPDATE tenants SET settings = settings || '{"caseReferences":{"prefix":"THEIRS"}}' WHERE tenant_id = $1`,
      [other.tenantId],
    );
    const theirs = await openCase(other, 'Their plan');
    expect(theirs.reference).toBe('THEIRS-2021-0001');
    await officer.get(`/cases/by-reference/${theirs.reference}`).expect(404);
  });
});
