import { bcfBoardSignOffWords } from './bcf-board-sign-off/bcf-board-sign-off.words';
import { bcfBoardSignOffV2Words } from './bcf-board-sign-off/bcf-board-sign-off-v2.words';
import { bcfBoardSignOffV3Words } from './bcf-board-sign-off/bcf-board-sign-off-v3.words';
import { bcfDelegatedSignOffWords } from './bcf-delegated-sign-off/bcf-delegated-sign-off.words';
import { bcfDelegatedSignOffV2Words } from './bcf-delegated-sign-off/bcf-delegated-sign-off-v2.words';
import { bcfQuarterlyPerformanceReportWords } from './bcf-quarterly-performance-report/bcf-quarterly-performance-report.words';
import { bcfQuarterlyPerformanceReportV2Words } from './bcf-quarterly-performance-report/bcf-quarterly-performance-report-v2.words';
import { bcfQuarterlyPerformanceReportV3Words } from './bcf-quarterly-performance-report/bcf-quarterly-performance-report-v3.words';
import { grantRatificationWords } from './grant-ratification/grant-ratification.words';
import { grantRatificationV2Words } from './grant-ratification/grant-ratification-v2.words';
import { grantRatificationV3Words } from './grant-ratification/grant-ratification-v3.words';
import { jcbDelegatedDecisionWords } from './jcb-delegated-decision/jcb-delegated-decision.words';
import { officerDelegatedDecisionWords } from './officer-delegated-decision/officer-delegated-decision.words';
import { minutesApprovalWords } from './minutes-approval/minutes-approval.words';
import { minutesApprovalV2Words } from './minutes-approval/minutes-approval-v2.words';
import { minutesApprovalV3Words } from './minutes-approval/minutes-approval-v3.words';
import { minutesApprovalV4Words } from './minutes-approval/minutes-approval-v4.words';
import { pharmacyConsolidationRepresentationWords } from './pharmacy-consolidation-representation/pharmacy-consolidation-representation.words';
import { jcbDelegatedDecisionV4Words } from './jcb-delegated-decision/jcb-delegated-decision-v4.words';
import { jcbDelegatedDecisionV6Words } from './jcb-delegated-decision/jcb-delegated-decision-v6.words';
import { jcbDelegatedDecisionV7Words } from './jcb-delegated-decision/jcb-delegated-decision-v7.words';
import { jcbDelegatedDecisionV8Words } from './jcb-delegated-decision/jcb-delegated-decision-v8.words';
import { pharmacyConsolidationRepresentationV2Words } from './pharmacy-consolidation-representation/pharmacy-consolidation-representation-v2.words';
import {
  COMMON_FIELDS,
  WORKER_EVENT_WORDS,
  type EventWords,
  type FieldWords,
  type TemplateWords,
} from './template-words';
import { inWords } from './workflow-steps.service';

/**
 * Each template's words by template id and, where a version says something new, by version
 * (`<id>@<version>`); a version without its own words uses its template's.
 */
const WORDS: Record<string, TemplateWords> = {
  'bcf-delegated-sign-off': bcfDelegatedSignOffWords,
  'bcf-delegated-sign-off@2': bcfDelegatedSignOffV2Words,
  'bcf-board-sign-off': bcfBoardSignOffWords,
  'bcf-board-sign-off@2': bcfBoardSignOffV2Words,
  'bcf-board-sign-off@3': bcfBoardSignOffV3Words,
  'bcf-board-sign-off@4': bcfBoardSignOffV3Words,
  'bcf-quarterly-performance-report': bcfQuarterlyPerformanceReportWords,
  'bcf-quarterly-performance-report@2': bcfQuarterlyPerformanceReportV2Words,
  'bcf-quarterly-performance-report@3': bcfQuarterlyPerformanceReportV3Words,
  'bcf-quarterly-performance-report@4': bcfQuarterlyPerformanceReportV3Words,
  'grant-ratification': grantRatificationWords,
  'grant-ratification@2': grantRatificationV2Words,
  'grant-ratification@3': grantRatificationV3Words,
  'jcb-delegated-decision': jcbDelegatedDecisionWords,
  'jcb-delegated-decision@4': jcbDelegatedDecisionV4Words,
  'jcb-delegated-decision@5': jcbDelegatedDecisionV4Words,
  'jcb-delegated-decision@6': jcbDelegatedDecisionV6Words,
  'jcb-delegated-decision@7': jcbDelegatedDecisionV7Words,
  'jcb-delegated-decision@8': jcbDelegatedDecisionV8Words,
  'jcb-delegated-decision@9': jcbDelegatedDecisionV8Words,
  'jcb-delegated-decision@10': jcbDelegatedDecisionV8Words,
  'jcb-delegated-decision@11': jcbDelegatedDecisionV8Words,
  'jcb-delegated-decision@12': jcbDelegatedDecisionV8Words,
  'minutes-approval': minutesApprovalWords,
  'minutes-approval@2': minutesApprovalV2Words,
  'minutes-approval@3': minutesApprovalV3Words,
  'minutes-approval@4': minutesApprovalV4Words,
  'officer-delegated-decision': officerDelegatedDecisionWords,
  'pharmacy-consolidation-representation': pharmacyConsolidationRepresentationWords,
  'pharmacy-consolidation-representation@2': pharmacyConsolidationRepresentationV2Words,
};

function sentenceCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function wordsOf(template: { id: string; version: number }): TemplateWords {
  return WORDS[`${template.id}@${template.version}`] ?? WORDS[template.id] ?? { events: {} };
}

/** An event's words; an event without any gets its type in words rather than a raw key. */
export function eventWords(template: { id: string; version: number }, type: string): EventWords {
  const words = wordsOf(template).events[type] ?? WORKER_EVENT_WORDS[type];
  if (words) return words;
  const plain = inWords(type);
  return { action: sentenceCase(plain), done: sentenceCase(`${plain} recorded`) };
}

/** A field's words within an event; shared words, then the field's name in words. */
export function fieldWords(
  template: { id: string; version: number },
  type: string,
  field: string,
): FieldWords {
  return (
    eventWords(template, type).fields?.[field] ??
    COMMON_FIELDS[field] ?? { label: sentenceCase(inWords(field)) }
  );
}

/** A case date's label ("Submission deadline"). */
export function dateLabel(template: { id: string; version: number }, key: string): string {
  return wordsOf(template).dates?.[key] ?? sentenceCase(inWords(key));
}

/**
 * What a case date is, as the new-case page explains it under its label: the words' own hint, else
 * the template's (its released definition keeps the template's text as it was).
 */
export function dateHint(
  template: { id: string; version: number; dateFields?: Record<string, string> },
  key: string,
): string {
  return wordsOf(template).dateHints?.[key] ?? template.dateFields?.[key] ?? '';
}

/** Every template's words, for the spec that checks each officer field has them. */
export function registeredWords(): Record<string, TemplateWords> {
  return WORDS;
}
