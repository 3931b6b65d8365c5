import { DomainError } from '../errors/domain.errors';

export class MeetingNotFoundError extends DomainError {
  constructor(id: string) {
    super(
      'MEETING_NOT_FOUND',
      'No such meeting',
      `There is no meeting ${id} in your organisation: check the id.`,
    );
  }
}

export class AgendaItemNotFoundError extends DomainError {
  constructor(id: string) {
    super(
      'AGENDA_ITEM_NOT_FOUND',
      'No such agenda item',
      `The meeting has no agenda item ${id}: read the meeting for its items.`,
    );
  }
}
