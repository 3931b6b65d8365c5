/** An event as a sender asks for it, before the engine has checked anything. */
export interface IncomingEvent {
  type: string;
  /** The role the sender acts in, when they could act in more than one. */
  as?: string;
  payload: Record<string, unknown>;
}
