import { rulesInWords } from './decision-notice.presenter';

/*
 * The rules a published decision was taken under, as the public reads them on the register and
 * the printable notice: the workflow's title and its version, never the template's key.
 */
describe('the rules a Decision Notice names, in words', () => {
  it('names an officer decision’s and a JCB decision’s rules by their workflow’s title', () => {
    expect(rulesInWords('officer-delegated-decision v1')).toBe(
      'Officer decision under delegation, rules as at version 1',
    );
    expect(rulesInWords('rules as at version 2 of the jcb-delegated-decision workflow')).toBe(
      'Joint Commissioning Board: decision under delegation, rules as at version 2',
    );
  });

  it('keeps rules it cannot read as they were recorded', () => {
    expect(rulesInWords('the council’s own rules')).toBe('the council’s own rules');
  });
});
