import { postgresError } from './postgres-error';

describe('postgresError', () => {
  it('reads the SQLSTATE and constraint from TypeORM’s wrapped driver error', () => {
    const wrapped = Object.assign(new Error('duplicate key'), {
      code: 'ignored',
      driverError: { code: '23505', constraint: 'IDX_people_tenant_email' },
    });
    expect(postgresError(wrapped)).toEqual({
      code: '23505',
      constraint: 'IDX_people_tenant_email',
    });
  });

  it('reads them from the driver’s own error', () => {
    expect(postgresError(Object.assign(new Error('lock'), { code: '55P03' }))).toEqual({
      code: '55P03',
      constraint: undefined,
    });
  });

  it('is empty for what is not a database error', () => {
    expect(postgresError(undefined)).toEqual({});
    expect(postgresError('42P07')).toEqual({});
    expect(postgresError({ code: 42 })).toEqual({ code: undefined, constraint: undefined });
  });
});
