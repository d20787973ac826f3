// A message as Discord's webhook payload: one embed (title, text, the fields inline, a colour per kind
// of event) within Discord's size limits, which it answers with a 400 rather than truncate.
import type { ChannelMessage } from '../../../core/notify/channel';
import type { NotificationEvent } from '../../../core/notify/events';

/** Discord's SUPPRESS_NOTIFICATIONS message flag: delivered without a push or a sound. */
export const DISCORD_SILENT_FLAG = 4096;

const RED = 0xe74c3c;
const ORANGE = 0xf39c12;
const GREEN = 0x2ecc71;
const BLUE = 0x3498db;

const COLOUR: Partial<Record<NotificationEvent, number>> = {
  exception: RED,
  protection: RED,
  warning: ORANGE,
  risk_veto: ORANGE,
  llm_budget: ORANGE,
  entry_fill: GREEN,
  exit_fill: GREEN,
};

// Discord's documented embed limits (title 256, description 4096, 25 fields of 256/1024, 6000 in all).
const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export interface DiscordEmbed {
  title: string;
  description: string;
  timestamp: string;
  color: number;
  fields?: { name: string; value: string; inline: boolean }[];
  footer?: { text: string };
  image?: { url: string };
}

export interface DiscordPayload {
  username: string;
  embeds: DiscordEmbed[];
  flags?: number;
  /** Text such as "@everyone" in a message must not ping anyone. */
  allowed_mentions: { parse: never[] };
  attachments?: { id: number; filename: string }[];
}

/** A name `attachment://` can refer to: Discord keeps only these characters of an upload's name. */
export const discordFilename = (f: string) => f.replace(/[^A-Za-z0-9._-]/g, '_') || 'image.png';

export function discordPayload(m: ChannelMessage, username: string): DiscordPayload {
  const fields = Object.entries(m.fields)
    .slice(0, 25)
    .map(([k, v]) => ({ name: cut(k, 256), value: cut(v === null || v === '' ? '—' : String(v), 1024), inline: true }));
  const footer = [m.symbol, m.sessionId && `session ${m.sessionId}`].filter(Boolean).join(' · ');
  const title = cut(m.title, 256);
  const others = title.length + footer.length + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  const embed: DiscordEmbed = {
    title,
    description: cut(m.text, Math.max(1, Math.min(4096, 6000 - others))),
    timestamp: new Date(m.at).toISOString(),
    color: COLOUR[m.event] ?? BLUE,
    ...(fields.length ? { fields } : {}),
    ...(footer ? { footer: { text: footer } } : {}),
  };
  const payload: DiscordPayload = { username, embeds: [embed], allowed_mentions: { parse: [] } };
  if (m.level === 'silent') payload.flags = DISCORD_SILENT_FLAG;
  if (m.image) {
    const filename = discordFilename(m.image.filename);
    embed.image = { url: `attachment://${filename}` };
    payload.attachments = [{ id: 0, filename }];
  }
  return payload;
}
