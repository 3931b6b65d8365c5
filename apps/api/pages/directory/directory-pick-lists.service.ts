import { Injectable } from '@nestjs/common';
import type { Page } from '../../../../libs/directory/use-cases/directory-input.service';
import { ReadOfficesUseCase } from '../../../../libs/directory/use-cases/read-offices.use-case';
import { ReadOrganisationsUseCase } from '../../../../libs/directory/use-cases/read-organisations.use-case';
import { ReadPeopleUseCase } from '../../../../libs/directory/use-cases/read-people.use-case';
import type { SignedInStaff } from '../../../../libs/staff/staff-auth.service';
import { staffActor } from '../staff-pages.service';

/** An option of a select or radios: the record's id and its name. */
export interface PickItem {
  value: string;
  text: string;
}

/** Every page of a list, through its use case (a council has hundreds of records, not millions). */
async function every<T>(read: (q: { limit: string; offset: string }) => Promise<Page<T>>) {
  const items: T[] = [];
  for (let offset: number | null = 0; offset !== null && items.length < 5000;) {
    const page: Page<T> = await read({ limit: '200', offset: String(offset) });
    items.push(...page.items);
    offset = page.next;
  }
  return items;
}

/**
 * The organisations, people and offices a form chooses from, read through the same use cases as
 * the API, so that nobody types an id.
 */
@Injectable()
export class DirectoryPickLists {
  constructor(
    private readonly organisationReads: ReadOrganisationsUseCase,
    private readonly peopleReads: ReadPeopleUseCase,
    private readonly officeReads: ReadOfficesUseCase,
  ) {}

  async organisations(staff: SignedInStaff): Promise<PickItem[]> {
    const all = await every((q) => this.organisationReads.list(q, staffActor(staff)));
    return all.map((o) => ({ value: o.id, text: o.name }));
  }

  /** People with the council today, as "Name (email)" so that two of one name can be told apart. */
  async people(staff: SignedInStaff): Promise<PickItem[]> {
    const all = await every((q) =>
      this.peopleReads.list({ ...q, status: 'active' }, staffActor(staff)),
    );
    return all.map((p) => ({ value: p.id, text: `${p.name} (${p.email})` }));
  }

  async offices(staff: SignedInStaff): Promise<PickItem[]> {
    const all = await every((q) => this.officeReads.list(q, staffActor(staff)));
    return all.map((o) => ({ value: o.id, text: o.title }));
  }
}
