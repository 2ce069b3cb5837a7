import { parseArgs } from 'node:util';
import { z } from 'zod';
import { platforms } from '../contracts/channel.ts';
import { addStaff, listStaff, removeStaff } from '../store/desk-store.ts';
import type { PrismaClient } from '../store/prisma.ts';

const addSchema = z.object({
  platform: z.enum(platforms),
  user: z.string().trim().min(1).max(64),
  workspace: z.string().trim().max(64).default(''),
  role: z.enum(['staff', 'manager']).default('staff'),
  name: z.string().trim().min(1).max(100).optional(),
  lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
});

/** Where a platform's workspace id comes from when the operator does not give it. */
export interface WorkspaceHints {
  /** The Telegram bot id (from TELEGRAM_BOT_TOKEN): every Telegram identity is scoped by it. */
  telegram?: string | undefined;
  /** The Slack team id, asked of Slack with the bot token. */
  slack?: () => Promise<string | undefined>;
}

/**
 * `staff add|list|remove`: who may act on the staff and manager desks. Staff are never deleted
 * (cases and ratings keep pointing at them); `remove` deactivates.
 */
export async function staffCommand(args: string[], ctx: { prisma: PrismaClient; hints: WorkspaceHints; out: (line: string) => void; err: (line: string) => void }): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') {
    for (const s of await listStaff(ctx.prisma)) {
      const ids = s.identities.map((i) => `${i.platform}:${i.workspace ? `${i.workspace}/` : ''}${i.externalUserId}`).join(' ');
      ctx.out(`${s.active ? 'active  ' : 'inactive'} ${s.role.padEnd(7)} ${s.name} ${ids}`);
    }
    return 0;
  }
  if (sub !== 'add' && sub !== 'remove') {
    ctx.err('usage: staff add --platform slack|telegram|console --user <id> [--role staff|manager] [--name <name>] [--workspace <id>] [--lang zh-CN|en] | staff list | staff remove --platform <p> --user <id> [--workspace <id>]');
    return 2;
  }
  const { values } = parseArgs({ args: rest, options: { platform: { type: 'string' }, user: { type: 'string' }, workspace: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, lang: { type: 'string' } } });
  const parsed = addSchema.safeParse(values);
  if (!parsed.success) {
    ctx.err(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
    return 2;
  }
  const input = parsed.data;
  const workspace = input.workspace || (input.platform === 'telegram' ? (ctx.hints.telegram ?? '') : input.platform === 'slack' ? ((await ctx.hints.slack?.()) ?? '') : '');
  if (input.platform !== 'console' && workspace === '') {
    ctx.err(`--workspace is needed for ${input.platform} (the ${input.platform === 'slack' ? 'Slack team id, T…' : 'Telegram bot id'}), or configure the channel's token so it can be found`);
    return 2;
  }
  if (sub === 'remove') {
    const removed = await removeStaff(ctx.prisma, input.platform, workspace, input.user);
    ctx.out(removed ? `deactivated ${input.platform}:${input.user}` : `no staff member ${input.platform}:${input.user}`);
    return removed ? 0 : 1;
  }
  const staff = await addStaff(ctx.prisma, { platform: input.platform, workspace, externalUserId: input.user, name: input.name ?? input.user, role: input.role, lang: input.lang });
  ctx.out(`${staff.role} ${staff.name} (${input.platform}:${workspace ? `${workspace}/` : ''}${input.user}) may act on the desks`);
  return 0;
}
