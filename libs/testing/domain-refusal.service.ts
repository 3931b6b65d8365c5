import { DomainError } from '../errors/domain.errors';

/** The domain error `run` is refused with; the test fails if it is accepted or fails otherwise. */
export async function domainRefusal(run: () => Promise<unknown>): Promise<DomainError> {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}
