import { templateEmails } from '../template-emails';
import { grantRatificationEmails as v1 } from './grant-ratification.emails';

/** Version 2's emails: version 1's, Cabinet's date named for the recommendation it makes. */
export const grantRatificationV2Emails = templateEmails({
  ...v1,
  deadlines: { ...v1.deadlines, cabinet: 'Cabinet recommendation' },
});
