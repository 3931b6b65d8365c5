import { Body, Controller, Get, INestApplication, Post, Res } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import type { Response } from 'express';
import request from 'supertest';
import { SETTINGS } from '../../../libs/engine/engine.module';
import type { SignedInStaff } from '../../../libs/staff/staff-auth.service';
import { StaffAuthService } from '../../../libs/staff/staff-auth.service';
import { PageRenderer } from './page-renderer.service';
import { CurrentStaff, StaffForm, StaffPage } from './staff-page.guard';
import { StaffPages } from './staff-pages.service';

const TOKENS = {
  officer: 'o'.repeat(43),
  administrator: 'a'.repeat(43),
  enrolling: 'e'.repeat(43),
  pending: 'p'.repeat(43),
};

function staffWith(role: SignedInStaff['role'], mustEnrol = false): SignedInStaff {
  return {
    sessionId: `session-${role}`,
    accountId: `account-${role}`,
    tenantId: '00000000-0000-4000-8000-000000000001',
    person: { id: `person-${role}`, name: `The ${role}` },
    role,
    csrfToken: `csrf-of-${role}`,
    mustEnrolSecondFactor: mustEnrol,
  } as unknown as SignedInStaff;
}

function staffOf(token: string | undefined): SignedInStaff | null {
  return token === TOKENS.officer
    ? staffWith('officer')
    : token === TOKENS.administrator
      ? staffWith('administrator')
      : token === TOKENS.enrolling
        ? staffWith('administrator', true)
        : null;
}

/** Sessions by cookie, as the real service finds them in the database; each read counted. */
const reads: string[] = [];
const auth = {
  lookUp: (token: string | undefined) => {
    reads.push(String(token));
    const pending = token === TOKENS.pending ? { sessionId: 'pending' } : null;
    const staff = staffOf(token);
    return Promise.resolve(
      staff || pending
        ? { tenantId: '00000000-0000-4000-8000-000000000001', staff, pending }
        : null,
    );
  },
};

@Controller('guarded')
class GuardedController {
  readonly handled: string[] = [];

  @Get('officers')
  @StaffPage('officer')
  officers(@CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    this.handled.push(`read by ${staff.role}`);
    res.send(`hello ${staff.person.name}`);
  }

  @Get('administrators')
  @StaffPage('administrator')
  administrators(@CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    this.handled.push(`read by ${staff.role}`);
    res.send('administrators only');
  }

  @Post('plain')
  @StaffForm(['officer'])
  plain(@CurrentStaff() staff: SignedInStaff, @Res() res: Response) {
    this.handled.push(`plain posted by ${staff.role}`);
    res.redirect(303, '/guarded/officers');
  }

  @Post('kept')
  @StaffForm<GuardedController>(['officer'], (c, { res, body }) => c.again(res, body))
  kept(@Body() body: Record<string, unknown>, @Res() res: Response) {
    this.handled.push(`kept posted: ${String(body.title)}`);
    res.redirect(303, '/guarded/officers');
  }

  private again(res: Response, body: Record<string, unknown>) {
    res.status(403).send(`expired; you typed ${String(body.title)}`);
  }
}

describe('the staff page guards', () => {
  let app: INestApplication;
  let controller: GuardedController;

  beforeAll(async () => {
    const module = await Test.createTestingModule({
      controllers: [GuardedController],
      providers: [
        StaffPages,
        PageRenderer,
        { provide: StaffAuthService, useValue: auth },
        { provide: SETTINGS, useValue: { PUBLIC_ORIGIN: 'http://localhost' } },
      ],
    }).compile();
    const nest = module.createNestApplication<NestExpressApplication>();
    nest.useBodyParser('urlencoded', { extended: false });
    nest.use(cookieParser());
    app = await nest.init();
    controller = module.get(GuardedController);
  });

  afterAll(() => app.close());
  beforeEach(() => {
    controller.handled.splice(0);
    reads.splice(0);
  });

  const as = (who: keyof typeof TOKENS) => `ratify_session=${TOKENS[who]}`;

  it('sends someone not signed in to the sign-in page, coming back to the page asked for', async () => {
    const res = await request(app.getHttpServer()).get('/guarded/officers?x=1');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(
      `/sign-in?next=${encodeURIComponent('/guarded/officers?x=1')}`,
    );
    expect(controller.handled).toEqual([]);
  });

  it('sends someone who still owes a second factor to the two-factor step', async () => {
    const res = await request(app.getHttpServer())
      .get('/guarded/officers')
      .set('Cookie', as('pending'));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(
      `/sign-in/two-factor?next=${encodeURIComponent('/guarded/officers')}`,
    );
  });

  it('sends an administrator without an authenticator to set one up first', async () => {
    const res = await request(app.getHttpServer())
      .get('/guarded/officers')
      .set('Cookie', as('enrolling'));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/account/two-factor');
    expect(controller.handled).toEqual([]);
  });

  it('answers another role with the GOV.UK forbidden page and runs nothing', async () => {
    const res = await request(app.getHttpServer())
      .get('/guarded/administrators')
      .set('Cookie', as('officer'));
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('govuk-');
    expect(controller.handled).toEqual([]);
  });

  it('gives the handler the signed-in member of staff; an administrator sees every page', async () => {
    const officer = await request(app.getHttpServer())
      .get('/guarded/officers')
      .set('Cookie', as('officer'));
    expect(officer.status).toBe(200);
    expect(officer.text).toBe('hello The officer');
    expect(officer.headers['cache-control']).toBe('no-store');
    const admin = await request(app.getHttpServer())
      .get('/guarded/officers')
      .set('Cookie', as('administrator'));
    expect(admin.status).toBe(200);
    expect(controller.handled).toEqual(['read by officer', 'read by administrator']);
  });

  it('reads the session once for a form, however many guards check it', async () => {
    await request(app.getHttpServer())
      .post('/guarded/kept')
      .set('Cookie', as('officer'))
      .type('form')
      .send({ title: 'Budget', _csrf: 'csrf-of-officer' });
    expect(reads).toEqual([TOKENS.officer]);
  });

  it('refuses a form without the session’s token with the “form has expired” page', async () => {
    const res = await request(app.getHttpServer())
      .post('/guarded/plain')
      .set('Cookie', as('officer'))
      .type('form')
      .send({ _csrf: 'csrf-of-administrator' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('The form has expired');
    expect(controller.handled).toEqual([]);
  });

  it('lets the controller show its form again, typed values kept, when it says how', async () => {
    const res = await request(app.getHttpServer())
      .post('/guarded/kept')
      .set('Cookie', as('officer'))
      .type('form')
      .send({ title: 'Budget', _csrf: '' });
    expect(res.status).toBe(403);
    expect(res.text).toBe('expired; you typed Budget');
    expect(controller.handled).toEqual([]);
  });

  it('runs the form with the session’s token', async () => {
    const res = await request(app.getHttpServer())
      .post('/guarded/kept')
      .set('Cookie', as('officer'))
      .type('form')
      .send({ title: 'Budget', _csrf: 'csrf-of-officer' });
    expect(res.status).toBe(303);
    expect(controller.handled).toEqual(['kept posted: Budget']);
  });

  it('sends a form from someone not signed in to the sign-in page, not the expired page', async () => {
    const anon = await request(app.getHttpServer()).post('/guarded/plain').type('form').send({});
    expect(anon.status).toBe(303);
    expect(anon.headers.location).toBe(`/sign-in?next=${encodeURIComponent('/guarded/plain')}`);
    expect(controller.handled).toEqual([]);
  });
});
