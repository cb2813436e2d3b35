// Writes generated requests for the agreement checks: one JSON line each in
// OUT.jsonl (what run.mjs --corpus reads), and with a split folder one file
// each as well, named so that `rxrules verify --rules rules DIR` answers them
// in line order (it reads a folder in name order).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeCorpus(requests, out, splitDir) {
  const lines = requests.map((request) => JSON.stringify(request));
  writeFileSync(out, lines.join('\n') + '\n');
  if (splitDir) {
    mkdirSync(splitDir, { recursive: true });
    lines.forEach((line, i) => writeFileSync(join(splitDir, `r${String(i).padStart(5, '0')}.json`), line + '\n'));
  }
  console.log(`${out}: ${lines.length} requests`);
}
