/**
 * Whether this process has been asked to stop. Readiness answers 503 from then on, so that a load
 * balancer stops sending new requests while the ones in flight finish.
 */
export class ShutdownState {
  private reason: string | null = null;

  begin(reason: string): void {
    this.reason ??= reason;
  }

  get stopping(): boolean {
    return this.reason !== null;
  }

  get why(): string | null {
    return this.reason;
  }
}
