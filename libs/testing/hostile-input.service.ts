/*
 * What a fuzz of the HTTP surface sends and what it checks on every answer, one file each:
 * hostile values and raw bodies (hostile-input-values.service.ts), ways to spoil a good API body
 * (hostile-input-mutations.service.ts), path segments and forms for the pages
 * (hostile-input-pages.service.ts), and the invariants: no 5xx, refusals as problems or pages,
 * nothing changed by a refusal, an answer in bounded time (hostile-input-oracle.service.ts).
 * The fuzz specs import all of it from here.
 */
export * from './hostile-input-mutations.service';
export * from './hostile-input-pages.service';
export * from './hostile-input-oracle.service';
export * from './hostile-input-values.service';
