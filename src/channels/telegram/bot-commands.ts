import type { BotCommand, LanguageCode } from 'grammy/types';

/** The commands the bot lists in Telegram's menu; they arrive as plain text messages (`/status`). */
export const BOT_COMMAND_NAMES = ['start', 'help', 'status', 'cancel', 'lang'] as const;

type CommandTexts = Record<(typeof BOT_COMMAND_NAMES)[number], string>;

const zh: CommandTexts = { start: '开始：售后服务菜单', help: '帮助：能办理什么、时限', status: '查看我的售后申请', cancel: '放弃未提交的申请', lang: '切换语言 / Language' };
const en: CommandTexts = { start: 'Start: the after-sales menu', help: 'Help: what I can do, and the deadlines', status: 'My requests and their status', cancel: 'Drop the unfinished request', lang: 'Switch language / 中文' };

const list = (texts: CommandTexts): BotCommand[] => BOT_COMMAND_NAMES.map((command) => ({ command, description: texts[command] }));

/**
 * The command lists for setMyCommands. Chinese is the default (no language_code: most merchants
 * are mainland-Chinese and their clients may report no or a non-standard language), and clients
 * set to English (language_code "en") get the English list.
 */
export const botCommandSets: ReadonlyArray<{ languageCode?: LanguageCode; commands: BotCommand[] }> = [
  { commands: list(zh) },
  { languageCode: 'en', commands: list(en) },
];
