// The command blocks of a Markdown file and the comment that says what CI does with each: a
// shell block must be preceded by `<!-- example -->` (the README examples test runs it), or by
// `<!-- install -->` (the installed-package test runs it), or `<!-- run-command -->` /
// `<!-- test-command -->` (the Quick start, which CI runs by itself).
import { readFileSync } from 'node:fs';

export type BlockRole = 'example' | 'install' | 'run-command' | 'test-command';

export interface CommandBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  role: BlockRole | undefined;
  /** Logical command lines: `\` continuations joined, trailing `# comments` removed, blanks dropped. */
  commands: string[];
}

const SHELL = /^```(bash|sh|shell|console)\s*$/;
const ROLE = /^<!--\s*(example|install|run-command|test-command)\s*-->$/;

/** Drops a trailing `# comment` that is outside quotes. */
function withoutComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i).trimEnd();
  }
  return line.trimEnd();
}

export function commandBlocks(file: string): CommandBlock[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks: CommandBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!SHELL.test(lines[i])) {
      // Skip the body of any other fenced block, so a fence inside it is not mistaken for one.
      if (lines[i].startsWith('```')) while (++i < lines.length && !lines[i].startsWith('```'));
      continue;
    }
    const role = ROLE.exec((lines[i - 1] ?? '').trim())?.[1] as BlockRole | undefined;
    const commands: string[] = [];
    let pending = '';
    let j = i + 1;
    for (; j < lines.length && !lines[j].startsWith('```'); j++) {
      const text = pending + lines[j];
      if (text.endsWith('\\')) {
        pending = `${text.slice(0, -1).trimEnd()} `;
        continue;
      }
      pending = '';
      const command = withoutComment(text).trim();
      if (command) commands.push(command);
    }
    blocks.push({ file, line: i + 1, role, commands });
    i = j;
  }
  return blocks;
}
