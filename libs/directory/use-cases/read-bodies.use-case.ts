import { Injectable } from '@nestjs/common';
import { scopeOf } from '../../core/tenant-scope';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { BodyRulesRepository, type BodyRulesEntry } from '../body-rules.repository';
import { BodyRepository, type BodyRecord } from '../body.repository';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryRecordNotFoundError } from '../directory.errors';
import {
  MembershipSubstituteRepository,
  type SubstituteRecord,
} from '../membership-substitute.repository';
import { MembershipRepository, type MembershipRecord } from '../membership.repository';
import { BODY_KINDS } from './body-record-rules.service';
import { directoryDate, Page, pageOf, paging, parseInput, uuidOf } from './directory-input.service';

/**
 * A body on a day: the rules in force that day, every change of its rules with the day it took
 * effect, and the seats in force, each with the substitutes named for it.
 */
export interface BodyOnDayView extends BodyRecord {
  on: string;
  rulesHistory: BodyRulesEntry[];
  members: (MembershipRecord & { substitutes: SubstituteRecord[] })[];
}

const listQuery = z
  .object({
    kind: z.enum(BODY_KINDS, { message: `kind is one of ${BODY_KINDS.join(', ')}` }).optional(),
    q: z.string().trim().min(1).max(200).optional(),
    ...paging,
  })
  .strict();
const onQuery = z.object({ on: directoryDate.optional() }).strict();
const membershipsQuery = z
  .object({ on: directoryDate.optional(), personId: uuidOf('personId').optional(), ...paging })
  .strict();
const substitutesQuery = z.object({ on: directoryDate.optional(), ...paging }).strict();

/**
 * Officers, governance leads and administrators read the council's bodies with their rules, their
 * seats on a day (with the substitutes named for each) and the terms of every seat.
 */
@Injectable()
export class ReadBodiesUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly bodies: BodyRepository,
    private readonly rules: BodyRulesRepository,
    private readonly seats: MembershipRepository,
    private readonly substitutes: MembershipSubstituteRepository,
  ) {}

  async list(query: unknown, actor: Actor): Promise<Page<BodyRecord>> {
    const f = parseInput(listQuery, query, 'filter');
    const m = await this.reader(actor);
    const rows = await this.bodies.list(scopeOf(actor), m, { ...f, limit: f.limit + 1 });
    return pageOf(rows, f.limit, f.offset);
  }

  async get(id: string, query: unknown, actor: Actor): Promise<BodyOnDayView> {
    const q = parseInput(onQuery, query, 'filter');
    const m = await this.reader(actor);
    const body = await this.bodies.find(scopeOf(actor), m, id);
    if (!body) throw new DirectoryRecordNotFoundError('body', id);
    const on = q.on ?? londonDate(this.clock.now());
    const seats = await this.seats.list(scopeOf(actor), m, {
      bodyId: id,
      on,
      limit: 1000,
      offset: 0,
    });
    const members = [];
    for (const s of seats)
      members.push({
        ...s,
        substitutes: await this.substitutes.ofSeat(scopeOf(actor), m, s.id, on),
      });
    const inForce = await this.bodies.rulesOf(scopeOf(actor), m, id, on);
    const rulesHistory = await this.rules.history(scopeOf(actor), m, id);
    return { ...body, rules: inForce?.rules ?? null, on, rulesHistory, members };
  }

  async memberships(bodyId: string, query: unknown, actor: Actor): Promise<Page<MembershipRecord>> {
    const f = parseInput(membershipsQuery, query, 'filter');
    const m = await this.reader(actor);
    if (!(await this.bodies.find(scopeOf(actor), m, bodyId)))
      throw new DirectoryRecordNotFoundError('body', bodyId);
    const rows = await this.seats.list(scopeOf(actor), m, {
      bodyId,
      on: f.on,
      personId: f.personId,
      limit: f.limit + 1,
      offset: f.offset,
    });
    return pageOf(rows, f.limit, f.offset);
  }

  async membership(id: string, actor: Actor): Promise<MembershipRecord> {
    const m = await this.reader(actor);
    const found = uuidOf('id').safeParse(id).success
      ? await this.seats.find(scopeOf(actor), m, id)
      : null;
    if (!found) throw new DirectoryRecordNotFoundError('membership', id);
    return found;
  }

  async substitutesOf(
    membershipId: string,
    query: unknown,
    actor: Actor,
  ): Promise<Page<SubstituteRecord>> {
    const f = parseInput(substitutesQuery, query, 'filter');
    const seat = await this.membership(membershipId, actor);
    const rows = await this.substitutes.ofSeat(scopeOf(actor), this.ds.manager, seat.id, f.on);
    return pageOf(rows.slice(f.offset, f.offset + f.limit + 1), f.limit, f.offset);
  }

  private async reader(actor: Actor) {
    await this.access.reader(this.ds.manager, actor, londonDate(this.clock.now()));
    return this.ds.manager;
  }
}
