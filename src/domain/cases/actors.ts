import { z } from 'zod';

/** Who can act on a case; `system` is the bot itself (timers, auto-close). */
export const ACTOR_KINDS = ['merchant', 'staff', 'manager', 'system'] as const;

/** The kind of actor behind a command. */
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** The actor of a command: a kind and, for people, their id. */
export const caseActorSchema = z.strictObject({
  kind: z.enum(ACTOR_KINDS),
  id: z.string().min(1).optional(),
});

/** The actor of a command. */
export type CaseActor = z.infer<typeof caseActorSchema>;

/** Whether `kind` may act where the table lists `allowed`; managers may do whatever staff may. */
export function actorMayAct(allowed: readonly ActorKind[], kind: ActorKind): boolean {
  return allowed.includes(kind) || (kind === 'manager' && allowed.includes('staff'));
}

/** The kinds that may act where the table lists `allowed`, with managers spelled out. */
export function effectiveActors(allowed: readonly ActorKind[]): readonly ActorKind[] {
  return ACTOR_KINDS.filter((kind) => actorMayAct(allowed, kind));
}
