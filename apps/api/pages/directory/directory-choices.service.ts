import { Injectable } from '@nestjs/common';
import type { Page } from '../../../../libs/directory/use-cases/directory-input.service';
import { ReadBodiesUseCase } from '../../../../libs/directory/use-cases/read-bodies.use-case';
import { ReadOfficesUseCase } from '../../../../libs/directory/use-cases/read-offices.use-case';
import { ReadOrganisationsUseCase } from '../../../../libs/directory/use-cases/read-organisations.use-case';
import { ReadPeopleUseCase } from '../../../../libs/directory/use-cases/read-people.use-case';
import type { Actor } from '../../../../libs/core/actor.dto';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { staffActor } from '../staff-pages.service';

/** An option of a select or radios: the record's id and its name. */
export interface PickItem {
  value: string;
  text: string;
}

/** An item of a GOV.UK select. */
export interface Choice {
  value: string;
  text: string;
  selected?: boolean;
}

/** Every page of a directory list, read through its use case (a council has hundreds, not millions). */
async function all<T>(read: (q: { limit: number; offset: number }) => Promise<Page<T>>) {
  const items: T[] = [];
  for (let offset: number | null = 0; offset !== null && items.length < 5000;) {
    const page: Page<T> = await read({ limit: 200, offset });
    items.push(...page.items);
    offset = page.next;
  }
  return items;
}

/**
 * The directory's records as the lists a form chooses from (people, offices, organisations,
 * bodies), read through the same use cases as the API: nobody types an id. The one place every
 * directory form takes its choices from.
 */
@Injectable()
export class DirectoryChoices {
  constructor(
    private readonly peopleReads: ReadPeopleUseCase,
    private readonly officeReads: ReadOfficesUseCase,
    private readonly organisationReads: ReadOrganisationsUseCase,
    private readonly bodyReads: ReadBodiesUseCase,
  ) {}

  organisationsOf(actor: Actor) {
    return all((q) => this.organisationReads.list(q, actor));
  }

  peopleOf(actor: Actor) {
    return all((q) => this.peopleReads.list({ ...q, status: 'active' }, actor));
  }

  officesOf(actor: Actor) {
    return all((q) => this.officeReads.list(q, actor));
  }

  bodiesOf(actor: Actor) {
    return all((q) => this.bodyReads.list(q, actor));
  }

  async organisations(staff: SignedInStaff): Promise<PickItem[]> {
    const all = await this.organisationsOf(staffActor(staff));
    return all.map((o) => ({ value: o.id, text: o.name }));
  }

  /** People with the council today, as "Name (email)" so that two of one name can be told apart. */
  async people(staff: SignedInStaff): Promise<PickItem[]> {
    const all = await this.peopleOf(staffActor(staff));
    return all.map((p) => ({ value: p.id, text: `${p.name} (${p.email})` }));
  }

  async offices(staff: SignedInStaff): Promise<PickItem[]> {
    const all = await this.officesOf(staffActor(staff));
    return all.map((o) => ({ value: o.id, text: o.title }));
  }

  /** A select's items with a first "choose" line and the typed value selected. */
  static items(
    records: { id: string; text: string }[],
    selected: string,
    prompt: string,
  ): Choice[] {
    return [
      { value: '', text: prompt },
      ...records.map((r) => ({ value: r.id, text: r.text, selected: r.id === selected })),
    ];
  }
}
