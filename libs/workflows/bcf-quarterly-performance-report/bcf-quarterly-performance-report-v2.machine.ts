import { assign } from 'xstate';
import { derive } from '../machine-differences.service';
import {
  bcfQuarterlyReportMachine as v1,
  type QuarterlyContext,
  type QuarterlyEvent,
  type QuarterlyInput,
} from './bcf-quarterly-performance-report.machine';

/**
 * Version 2 of the BCF performance report: version 1 (bcf-quarterly-performance-report.machine.ts,
 * unchanged while cases run on it) written as its differences (machine-differences.service.ts).
 * The report states its period when it is prepared: a quarter (Q1 to Q3) or the year-end report,
 * with its financial year. The seeds route them differently (DOMAIN.md workflow 5; seeds 000, 001,
 * 004): a quarterly report, signed off by the JCB, goes to NHS England; the year-end report, signed
 * off by the JCB, goes to the HWBB first, which notes (or approves) it, then to NHS England.
 * Version 1 sent every quarter through the HWBB.
 *
 * Pure, xstate and the shared effect vocabulary only.
 */

export type ReportPeriod = 'Q1' | 'Q2' | 'Q3' | 'yearEnd';

export interface QuarterlyV2Context extends QuarterlyContext {
  /** The period the report covers, as stated when it was prepared; null before. */
  period: { period: ReportPeriod; financialYear: string } | null;
}

export type QuarterlyV2Event =
  | Exclude<QuarterlyEvent, { type: 'RECORD_PREPARED' }>
  | { type: 'RECORD_PREPARED'; preparedOn: string; period: ReportPeriod; financialYear: string };

type Args = { context: QuarterlyV2Context; event: QuarterlyV2Event };
type Transition = { target?: string; actions?: unknown; guard?: unknown };

export const bcfQuarterlyReportV2Machine = derive<
  QuarterlyV2Context,
  QuarterlyV2Event,
  QuarterlyInput
>(v1, {
  context: (v1Context) => (args) => ({ ...v1Context(args), period: null }),
  guards: {
    /** The year-end report, which the HWBB sees before NHS England. */
    yearEndReport: ({ context }: Args) => context.period?.period === 'yearEnd',
  },
  actions: {
    recordPeriod: assign({
      period: ({ event }: Args) =>
        event.type === 'RECORD_PREPARED'
          ? { period: event.period, financialYear: event.financialYear }
          : null,
    }),
  },
  replacedTransitions: {
    // Version 1's preparation, and the period the report states.
    'open.beforeJcb.preparation': {
      RECORD_PREPARED: (before: unknown[]) =>
        (before as Transition[]).map((t) => ({
          ...t,
          actions: [...[t.actions ?? []].flat(), 'recordPeriod'],
        })),
    },
    // The JCB's sign-off as version 1 records it; the year-end report on to the HWBB, a quarter's
    // straight to NHS England.
    'open.beforeJcb.jcbSignOff': {
      RECORD_JCB_SIGN_OFF: (before: unknown[]) =>
        (before as Transition[]).flatMap((t) => [
          { ...t, guard: 'yearEndReport' },
          { ...t, target: '#quarterly.open.readyToSubmit' },
        ]),
    },
  },
});
