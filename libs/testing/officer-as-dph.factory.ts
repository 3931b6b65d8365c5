import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { Clock } from '../core/clock.service';
import { DATES } from './pharmacy-notification-2017.fixture';
import { STAFF, staffWorld } from './staff-page-client.service';
import type { BcfWorld } from './world.factory';

/**
 * A council whose officer also holds the Director of Public Health's office, and a pharmacy
 * consolidation (version 1) opened by that officer over the API: its EIA step is one both of the
 * officer's roles take, so the case page asks which (acting-role.service.ts).
 */
export async function pharmacyCaseWithOfficerAsDph(
  ds: DataSource,
  clock: Clock,
  app: INestApplication,
): Promise<{ w: BcfWorld; id: string }> {
  const w = await staffWorld(ds, clock, {
    tweak: (spec) =>
      spec.offices.push(
        {
          key: 'dph',
          title: 'Director of Public Health, Southampton City Council',
          organisation: 'council',
          holder: STAFF.officer.personKey,
        },
        {
          key: 'scrutinyChair',
          title: 'Chair, Health Overview and Scrutiny Panel',
          organisation: 'council',
          holder: 'chair',
        },
      ),
  });
  const opened = await request(app.getHttpServer())
    .post('/api/cases')
    .set('Authorization', `Bearer ${w.keys.officer}`)
    .send({
      template: 'pharmacy-consolidation-representation',
      templateVersion: 1,
      title: 'Consolidation of two Shirley pharmacies',
      dates: DATES,
      roles: {
        dph: w.ids.offices.dph,
        hwbbChair: w.ids.offices.chair,
        scrutinyChair: w.ids.offices.scrutinyChair,
      },
    })
    .expect((r) => expect(r.status === 201 ? '' : r.text).toBe(''));
  return { w, id: opened.body.id as string };
}
