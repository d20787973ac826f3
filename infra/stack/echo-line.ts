// `up` echoes each child's output under the child's name. A child that already names itself (the
// gateway's logger writes `[gateway] …`, so `opentrade gateway` on its own is labelled too) is not
// labelled twice.

/** One line of child `name`'s output as `up` prints it. */
export function echoLine(name: string, line: string): string {
  const prefix = `[${name}]`;
  return line === prefix || line.startsWith(`${prefix} `) ? line : `${prefix} ${line}`;
}
