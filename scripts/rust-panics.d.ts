// Types of rust-panics.js (plain JavaScript, so the test command runs before anything is compiled).
export function scanChunk(carry: string, chunk: string): { carry: string; panics: string[] };
export function scanEnd(carry: string): string[];
