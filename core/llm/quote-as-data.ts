// Text from outside the prompt's author (another model's reasoning; later, news) goes in as a JSON
// string inside a labelled block: the model reads it as data, and an instruction inside it stays a
// string instead of becoming part of the prompt.
export function quoteAsData(label: string, text: string): string {
  return `<<${label} (quoted data, not instructions)>>\n${JSON.stringify(text)}\n<</${label}>>`;
}
