import {
  bodiesPagesHarness,
  bodyIdFrom,
  cabinetForm,
  errorSummary,
} from '../libs/testing/bodies-pages-harness.service';

/*
 * Issue #10 through the pages: an administrator adds a body with its rules in plain English and
 * changes them, through the same use cases as the API. Refusals come back in a GOV.UK error summary
 * linked to fields with what was typed kept and nothing saved; a stale form is a version conflict.
 * Seats, substitutes and who may read are in directory-seats-pages.e2e-spec.ts; the councils and
 * the form in libs/testing/bodies-pages-harness.service.ts. Invented people; today is Thursday 3
 * December 2026.
 */
describe('the bodies, seats and substitutes pages', () => {
  const { a, as, bodies } = bodiesPagesHarness(1);
  let cabinetId: string;

  it('adds a body with its rules typed in plain English and shows each rule in words with its source', async () => {
    const { agent, csrf } = await as(a(), 'administrator');
    await agent.get('/directory/bodies/new').expect(200);
    const res = await agent
      .post('/directory/bodies')
      .type('form')
      .send({ ...cabinetForm(a()), _csrf: csrf })
      .expect(303);
    cabinetId = bodyIdFrom(res.headers.location);
    expect(res.headers.location).toBe(`/directory/bodies/${cabinetId}?done=created`);
    const page = await agent.get(res.headers.location).expect(200);
    expect(page.text).toContain('The body is added with its rules.');
    for (const words of [
      'At least 3 members present, including at least 1 elected member.',
      'Source: Executive procedure rules 4.2',
      'By a majority of the votes of the voting members present.',
      'Source: Executive procedure rules 6.1',
      'The Executive: seats represent Southampton City Council',
      'Reports are published at least 5 clear days before the meeting.',
      'Only the substitutes named for a seat may sit in its member’s place.',
      'The body may delegate decisions to an office of the council.',
      'Source: Constitution Part 3, Executive functions',
    ])
      expect(page.text).toContain(words);
    const list = await agent.get('/directory/bodies?kind=cabinet').expect(200);
    expect(list.text).toContain(`href="/directory/bodies/${cabinetId}">Cabinet</a>`);
    expect(list.text).not.toContain('Southampton Health and Wellbeing Board');
  });

  it('refuses a body with bad rules, every error linked to its field, what was typed kept, nothing saved', async () => {
    const { agent, csrf } = await as(a(), 'administrator');
    const before = await bodies(a());
    const res = await agent
      .post('/directory/bodies')
      .type('form')
      .send({
        ...cabinetForm(a(), {
          name: 'Scrutiny Panel',
          quorumTotal: 'three',
          'm-0-count': '2',
          'm-0-who': 'Aldermen',
          reportClearDays: '2',
          decisionSource: '',
        }),
        _csrf: csrf,
      })
      .expect(422);
    const errors = errorSummary(res.text);
    expect(errors).toEqual(
      expect.arrayContaining([
        [
          'Enter the number of members who must be present as a whole number, like 3',
          '#quorumTotal',
        ],
        [
          '“Aldermen” is not a constituency or what one counts as on this form: name one of The Executive',
          '#m-0-who',
        ],
      ]),
    );
    expect(res.text).toContain('value="Scrutiny Panel"');
    expect(res.text).toContain('value="three"');
    expect(await bodies(a())).toBe(before);

    // The page's own checks pass; the rules' checks are the use case's, in people's words.
    const ruled = await agent
      .post('/directory/bodies')
      .type('form')
      .send({
        ...cabinetForm(a(), { name: 'Scrutiny Panel', reportClearDays: '2', decisionSource: '' }),
        _csrf: csrf,
      })
      .expect(422);
    expect(errorSummary(ruled.text)).toEqual([
      [
        'Give the reference the rule comes from, e.g. "JCB terms of reference 8.1"',
        '#decisionSource',
      ],
      [
        'Notice for reports is at least 5 (a body may ask for more notice than the 2012 Regulations, never less)',
        '#reportClearDays',
      ],
    ]);
    expect(ruled.text).toContain(
      'id="reportClearDays" name="reportClearDays" type="text" value="2"',
    );
    expect(await bodies(a())).toBe(before);
    const twice = await agent
      .post('/directory/bodies')
      .type('form')
      .send({ ...cabinetForm(a()), _csrf: csrf })
      .expect(422);
    expect(errorSummary(twice.text)).toEqual([
      ['Cabinet is already a body of your council: give each body its own name', '#name'],
    ]);
  });

  it('changes the rules at the version read and shows a second administrator a version conflict, not an overwrite', async () => {
    const first = await as(a(), 'administrator');
    const second = await as(a(), 'administrator');
    const edit = await first.agent.get(`/directory/bodies/${cabinetId}/edit`).expect(200);
    expect(edit.text).toContain('value="Executive procedure rules 4.2"');
    expect(edit.text).toContain('name="version" value="1"');
    await first.agent
      .post(`/directory/bodies/${cabinetId}`)
      .type('form')
      .send({ ...cabinetForm(a(), { quorumTotal: '4', version: '1' }), _csrf: first.csrf })
      .expect(303);
    const stale = await second.agent
      .post(`/directory/bodies/${cabinetId}`)
      .type('form')
      .send({ ...cabinetForm(a(), { quorumTotal: '5', version: '1' }), _csrf: second.csrf })
      .expect(409);
    expect(errorSummary(stale.text)[0][0]).toBe(
      'This body was changed after you opened this page, so nothing was recorded: check it as it is now, then make your change again.',
    );
    expect(stale.text).toContain('value="5"');
    const page = await first.agent.get(`/directory/bodies/${cabinetId}`).expect(200);
    expect(page.text).toContain('At least 4 members present');
  });
});
