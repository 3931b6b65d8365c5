import { CancelAbsenceUseCase } from './cancel-absence.use-case';
import { ReadAbsencesUseCase } from './read-absences.use-case';
import { RecordAbsenceUseCase } from './record-absence.use-case';

/** Absences with a deputy (docs/adr/0033), for the API's module. */
export const ABSENCE_PROVIDERS = [RecordAbsenceUseCase, CancelAbsenceUseCase, ReadAbsencesUseCase];
