import { linkClosedWhy } from './link-closed-words';

describe('why a link was closed, in words', () => {
  it('says a chair’s link passed with the seat to its new holder', () => {
    expect(linkClosedWhy('the seat changed holder')).toBe(
      'the chair or vice-chair it was sent to passed to a new member',
    );
  });

  it('tells nothing of a reason it does not know', () => {
    expect(linkClosedWhy('something internal')).toBeNull();
    expect(linkClosedWhy(null)).toBeNull();
  });
});
