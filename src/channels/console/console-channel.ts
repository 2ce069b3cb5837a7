import fs from 'node:fs/promises';
import path from 'node:path';
import type { Channel, ChatAddress, OutboundEnvelope, PlatformFile, SendResult } from '../../contracts/channel.ts';
import { CodedError } from '../../errors.ts';

/** The console's desks: a staff desk and a manager desk, read by the page's staff and manager panes. */
export const CONSOLE_STAFF_DESK: ChatAddress = { platform: 'console', workspace: '', externalChatId: 'desk:staff' };
export const CONSOLE_MANAGER_DESK: ChatAddress = { platform: 'console', workspace: '', externalChatId: 'desk:manager' };

/** The identity the console's staff and manager panes act as (seeded as a manager at start). */
export const CONSOLE_OPERATOR = { externalUserId: 'console-operator', name: 'Console operator' } as const;

const UPLOAD_REF = /^upload:([0-9a-f]{64})$/;

/**
 * The web console as a Channel. Its inbound side is the console's HTTP API; what the outbox hands
 * it is already where the page reads it (the database), so sending is only an acknowledgement.
 */
export class ConsoleChannel implements Channel {
  readonly platform = 'console' as const;
  readonly staffChat = CONSOLE_STAFF_DESK;
  readonly managerChat = CONSOLE_MANAGER_DESK;
  readonly webhooks = [];

  constructor(private readonly uploadDir: string) {}

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async send(message: OutboundEnvelope): Promise<SendResult> {
    return { platformMessageId: message.id };
  }

  async fetchFile(file: PlatformFile, maxBytes: number): Promise<{ bytes: Buffer; mimeType?: string }> {
    const sha = UPLOAD_REF.exec(file.fileId)?.[1];
    if (!sha) throw new CodedError('file.not_image', 'not a console upload');
    const bytes = await fs.readFile(path.join(this.uploadDir, sha));
    if (bytes.length > maxBytes) throw new CodedError('file.too_large', 'the upload is larger than the limit');
    return { bytes };
  }
}
