// A simple guard against children's names in notes (DESIGN.md §4.8). It flags a capitalised
// word that does not start a sentence and is not a known word. It will miss names at the
// start of a sentence and flag some proper nouns: it is a reminder, never a block.

const WORD = /[\p{L}][\p{L}'’-]*/gu;
// A sentence starts at the beginning, after . ! ? : or a line break, or after a list dash.
const SENTENCE_END = /(^|[.!?:\n]["»”')]*|^\s*[-–•*]|\n\s*[-–•*])\s*["«“(]*$/u;
// Capitalised in Norwegian prose without being a name.
const ALWAYS_CAPITALISED = ["Gud", "Norge", "Bærum", "Oslo", "CLASS", "TETT", "PÅ", "Jul", "Påske"];

function isCapitalised(word) {
  // Judge "TS-begreper" by its first part: ALL-CAPS abbreviations (NC, TS) are not names.
  const part = word.split(/[-’']/)[0];
  const first = part[0];
  const rest = part.slice(1);
  return first === first.toUpperCase() && first !== first.toLowerCase() && rest !== rest.toUpperCase();
}

/** Return the capitalised words in text that look like names, each once, in order. */
export function suspectedNames(text, knownWords = []) {
  const known = new Set([...ALWAYS_CAPITALISED, ...knownWords].map((w) => w.toLowerCase()));
  const found = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    if (!isCapitalised(word) || known.has(word.toLowerCase()) || found.includes(word)) continue;
    if (SENTENCE_END.test(text.slice(0, match.index))) continue;
    found.push(word);
  }
  return found;
}

/** Split names such as "Fornebu barnehage" into words the heuristic should accept. */
export function knownWordsFrom(...phrases) {
  return phrases.flatMap((phrase) => (phrase || "").match(WORD) || []);
}
