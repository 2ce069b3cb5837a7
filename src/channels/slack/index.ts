/** The Slack channel adapter: what the app wires, and the pure pieces tests and tools use. */
export { createSlackChannel, SlackChannel, type SlackChannelOptions } from './slack-channel.ts';
export { slackManifest, slackBotScopes, slackBotEvents, type SlackManifest, type SlackManifestInput } from './slack-manifest.ts';
export { verifySlackSignature, type SignatureResult, type SlackSignatureInput } from './slack-signature.ts';
export { normalizeSlackPayload, type SlackInbound, type SlackSurfaces } from './slack-normalize.ts';
export { renderEnvelope, type SlackMessagePart } from './slack-render.ts';
export { SLACK_EVENTS_PATH } from './slack-webhook.ts';
