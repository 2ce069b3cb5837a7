import type { ImprovementActionRow } from '../domain/reports/quality-evaluation.ts';
import type { PrismaClient } from './prisma.ts';

/** An improvement action with the fields the CLI lists. */
export interface StoredImprovementAction extends ImprovementActionRow {
  ownerStaffId: string | null;
  note: string | null;
  createdAt: Date;
  closedAt: Date | null;
}

const day = (date: Date) => date.toISOString().slice(0, 10);

function toRow(a: { id: string; clusterKey: string; title: string; ownerName: string; ownerStaffId: string | null; dueOn: Date; status: 'open' | 'closed'; note: string | null; createdAt: Date; closedAt: Date | null }): StoredImprovementAction {
  return { ...a, dueOn: day(a.dueOn) };
}

/** Records an action for a cluster. The owner is linked to the active staff member of that exact name when there is exactly one. */
export async function addImprovementAction(prisma: PrismaClient, input: { clusterKey: string; title: string; ownerName: string; dueOn: string; note?: string }): Promise<StoredImprovementAction> {
  const owners = await prisma.staff.findMany({ where: { name: input.ownerName, active: true }, select: { id: true }, take: 2 });
  const created = await prisma.improvementAction.create({
    data: {
      clusterKey: input.clusterKey,
      title: input.title,
      ownerName: input.ownerName,
      ownerStaffId: owners.length === 1 ? owners[0]!.id : null,
      dueOn: new Date(`${input.dueOn}T00:00:00Z`),
      note: input.note ?? null,
    },
  });
  return toRow(created);
}

/** Closes an open action; false when there is no open action with that id. */
export async function closeImprovementAction(prisma: PrismaClient, id: string, at: Date, note?: string): Promise<boolean> {
  const { count } = await prisma.improvementAction.updateMany({ where: { id, status: 'open' }, data: { status: 'closed', closedAt: at, ...(note ? { note } : {}) } });
  return count === 1;
}

/** Actions by due day: the open ones, or all. */
export async function listImprovementActions(prisma: PrismaClient, which: 'open' | 'all' = 'open'): Promise<StoredImprovementAction[]> {
  const rows = await prisma.improvementAction.findMany({ where: which === 'open' ? { status: 'open' } : {}, orderBy: [{ dueOn: 'asc' }, { createdAt: 'asc' }] });
  return rows.map(toRow);
}
