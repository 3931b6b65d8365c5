declare const tenantScoped: unique symbol;

/**
 * The organisation a repository call reads or writes, and nothing else. Branded so that a bare
 * string (an id of something else, a slug) cannot be passed where a tenant's scope is meant: a
 * scope is made from a signed-in actor or, where only the tenant's id is known, said so out loud.
 */
export type TenantScope = { readonly tenantId: string } & { readonly [tenantScoped]: true };

/** The scope of the organisation whose id this is. */
export function tenantScope(tenantId: string): TenantScope {
  return { tenantId } as TenantScope;
}

/** The scope an actor (a signed-in person, a system job) acts in. */
export function scopeOf(actor: { tenantId: string }): TenantScope {
  return tenantScope(actor.tenantId);
}
