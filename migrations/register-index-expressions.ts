/*
 * The register's SQL (libs/register/register.repository.ts) as its indexes were built on it by
 * migrations 1796440100000 to 1796440300000, frozen here: a released migration never changes what
 * it does. PostgreSQL serves a read by one of these partial indexes only when the read's
 * expressions are these, so the register repository's spec holds them equal (its plans name them).
 */

const X = `(snapshot -> 'context')`;
const truthy = (v: string) =>
  `coalesce(${v} NOT IN ('null'::jsonb, 'false'::jsonb, '""'::jsonb, '0'::jsonb), false)`;
const OFFICER = `template_id IN ('officer-delegated-decision')`;

/** The publication date, the register's sort key. */
export const PUBLISHED_ON_1796440000000 = `(snapshot #>> '{context,publication,publishedOn}')`;

/** The cases the register lists: published, with a notice (as the notice builders read them). */
export const LISTED_1796440000000 = `${PUBLISHED_ON_1796440000000} IS NOT NULL
  AND ${PUBLISHED_ON_1796440000000} <> ''
  AND (CASE WHEN ${OFFICER}
  THEN ${truthy(`${X} -> 'decision'`)} AND ${truthy(`${X} -> 'matter'`)}
  ELSE ${truthy(`${X} -> 'decision'`)} AND ${truthy(`${X} -> 'notices'`)}
   AND ${truthy(`${X} -> 'meeting'`)} AND ${truthy(`${X} -> 'showOfHands'`)} END)`;

/** A decision's key-decision answer, as its notice reads it. */
export const KEY_DECISION_1796440000000 = `CASE WHEN ${OFFICER} THEN ${X} #> '{matter,keyDecision}'
  ELSE ${X} #> '{notices,keyDecision}' END`;

const EXEMPT = `CASE WHEN ${OFFICER} THEN ${truthy(`${X} #> '{matter,exemptReasons}'`)}
  ELSE ${truthy(`${X} #> '{notices,privateItem}'`)} END`;
const W = `'Withheld: exempt information (Part 2)'`;

/** The words the public may search a decision by, lower case (withheld for an exempt one). */
export const SEARCHED_1796440000000 = `lower(reference || ' ' || CASE WHEN ${EXEMPT} THEN ${W} || ' ' || ${W} || ' ' || ${W}
  ELSE coalesce(CASE WHEN ${OFFICER} THEN title ELSE ${X} #>> '{notices,itemTitle}' END, '')
    || ' ' || coalesce(${X} #>> '{decision,decision}', '') || ' ' || title END)`;
